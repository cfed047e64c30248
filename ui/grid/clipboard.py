"""Tab-separated text as Excel/WPS put it on the clipboard, and the plan of a paste into a grid."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.core import layout
from model.core.document import Document
from model.core.layout import Grid
from model.core.values import Value, ValueParseError, parse_value


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of fields. Handles CRLF, the trailing newline Excel adds, and quoted fields ("a""b", embedded newlines)."""
    rows: list[list[str]] = []
    row: list[str] = []
    fld: list[str] = []
    i, n = 0, len(text)
    quoted = False
    at_field_start = True
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    fld.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                fld.append(ch)
        elif ch == '"' and at_field_start:
            quoted = True
            at_field_start = False
        elif ch == "\t":
            row.append("".join(fld))
            fld = []
            at_field_start = True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(fld))
            rows.append(row)
            row, fld = [], []
            at_field_start = True
        else:
            fld.append(ch)
            at_field_start = False
        i += 1
    if fld or row or (not at_field_start):
        row.append("".join(fld))
        rows.append(row)
    return rows


def to_tsv(rows: list[list[str]]) -> str:
    """Rows as Excel writes them: tabs between fields, newline after each row, quotes only where needed."""

    def quote(s: str) -> str:
        if any(ch in s for ch in '\t\n\r"'):
            return '"' + s.replace('"', '""') + '"'
        return s

    return "".join("\t".join(quote(s) for s in row) + "\n" for row in rows)


@dataclass
class PastePlan:
    """What a paste would do. Policy: all or nothing — if any value is bad, nothing is pasted."""

    values: dict[str, Value] = field(default_factory=dict)
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (cell id, text, Chinese reason)
    skipped: int = 0  # non-empty fields that fell on labels, headers or merged parts
    outside: int = 0  # fields beyond the table's edge

    @property
    def ok(self) -> bool:
        return not self.refused


def plan_paste(grid: Grid, doc: Document, start: tuple[int, int], block: list[list[str]],
               fill: list[tuple[int, int]] | None = None) -> PastePlan:
    """Map a TSV block onto the grid from `start`; a single value with `fill` positions goes into each of them."""
    plan = PastePlan()
    template = doc.template
    if fill and len(block) == 1 and len(block[0]) == 1:
        targets = [((r, c), block[0][0]) for r, c in fill]
    else:
        r0, c0 = start
        targets = [((r0 + i, c0 + j), text) for i, row in enumerate(block) for j, text in enumerate(row)]
    for (r, c), text in targets:
        if r >= grid.n_rows or c >= grid.n_cols:
            plan.outside += bool(text.strip())
            continue
        a = grid.at(r, c)
        if a is None or a.role != layout.VALUE or (a.row, a.col) != (r, c) or a.cell_id is None:
            plan.skipped += bool(text.strip())
            continue
        cell = template.cells[a.cell_id]
        try:
            plan.values[a.cell_id] = parse_value(text, cell.type, template.allow_na)
        except ValueParseError as exc:
            plan.refused.append((a.cell_id, text, str(exc)))
    return plan
