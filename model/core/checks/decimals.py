"""`"check": "decimals"` — a decimal figure has at most `max` places (万元 to two places: 元 are not reported)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, RuleSource, cell_finding
from model.core.columns import Columns
from model.core.template_types import Cell, RuleSpec, Template
from model.core.values import Value


def _places(v: Decimal) -> int:
    exponent = v.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _within_places(v: Decimal, places: int) -> bool:
    exponent = v.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -places


class Decimals(CheckKind):
    name: ClassVar[str] = "decimals"
    summary: ClassVar[str] = "小数位数不超过 max 位（默认 2 位）"
    options: ClassVar[dict[str, dict[str, Any]]] = {"max": {"type": "integer", "minimum": 0}}

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        return replace(spec, max=source.whole("max", 2, 0, "max 应为不小于 0 的整数", spec))

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        cid = inst.cells[0]
        return lambda values, nums: type(values.get(cid)) is not Decimal

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        v = values.get(inst.cells[0])
        if not isinstance(v, Decimal) or _places(v) <= inst.spec.max:
            return None
        return cell_finding(inst, values, names, f"{inst.spec.message}（现为 {v:f}）")

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        # at most `max` places as written means at most that many once normalised: certainly fine
        return [i for i, v in enumerate(cols.raw(inst.cells[0]))
                if type(v) is Decimal and not _within_places(v, inst.spec.max)]
