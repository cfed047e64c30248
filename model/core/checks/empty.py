"""`"check": "empty"` — heading rows (sections, headings) must stay empty: a figure there belongs in a row below."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, cell_finding
from model.core.columns import Columns
from model.core.template_types import Cell, RuleSpec, Template
from model.core.values import Value


class Empty(CheckKind):
    name: ClassVar[str] = "empty"
    summary: ClassVar[str] = "标题行（部分、小标题）不应填数：数字应填在它下面的行"

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        return [Instance(f"{spec.id}:{h}", spec, (h,), None, spec.message, self) for h in template.headings]

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        cid = inst.cells[0]
        return lambda values, nums: values.get(cid) is None

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        return cell_finding(inst, values, names, inst.spec.message if values.get(inst.cells[0]) is not None else None)

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        return () if cols.empty(inst.cells[0]) else range(cols.n)
