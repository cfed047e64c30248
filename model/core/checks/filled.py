"""`"check": "filled"` — every value cell (of the rule's `types`) must hold something: a figure, 0 or "/"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, cell_finding
from model.core.columns import Columns
from model.core.template_types import Cell, Template
from model.core.values import Value


class Filled(CheckKind):
    name: ClassVar[str] = "filled"
    summary: ClassVar[str] = "每个数字格都须填写（数字、0 或“/”）；未填的格就是它要找的"

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        cid = inst.cells[0]
        return lambda values, nums: values.get(cid) is not None

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        return cell_finding(inst, values, names, "未填写" if values.get(inst.cells[0]) is None else None)

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        cid = inst.cells[0]
        return [i for i, v in enumerate(cols.raw(cid)) if v is None] if cols.has_blank(cid) else ()
