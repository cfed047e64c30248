"""The column-wise rule check used by 汇总 finds exactly what the rule engine finds, document by document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.batch_check import batch_check
from model.core.columns import Columns
from model.core.rules import checker_for
from model.core.templates import PREV, get_template
from model.core.values import NA


def _value() -> st.SearchStrategy[Any]:
    small = st.integers(min_value=0, max_value=30)
    return st.one_of(st.none(), st.just(NA), small, small, small,
                     st.integers(min_value=-3, max_value=10**6),
                     st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
                     st.just(Decimal(7)))


@st.composite
def documents(draw: st.DrawFn, template_id: str) -> dict[str, Any]:
    template = get_template(template_id)
    keys = list(template.cells) + list(template.headings)
    base = draw(st.sampled_from([0, 1, None]))
    values: dict[str, Any] = {k: base for k in keys if base is not None}
    for k in draw(st.lists(st.sampled_from(keys), max_size=12)):
        values[k] = draw(_value())
    linked = draw(st.sampled_from(["no", "copy", "other"]))
    if linked != "no":
        for c in template.cells:
            v = values.get(c) if linked == "copy" else draw(st.sampled_from([None, 0, 3, 40]))
            values[PREV + c] = v
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize("template_id", ["gov2015", "gov2021"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_batch_check_equals_the_engine_document_by_document(template_id: str, data: st.DataObject) -> None:
    checker = checker_for(get_template(template_id))
    docs = data.draw(st.lists(documents(template_id), min_size=1, max_size=6))
    expected = [checker.check(d) for d in docs]
    assert batch_check(checker, docs) == expected
    # 汇总 hands over the columns as rows of the template's cells (transposed at once): same findings
    cells = tuple(checker.template.cells)
    columns = Columns(docs, cells, [tuple(map(d.get, cells)) for d in docs])
    assert batch_check(checker, docs, columns) == expected


@pytest.mark.parametrize("template_id", ["gov2015", "gov2021"])
def test_batch_check_of_all_zeros_and_of_blanks(template_id: str) -> None:
    template = get_template(template_id)
    checker = checker_for(template)
    zeros = {c: 0 for c in template.cells}
    result = batch_check(checker, [zeros, {}])
    assert result[0] == {} and result[1] == checker.check({}) != {}
