"""The reviewer's sheet of many reports (model/collect/review.py) as a workbook: one row per report, frozen
header, filters, widths to read, the reports to look at first in red. No Qt."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from model.collect.review import FINAL, UNREADABLE, Reviewed
from model.exchange.xlsx_export import workbook_bytes

COLUMNS: list[tuple[str, str, int]] = [  # (heading, field, width)
    ("文件", "file", 30), ("填报单位", "unit", 26), ("年度", "year", 7), ("表格式", "form", 30), ("状态", "status", 8),
    ("错误", "errors", 6), ("其中正文与表不符", "text_mismatches", 10), ("警告", "warnings", 6), ("未填", "blanks", 6),
    ("正文数字已核对", "checked", 9), ("正文数字无法核对", "unchecked", 9), ("与上年相同段落", "copied", 9),
    ("上年报告", "previous_file", 24), ("导入问题", "import_problems", 8), ("说明", "message", 60),
    ("错误和警告", "findings", 80),
]
_ALERT = PatternFill("solid", fgColor="F8D7DA")


def findings_bytes(rows: list[Reviewed], title: str = "报告审阅表") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append([c[0] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r in rows:
        values = []
        for _heading, name, _width in COLUMNS:
            v = getattr(r, name)
            values.append("\n".join(v) if isinstance(v, list) else ("" if v is None else v))
        ws.append(values)
        if r.status == UNREADABLE or r.errors or r.import_problems:
            for cell in ws[ws.max_row][:5]:
                cell.fill = _ALERT
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for k, (_h, _n, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = "B2"
    ws.page_setup.orientation = "landscape"  # printed for a meeting: all columns on the width of the page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"
    final = sum(1 for r in rows if r.status == FINAL)
    wb.properties.title = f"{title}：{len(rows)} 份，定稿 {final}"
    return workbook_bytes(wb)
