"""`"check": "type"` — a figure fits its cell: not negative, and whole unless the row takes decimals (万元)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, cell_finding
from model.core.columns import BLANK_TYPES, Columns
from model.core.template_types import Cell, Template
from model.core.values import DECIMAL, NA, Value


class CellType(CheckKind):
    name: ClassVar[str] = "type"
    summary: ClassVar[str] = "数字不得为负；除可填小数的行（万元）外须为整数"

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        cid = inst.cells[0]
        if cell is not None and cell.type == DECIMAL:
            return lambda values, nums: (v := values.get(cid)) is None or v is NA or (
                type(v) in (int, Decimal) and v >= 0)
        return lambda values, nums: (v := values.get(cid)) is None or v is NA or (type(v) is int and v >= 0)

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        v = values.get(inst.cells[0])
        if v is None or v is NA:
            return None
        cell = names.template.cells.get(inst.cells[0])
        ok = isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v >= 0
        if ok and not (cell is not None and cell.type == DECIMAL):
            ok = isinstance(v, int) or (isinstance(v, Decimal) and v == v.to_integral_value())
        return cell_finding(inst, values, names, None if ok else f"{inst.spec.message}（现为 {v}）")

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        cid = inst.cells[0]
        cell = template.cells.get(cid)
        good = Decimal if cell is not None and cell.type == DECIMAL else int
        if cols.kinds(cid) <= {good, *BLANK_TYPES} and min(cols.num(cid), default=0) >= 0:
            return ()
        return range(cols.n)
