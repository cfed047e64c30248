"""Importing workbooks: our own export exactly, and clerks' own tables matched by label with every doubt reported."""

import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.core.clean import writable
from model.core.document import Document, Justification, UnitInfo, new_document
from model.core.templates import get_template
from model.core.values import NA
from model.exchange.files import import_document, open_document
from model.exchange.store import DocumentError, load
from model.exchange.xlsx_export import export_document, to_bytes
from model.exchange.xlsx_import import read_document
from tests.conftest import DATA, ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
SEED_TEXT = DATA / "seed_haizhou_2015.txt"


def seed_table() -> list[tuple[str, str, str]]:
    """(label, unit, value) rows exactly as printed at the end of the seed report (Traditional script)."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    start = lines.index("政府信息公開情況統計表")
    cells = [ln.rstrip().removesuffix("|").strip() for ln in lines[start + 2:] if ln.strip()]
    return [tuple(cells[i:i + 3]) for i in range(0, len(cells) - 2, 3)]  # type: ignore[misc]


def seed_like_workbook(path: Path, rows: list[tuple[str, str, str]] | None = None, offset: int = 4) -> Path:
    """A clerk's own workbook: notes sheet first, the table in the second sheet below a title, seed's labels."""
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "說明"
    notes["A1"] = "本工作簿由辦公室整理，數據來源：各科室報送。"
    notes["A2"] = "報出日期：2016年1月20日"  # a later year before the title must not be taken for the report year
    notes["B3"] = 2016  # a stray number outside any table: not a statistic, reported as such
    ws = wb.create_sheet("統計表")
    r = offset
    ws.cell(r, 2, "政府信息公開情況統計表")
    ws.cell(r + 1, 2, "(2015年度)")
    ws.cell(r + 2, 2, "填報單位：連雲港市海州區人民政府")
    r += 4
    for label, unit, value in rows if rows is not None else seed_table():
        ws.cell(r, 2, label)
        ws.cell(r, 3, unit or None)
        if value:
            ws.cell(r, 4, int(value) if value.isdigit() else value)
        r += 1
    wb.save(path)
    return path


def test_seed_like_traditional_workbook_gives_exactly_the_seed_values(tmp_path: Path) -> None:
    result = read_document(seed_like_workbook(tmp_path / "海州區統計表.xlsx"))
    seed = load(SEED_EXAMPLE)
    assert result.document.template.id == "gov2015"
    assert result.document.values == seed.values
    assert result.document.year == 2015
    assert result.document.unit.name == "連雲港市海州區人民政府"
    assert result.document.unit.date == "2016年1月20日"
    # the only remark is the stray 2016 on the notes sheet; nothing about the table itself
    assert [p.text() for p in result.errors()] == [
        "說明!B3：这一行有数（2016）但没有项目名称，无法确定是哪一项，未导入。"
    ]


def test_numbering_styles_widths_and_scripts_all_match(tmp_path: Path) -> None:
    rows = seed_table()
    variants = []
    for i, (label, unit, value) in enumerate(rows):
        s = label.replace("﹒", ["．", "、", ". ", "."][i % 4]) if "﹒" in label else label
        if s.startswith("("):
            s = ("（" + s[1:]).replace(")", "）", 1) if i % 2 else " " + s
        variants.append((s, unit, f"　{value}　" if value and i % 3 == 0 else value))
    result = read_document(seed_like_workbook(tmp_path / "v.xlsx", variants, offset=1))
    assert result.document.values == load(SEED_EXAMPLE).values


def test_repeated_labels_need_their_section(tmp_path: Path) -> None:
    rows = seed_table()
    # without the 四、/五、 rows and their first items, "(二)被依法糾錯數" could be either; report, never guess
    cut = [r for r in rows if not r[0].startswith(("四、", "五、", "(一)維持"))]
    result = read_document(seed_like_workbook(tmp_path / "cut.xlsx", cut))
    msgs = [p.text() for p in result.errors()]
    assert any(m.startswith("統計表!B") and "被依法糾錯數" in m and "无法从上下文确定" in m for m in msgs)
    assert "D2" not in result.document.values and "E2" not in result.document.values
    assert not result.complete
    with pytest.raises(DocumentError, match="没有完整导入"):
        open_document(tmp_path / "cut.xlsx")


def test_unreadable_unmatched_and_formula_cells_are_reported_with_address(tmp_path: Path) -> None:
    rows = seed_table()
    rows = [(lab, u, {"8547": "八千", "17": "=10+7"}.get(v, v)) for lab, u, v in rows]
    rows.insert(3, ("(三)網上公開數", "條", "12"))
    path = seed_like_workbook(tmp_path / "bad.xlsx", rows, offset=1)
    result = read_document(path)
    msgs = [p.text() for p in result.problems]
    assert "統計表!D7：值无法读取：'八千' 不是数字" in msgs
    assert "統計表!B8：“(三)網上公開數”不是本表的统计项（政府信息公开情况统计表（国办发〔2014〕32号，2015年式）），" \
           "这一行的数未导入。" in msgs
    for where in ("D9", "D10"):
        assert f"統計表!{where}：是公式，但文件里没有保存计算结果。请在 Excel/WPS 中打开并保存后再导入。" in msgs
    assert "A1" not in result.document.values and not result.complete


def test_formula_with_cached_value_is_used_and_said(tmp_path: Path) -> None:
    rows = [(lab, u, "=10+7" if lab.startswith("制發") else v) for lab, u, v in seed_table()]
    path = seed_like_workbook(tmp_path / "f.xlsx", rows, offset=1)
    # what Excel/WPS write after calculating: the formula and its cached result
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = re.sub(rb"<f>10\+7</f><v\s*/?>(</v>)?", b"<f>10+7</f><v>17</v>", parts[sheet])
    with zipfile.ZipFile(path, "w") as zout:
        for n, data in parts.items():
            zout.writestr(n, data)
    result = read_document(path)
    assert result.document.values == load(SEED_EXAMPLE).values
    assert [p.where for p in result.errors()] == ["說明!B3"]  # only the stray number on the notes sheet
    notes = [p.text() for p in result.problems if p.severity == "note"]
    assert notes == ["統計表!D9：是公式，已使用 Excel/WPS 保存的计算结果 17。"]


def test_yuan_instead_of_wanyuan_is_refused_for_that_row(tmp_path: Path) -> None:
    rows = [(lab, "元" if lab.startswith("七、") else u, "350" if lab.startswith("七、") else v)
            for lab, u, v in seed_table()]
    result = read_document(seed_like_workbook(tmp_path / "yuan.xlsx", rows))
    assert "G" not in result.document.values
    assert any("单位是“元”" in p.message and "万元" in p.message for p in result.errors())


# ---------------------------------------------------------------- round trips of our own export


def _unit_text() -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    template = get_template(draw(st.sampled_from(["gov2015", "gov2021"])))
    doc = new_document(template, draw(st.integers(2008, 2100)))
    doc.unit = UnitInfo(*(draw(_unit_text()) for _ in range(6)))
    for cid, cell in template.cells.items():
        kind = draw(st.sampled_from(["blank", "num", "num", "na"]))
        if kind == "na":
            doc.values[cid] = NA
        elif kind == "num" and cell.type == "integer":
            doc.values[cid] = draw(st.integers(0, 10**12))
        elif kind == "num":
            d = Decimal(draw(st.integers(0, 10**10))).scaleb(-draw(st.integers(0, 4)))
            doc.values[cid] = d.normalize() if d != d.to_integral_value() else Decimal(int(d))
    for i in range(draw(st.integers(0, 2))):
        doc.justifications[f"W{i}"] = Justification(draw(_unit_text()), (("A1", 3), ("G", "1.5"), ("B1", None)))
    return doc


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_own_export_round_trips_exactly(doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "rt.xlsx"
    path.write_bytes(to_bytes(doc))
    result = read_document(path)
    got = result.document
    assert result.own_export and result.problems == []
    assert got.template.id == doc.template.id and got.year == doc.year
    written = writable(doc)  # as every writer writes it: no control or invisible characters (model/core/clean.py)
    assert got.unit == written.unit
    assert got.values == doc.values
    assert got.justifications == written.justifications


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_export_without_its_metadata_is_matched_back_by_label(doc: Document, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(doc)))
    del wb["_meta"]  # what a clerk's copy-paste into a fresh workbook amounts to
    path = tmp_path / "labels.xlsx"
    wb.save(path)
    result = read_document(path)
    assert not result.own_export and [p.text() for p in result.errors()] == []
    assert result.document.template.id == doc.template.id and result.document.year == doc.year
    assert result.document.values == doc.values


def test_traditional_unit_lines_are_read_without_their_labels(tmp_path: Path) -> None:
    doc = load(ROOT / "resources" / "examples" / "example-2021.json")
    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(doc, "hant")))
    del wb["_meta"]  # a clerk's copy of a Traditional export: 填報單位（蓋章）：…, 聯繫電話：…
    path = tmp_path / "繁體.xlsx"
    wb.save(path)
    unit = read_document(path).document.unit
    assert unit == doc.unit


def test_example_2021_round_trips(tmp_path: Path) -> None:
    example = ROOT / "resources" / "examples" / "example-2021.json"
    doc = load(example)
    export_document(doc, tmp_path / "e.xlsx")
    got = read_document(tmp_path / "e.xlsx").document
    assert got.values == doc.values and got.unit == doc.unit and got.year == doc.year


def test_own_export_keeps_sections_it_does_not_know(tmp_path: Path) -> None:
    doc = load(SEED_EXAMPLE)
    doc.extra["aggregate"] = {"office": "某区", "units": [{"name": "甲局", "values": [1, None]}]}  # 汇总 provenance
    export_document(doc, tmp_path / "e.xlsx")
    assert read_document(tmp_path / "e.xlsx").document.extra == doc.extra


def test_edited_own_export_keeps_the_edit_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    export_document(load(SEED_EXAMPLE), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["统计表"]
    row = next(r for r in range(1, 80) if ws.cell(r, 1).value == "3.网络申请数")
    ws.cell(row, 3).value = 3
    wb.save(path)
    result = read_document(path)
    assert result.document.values["C1c"] == 3 and result.complete
    assert [p.text() for p in result.problems] == [f"统计表!C{row}：导出后在表格中改过：原为“4”，现为“3”。"]


def test_own_export_with_inserted_rows_falls_back_to_labels(tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    seed = load(SEED_EXAMPLE)
    seed.unit.phone = "0518-85800000"
    export_document(seed, path)
    wb = openpyxl.load_workbook(path)
    wb["统计表"].insert_rows(10, 2)
    wb.save(path)
    result = read_document(path)
    assert result.document.values == seed.values and result.document.unit == seed.unit
    assert result.complete and any("按行名称匹配" in p.message for p in result.problems)


def test_clerk_2021_workbook_matched_by_row_and_column_labels(tmp_path: Path) -> None:
    doc = load(ROOT / "resources" / "examples" / "example-2021.json")
    t3 = doc.template.table("t3")
    order = ["zj", "qt", "zrr", "sy", "ky", "gy", "fl"]  # columns in another order than the form
    labels = {c.id: c.label.hans for c in t3.columns}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "2021年政府信息公开工作年度报告统计表"
    ws.append([])
    ws.append(["三、收到和处理政府信息公开申请情况"])
    ws.append(["", "", "", *[labels[c] for c in order]])
    for row in t3.rows:
        if row.kind == "data":
            label = row.label.hant if row.label.hant else row.label.hans
            ws.append([label, "", "", *[_xl(doc.values.get(f"{row.id}.{c}")) for c in order]])
        elif row.kind == "group":
            ws.append([row.label.hans])
    ws2 = wb.create_sheet("表二和表四")
    ws2.append(["二、主动公开政府信息情况"])
    ws2.append(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for rid in ("gz", "gf"):
        row_label = doc.template.table("t2").rows[[r.id for r in doc.template.table("t2").rows].index(f"t2.{rid}")]
        ws2.append([row_label.label.hans, *[_xl(doc.values.get(f"t2.{rid}.{c}")) for c in ("zf", "fz", "yx")]])
    ws2.append(["信息内容", "本年处理决定数量"])
    for rid, label in (("xk", "行政许可"), ("cf", "行政处罚"), ("qz", "行政强制")):
        ws2.append([label, _xl(doc.values.get(f"t2.{rid}"))])
    ws2.append(["信息内容", "本年收费金额（单位：万元）"])
    ws2.append(["行政事业性收费", _xl(doc.values.get("t2.sf"))])
    ws2.append([])
    ws2.append(["行政复议", None, None, None, None, "行政诉讼"])
    ws2.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", None, None, None, None,
                "复议后起诉"])
    ws2.append([None] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    ws2.append([_xl(doc.values.get(c.id)) for c in doc.template.cells.values() if c.table == "t4"])
    path = tmp_path / "clerk2021.xlsx"
    wb.save(path)
    result = read_document(path)
    assert result.document.template.id == "gov2021" and result.document.year == 2021
    assert [p.text() for p in result.errors()] == []
    assert result.document.values == doc.values


def _xl(v: object) -> object:
    if v is NA:
        return "/"
    if isinstance(v, Decimal):
        return float(v)
    return v


# ---------------------------------------------------------------- --check on workbooks


def test_one_row_change_in_an_imported_workbook_shows_in_check_json(tmp_path: Path) -> None:
    rows = [(lab, u, "3" if lab.startswith("3﹒網絡申請數") else v) for lab, u, v in seed_table()]
    path = seed_like_workbook(tmp_path / "changed.xlsx", rows)
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", str(path), "--json"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    out = json.loads(r.stdout)
    assert r.returncode == 1
    (err,) = out["errors"]
    assert err["rule"] == "R01"
    assert err["message"].endswith("收到申请数 5 ≠ 当面申请数 0 + 传真申请数 0 + 网络申请数 3 + 信函申请数 1 = 4，差 1")
    assert out["import_complete"] is False  # the stray number on the notes sheet is reported, not ignored
    assert out["import_problems"][0]["where"] == "說明!B3"


def test_xlsx_command_exports_and_check_reads_it_back(tmp_path: Path) -> None:
    out = tmp_path / "导出.xlsx"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--xlsx", str(out), str(SEED_EXAMPLE)],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", str(out), "--json"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["errors"] == [] and "import_problems" not in json.loads(r.stdout)


def test_import_document_of_native_file_has_no_problems() -> None:
    result = import_document(SEED_EXAMPLE)
    assert result.complete and result.problems == [] and result.document.values == load(SEED_EXAMPLE).values
