"""The 汇总表 sheet of an aggregate's workbook: one row per cell, 合计 then one column per unit. No Qt.

openpyxl is imported here only (a heavy import: callers import this module lazily).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from decimal import Decimal
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from model.collect.aggregate import Aggregate
from model.core.clean import printable
from model.core.script import in_script
from model.core.templates import HANS, Cell
from model.core.values import Value
from model.exchange.xlsx_export import text_width, value_cell_format
from model.exchange.xlsx_styles import Styles

SHEET = "汇总表"
FONT_NAME = "宋体"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
SECTION_FILL = PatternFill("solid", fgColor="F7F7F7")
UNITS_PER_PAGE = 12
EDITED = "（汇总后改动）"  # the same words as the 来源 dock's row for it


def _labels(cell: Cell, row_label: str, table_title: str, script: str = HANS) -> tuple[str, str]:
    """(统计指标, 栏目) of a cell; a row without a label of its own (table 四) is named by its column group."""
    if row_label:
        return row_label, cell.column_label.get(script) if cell.column_label else ""
    group, _sep, rest = in_script(cell.short, script).rpartition("·")
    return (group or table_title), rest


def _edits(agg: Aggregate) -> dict[str, Value]:
    """Per cell, what was typed into the aggregate after summing (its value minus the units' sum): without this
    column the sheet's 合计 would not add up."""
    doc = agg.document
    assert doc is not None
    out: dict[str, Value] = {}
    for cid in doc.template.cells:
        value = doc.value(cid)
        if not isinstance(value, (int, Decimal)):
            continue
        summed = sum(v for u in agg.units if isinstance(v := u.values.get(cid), (int, Decimal)))
        if summed != value:
            out[cid] = value - summed
    return out


@cache
def _letter(col: int) -> str:
    return str(get_column_letter(col))


class UnitColumns:
    """The 汇总表's unit columns (one per unit: 200 cells each, 200,000 for 1,000 units), written straight into the
    sheet's XML after openpyxl saved everything else: openpyxl spends ~40 µs a cell keeping and writing cell
    objects, which made `--sum OUT.xlsx` 7× `--sum OUT.json`. The cells carry the same named styles (their ids
    from `Styles.style_id`), numbers as numbers, texts inline."""

    def __init__(self, styles: Styles, workbook: Workbook) -> None:
        self.styles, self.workbook = styles, workbook
        self.rows: dict[int, list[str]] = {}
        self.max_col = 0
        self._ids: dict[tuple[str, str | None], int] = {}

    def add(self, row: int, col: int, value: Any, style: str, number_format: str | None = None) -> None:
        key = (style, number_format)
        sid = self._ids.get(key)
        if sid is None:
            sid = self._ids[key] = self.styles.style_id(self.workbook, style, number_format)
        ref = f"{_letter(col)}{row}"
        if value is None:
            cell = f'<c r="{ref}" s="{sid}"/>'
        elif isinstance(value, str):
            cell = f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t>{escape(printable(value))}</t></is></c>'
        else:
            cell = f'<c r="{ref}" s="{sid}"><v>{value}</v></c>'
        self.rows.setdefault(row, []).append(cell)
        self.max_col = max(self.max_col, col)

    def inject(self, xml: bytes) -> bytes:
        """The sheet's XML as openpyxl wrote it, with these cells at the end of their rows (they lie right of
        every cell openpyxl wrote, so each row stays in column order) and the sheet's dimension widened."""
        def row(m: re.Match[bytes]) -> bytes:
            extra = self.rows.get(int(m.group(1)))
            return m.group(0) if not extra else m.group(0)[:-6] + "".join(extra).encode("utf-8") + b"</row>"

        out = re.sub(rb'<row r="(\d+)"[^>]*>.*?</row>', row, xml, flags=re.DOTALL)
        if self.rows:
            last = f"{get_column_letter(self.max_col)}{max(self.rows)}".encode()
            out = re.sub(rb'<dimension ref="A1:[A-Z]+\d+"', b'<dimension ref="A1:' + last + b'"', out, count=1)
        return out


def _styles() -> Styles:
    styles = Styles()
    font, bold = Font(name=FONT_NAME), Font(name=FONT_NAME, bold=True)
    centred = Alignment(horizontal="center", vertical="center")
    wrapped = Alignment(vertical="center", wrap_text=True)
    styles.define("title", font=Font(name=FONT_NAME, size=14, bold=True), alignment=Alignment(horizontal="center"))
    styles.define("office", font=Font(name=FONT_NAME, size=11))
    header = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles.define("header", font=bold, fill=HEADER_FILL, border=BORDER, alignment=header)
    styles.define("header_total", font=bold, fill=TOTAL_FILL, border=BORDER, alignment=header)
    styles.define("table_title", font=bold, fill=SECTION_FILL, border=BORDER)
    for kind in ("section", "heading", "group"):
        styles.define(kind, font=bold if kind == "section" else font, border=BORDER)
        styles.define(kind + "_label", font=bold if kind == "section" else font, border=BORDER, alignment=wrapped)
    styles.define("label", font=font, border=BORDER,
                  alignment=Alignment(horizontal="left", vertical="center", wrap_text=True))
    styles.define("label_more", font=font, border=BORDER, alignment=header)
    styles.define("total", font=bold, fill=TOTAL_FILL, border=BORDER, alignment=centred)
    styles.define("figure", font=font, border=BORDER, alignment=centred)
    return styles


def add_summary_sheet(agg: Aggregate, wb: Workbook, index: int | None = None,
                      script: str = HANS) -> tuple[Any, UnitColumns] | None:
    """Add the 汇总表: rows are the template's cells in table order; columns 合计 and each unit. Our words and the
    template's labels in `script`; the units' names as they wrote them. Returns the sheet and its unit columns,
    which `workbook_bytes` writes into the saved file."""
    doc = agg.document
    if doc is None:
        return None
    t = doc.template
    ws = wb.create_sheet(in_script(SHEET, script), index)
    multi = any(len(table.columns) > 1 for table in t.tables)
    label_cols = 3 if multi else 2  # 统计指标 | (栏目) | 单位
    first = label_cols + 1
    edits = _edits(agg)
    last = first + len(agg.units) + (1 if edits else 0)
    ws.cell(1, 1, printable(f"{t.title.get(script)}（{doc.year}年度）{in_script('汇总表', script)}"))
    styles = _styles()
    units = UnitColumns(styles, wb)
    styles.apply(ws.cell(1, 1), "title")
    # titles span the labels and 合计, the part frozen on screen: spanning every unit's column would centre them
    # far to the right (and openpyxl styles every cell of a merge's edges, slowly)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=first)
    ws.cell(2, 1, printable(in_script("汇总单位：", script) + agg.office
                         + in_script(f"　　汇总单位数：{len(agg.units)}"
                                     + (f"　　未汇总的文件：{len(agg.refused)} 个" if agg.refused else ""), script)))
    styles.apply(ws.cell(2, 1), "office")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=first)
    words = [in_script(w, script) for w in ("统计指标", *(["栏目"] if multi else []), "单位", "合计")]
    header = [*words, *(u.name or u.file_name for u in agg.units), *([in_script(EDITED, script)] if edits else [])]
    for c, text in enumerate(header, 1):
        if c > first:  # the units' names, as texts whatever they start with ("=…" is no formula here)
            units.add(3, c, text, "header")
        else:
            styles.apply(ws.cell(3, c, printable(text)), "header_total" if c == first else "header")
    label_width = 34.0 if multi else 46.0

    def fit(row: int, text: str) -> None:
        # no auto-fit in xlsx: give a wrapped label the height of its lines, or it overlaps the next row
        lines = max(1, math.ceil(text_width(text) / (label_width - 2)))
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 15.0 * lines + 3)

    widest: dict[int, int] = {}  # per figure column, the longest figure written: its width, without rereading

    def styled(row: int, col: int, style: str) -> None:  # an empty cell of a heading row, across the sheet
        if col > first:
            units.add(row, col, None, style)
        else:
            styles.apply(ws.cell(row, col), style)

    def figure(col: int, value: Value, kind: str, style: str) -> None:
        v, fmt = value_cell_format(value, kind)
        if col > first:
            units.add(r, col, v, style, fmt)
        else:
            styles.apply(ws.cell(r, col, v), style, fmt)
        if v is not None:
            widest[col] = max(widest.get(col, 0), len(f"{v:.2f}" if isinstance(v, Decimal) else str(v)))

    r = 4
    for table in t.tables:
        if len(t.tables) > 1:
            ws.cell(r, 1, printable(table.title.get(script)))
            for c in range(1, last + 1):
                styled(r, c, "table_title")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=first)
            r += 1
        for row in table.rows:
            if row.kind in ("section", "heading", "group"):
                text = printable(("　" * row.level) + row.label.get(script))
                ws.cell(r, 1, text)
                for c in range(1, last + 1):
                    styled(r, c, row.kind + ("_label" if c == 1 else ""))
                fit(r, text)
                r += 1
                continue
            if row.kind != "data":
                continue
            cells = [c for c in t.cells.values() if c.table == table.id and c.row == row.id]
            runs: list[tuple[str, int]] = []  # (label in column A, first sheet row) for merging equal labels
            for cell in cells:
                first_label, second = _labels(cell, row.label.get(script), table.title.get(script), script)
                label = printable(("　" * row.level) + first_label)
                if not runs or runs[-1][0] != label:
                    runs.append((label, r))
                    ws.cell(r, 1, label)
                if not multi or len(cells) == 1:
                    fit(r, label)
                if multi:
                    ws.cell(r, 2, printable(second))
                ws.cell(r, label_cols, cell.unit.get(script) if cell.unit else "")
                for c in range(1, first):
                    styles.apply(ws.cell(r, c), "label" if c == 1 else "label_more")
                figure(first, doc.value(cell.id), cell.type, "total")
                for k, u in enumerate(agg.units):
                    figure(first + 1 + k, u.values.get(cell.id), cell.type, "figure")
                if edits:
                    figure(last, edits.get(cell.id), cell.type, "figure")
                r += 1
            ends = [start for _label, start in runs[1:]] + [r]
            for (_label, start), end in zip(runs, ends, strict=True):
                if multi and end - 1 > start:
                    ws.merge_cells(start_row=start, start_column=1, end_row=end - 1, end_column=1)
    ws.column_dimensions["A"].width = label_width
    if multi:
        ws.column_dimensions["B"].width = 14
    ws.column_dimensions[get_column_letter(label_cols)].width = 6
    for c in range(first, last + 1):
        width = max(10, min(18, 2 + 2 * len(printable(header[c - 1]))))
        # a number wider than its column shows as ###: room for the widest figure (bold in 合计) and a margin
        ws.column_dimensions[get_column_letter(c)].width = max(width, widest.get(c, 0) + 3)
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = f"{get_column_letter(first + 1)}4"
    ws.print_title_rows = "3:3"
    ws.print_title_cols = f"A:{get_column_letter(first)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # about 12 units a page across, labels repeated on each: 40 units print as 4 pages across, not 20 (at 100 %
    # only two unit columns fit beside the labels)
    ws.page_setup.fitToWidth = max(1, math.ceil(len(agg.units) / UNITS_PER_PAGE))
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = in_script("第 &P 页，共 &N 页", script)
    ws.sheet_view.showGridLines = False
    return ws, units


