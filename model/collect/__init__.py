"""Collecting: 汇总 of many units and last year's values. No Qt; imports model.core and model.exchange."""
