"""Cross-year rules on crafted pairs of years: K8, K9, K15/R23, K16 and large swings, plus linking last year's file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from model.collect.previous_year import attach_previous, link_previous, previous_values, unlink_previous
from model.core.document import Document, rule_values
from model.core.report import check_document
from model.core.rules import checker_for
from model.core.templates import TemplateError, load_template
from model.exchange.store import DocumentError, load, save
from resources import path as resource_path
from tests.conftest import ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
EXAMPLE_2021 = resource_path("examples", "example-2021.json")


def copy_with(src: Path, dst: Path, year: int, **values: Any) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    raw = json.loads(src.read_text(encoding="utf-8"))
    raw["year"] = year
    raw["values"].update(values)
    raw.pop("report", None)  # last year's report said other things (the same text is a finding of its own)
    dst.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return dst


def warnings_of(doc: Document, rule: str) -> list[str]:
    return [f.message for f in checker_for(doc.template).check(rule_values(doc)).values() if f.rule == rule]


@pytest.fixture
def pair_2021(tmp_path: Path) -> tuple[Document, Path]:
    """This year = the 2023 example; last year = 2022 with n4 = this year's n2 and a consistent stock."""
    raw = json.loads(EXAMPLE_2021.read_text(encoding="utf-8"))["values"]
    last = {f"n4.{c}": raw[f"n2.{c}"] for c in ("zrr", "sy", "ky", "gy", "fl", "qt", "zj")}
    last["t2.gf.yx"] = raw["t2.gf.yx"] - raw["t2.gf.zf"] + raw["t2.gf.fz"]
    last["t2.gz.yx"] = 0
    prev = copy_with(EXAMPLE_2021, tmp_path / "2022.json", 2022, **last)
    return load(EXAMPLE_2021), prev


def test_consistent_years_give_no_cross_year_warning(pair_2021: tuple[Document, Path]) -> None:
    doc, prev = pair_2021
    link_previous(doc, prev)
    for rule in ("K8", "K9", "K15", "K16"):
        assert warnings_of(doc, rule) == []


def test_k8_carry_over_differs_per_column_showing_both_years(pair_2021: tuple[Document, Path], tmp_path: Path) -> None:
    doc, prev = pair_2021
    raw = json.loads(prev.read_text(encoding="utf-8"))
    raw["values"]["n4.zrr"] = 5  # this year's 上年结转·自然人 is 2
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    link_previous(doc, prev)
    found = warnings_of(doc, "K8")
    assert len(found) == 1
    assert "自然人" in found[0] and " 2 ≠ 上年“" in found[0] and "” 5，差 3" in found[0]
    unlink_previous(doc)
    assert warnings_of(doc, "K8") == []


def test_k9_stock_flow_of_normative_documents(pair_2021: tuple[Document, Path]) -> None:
    doc, prev = pair_2021
    raw = json.loads(prev.read_text(encoding="utf-8"))
    raw["values"]["t2.gf.yx"] = 20  # 20 + 3 − 1 = 22, but this year reports 12
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    link_previous(doc, prev)
    found = warnings_of(doc, "K9")
    assert len(found) == 1 and "现行有效件数" in found[0]
    assert "12 ≠ 上年“" in found[0] and "” 20 + " in found[0] and "= 22，差 10" in found[0]


def test_k16_lawsuits_after_review_against_this_years_reviews_and_last_years_pending(
        pair_2021: tuple[Document, Path]) -> None:
    doc, prev = pair_2021
    doc.values.update({"ss2.wc": 4, "ss2.zj": 4})  # 4 lawsuits after review; this year 2 reviews, 1 of them pending
    assert warnings_of(doc, "K16") == []  # not linked: last year's pending reviews are unknown, nothing is checked
    link_previous(doc, prev)  # last year: 1 review still pending at the year's end
    assert warnings_of(doc, "K16") == [
        "复议后起诉的案件通常不多于本年行政复议案件数与上年尚未审结的复议案件数之和（弱检查）："
        "复议后起诉·总计 4 > 行政复议·总计 2 + 上年“行政复议·尚未审结” 1 = 3，差 1"]
    raw = json.loads(prev.read_text(encoding="utf-8"))
    raw["values"].update({"fy.wc": 0, "fy.wj": 2})  # last year 2 pending: this year's pending one is not counted
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    link_previous(doc, prev)
    assert warnings_of(doc, "K16") == []


