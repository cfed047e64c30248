"""Many documents' values cell by cell, for rules checked column-wise (model/core/batch_check.py) and the 汇总 sum.
No Qt."""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

from model.core import expr
from model.core.values import NA, NotApplicable, Value

_CMP = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt,
        ">": operator.gt}
_NONE = type(None)
BLANK_TYPES = {_NONE, NotApplicable}  # the types of blank and "/" cells


class Columns:
    """The values of many documents cell by cell (built lazily, shared with the 汇总 sum)."""

    def __init__(self, docs: Sequence[Mapping[str, Value]], cells: Sequence[str] = (),
                 rows: Sequence[Sequence[Value]] | None = None) -> None:
        """`rows`, when given, are the documents' values of `cells` in that order (汇总 has them already, to find
        duplicate units): their columns are taken by one C-level transposition instead of a lookup per value."""
        self.docs = docs
        self.n = len(docs)
        columns = map(list, zip(*rows, strict=True)) if rows else ()
        self._raw: dict[str, list[Value]] = dict(zip(cells, columns, strict=bool(rows)))
        self._num: dict[str, list[Any]] = {}
        self._kinds: dict[str, set[type]] = {}

    def raw(self, cell: str) -> list[Value]:
        col = self._raw.get(cell)
        if col is None:
            col = self._raw[cell] = list(map(dict.get, self.docs, repeat(cell)))  # type: ignore[arg-type]
        return col

    def kinds(self, cell: str) -> set[type]:
        """The types in a column. `None in column` compares every int with None (~40 ns each, several times per
        column); the set of types answers the same questions from one C-level pass."""
        kinds = self._kinds.get(cell)
        if kinds is None:
            kinds = self._kinds[cell] = set(map(type, self.raw(cell)))
        return kinds

    def has_blank(self, cell: str) -> bool:
        return _NONE in self.kinds(cell)

    def num(self, cell: str) -> list[Any]:
        # arithmetic values: blank and "/" count as 0, as model.core.values.as_number does
        col = self._num.get(cell)
        if col is None:
            raw = self.raw(cell)
            col = raw if self.kinds(cell).isdisjoint(BLANK_TYPES) else [0 if v is None or v is NA else v for v in raw]
            self._num[cell] = col
        return col

    def empty(self, cell: str) -> bool:
        return self.kinds(cell) <= {_NONE}

    def arith(self, node: expr.Arith) -> list[Any]:
        if isinstance(node, expr.Num):
            return [node.value] * self.n
        if isinstance(node, expr.Ref):
            return self.num(node.cell)
        acc: list[Any] | None = None
        for sign, term in node.terms:
            col = self.arith(term)
            if acc is None:
                acc = col if sign > 0 else [-v for v in col]
            else:
                acc = list(map(operator.add if sign > 0 else operator.sub, acc, col))
        assert acc is not None
        return acc

    def holds(self, node: expr.Cond) -> list[Any]:
        if isinstance(node, expr.Cmp):
            return list(map(_CMP[node.op], self.arith(node.left), self.arith(node.right)))
        if isinstance(node, expr.And):
            parts = [self.holds(p) for p in node.parts]
            return [all(t) for t in zip(*parts, strict=True)]
        if isinstance(node, expr.Or):
            parts = [self.holds(p) for p in node.parts]
            return [any(t) for t in zip(*parts, strict=True)]
        premise, conclusion = self.holds(node.premise), self.holds(node.conclusion)
        return [(not p) or c for p, c in zip(premise, conclusion, strict=True)]