def build_workbook(agg: Aggregate, script: str = HANS) -> tuple[Workbook, tuple[Any, UnitColumns] | None]:
    """The aggregate as the Excel export lays out any document, with the 汇总表 added after the form sheets (its
    unit columns apart, for `workbook_bytes`)."""
    from model.exchange.xlsx_export import PROBLEM_SHEET  # the form sheets come from the Excel engineer's exporter
    from model.exchange.xlsx_export import build_workbook as build_form

    assert agg.document is not None
    wb = build_form(agg.document, script)
    problems = in_script(PROBLEM_SHEET, script)
    at = wb.sheetnames.index(problems) if problems in wb.sheetnames else None
    return wb, add_summary_sheet(agg, wb, at, script)


def workbook_bytes(agg: Aggregate, script: str = HANS) -> bytes:
    """The .xlsx of an aggregate: openpyxl's workbook, then the 汇总表's unit columns written into its sheet."""
    from model.exchange.xlsx_export import workbook_bytes as saved

    wb, summary = build_workbook(agg, script)
    data = saved(wb)
    if summary is None:
        return data
    ws, units = summary
    part = f"xl/worksheets/sheet{wb.worksheets.index(ws) + 1}.xml"  # openpyxl numbers the sheets in order
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, units.inject(body) if info.filename == part else body)
    return out.getvalue()
