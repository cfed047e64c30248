"""`"check": "digits"` — a figure with more whole digits than its unit plausibly has (a date or a phone number typed
into a count). `bounds` gives the most digits per unit (条, 件…), `"*"` for every other unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, RuleSource, cell_finding
from model.core.columns import Columns
from model.core.template_types import Cell, RuleSpec, Template
from model.core.values import Value, format_number


def digit_bound(spec: RuleSpec, cell: Cell | None) -> int:
    """The most whole digits a figure of this cell's unit plausibly has."""
    bounds = dict(spec.bounds)
    unit = cell.unit.hans if cell is not None and cell.unit is not None else ""
    return bounds.get(unit, bounds.get("*", 15))


class Digits(CheckKind):
    name: ClassVar[str] = "digits"
    summary: ClassVar[str] = "整数位数不超过该计量单位通常的位数（bounds，按单位给出，\"*\" 为其他单位）"
    options: ClassVar[dict[str, dict[str, Any]]] = {
        "bounds": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}}}

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        raw_bounds = source.raw.get("bounds", {})
        if not isinstance(raw_bounds, dict) or any(
                not isinstance(v, int) or isinstance(v, bool) or v < 1 or (k != "*" and k not in source.units)
                for k, v in raw_bounds.items()):
            raise source.fail(f"规则 {spec.id}: bounds 应为 {{单位或 \"*\": 最多位数}}")
        if "*" not in raw_bounds:
            raise source.fail(f"规则 {spec.id}: bounds 需要 \"*\"（其他单位的最多位数）")
        return replace(spec, bounds=tuple((str(k), int(v)) for k, v in raw_bounds.items()))

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        cid = inst.cells[0]
        limit = 10 ** digit_bound(inst.spec, cell)
        return lambda values, nums: type(v := values.get(cid)) not in (int, Decimal) or v < limit

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        v = values.get(inst.cells[0])
        if type(v) not in (int, Decimal):
            return None
        assert isinstance(v, (int, Decimal))
        bound = digit_bound(inst.spec, names.template.cells.get(inst.cells[0]))
        if v < 10**bound:
            return None
        digits = len(str(int(v)))
        return cell_finding(inst, values, names,
                            f"{format_number(v)} 有 {digits} 位整数，{inst.spec.message}（本项通常不超过 {bound} 位）")

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        limit = 10 ** digit_bound(inst.spec, template.cells.get(inst.cells[0]))
        return () if max(cols.num(inst.cells[0]), default=0) < limit else range(cols.n)
