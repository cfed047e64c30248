"""The collecting office: 汇总, last year's link, where each figure of an aggregate came from."""
