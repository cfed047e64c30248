"""The exported workbook as a clerk (and Excel/WPS) sees it: layout of the form, formats, validation, print setup."""

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from model.core.document import Document, make_justification
from model.core.layout import build_grid
from model.core.rules import checker_for
from model.core.values import NA
from model.exchange.store import DocumentError, load
from model.exchange.xlsx_export import export_document
from tests.conftest import ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
EXAMPLE_2021 = ROOT / "resources" / "examples" / "example-2021.json"


def exported(doc: Document, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "out.xlsx"
    export_document(doc, path)
    return openpyxl.load_workbook(path)


def row_of(ws: Worksheet, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) for c in range(1, 4) if ws.cell(r, c).value == label)


def test_seed_sheet_reads_like_the_form(tmp_path: Path) -> None:
    doc = load(SEED_EXAMPLE)
    doc.values["B1"] = NA
    doc.values.pop("B2e")
    wb = exported(doc, tmp_path)
    assert wb.sheetnames[:2] == ["统计表", "问题与说明"]
    ws = wb["统计表"]
    assert ws["A1"].value == "政府信息公开情况统计表" and ws["A1"].font.name == "宋体" and ws["A1"].font.b
    assert ws["A2"].value == "（2015年度）"
    assert ws["A3"].value == "填报单位（盖章）：连云港市海州区人民政府"
    head = row_of(ws, "统计指标")
    assert [ws.cell(head, c).value for c in (1, 2, 3)] == ["统计指标", "单位", "统计数"]
    r = row_of(ws, "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）")
    assert [ws.cell(r, c).value for c in (2, 3)] == ["条", 8547]
    assert ws.cell(r, 3).number_format == "0"
    g = row_of(ws, "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）")
    assert ws.cell(g, 3).value == 2 and ws.cell(g, 3).number_format == "0.00" and ws.cell(g, 2).value == "万元"
    assert ws.cell(row_of(ws, "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）"), 3).value == "/"
    assert ws.cell(row_of(ws, "5.其他方式回应事件数"), 3).value is None  # blank stays blank, not 0
    assert ws.cell(row_of(ws, "一、主动公开情况"), 3).value is None
    assert all(ws.cell(r, c).font.name == "宋体" for r in range(head, row_of(ws, "（三）接受培训人员数") + 1)
               for c in (1, 2, 3))
    assert ws.column_dimensions["A"].width >= 40 and ws.column_dimensions["C"].width >= 10
    assert ws.cell(r, 1).alignment.wrap_text
    last = row_of(ws, "（三）接受培训人员数")
    assert all(ws.cell(r, c).border.left.style == "thin" for r in range(head, last + 1) for c in (1, 2, 3))
    assert "单位负责人：" in ws.cell(last + 2, 1).value and "审核人：" in ws.cell(last + 2, 1).value


def test_page_setup_a4_fit_to_width_header_repeated(tmp_path: Path) -> None:
    ws = exported(load(SEED_EXAMPLE), tmp_path)["统计表"]
    head = row_of(ws, "统计指标")
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${head}:${head}"
    assert "第 &P 页" in ws.oddFooter.center.text