def test_k15_every_value_identical_to_last_year(tmp_path: Path) -> None:
    prev = copy_with(EXAMPLE_2021, tmp_path / "2022.json", 2022)
    doc = load(EXAMPLE_2021)
    assert warnings_of(doc, "K15") == []  # not linked: skipped
    link_previous(doc, prev)
    found = warnings_of(doc, "K15")
    assert len(found) == 1 and "与上年完全相同" in found[0] and "200 项数字与上年逐项相同" in found[0]
    doc.values["t2.xk"] = 357
    assert warnings_of(doc, "K15") == []


def test_r23_seed_copied_from_last_year(tmp_path: Path) -> None:
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, prev)
    report = check_document(doc)
    assert [f.rule for f in report.warnings] == ["R23"]


def test_all_zero_years_are_not_called_copies(tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    zeros = {c: 0 for c in raw["values"]}
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014, **zeros)
    doc = load(copy_with(SEED_EXAMPLE, tmp_path / "2015.json", 2015, **zeros))
    link_previous(doc, prev)
    assert warnings_of(doc, "R23") == []


def test_swings_show_both_years_and_respect_the_floor(tmp_path: Path) -> None:
    # last year: 收到申请数 5 (×10 this year: 50), 接受培训人员数 400 (÷5: 80), 网站 3 → now 9 (below the floor)
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014, C1=5, I3=400, B2c=3)
    doc = load(copy_with(SEED_EXAMPLE, tmp_path / "2015.json", 2015, C1=50, C1c=49, B2c=9))
    link_previous(doc, prev)
    found = sorted(warnings_of(doc, "R24"))
    assert found == [
        "接受培训人员数 本年 80，上年 400（÷5），与上年相比变化 5 倍以上，请核实",
        "收到申请数 本年 50，上年 5（×10），与上年相比变化 5 倍以上，请核实",
        "网络申请数 本年 49，上年 4（×12.3），与上年相比变化 5 倍以上，请核实",
    ]


def test_swing_from_zero(tmp_path: Path) -> None:
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014, I1=0, I3=0)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, prev)
    assert warnings_of(doc, "R24") == ["接受培训人员数 本年 80，上年 0（上年为 0），与上年相比变化 5 倍以上，请核实"]


def test_2015_has_no_carry_rule() -> None:
    doc = load(SEED_EXAMPLE)
    rules = {r.id: r.check for r in doc.template.rules}
    assert rules["R23"] == "identical_to_previous" and rules["R24"] == "swing"
    assert not any("prev." in r.expr for r in doc.template.rules)


def test_linking_refuses_another_year_or_template(tmp_path: Path) -> None:
    doc = load(SEED_EXAMPLE)
    two_back = copy_with(SEED_EXAMPLE, tmp_path / "2013.json", 2013)
    with pytest.raises(DocumentError, match=r"“2013\.json” 是 2013 年度的表，本表是 2015 年度，上年文件应为 2014 年度"):
        link_previous(doc, two_back)
    other = copy_with(EXAMPLE_2021, tmp_path / "other.json", 2014)
    with pytest.raises(DocumentError, match="表格式不同"):
        link_previous(doc, other)
    assert doc.previous is None and previous_values(doc) == {}


