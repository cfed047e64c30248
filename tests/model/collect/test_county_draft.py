"""生成初稿 on a county's aggregate: its own sentences (how many units, who had the most applications, who had
复议/诉讼) beside the format's, and the figure check runs on it like on a unit's report — clean."""

from __future__ import annotations

from pathlib import Path

from model.collect.aggregate import aggregate_files
from model.collect.county_draft import county_paragraphs
from model.core.draft import apply_draft, draft_paragraphs
from model.core.report import check_document
from model.core.text_check import TextFinding
from model.exchange.store import load, save
from tests.model.collect.county import make_county


def corrected_county(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "青山县"
    make_county(folder)
    for name in ("02_东岭镇.json", "13_青山县公安局.json"):  # the drafts corrected before the county writes
        doc = load(folder / name)
        doc.values["n1.zj"] = sum(doc.values[f"n1.{c}"] for c in ("zrr", "sy", "ky", "gy", "fl", "qt"))  # type: ignore
        save(doc, folder / name)
    units = [str(f) for f in sorted(folder.glob("*.json")) if "邻县" not in f.name]
    return aggregate_files(units, "青山县人民政府办公室")


def test_the_county_draft_names_its_units_and_checks_clean(tmp_path: Path) -> None:
    agg = corrected_county(tmp_path)
    doc = agg.document
    drafts = county_paragraphs(agg, draft_paragraphs(doc))
    assert drafts["一、总体情况"] == ["本报告由青山县人民政府办公室汇总所属 18 个单位报送的政府信息公开工作年度报告"
                                   "统计表形成，表中各项为各单位数字之和。"]
    apply = drafts["（二）依申请公开"][0]
    assert "新收政府信息公开申请较多的单位为：青山县农业农村局（40）" in apply
    assert "涉及行政复议、行政诉讼的单位：浙江省杭州市城关镇（行政复议2、行政诉讼2）" in apply
    doc.text = apply_draft(doc, drafts)
    report = check_document(doc)
    assert not [f for f in (*report.errors, *report.warnings) if isinstance(f, TextFinding)]  # the text agrees
    assert report.final
