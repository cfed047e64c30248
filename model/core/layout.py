"""The printed form of a table as a grid of spanned cells: one description for the window, the PDF and Excel. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.core.templates import HANS, HeaderCell, Row, Table, Template

# Roles of grid cells; consumers map a role to a look (font, fill, alignment, editability).
HEADER, NOTE, CAPTION, COLHEADER = "header", "note", "caption", "colheader"
SECTION, HEADING, LABEL, GROUP, UNIT, VALUE, EMPTY = "section", "heading", "label", "group", "unit", "value", "empty"


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    role: str
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    cell_id: str | None = None  # set for VALUE cells
    row_id: str | None = None  # the template row this cell belongs to
    level: int = 0  # indentation depth of labels


@dataclass(frozen=True)
class Grid:
    table: Table
    script: str
    n_rows: int
    n_cols: int
    header_rows: int  # grid rows 0..header_rows-1 are the column header (repeat them on each page)
    label_cols: int
    cells: tuple[GridCell, ...]  # anchors only, row-major
    _cover: dict[tuple[int, int], GridCell] = field(repr=False, compare=False, default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(repr=False, compare=False, default_factory=dict)
    row_of: tuple[str | None, ...] = ()  # template row id per grid row (None for header rows)

    def at(self, row: int, col: int) -> GridCell | None:
        """The anchor cell covering (row, col), or None where nothing is drawn."""
        return self._cover.get((row, col))

    def spans(self) -> list[GridCell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]


def _place_header(rows: tuple[tuple[HeaderCell, ...], ...], n_cols: int, script: str, out: list[GridCell]) -> int:
    taken: set[tuple[int, int]] = set()
    for r, hrow in enumerate(rows):
        c = 0
        for h in hrow:
            while (r, c) in taken:
                c += 1
            out.append(GridCell(r, c, NOTE if h.role == "note" else HEADER, h.text.get(script), h.rowspan, h.colspan))
            for dr in range(h.rowspan):
                for dc in range(h.colspan):
                    taken.add((r + dr, c + dc))
            c += h.colspan
    return len(rows)


def build_grid(template: Template, table: Table, script: str = HANS) -> Grid:
    """Lay out a table like the official form: header rows, then one grid row per printed row."""
    label_cols = table.label_columns
    unit_col = 1 if table.unit_column else 0
    n_vals = len(table.columns)
    n_cols = label_cols + unit_col + n_vals
    first_value = label_cols + unit_col
    cells: list[GridCell] = []
    header_rows = _place_header(table.header, n_cols, script, cells)
    rows_by_id = {r.id: r for r in table.rows}

    def groups_of(row: Row) -> list[Row]:
        chain: list[Row] = []
        parent = row.parent
        while parent:
            p = rows_by_id[parent]
            if p.kind == "group":
                chain.append(p)
            parent = p.parent
        return list(reversed(chain))

    grid_rows = [r for r in table.rows if r.kind != "group" or label_cols <= 1]
    group_span: dict[str, int] = {}
    for r in grid_rows:
        for g in groups_of(r) if label_cols > 1 else []:
            group_span[g.id] = group_span.get(g.id, 0) + 1
    placed: set[str] = set()
    row_of: list[str | None] = [None] * header_rows
    gr = header_rows
    for r in grid_rows:
        row_of.append(r.id)
        text = r.label.get(script)
        if r.kind == "caption":
            cells.append(GridCell(gr, 0, CAPTION, text, 1, n_cols, row_id=r.id))
        elif r.kind == "colheader":
            c = 0
            for h in r.cells:
                cells.append(GridCell(gr, c, COLHEADER, h.text.get(script), h.rowspan, h.colspan, row_id=r.id))
                c += h.colspan
        else:
            depth = 0
            if label_cols > 1:
                chain = groups_of(r)
                for depth, g in enumerate(chain):
                    if g.id not in placed:
                        placed.add(g.id)
                        cells.append(GridCell(gr, depth, GROUP, g.label.get(script), group_span[g.id], 1,
                                              row_id=g.id, level=depth))
                depth = len(chain)
            if label_cols:
                role = {"section": SECTION, "heading": HEADING, "group": HEADING}.get(r.kind, LABEL)
                cells.append(GridCell(gr, depth, role, text, 1, label_cols - depth, row_id=r.id,
                                      level=r.level if label_cols == 1 else depth))
            if unit_col:
                unit = r.unit.get(script) if (r.unit and r.kind == "data") else ""
                cells.append(GridCell(gr, label_cols, UNIT, unit, row_id=r.id))
            if r.kind == "data" and (r.span or n_vals <= 1):
                cells.append(GridCell(gr, first_value, VALUE, "", 1, n_vals, cell_id=r.id, row_id=r.id))
            elif r.kind == "data":
                for k, col in enumerate(table.columns):
                    cid = ".".join(x for x in (r.id, col.id) if x)
                    cells.append(GridCell(gr, first_value + k, VALUE, "", cell_id=cid, row_id=r.id))
            else:
                for k in range(n_vals):
                    cells.append(GridCell(gr, first_value + k, EMPTY, "", row_id=r.id))
        gr += 1
    grid = assemble(table, script, gr, n_cols, header_rows, label_cols, cells, tuple(row_of))
    missing = {cid for cid, cell in template.cells.items() if cell.table == table.id} - set(grid.positions)
    assert not missing, f"cells without a grid position: {sorted(missing)}"
    return grid


def assemble(table: Table, script: str, n_rows: int, n_cols: int, header_rows: int, label_cols: int,
             cells: list[GridCell], row_of: tuple[str | None, ...]) -> Grid:
    """A Grid from its anchor cells: sorted, with the covered positions and the value cells' positions."""
    cells = sorted(cells, key=lambda c: (c.row, c.col))
    cover: dict[tuple[int, int], GridCell] = {}
    for c in cells:
        for dr in range(c.rowspan):
            for dc in range(c.colspan):
                cover[(c.row + dr, c.col + dc)] = c
    positions = {c.cell_id: (c.row, c.col) for c in cells if c.cell_id and c.role == VALUE}
    return Grid(table, script, n_rows, n_cols, header_rows, label_cols, tuple(cells), cover, positions, row_of)