def test_link_is_saved_but_last_years_values_are_not(tmp_path: Path) -> None:
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014, C1=4)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, prev)
    assert previous_values(doc)["C1"] == 4
    out = tmp_path / "2015.json"
    save(doc, out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["previous_year"] == "2014.json"  # inside the document's folder: stored relative, the folder can move
    assert not any(k.startswith("prev.") for k in raw["values"])
    again = load(out)
    assert attach_previous(again, out) is None and previous_values(again)["C1"] == 4
    prev.unlink()
    again = load(out)
    notice = attach_previous(again, out)
    assert notice is not None and "跨年度检查未进行" in notice and "2014.json" in notice
    assert previous_values(again) == {}


def test_a_folder_moved_whole_keeps_its_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    prev = copy_with(SEED_EXAMPLE, tmp_path / "a" / "上年" / "2014.json", 2014, C1=4)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, prev)
    save(doc, tmp_path / "a" / "2015.json")
    assert json.loads((tmp_path / "a" / "2015.json").read_text(encoding="utf-8"))["previous_year"] == "上年/2014.json"
    (tmp_path / "a").rename(tmp_path / "b")
    moved = load(tmp_path / "b" / "2015.json")
    assert attach_previous(moved, tmp_path / "b" / "2015.json") is None and previous_values(moved)["C1"] == 4


@pytest.mark.parametrize("link", ["../elsewhere/2014.json", "/etc/passwd", "\\\\server\\share\\2014.json",
                                  "//server/share/2014.json", "http://example.invalid/2014.json"])
def test_a_received_files_link_outside_its_folder_opens_nothing_by_itself(tmp_path: Path, link: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    copy_with(SEED_EXAMPLE, elsewhere / "2014.json", 2014, A1=1)
    (tmp_path / "inbox").mkdir()
    received = tmp_path / "inbox" / "2015.json"
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["previous_year"] = link
    received.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    doc = load(received)
    notice = attach_previous(doc, received)
    assert notice is not None and "没有自动打开" in notice and previous_values(doc) == {}
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", "--json", str(received)],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    out = json.loads(r.stdout)
    assert out["previous_year"]["followed"] is False and "没有自动打开" in out["previous_year"]["notice"]
    if link.startswith("../"):  # the clerk may name it: then it is followed
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", "--json", "--previous",
                            str(elsewhere / "2014.json"), str(received)],
                           capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
        named = json.loads(r.stdout)
        assert r.returncode in (0, 1) and named["previous_year"]["followed"] is True
        assert any(f["rule"] == "R24" for f in named["warnings"])  # 主动公开 1 → 8547: the cross-year rules ran


def test_cli_check_runs_cross_year_rules_of_a_linked_file(tmp_path: Path) -> None:
    prev = copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, prev)
    out = tmp_path / "2015.json"
    save(doc, out)
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", str(out)], capture_output=True,
                       text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert r.returncode == 0 and "[R23]" in r.stdout


def test_template_accepts_prev_of_a_known_cell_only(tmp_path: Path) -> None:
    raw = json.loads(resource_path("templates", "gov2015.json").read_text(encoding="utf-8"))
    raw["rules"].append({"id": "X1", "severity": "warning", "expr": "C1 >= prev.C1", "message": "m"})
    good = tmp_path / "good.json"
    good.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert any(r.id == "X1" for r in load_template(good).rules)
    raw["rules"][-1]["expr"] = "C1 >= prev.ZZ9"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"prev\.ZZ9"):
        load_template(bad)


def test_last_year_can_be_an_excel_workbook(tmp_path: Path) -> None:
    from model.exchange.xlsx_export import export_document

    prev_doc = load(copy_with(SEED_EXAMPLE, tmp_path / "2014.json", 2014, I3=400))
    workbook = tmp_path / "2014.xlsx"
    export_document(prev_doc, workbook)
    doc = load(SEED_EXAMPLE)
    link_previous(doc, workbook)
    assert previous_values(doc)["I3"] == 400
    assert warnings_of(doc, "R24") == ["接受培训人员数 本年 80，上年 400（÷5），与上年相比变化 5 倍以上，请核实"]
