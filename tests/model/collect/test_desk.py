"""The collecting office's desk: files taken in from a watched folder with every version kept, the 校验码 of a
paper copy against the files, and the 催报 list as a workbook and a printed page."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from model.collect.chase import chase_rows, chase_workbook
from model.collect.intake import VERSIONS, pending, take_in, versions
from model.collect.paper_check import check_code, normalised
from model.collect.status import clear_cache, statuses
from model.exchange.store import DocumentError, load, save
from print.chase_pdf import chase_pdf
from tests.model.collect.county import make_county


def test_new_and_changed_files_are_taken_in_and_nothing_is_overwritten(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "县")
    usb = tmp_path / "U盘"
    usb.mkdir()
    late = load(next((tmp_path / "县").glob("03_*.json")))
    late.unit.name = "桃源乡"  # a missing unit's file arrives
    save(late, usb / "09_桃源乡.json")
    again = next((tmp_path / "县").glob("04_*.json"))
    shutil.copy(again, usb / again.name)  # the same file once more: not new
    changed = load(next((tmp_path / "县").glob("05_*.json")))
    changed.values["t2.xk"] = 77  # a unit corrected its file
    save(changed, usb / next((tmp_path / "县").glob("05_*.json")).name)
    assert sorted(p.name for p in pending(ws, usb)) == ["05_北坪乡.json", "09_桃源乡.json"]  # 新到 2 份
    before = (tmp_path / "县" / "05_北坪乡.json").read_bytes()
    taken = take_in(ws, usb, datetime(2027, 1, 8, 9, 30))
    assert [t.name for t in taken] == ["05_北坪乡.json", "09_桃源乡.json"]
    assert taken[0].replaced == "05_北坪乡.20270108-093000.json"
    assert (tmp_path / "县" / VERSIONS / taken[0].replaced).read_bytes() == before  # the earlier version kept
    assert load(tmp_path / "县" / "05_北坪乡.json").values["t2.xk"] == 77
    assert pending(ws, usb) == [] and [p.name for p in versions(ws)] == [taken[0].replaced]
    assert statuses(ws).counts()["未报"] == 1  # 桃源乡 came
    with pytest.raises(DocumentError, match="就是汇总工作区的文件夹"):
        take_in(ws, tmp_path / "县")


def test_a_paper_copys_code_agrees_or_says_which_file_it_is(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "县")
    table = statuses(ws)
    row = next(r for r in table.rows if r.name == "西河镇")
    code = row.file.code  # type: ignore[union-attr]
    typed = code.lower().replace("-", " ").replace("0", "O")  # as retyped from paper
    assert normalised(typed) == code
    assert check_code(ws, table, typed, "西河镇").ok
    other = check_code(ws, table, code, "南山乡")
    assert not other.ok and "这是“西河镇”的文件" in other.message
    # the unit changes its file after printing: the paper matches the kept earlier version, not the file
    usb = tmp_path / "U盘"
    usb.mkdir()
    doc = load(row.file.path)  # type: ignore[union-attr]
    doc.values["t2.xk"] = 1
    save(doc, usb / row.file.path.name)  # type: ignore[union-attr]
    take_in(ws, usb)
    clear_cache()
    table = statuses(ws)
    old = check_code(ws, table, code, "西河镇")
    assert not old.ok and "较早的一份文件" in old.message and "现在的校验码" in old.message
    wrong = check_code(ws, table, "AAAA-BBBB-CCCC", "西河镇")
    assert not wrong.ok and "纸质件上至少有一个数字与文件不同" in wrong.message
    assert "不是校验码" in check_code(ws, table, "12345").message


def test_the_chase_list_names_the_missing_first_then_the_drafts_with_whom_to_call(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "县")
    table = statuses(ws)
    rows = chase_rows(table)
    assert [r.name for r in rows] == ["桃源乡", "青山县卫健委", "东岭镇", "青山县公安局"]
    assert rows[1].contact == "联系人9号 0571-88000009" and rows[2].todo == "改正后重新报送：2 处错误"
    out = tmp_path / "催报.xlsx"
    out.write_bytes(chase_workbook(table, ws.office, ws.year))
    sheet = list(load_workbook(out).active.iter_rows(values_only=True))
    assert sheet[0][0] == "青山县人民政府办公室2023年度政府信息公开工作年度报告催报清单"
    assert sheet[1][0] == "应报 20、已报 18、定稿 16、未报 2、待确认 1"
    assert [r[1] for r in sheet[3:]] == ["桃源乡", "青山县卫健委", "东岭镇", "青山县公安局"]
    pdf = pdfium.PdfDocument(chase_pdf(table, ws.office, ws.year))
    text = pdf[0].get_textpage().get_text_bounded()
    assert "催报清单" in text and "青山县卫健委" in text and "0571-88000009" in text and "2 处错误" in text
    assert pdf[0].get_size()[0] > pdf[0].get_size()[1]  # landscape
