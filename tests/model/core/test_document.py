"""Documents and justifications of warnings: per rule instance with its values, stale on change, no boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.core.document import (
    UNIT_FIELDS,
    Document,
    is_open,
    justification_state,
    justify,
    make_justification,
    new_document,
    reason_problem,
)
from model.core.report import check_document, report_json, report_text
from model.core.rules import Finding, checker_for
from model.core.templates import get_template
from model.exchange.store import load, save

REASON = "本年举办的培训班为视频会议形式，参训人数未单独统计"


def finding(doc: Document, key: str) -> Finding:
    return checker_for(doc.template).check(doc.values)[key]


@pytest.fixture
def warned(seed_doc: Document) -> Document:
    """The seed with 接受培训人员数 0 although a class was held: warning R21."""
    seed_doc.set_value("I3", 0)
    return seed_doc


@pytest.mark.parametrize(
    "reason",
    ["核实无误", "核实无误。", "无", "正确", " 正确 ", "数据正确", "OK", "经核实，数据正确无误",
     "数据已经认真核实，确认无误。"],
)
def test_boilerplate_is_refused_with_a_message(warned: Document, reason: str) -> None:
    f = finding(warned, "R21")
    with pytest.raises(ValueError, match="套话") as info:
        justify(warned, f, reason)
    assert reason.strip() in str(info.value)
    assert warned.justifications == {}
    assert reason_problem(reason) == str(info.value)


@pytest.mark.parametrize(("reason", "words"), [("", "请写明理由"), ("  。 ", "请写明理由"), ("有人没来", "太短")])
def test_empty_or_short_reasons_are_refused(warned: Document, reason: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        justify(warned, finding(warned, "R21"), reason)


def test_a_reason_is_stored_per_rule_instance_with_the_values(warned: Document) -> None:
    f = finding(warned, "R21")
    j = justify(warned, f, f"  {REASON}  ")
    assert warned.justifications == {"R21": j}
    assert j.reason == REASON
    assert dict(j.values) == {"I2": 1, "I3": 0}
    assert justification_state(warned, f) == "valid" and not is_open(warned, f)


def test_a_justified_warning_is_not_open_and_is_reported_as_justified(warned: Document) -> None:
    before = check_document(warned)
    assert [w.rule for w in before.warnings] == ["R21"] and before.counts_text() == "错误 0 · 警告 1 · 未填 0"
    justify(warned, finding(warned, "R21"), REASON)
    after = check_document(warned)
    assert after.warnings == () and [w.rule for w in after.justified] == ["R21"]
    assert after.counts_text() == "错误 0 · 警告 0 · 未填 0"
    text = report_text(warned, after)
    assert "已说明理由的警告" in text and REASON in text
    out = report_json(warned, after)
    assert out["warnings"] == [] and out["justified"][0]["justification"] == {"reason": REASON, "state": "valid"}


def test_a_justification_goes_stale_when_its_values_change(warned: Document) -> None:
    justify(warned, finding(warned, "R21"), REASON)
    warned.set_value("I2", 2)  # still a warning, but for other figures
    f = finding(warned, "R21")
    assert justification_state(warned, f) == "stale" and is_open(warned, f)
    report = check_document(warned)
    assert [w.rule for w in report.warnings] == ["R21"] and report.justified == ()
    assert report_json(warned, report)["warnings"][0]["justification"]["state"] == "stale"
    warned.set_value("I2", 1)  # back to the figures the reason was written for
    assert justification_state(warned, finding(warned, "R21")) == "valid"


def test_slash_and_zero_are_different_values_for_a_justification(warned: Document) -> None:
    from model.core.values import NA

    justify(warned, finding(warned, "R21"), REASON)
    warned.set_value("I3", NA)
    assert justification_state(warned, finding(warned, "R21")) == "stale"


def test_instances_of_one_rule_are_justified_separately(seed_doc: Document) -> None:
    seed_doc.set_value("A2b", 9000)
    seed_doc.set_value("A2c", 9000)
    found = checker_for(seed_doc.template).check(seed_doc.values)
    justify(seed_doc, found["R11[A2b]"], "网站转载了上级部门的全部文件，按渠道分别计数")
    report = check_document(seed_doc)
    assert [f.key for f in report.justified] == ["R11[A2b]"]
    assert [f.key for f in report.warnings] == ["R11[A2c]"]


def test_errors_and_blanks_cannot_be_justified(seed_doc: Document) -> None:
    seed_doc.set_value("C1c", 3)
    with pytest.raises(ValueError, match="只有警告可以说明理由"):
        make_justification(seed_doc, finding(seed_doc, "R01"), REASON)
    seed_doc.set_value("C1c", None)
    with pytest.raises(ValueError, match="只有警告可以说明理由"):
        justify(seed_doc, finding(seed_doc, "V4:C1c"), REASON)
    assert is_open(seed_doc, finding(seed_doc, "V4:C1c"))


def test_justifications_survive_save_and_load(warned: Document, tmp_path: Path) -> None:
    justify(warned, finding(warned, "R21"), REASON)
    p = tmp_path / "j.json"
    save(warned, p)
    again = load(p)
    assert again.justifications == warned.justifications
    assert check_document(again).justified and not check_document(again).warnings


def test_document_values_and_unit_fields() -> None:
    doc = new_document(get_template("gov2021"), 2023)
    assert doc.values == {} and doc.justifications == {} and doc.year == 2023
    doc.set_value("n1.zrr", 3)
    assert doc.value("n1.zrr") == 3 and doc.value("n1.sy") is None
    doc.set_value("n1.zrr", None)
    assert "n1.zrr" not in doc.values
    with pytest.raises(KeyError):
        doc.set_value("C1", 1)  # a 2015 cell is not in the 2021 template
    assert [label for _key, label in UNIT_FIELDS] == [
        "填报单位", "单位负责人", "审核人", "填表人", "联系电话", "报出日期"]
    assert all(doc.unit.get(key) == "" for key, _label in UNIT_FIELDS)
