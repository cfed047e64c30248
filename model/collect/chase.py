"""The 催报 list: the units still to chase (not reported, drafts, files that could not be read or imported with
problems), with what is wrong and whom to call, as the clerk prints it or sends it round as a workbook. No Qt."""

from __future__ import annotations

from dataclasses import dataclass

from model.collect.review import FINAL
from model.collect.status import MISSING, StatusTable

HEADINGS = ("序号", "单位", "行政层级", "上级单位", "情况", "需要做的", "联系人和电话")


@dataclass(frozen=True)
class ChaseRow:
    name: str
    level: str
    parent: str
    state: str
    todo: str
    contact: str


def chase_rows(table: StatusTable) -> list[ChaseRow]:
    """The missing first, then the rest not final, in roster order within each."""
    from model.core.template_types import LEVEL_LABELS

    out = []
    for wanted in (True, False):
        for r in table.expected():
            if r.state == FINAL or (r.state == MISSING) != wanted:
                continue
            assert r.unit is not None
            todo = "报送本年度报告（PDF 或统计表文件）" if r.state == MISSING else \
                f"改正后重新报送：{r.detail}" if r.detail else "改正后重新报送定稿"
            out.append(ChaseRow(r.unit.name, LEVEL_LABELS.get(r.unit.level, ""), r.unit.parent,
                                r.state if r.state == MISSING else f"{r.state}（{r.file.path.name}）" if r.file
                                else r.state, todo, r.unit.contact))
    return out


def chase_title(office: str, year: int | None) -> str:
    return f"{office or '汇总单位'}{f'{year}年度' if year else ''}政府信息公开工作年度报告催报清单"


def chase_workbook(table: StatusTable, office: str, year: int | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from model.exchange.xlsx_export import workbook_bytes

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "催报清单"
    ws.append([chase_title(office, year)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([table.counts_text()])
    ws.append(list(HEADINGS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    line = Side(style="thin")
    box = Border(left=line, right=line, top=line, bottom=line)  # printed as a ruled list
    for cell in ws[3]:
        cell.border = box
    for k, row in enumerate(chase_rows(table), start=1):
        ws.append([k, row.name, row.level, row.parent, row.state, row.todo, row.contact])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = box
    for col, width in zip("ABCDEFG", (6, 24, 12, 16, 22, 46, 24), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return workbook_bytes(wb)
