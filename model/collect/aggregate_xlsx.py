"""The 汇总表 sheet of an aggregate's workbook: one row per cell, 合计 then one column per unit. No Qt.

openpyxl is imported here only (a heavy import: callers import this module lazily).
"""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from model.collect.aggregate import Aggregate
from model.core.script import in_script
from model.core.templates import HANS, Cell
from model.core.values import Value
from model.exchange.xlsx_export import clean, text_width, value_cell_format

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


def add_summary_sheet(agg: Aggregate, wb: Workbook, index: int | None = None, script: str = HANS) -> None:
    """Add the 汇总表: rows are the template's cells in table order; columns 合计 and each unit. Our words and the
    template's labels in `script`; the units' names as they wrote them."""
    doc = agg.document
    if doc is None:
        return
    t = doc.template
    ws = wb.create_sheet(in_script(SHEET, script), index)
    multi = any(len(table.columns) > 1 for table in t.tables)
    label_cols = 3 if multi else 2  # 统计指标 | (栏目) | 单位
    first = label_cols + 1
    edits = _edits(agg)
    last = first + len(agg.units) + (1 if edits else 0)
    ws.cell(1, 1, clean(f"{t.title.get(script)}（{doc.year}年度）{in_script('汇总表', script)}"))
    ws.cell(1, 1).font = Font(name=FONT_NAME, size=14, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(2, 1, clean(in_script("汇总单位：", script) + agg.office
                         + in_script(f"　　汇总单位数：{len(agg.units)}"
                                     + (f"　　未汇总的文件：{len(agg.refused)} 个" if agg.refused else ""), script)))
    ws.cell(2, 1).font = Font(name=FONT_NAME, size=11)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    words = [in_script(w, script) for w in ("统计指标", *(["栏目"] if multi else []), "单位", "合计")]
    header = [*words, *(u.name or u.file_name for u in agg.units), *([in_script(EDITED, script)] if edits else [])]
    for c, text in enumerate(header, 1):
        cell = ws.cell(3, c, clean(text))
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = TOTAL_FILL if c == first else HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    label_width = 34.0 if multi else 46.0

    def fit(row: int, text: str) -> None:
        # no auto-fit in xlsx: give a wrapped label the height of its lines, or it overlaps the next row
        lines = max(1, math.ceil(text_width(text) / (label_width - 2)))
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 15.0 * lines + 3)

    r = 4
    for table in t.tables:
        if len(t.tables) > 1:
            ws.cell(r, 1, clean(table.title.get(script)))
            for c in range(1, last + 1):
                ws.cell(r, c).fill = SECTION_FILL
                ws.cell(r, c).border = BORDER
                ws.cell(r, c).font = Font(name=FONT_NAME, bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
            r += 1
        for row in table.rows:
            if row.kind in ("section", "heading", "group"):
                text = clean(("　" * row.level) + row.label.get(script))
                ws.cell(r, 1, text)
                for c in range(1, last + 1):
                    ws.cell(r, c).border = BORDER
                    ws.cell(r, c).font = Font(name=FONT_NAME, bold=row.kind == "section")
                ws.cell(r, 1).alignment = Alignment(vertical="center", wrap_text=True)
                fit(r, text)
                r += 1
                continue
            if row.kind != "data":
                continue
            cells = [c for c in t.cells.values() if c.table == table.id and c.row == row.id]
            runs: list[tuple[str, int]] = []  # (label in column A, first sheet row) for merging equal labels
            for cell in cells:
                first_label, second = _labels(cell, row.label.get(script), table.title.get(script), script)
                label = clean(("　" * row.level) + first_label)
                if not runs or runs[-1][0] != label:
                    runs.append((label, r))
                    ws.cell(r, 1, label)
                if not multi or len(cells) == 1:
                    fit(r, label)
                if multi:
                    ws.cell(r, 2, clean(second))
                ws.cell(r, label_cols, cell.unit.get(script) if cell.unit else "")
                value, fmt = value_cell_format(doc.value(cell.id), cell.type)
                total = ws.cell(r, first, value)
                total.number_format = fmt
                total.fill = TOTAL_FILL
                total.font = Font(name=FONT_NAME, bold=True)
                for k, u in enumerate(agg.units):
                    v, f = value_cell_format(u.values.get(cell.id), cell.type)
                    ws.cell(r, first + 1 + k, v).number_format = f
                if cell.id in edits:
                    v, f = value_cell_format(edits[cell.id], cell.type)
                    ws.cell(r, last, v).number_format = f
                for c in range(1, last + 1):
                    x = ws.cell(r, c)
                    x.border = BORDER
                    if c != first:
                        x.font = Font(name=FONT_NAME)
                    x.alignment = Alignment(vertical="center", wrap_text=c < first,
                                            horizontal="left" if c == 1 else "center")
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
        width = max(10, min(18, 2 + 2 * len(str(ws.cell(3, c).value or ""))))
        # a number wider than its column shows as ###: room for the widest figure (bold in 合计) and a margin
        digits = max((len(f"{v:.2f}" if isinstance(v, Decimal) else str(v))
                      for (v,) in ws.iter_rows(min_row=4, min_col=c, max_col=c, values_only=True) if v is not None),
                     default=0)
        ws.column_dimensions[get_column_letter(c)].width = max(width, digits + 3)
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


def build_workbook(agg: Aggregate, script: str = HANS) -> Workbook:
    """The aggregate as the Excel export lays out any document, with the 汇总表 added after the form sheets."""
    from model.exchange.xlsx_export import PROBLEM_SHEET  # the form sheets come from the Excel engineer's exporter
    from model.exchange.xlsx_export import build_workbook as build_form

    assert agg.document is not None
    wb = build_form(agg.document, script)
    problems = in_script(PROBLEM_SHEET, script)
    at = wb.sheetnames.index(problems) if problems in wb.sheetnames else None
    add_summary_sheet(agg, wb, at, script)
    return wb
