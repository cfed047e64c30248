"""Clerks' workbooks: imports say what they assumed and never guess silently (years, sheets, 上年 columns,
numbering, units, unknown headers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from model.exchange.store import load
from model.exchange.xlsx_import import read_document
from tests.conftest import SEED_EXAMPLE
from tests.model.exchange.test_xlsx_import import seed_table

SEED = load(SEED_EXAMPLE)


def workbook(path: Path, sheets: list[tuple[str, list[str], list[tuple[str, ...]]]]) -> Path:
    """Sheets of (title, lines above the table, rows of cells starting at column B)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, lines, rows in sheets:
        ws = wb.create_sheet(title)
        r = 1
        for line in lines:
            ws.cell(r, 2, line)
            r += 1
        r += 1
        for row in rows:
            for k, v in enumerate(row):
                if v != "":
                    ws.cell(r, 2 + k, int(v) if isinstance(v, str) and v.isdigit() else v)
            r += 1
    wb.save(path)
    return path


def seed_rows(extra: tuple[str, ...] = (), value=lambda v: v) -> list[tuple[str, ...]]:
    return [("统计指标", "单位", "统计数", *extra)] + [(label, unit, value(v)) for label, unit, v in seed_table()]


TITLE = ["政府信息公开情况统计表", "（2015年度）", "填报单位：连云港市海州区人民政府"]


def messages(result) -> list[str]:
    return [p.text() for p in result.problems]


def test_a_fill_in_date_is_never_taken_for_the_report_year(tmp_path: Path) -> None:
    lines = ["政府信息公开情况统计表", "填报单位：连云港市海州区人民政府", "填报时间：2016年1月10日"]
    result = read_document(workbook(tmp_path / "d.xlsx", [("表", lines, seed_rows())]))
    assert not result.year_known and not result.complete
    assert any(m.startswith("没有找到报告年度") and "--year" in m for m in messages(result))
    lines[2] = "2016年1月20日报出"
    assert not read_document(workbook(tmp_path / "e.xlsx", [("表", lines, seed_rows())])).year_known


@pytest.mark.parametrize("line", ["（2015年度）", "(2015年)", "海州区2015年政府信息公开情况统计表", "2015年度"])
def test_a_year_line_or_a_title_naming_the_year_is_read(tmp_path: Path, line: str) -> None:
    lines = ["政府信息公开情况统计表", line, "报出日期：2016年1月20日"]
    result = read_document(workbook(tmp_path / "y.xlsx", [("表", lines, seed_rows())]))
    assert result.document.year == 2015 and result.year_known and result.year_source.startswith("表!B")


def test_sheets_of_two_years_are_never_mixed_and_the_import_says_which(tmp_path: Path) -> None:
    older = seed_rows(value=lambda v: "1" if v.isdigit() else v)
    path = workbook(tmp_path / "two.xlsx", [
        ("2014", ["政府信息公开情况统计表", "（2014年度）"], older),
        ("2015", TITLE, seed_rows()),
    ])
    result = read_document(path)
    assert result.document.year == 2015 and result.document.values == SEED.values
    note = next(m for m in messages(result) if "个年度的统计表" in m)
    assert "已导入“2015”（2015年度）" in note and "“2014”（2014）" in note
    other = read_document(path, sheet="2014")  # the window asks; the model takes the sheet named
    assert other.document.year == 2014 and other.document.value("A1") == 1


def test_a_last_year_column_beside_the_figures_is_left_out_with_one_note(tmp_path: Path) -> None:
    rows = [(*r, "7" if r[2].isdigit() else "") for r in seed_rows(("上年数",))[1:]]
    result = read_document(workbook(tmp_path / "p.xlsx", [("表", TITLE, [seed_rows(("上年数",))[0], *rows])]))
    assert result.document.values == SEED.values
    assert result.complete, messages(result)
    notes = [m for m in messages(result) if "上年的数" in m]
    assert len(notes) == 1 and notes[0].startswith("表!E 列：“上年数”列是上年的数")


def test_circled_numbering_matches(tmp_path: Path) -> None:
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    numbering = "(（一二三四五六七八九十)）、.﹒0123456789"
    rows = [(f"{circled[i % 10]}{label.lstrip(numbering)}" if "﹒" in label else label, unit, v)
            for i, (label, unit, v) in enumerate(seed_table())]
    result = read_document(workbook(tmp_path / "c.xlsx", [("表", TITLE, [seed_rows()[0], *rows])]))
    assert result.document.values == SEED.values, messages(result)


def test_a_value_with_its_rows_unit_is_read_with_a_note_another_unit_is_refused(tmp_path: Path) -> None:
    def with_units(label: str, unit: str, v: str) -> tuple[str, ...]:
        if "解讀稿件" in label:
            return (label, unit, "38篇")
        if "接受培訓人員數" in label:
            return (label, unit, "80件")
        return (label, unit, v)

    rows = [with_units(*r) for r in seed_table()]
    result = read_document(workbook(tmp_path / "u.xlsx", [("表", TITLE, [seed_rows()[0], *rows])]))
    assert result.document.value("B2c") == 38
    assert "I3" not in result.document.values
    texts = messages(result)
    assert any("“38篇”带有单位“篇”，已读作 38。" in m for m in texts)
    assert any("“80件”带有单位“件”，本项的单位是“人次”，未导入" in m for m in texts)


def test_an_unknown_column_header_is_reported_once_naming_it(tmp_path: Path) -> None:
    header = seed_rows(("备用数",))[0]
    rows = [(*r, "3" if r[2].isdigit() else "") for r in seed_rows()[1:]]
    result = read_document(workbook(tmp_path / "x.xlsx", [("表", TITLE, [header, *rows])]))
    assert result.document.values == SEED.values
    about = [m for m in messages(result) if "备用数" in m or "E" in m.split("：")[0]]
    assert len(about) == 1, about
    assert "列标题“备用数”不是本表的列（应为：项目名称、单位、统计数）" in about[0] and "个数未导入" in about[0]


def test_the_units_level_goes_out_and_comes_back(tmp_path: Path) -> None:
    from model.exchange.xlsx_export import export_document

    doc = load(SEED_EXAMPLE)
    doc.unit.level = "county"
    out = tmp_path / "level.xlsx"
    export_document(doc, out)
    wb = openpyxl.load_workbook(out)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("行政层级：县级" in t for t in texts)
    assert read_document(out).document.unit.level == "county"  # own export: exactly
    for name in [n for n in wb.sheetnames if wb[n].sheet_state != "visible"]:
        del wb[name]
    bare = tmp_path / "bare.xlsx"
    wb.save(bare)
    assert read_document(bare).document.unit.level == "county"  # by label: the 行政层级 line
