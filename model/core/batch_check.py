"""The rule engine over many documents at once (汇总 of hundreds of units): each rule instance is evaluated
column-wise across all documents with C-level list operations, and only the documents where it may fail are
handed to `Checker.evaluate`, which alone decides and builds the findings. No Qt.

The column pass is only a filter: wherever it cannot prove that an instance holds for a document, the engine's own
evaluation runs. Messages, blank handling and edge cases therefore stay defined in one place (model.core.rules).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any

from model.core import expr
from model.core.rules import NO_CONTEXT, Checker, Context, Finding, Instance, digit_bound
from model.core.templates import PREV
from model.core.values import DECIMAL, NA, NotApplicable, Value

_CMP = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt,
        ">": operator.gt}
_NONE = type(None)
_BLANKS = {_NONE, NotApplicable}


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
            col = raw if self.kinds(cell).isdisjoint(_BLANKS) else [0 if v is None or v is NA else v for v in raw]
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


def _within_places(v: Decimal, places: int) -> bool:
    exponent = v.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -places


def _candidates(checker: Checker, inst: Instance, cols: Columns, linked: bool) -> Sequence[int] | range:
    """Documents for which `inst` may fail (all others certainly pass)."""
    spec = inst.spec
    every = range(cols.n)
    if spec.check == "expr":
        assert inst.node is not None
        if spec.blank == "skip" and any(cols.empty(c) for c in inst.cells):
            return ()  # a cell blank in every document (last year's, when nothing is linked): skipped for all
        if spec.blank == "solve" and sum(1 for c in inst.cells if cols.empty(c)) >= 2:
            return ()  # two cells blank everywhere: nothing to solve for in any document
        # blanks count as 0 here: where one blank cell would have to be 0 the engine reports nothing either
        ok = cols.holds(inst.node)
        return () if all(ok) else [i for i, h in enumerate(ok) if not h]
    if spec.check in ("filled", "empty"):
        raw = cols.raw(inst.cells[0])
        if spec.check == "filled":
            return [i for i, v in enumerate(raw) if v is None] if cols.has_blank(inst.cells[0]) else ()
        return () if cols.empty(inst.cells[0]) else every
    if spec.check == "type":
        cell = checker.template.cells.get(inst.cells[0])
        good = Decimal if cell is not None and cell.type == DECIMAL else int
        if cols.kinds(inst.cells[0]) <= {good, *_BLANKS} and min(cols.num(inst.cells[0]), default=0) >= 0:
            return ()
        return every
    if spec.check == "decimals":
        raw = cols.raw(inst.cells[0])
        if not isinstance(spec.max, int):
            return [i for i, v in enumerate(raw) if type(v) is Decimal]
        # at most `max` places as written means at most that many once normalised: certainly fine
        return [i for i, v in enumerate(raw) if type(v) is Decimal and not _within_places(v, spec.max)]
    if spec.check == "digits":
        limit = 10 ** digit_bound(spec, checker.template.cells.get(inst.cells[0]))
        return () if max(cols.num(inst.cells[0]), default=0) < limit else every
    if spec.check in ("identical_to_previous", "swing"):
        # both need last year's values; documents without any are certainly fine
        if not linked:
            return ()
        prev = [c for c in inst.cells if c.startswith(PREV)]
        return () if all(cols.empty(c) for c in prev) else every
    return every  # a check kind this module does not know: let the engine decide for every document


def batch_check(checker: Checker, docs: Sequence[Mapping[str, Value]], columns: Columns | None = None,
                contexts: Sequence[Context] | None = None) -> list[dict[str, Finding]]:
    """`[checker.check(v, c) for v, c in zip(docs, contexts)]`, computed column-wise: fast for many documents of one
    template."""
    cols = columns if columns is not None else Columns(docs)
    out: list[dict[str, Finding]] = [{} for _ in docs]
    # last year's values sit under keys the template does not know; a C-level subset test per document finds them
    # (without building the intersection of every document's keys)
    known = set(checker.template.cells) | set(checker.template.headings)
    linked = not all(map(known.issuperset, docs))
    ctx = contexts if contexts is not None else [NO_CONTEXT] * len(docs)
    for inst in checker.instances:
        for i in _candidates(checker, inst, cols, linked):
            f = checker.evaluate(inst, docs[i], ctx[i])
            if f is not None:
                out[i][inst.key] = f
    return out
