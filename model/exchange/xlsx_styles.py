"""Cell styles applied at the speed of copying: each combination is registered with the workbook once.

openpyxl de-duplicates every Font/Fill/Border/Alignment assigned to a cell by hashing and comparing it with the
workbook's list of styles, which costs ~50 µs per assignment: the 汇总表 of 1,000 units (300,000 cells, four
assignments each) spent a minute there. Here a style is named once; its first cell is styled the ordinary way and
the result (the cell's style-id array) is copied to every later cell, as openpyxl's own worksheet copier does
(`openpyxl.worksheet.copier.WorksheetCopy`: `target._style = copy(source._style)`). That private attribute, and the
workbook's list of cell formats a style's id is its index in, are used only in this module;
tests/model/exchange/test_xlsx_styles.py fails if openpyxl changes underneath.
"""

from __future__ import annotations

from copy import copy
from types import SimpleNamespace
from typing import Any

from openpyxl.cell.cell import Cell


class Styles:
    """Named styles of one workbook: `define` once, then `apply(cell, name, number_format)` per cell."""

    def __init__(self) -> None:
        self._specs: dict[str, dict[str, Any]] = {}
        self._made: dict[tuple[str, str | None], Any] = {}
        self._workbook: Any = None  # style ids are the workbook's own: another workbook starts afresh

    def define(self, name: str, **attributes: Any) -> None:
        """`attributes`: font, fill, border, alignment (openpyxl style objects), as set on a cell."""
        self._specs[name] = attributes
        self._made = {k: v for k, v in self._made.items() if k[0] != name}

    def apply(self, cell: Cell, name: str, number_format: str | None = None) -> None:
        workbook = cell.parent.parent
        if workbook is not self._workbook:
            self._made.clear()
            self._workbook = workbook
        key = (name, number_format)
        made = self._made.get(key)
        if made is not None:
            cell._style = copy(made)  # the one place: see the module docstring
            return
        for attribute, value in self._specs[name].items():
            setattr(cell, attribute, value)
        if number_format is not None:
            cell.number_format = number_format
        self._made[key] = copy(cell._style)

    def style_id(self, workbook: Any, name: str, number_format: str | None = None) -> int:
        """The index of a style in the workbook's cell formats: the `s` attribute of a cell written into a sheet's
        XML directly (the 汇总表's unit columns, model/collect/aggregate_xlsx.py). Registered on a cell of no
        sheet, so no sheet gets a cell for it."""
        scratch = Cell(SimpleNamespace(parent=workbook))  # style descriptors read the workbook as parent.parent
        self.apply(scratch, name, number_format)
        return int(workbook._cell_styles.add(scratch._style))  # the id openpyxl writes as s="…"
