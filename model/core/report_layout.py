"""The whole report in reading order, once for every writer (PDF, .docx, .html): the title, then each section's
heading, its table (a 2021 table section) and its paragraphs, the 落款 (unit and date, set right as a 公文 signs),
then the tables no section places (the 2015 form, after the text, under its own printed title and year line).
No Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.core.document import Document, printed_title, year_line
from model.core.layout import Grid, build_grid
from model.core.text import report_title, tables_after_text


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 for 一、…, 2 for （一）…, 3 for 1. and （1）


@dataclass(frozen=True)
class Closing:
    """The 落款: the unit's name over the date, set to the right (GB/T 9704: the date four characters in)."""

    unit: str
    date: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class TableBlock:
    grid: Grid
    caption: str  # "" when the heading right above already names the table
    year_line: str = ""  # under a form's own printed title ("（2015年度）"), else ""
    own_title: bool = False  # the caption is the form's printed title: a table placed after the text
    after_text: bool = False


Block = Heading | Paragraph | TableBlock | Closing

_ISO_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")


def closing_date(text: str) -> str:
    """The 报出日期 as a 落款 writes it: "2025-01-20" → "2025年1月20日"; other spellings as they are."""
    m = _ISO_DATE.fullmatch(text)
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日" if m else text.strip()


@dataclass(frozen=True)
class ReportLayout:
    title: str
    blocks: tuple[Block, ...]


def report_layout(doc: Document, script: str, unit_placeholder: str = "",
                  grids: list[Grid] | None = None) -> ReportLayout:
    """`grids`: the tables' grids when the caller has built them already (in the template's order)."""
    by_id = {g.table.id: g for g in grids} if grids is not None else {
        t.id: build_grid(doc.template, t, script) for t in doc.template.tables}
    blocks: list[Block] = []
    for s in doc.text.sections:
        heading = s.shown_heading(script)
        if heading:
            blocks.append(Heading(heading, min(max(s.level, 1), 3)))
        if s.table in by_id:
            grid = by_id[s.table]
            title = grid.table.title.get(script)
            blocks.append(TableBlock(grid, "" if title == heading else title))
        blocks += [Paragraph(p) for p in s.paragraphs()]
    if doc.text.sections and doc.unit.name.strip():
        blocks.append(Closing(doc.unit.name.strip(), closing_date(doc.unit.date)))
    for tid in tables_after_text(doc.text, doc.template):
        grid = by_id[tid]
        title = grid.table.title.get(script)
        if title:
            blocks.append(TableBlock(grid, title, after_text=True))
        else:  # the 2015 form: its own title and year line
            blocks.append(TableBlock(grid, printed_title(doc, script, unit_placeholder), year_line(doc, script),
                                     own_title=True, after_text=True))
    unit = doc.unit.name.strip() or unit_placeholder
    return ReportLayout(report_title(unit, doc.year, script), tuple(blocks))
