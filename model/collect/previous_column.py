"""The 上年数 column: a table's grid with last year's values in a read-only column right of its value column. No Qt.

Only for tables with one value column (the 2015 table): beside 7 or 15 value columns (2021 tables 三, 四) a column
per value column would double the width, so those keep last year's value inside each cell.
"""

from __future__ import annotations

from dataclasses import replace

from model.core.layout import EMPTY, HEADER, VALUE, Grid, GridCell, assemble
from model.core.templates import HANS, HANT

PREVIOUS = "previous"  # role of the 上年数 cells: cell_id names the value cell whose last-year value they show
HEADER_TEXT = {HANS: "上年数", HANT: "上年數"}


def header_text(script: str) -> str:
    return HEADER_TEXT.get(script, HEADER_TEXT[HANS])


def can_show(grid: Grid) -> bool:
    """True for tables whose values stand in one column (a 上年 column then fits beside it)."""
    return len(grid.table.columns) == 1


def with_previous_column(grid: Grid) -> Grid:
    """`grid` with a 上年数 column inserted right after its value column; spans across that column widen."""
    assert can_show(grid)
    at = grid.n_cols - len(grid.table.columns)  # the value column (label and unit columns come first)
    new = at + 1
    cells: list[GridCell] = []
    for c in grid.cells:
        if c.col > at:
            cells.append(replace(c, col=c.col + 1))
        elif c.col + c.colspan - 1 < at:
            cells.append(c)
        elif c.col == at and c.colspan == 1 and c.role == VALUE:
            cells.append(c)
            cells.append(GridCell(c.row, new, PREVIOUS, "", c.rowspan, 1, cell_id=c.cell_id, row_id=c.row_id))
        elif c.col == at and c.colspan == 1 and c.row < grid.header_rows and c.row + c.rowspan == grid.header_rows:
            cells.append(c)  # the bottom header cell above the values (统计数) gets its 上年数 neighbour
            cells.append(GridCell(c.row, new, HEADER, header_text(grid.script), c.rowspan, 1))
        elif c.col == at and c.colspan == 1 and c.row >= grid.header_rows:
            cells.append(c)
            cells.append(GridCell(c.row, new, EMPTY, "", c.rowspan, 1, row_id=c.row_id))
        else:  # captions, notes and upper header cells spanning the value column span the new column too
            cells.append(replace(c, colspan=c.colspan + 1))
    return assemble(grid.table, grid.script, grid.n_rows, grid.n_cols + 1, grid.header_rows, grid.label_cols,
                    cells, grid.row_of)
