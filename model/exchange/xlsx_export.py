"""A document as a printable .xlsx laid out like the form (driven by model.core.layout), with hidden metadata. No Qt."""

from __future__ import annotations

import io
import json
import math
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from model.core import layout
from model.core.clean import printable, writable
from model.core.document import LEVEL_WORD, UNIT_FIELDS, Document, justification_state
from model.core.layout import Grid, build_grid
from model.core.report import check_document
from model.core.rules import checker_for
from model.core.script import in_script
from model.core.templates import HANS, Table
from model.core.values import DECIMAL, NA, Value
from model.exchange.store import to_dict, write_file

META_SHEET = "_meta"
META_MARK = "gov-disclosure-stats-xlsx"
META_VERSION = 1
PROBLEM_SHEET = "问题与说明"
FONT_NAME = "宋体"
CHUNK = 30000  # an Excel cell holds at most 32767 characters

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def text_width(text: str) -> int:
    """Column-width units of a text: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def word(text: str, script: str) -> str:
    """The export's own words (not template text) in the export's script."""
    return in_script(text, script)


def sheet_title(table: Table, index: int, script: str = HANS) -> str:
    title = table.title.get(script) or word("统计表", script)
    for ch in "[]:*?/\\":
        title = title.replace(ch, "")
    return title[:31] or f"表{index + 1}"


def _font(bold: bool = False, size: float = 11) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def value_cell_format(value: Value, kind: str) -> tuple[Any, str]:
    """(cell value, number format) of a stored value: numbers stay numbers, 万元 with at least 2 places."""
    if value is None:
        return None, "0.00" if kind == DECIMAL else "General"
    if value is NA:
        return "/", "@"
    if kind == DECIMAL or isinstance(value, Decimal):
        d = Decimal(value)
        exponent = d.normalize().as_tuple().exponent
        places = max(2, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
        return d, "0." + "0" * places
    return value, "0"


def _validation(kind: str, ref: str, unit: str, script: str = HANS) -> DataValidation:
    if kind == DECIMAL:
        formula = f'OR({ref}="/",AND(ISNUMBER({ref}),{ref}>=0))'
        prompt = f"请填写不小于 0 的数（单位：{unit or '万元'}，可保留 2 位小数）；没有发生填 0，不适用填 /。"
        error = "本格只能填不小于 0 的数，或“/”。"
    else:
        formula = f'OR({ref}="/",AND(ISNUMBER({ref}),{ref}>=0,{ref}=INT({ref})))'
        prompt = f"请填写不小于 0 的整数{f'（单位：{unit}）' if unit else ''}；没有发生填 0，不适用填 /。"
        error = "本格只能填不小于 0 的整数，或“/”。"
    # "/" is a legal entry in these templates, so a plain whole/decimal rule would reject it: use a custom rule
    return DataValidation(type="custom", formula1=formula, allow_blank=True, showInputMessage=True,
                          showErrorMessage=True, promptTitle=word("填写说明", script), prompt=word(prompt, script),
                          errorTitle=word("输入错误", script), error=word(error, script), errorStyle="stop")


def _write_table(ws: Worksheet, doc: Document, table: Table, positions: dict[str, str], script: str) -> None:
    grid = build_grid(doc.template, table, script)
    n_cols = max(grid.n_cols, 3)
    widths = _column_widths(grid)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    t = doc.template
    r = 1

    def banner(text: str, size: float, bold: bool, align: str = "center", height: float = 0) -> None:
        nonlocal r
        ws.cell(r, 1, printable(text)).font = _font(bold, size)
        ws.cell(r, 1).alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if n_cols > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
        if height:
            ws.row_dimensions[r].height = height
        r += 1

    banner(t.title.get(script), 18, True, height=30)
    banner(f"（{doc.year}年度）", 12, False, height=20)
    name = doc.unit.name or "　" * 10
    banner(f"{word('填报单位（盖章）', script)}：{name}", 11, False, "left", height=20)
    if table.title.get(script):
        banner(table.title.get(script), 12, True, "left", height=20)
    top = r
    for gc in grid.cells:
        row, col = top + gc.row, 1 + gc.col
        cell = ws.cell(row, col)
        if gc.role == layout.VALUE and gc.cell_id:
            spec = t.cells[gc.cell_id]
            value = doc.value(gc.cell_id)
            cell.value, cell.number_format = value_cell_format(value, spec.type)
            centre = value is NA or gc.colspan > 1  # a value spanning the row reads best centred, as on paper
            cell.alignment = Alignment(horizontal="center" if centre else "right", vertical="center")
            cell.font = _font()
            positions[gc.cell_id] = f"{quote_sheetname(ws.title)}!{cell.coordinate}"
            ws.add_data_validation(dv := _validation(spec.type, cell.coordinate, spec.unit.hans if spec.unit else "",
                                                     script))
            dv.add(cell.coordinate)
        else:
            if gc.text:
                cell.value = printable(gc.text)
            bold = gc.role in (layout.HEADER, layout.COLHEADER, layout.SECTION, layout.CAPTION, layout.GROUP)
            cell.font = _font(bold)
            if gc.role in (layout.LABEL, layout.SECTION, layout.HEADING):
                cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True,
                                           indent=gc.level if grid.label_cols <= 1 else 0)
            elif gc.role == layout.NOTE:
                cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            else:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if gc.role in (layout.HEADER, layout.COLHEADER, layout.NOTE):
                cell.fill = HEADER_FILL
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + gc.rowspan - 1,
                           end_column=col + gc.colspan - 1)
        # every cell of a merged range gets the full border (after merging, which restyles only the edges),
        # or some viewers draw only part of it
        for dr in range(gc.rowspan):
            for dc in range(gc.colspan):
                ws.cell(row + dr, col + dc).border = BORDER
    for gr in range(grid.n_rows):
        ws.row_dimensions[top + gr].height = _row_height(grid, gr, widths)
    r = top + grid.n_rows
    for note in table.notes:
        banner(note.get(script), 10, False, "left")
    fields = [f"{word(label, script)}：{printable(doc.unit.get(key)) or '　' * 4}" for key, label in UNIT_FIELDS[1:]]
    if doc.unit.level:
        fields.append(f"{word(LEVEL_WORD, script)}：{word(doc.unit.level_label, script)}")
    r += 1
    room = sum(widths)
    line = ""
    for f in fields:  # as many sign-off fields per line as the table is wide, so none breaks in the middle
        if line and text_width(line + "　　" + f) > room:
            banner(line, 11, False, "left", height=22)
            line = f
        else:
            line = f"{line}　　{f}" if line else f
    banner(line, 11, False, "left", height=22)
    _page_setup(ws, doc, grid, top)


def _column_widths(grid: Grid) -> list[float]:
    widths = [0.0] * grid.n_cols
    first_value = grid.label_cols + (1 if grid.table.unit_column else 0)
    for gc in grid.cells:
        if gc.colspan != 1 or not gc.text:
            continue
        w = float(text_width(gc.text) + 2)
        if gc.role == layout.GROUP and gc.rowspan > 3:
            w = min(w, 10)  # a tall group cell wraps into a narrow column, as on the paper form
        widths[gc.col] = max(widths[gc.col], w)
    out = []
    for c, w in enumerate(widths):
        if c < grid.label_cols:
            lo, hi = 8, (56 if grid.label_cols <= 1 else 34)
        elif c < first_value:
            lo, hi = 7, 10
        else:
            lo, hi = 10, 16
        out.append(float(min(max(w, lo), hi)))
    if grid.label_cols == 0 and not any(out):
        out = [10.0] * grid.n_cols
    return out


def _row_height(grid: Grid, gr: int, widths: list[float]) -> float:
    lines = 1
    for gc in grid.cells:
        if gc.row != gr or gc.rowspan != 1 or not gc.text:
            continue
        room = sum(widths[gc.col:gc.col + gc.colspan]) - 1 - (gc.level if grid.label_cols <= 1 else 0)
        lines = max(lines, math.ceil(text_width(gc.text) / max(room, 4)))
    return 15.0 * lines + 5


def _page_setup(ws: Worksheet, doc: Document, grid: Grid, top: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = doc.template.orientation == "landscape" and grid.n_cols > 4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # one page wide, as many pages tall as needed
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.4, footer=0.4)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = word("第 &P 页，共 &N 页", grid.script)
    ws.oddFooter.center.font = FONT_NAME
    if grid.header_rows:
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
    ws.print_area = f"A1:{get_column_letter(max(grid.n_cols, 3))}{ws.max_row}"
    ws.sheet_view.showGridLines = False


def _write_problems(ws: Worksheet, doc: Document, positions: dict[str, str], script: str = HANS) -> None:
    report = check_document(doc)
    checker = checker_for(doc.template)
    counts = word(f"校验结果：{report.counts_text()}", script)
    ws.append([f"{doc.template.title.get(script)}（{doc.year}年度）{counts}"])
    ws.cell(1, 1).font = _font(True, 12)
    ws.merge_cells("A1:F1")
    ws.append([word(h, script) for h in ("序号", "类别", "规则", "涉及单元格", "说明", "理由说明")])
    for c in ws[2]:
        c.font, c.fill, c.border = _font(True), HEADER_FILL, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center")
    rows: list[tuple[str, Any]] = [("错误", f) for f in report.errors] + [("警告", f) for f in report.warnings]
    rows += [("已说明理由", f) for f in report.justified] + [("未填", f) for f in report.blanks]
    for n, (kind, f) in enumerate(rows, 1):
        where = "、".join(f"{checker.label(c)}（{positions[c].split('!')[-1]}）" if c in positions
                         else checker.label(c) for c in f.cells[:6])
        reason = ""
        if f.severity == "warning":
            state = justification_state(doc, f)
            if state != "none":
                j = doc.justifications[f.key].reason
                reason = j if state == "valid" else f"{word('（数字已改动，理由需重新确认）', script)}{j}"
        # the clerk's reason stays as written; our words and the rule's message follow the export's script
        ws.append([n, word(kind, script), f.rule, printable(word(where, script)), printable(word(f.message, script)),
                   printable(reason)])
    if not rows:
        ws.append(["", "", "", "", word("全部校验通过。", script), ""])
    widths = (5, 10, 7, 22, 46, 28)
    for col, w in zip("ABCDEF", widths, strict=True):
        ws.column_dimensions[col].width = w
    for row in ws.iter_rows(min_row=3):
        lines = 1
        for c, w in zip(row, widths, strict=False):
            c.font, c.border = _font(), BORDER
            c.alignment = Alignment(vertical="top", wrap_text=True)
            lines = max(lines, math.ceil(text_width(str(c.value or "")) / (w - 1)))
        # viewers do not grow wrapped rows by themselves (LibreOffice overlapped them), so size them here
        ws.row_dimensions[row[0].row].height = 15.0 * lines + 3
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _write_meta(wb: Workbook, doc: Document, positions: dict[str, str]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"  # not offered under 取消隐藏, so clerks do not edit it by accident
    ws.append([META_MARK, META_VERSION, "本工作表由政府信息公开统计表工具生成，用于原样导回，请勿修改。"])
    ws.append(["positions", json.dumps(positions, ensure_ascii=True)])
    # ensure_ascii escapes control characters that an xlsx cell cannot hold, so the text round-trips exactly
    text = json.dumps(to_dict(doc), ensure_ascii=True)
    for i in range(0, len(text), CHUNK):
        ws.append(["document", text[i:i + CHUNK]])
    wb.defined_names[META_MARK] = DefinedName(META_MARK, attr_text=f"{quote_sheetname(META_SHEET)}!$A$1",
                                              hidden=True)


def build_workbook(doc: Document, script: str = HANS) -> Workbook:
    """The form and its problems sheet in Simplified (default) or Traditional script."""
    doc = writable(doc)
    wb = Workbook()
    wb.remove(wb.active)
    positions: dict[str, str] = {}
    for i, table in enumerate(doc.template.tables):
        ws = wb.create_sheet(sheet_title(table, i, script))
        _write_table(ws, doc, table, positions, script)
    _write_problems(wb.create_sheet(word(PROBLEM_SHEET, script)), doc, positions, script)
    _write_meta(wb, doc, positions)
    wb.active = 0
    wb.properties.title = f"{doc.template.title.get(script)}（{doc.year}年度）"
    wb.properties.creator = "政府信息公开统计表工具"
    wb.properties.subject = doc.template.id
    wb.properties.keywords = f"{doc.template.id};{doc.template.version};{doc.year}"
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as an .xlsx file, every text written as text.

    openpyxl stores any string starting with "=" as a formula; this tool never writes one, but a reason, a
    填报单位 or a unit's name from a file another office sent in may start with "=" (`=HYPERLINK(...)`). Each such
    cell is turned back into a string here, the one place every workbook the tool writes goes through."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_bytes(doc: Document, script: str = HANS) -> bytes:
    return workbook_bytes(build_workbook(doc, script))


def export_document(doc: Document, path: str | Path, script: str = HANS) -> None:
    """Write the workbook atomically; raises DocumentError (Chinese) and leaves any old file intact."""
    write_file(path, to_bytes(doc, script), "导出")