def test_value_cells_validate_with_chinese_messages(tmp_path: Path) -> None:
    ws = exported(load(SEED_EXAMPLE), tmp_path)["统计表"]
    by_cell = {str(r): dv for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    c = f"C{row_of(ws, '（一）收到申请数')}"
    g = f"C{row_of(ws, '七、依申请公开信息收取的费用')}"
    assert len(by_cell) == 58
    assert "INT(" in by_cell[c].formula1 and ">=0" in by_cell[c].formula1 and '"/"' in by_cell[c].formula1
    assert "不小于 0 的整数（单位：件）" in by_cell[c].prompt and by_cell[c].showInputMessage
    assert by_cell[c].errorTitle == "输入错误" and by_cell[c].showErrorMessage
    assert "INT(" not in by_cell[g].formula1 and "万元" in by_cell[g].prompt


def test_2021_headers_merged_with_borders_on_every_covered_cell(tmp_path: Path) -> None:
    doc = load(EXAMPLE_2021)
    wb = exported(doc, tmp_path)
    # read-only mode reports each cell's own style (normal mode rebuilds covered cells from the anchor)
    raw = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)["三、收到和处理政府信息公开申请情况"]
    styled = {(c.row, c.column): c.border for row in raw.iter_rows() for c in row if hasattr(c, "row")}
    assert wb.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                             "四、政府信息公开行政复议、行政诉讼情况", "问题与说明", "_meta"]
    ws = wb["三、收到和处理政府信息公开申请情况"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    grid = build_grid(doc.template, doc.template.table("t3"))
    top = row_of(ws, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    for span in grid.spans():
        start = ws.cell(top + span.row, 1 + span.col)
        end = ws.cell(top + span.row + span.rowspan - 1, span.col + span.colspan)
        assert f"{start.coordinate}:{end.coordinate}" in merged
        for rr in range(start.row, end.row + 1):
            for cc in range(start.column, end.column + 1):
                b = styled[(rr, cc)]
                assert (b.left.style, b.right.style, b.top.style, b.bottom.style) == ("thin",) * 4
    assert ws.cell(top, 4).value == "申请人情况" and ws.cell(top + 1, 5).value == "法人或其他组织"
    assert ws.print_title_rows == f"${top}:${top + 2}"
    assert ws.page_setup.orientation == "landscape"
    t4 = wb["四、政府信息公开行政复议、行政诉讼情况"]
    h = row_of(t4, "行政复议")
    assert f"A{h}:E{h}" in {str(m) for m in t4.merged_cells.ranges}
    fees = wb["二、主动公开政府信息情况"]
    r = row_of(fees, "行政事业性收费")
    assert fees.cell(r, 2).value == 125.6 and fees.cell(r, 2).number_format == "0.00"
    assert f"B{r}:D{r}" in {str(m) for m in fees.merged_cells.ranges}


def test_problem_sheet_lists_open_findings_and_justifications(tmp_path: Path) -> None:
    doc = load(SEED_EXAMPLE)
    doc.values["C1c"] = 3
    doc.values["A1a"] = 20  # more published normative documents than made: warning R14
    doc.values.pop("I3")
    rows = [[c.value for c in r] for r in exported(doc, tmp_path)["问题与说明"].iter_rows(min_row=3)]
    assert any(r[1] == "错误" and r[2] == "R01" and "收到申请数 5 ≠" in r[4] for r in rows)
    assert any(r[1] == "警告" and r[2] == "R14" and r[5] is None for r in rows)
    assert any(r[1] == "未填" and "接受培训人员数" in r[3] for r in rows)
    (w,) = [f for f in checker_for(doc.template).check(doc.values).values() if f.rule == "R14"]
    reason = "本年度转发上级规范性文件二十件，已核实无误"
    doc.justifications[w.key] = make_justification(doc, w, reason)
    ws = exported(doc, tmp_path)["问题与说明"]
    assert "错误 1 · 警告 0 · 未填 1" in ws["A1"].value
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert any(r[1] == "已说明理由" and r[2] == "R14" and r[5] == reason for r in rows)


def test_metadata_sheet_is_very_hidden(tmp_path: Path) -> None:
    wb = exported(load(SEED_EXAMPLE), tmp_path)
    assert wb["_meta"].sheet_state == "veryHidden"
    assert wb.active.title == "统计表"


def test_control_characters_do_not_break_the_export(tmp_path: Path) -> None:
    doc = load(SEED_EXAMPLE)
    doc.unit.name = "海州区\x0b人民政府"
    ws = exported(doc, tmp_path)["统计表"]
    # Word's manual line break (as it pastes) is a break; in a one-line field a space
    assert ws["A3"].value == "填报单位（盖章）：海州区 人民政府"


def test_unwritable_target_leaves_old_file_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.xlsx"
    with pytest.raises(DocumentError, match="不存在"):
        export_document(load(SEED_EXAMPLE), target)


def test_traditional_export_reads_like_the_seed_and_round_trips(tmp_path: Path) -> None:
    from model.exchange.xlsx_import import read_document

    seed = load(SEED_EXAMPLE)
    path = tmp_path / "繁體.xlsx"
    export_document(seed, path, "hant")
    ws = openpyxl.load_workbook(path)["統計表"]
    assert ws["A3"].value == "填報單位（蓋章）：连云港市海州区人民政府"  # the clerk's own text is kept as typed
    r = row_of(ws, "(一)主動公開政府信息數 (不同渠道和方式公開相同信息計1條)")
    assert ws.cell(r, 3).value == 8547
    result = read_document(path)
    assert result.own_export and result.problems == [] and result.document.values == seed.values
