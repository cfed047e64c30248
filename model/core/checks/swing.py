"""`"check": "swing"` — a figure far from last year's (at least `factor` times, or at most 1/`factor` of it), ignored
while both years stay below `floor`: worth a second look, often a typing slip. Needs last year's file linked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, RuleSource, with_previous
from model.core.columns import Columns
from model.core.template_types import PREV, RuleSpec, Template
from model.core.values import NA, Value, format_number


class Swing(CheckKind):
    name: ClassVar[str] = "swing"
    summary: ClassVar[str] = "与上年相比变化过大（factor 倍以上；两年都小于 floor 时不查）；需链接上年文件"
    options: ClassVar[dict[str, dict[str, Any]]] = {
        "factor": {"type": "integer", "minimum": 2}, "floor": {"type": "integer", "minimum": 1}}

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        factor = source.whole("factor", 5, 2, "factor 应为不小于 2 的整数，floor 应为正整数", spec)
        floor = source.whole("floor", 10, 1, "factor 应为不小于 2 的整数，floor 应为正整数", spec)
        return replace(spec, factor=factor, floor=floor)

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        return [Instance(f"{spec.id}:{c.id}", spec, (c.id, PREV + c.id), None, spec.message, self)
                for c in template.cells.values() if not spec.types or c.type in spec.types]

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        cid = inst.cells[0]
        now, before = values.get(cid), values.get(inst.cells[1])
        if now is None or before is None or now is NA or before is NA:
            return None
        assert isinstance(now, (int, Decimal)) and isinstance(before, (int, Decimal))
        spec = inst.spec
        high, low = max(now, before), min(now, before)
        if high < spec.floor or (low > 0 and high < spec.factor * low):
            return None
        if low == 0:
            change = "上年为 0" if before == 0 else "本年为 0"
        else:
            ratio = Decimal(high) / Decimal(low)
            shown = format_number(ratio.to_integral_value() if ratio == ratio.to_integral_value()
                                  else ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            change = f"×{shown}" if now > before else f"÷{shown}"
        text = f"{names.label(cid)} 本年 {format_number(now)}，上年 {format_number(before)}（{change}），{inst.title}"
        return Finding(inst.key, spec.id, spec.severity, text, (cid,), (now,))

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        # documents without last year's values are certainly fine
        return range(cols.n) if linked and not all(cols.empty(c) for c in with_previous(inst)) else ()
