"""Every rule of the 2015 template on the seed example and on changed copies: it fires with the numbers, and clears."""
# ruff: noqa: E501  (expected messages are quoted whole, as the clerk reads them)

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.document import Document
from model.core.report import check_document
from model.core.rules import checker_for
from model.core.templates import get_template, load_template
from model.core.values import NA, Value
from resources import path as resource_path

D = Decimal

# (finding key, changes to the seed's figures, severity, the whole message the clerk reads)
CASES: list[tuple[str, dict[str, Value], str, str]] = [
    ("V1:I3", {"I3": -1}, "error", "接受培训人员数：应为不小于 0 的整数（现为 -1）"),
    ("V1:C1", {"C1": D("2.5")}, "error", "收到申请数：应为不小于 0 的整数（现为 2.5）"),
    ("V2:G", {"G": D("-1")}, "error", "依申请公开收取的费用：应为不小于 0 的数（单位：万元）（现为 -1）"),
    ("V3:H4", {"H4": D("2.345")}, "warning", "政府信息公开专项经费：万元金额通常保留两位小数（四舍五入）（现为 2.345）"),
    ("V5:SEC1", {"SEC1": 3}, "error", "主动公开情况：标题行不填数"),
    ("R01", {"C1c": 3}, "error",
     "收到申请数应等于各渠道申请数之和：收到申请数 5 ≠ 当面申请数 0 + 传真申请数 0 + 网络申请数 3 + 信函申请数 1 = 4，差 1"),
    ("R02", {"C2b": 3}, "error",
     "申请办结数应等于按时办结数与延期办结数之和：申请办结数 5 ≠ 按时办结数 1 + 延期办结数 3 = 4，差 1"),
    ("R03", {"C3c": 3}, "error",
     "申请答复数应等于 8 类答复数之和：申请答复数 5 ≠ 属于已主动公开范围数 0 + 同意公开答复数 0 + 同意部分公开答复数 3"
     " + 不同意公开答复数 1 + 不属于本行政机关公开数 1 + 申请信息不存在数 1 + 告知作出更改补充数 0"
     " + 告知通过其他途径办理数 0 = 6，差 1"),
    ("R04", {"C3d6": 2}, "error",
     "不同意公开答复数应等于 6 项理由之和：不同意公开答复数 1 ≠ 涉及国家秘密 0 + 涉及商业秘密 0 + 涉及个人隐私 0"
     " + 危及国家安全等 0 + 不是《条例》所指政府信息 0 + 法律法规规定的其他情形 2 = 2，差 1"),
    ("R05", {"D1": 1}, "error",
     "行政复议数量应等于其 3 项之和：行政复议数量 0 ≠ 维持具体行政行为数 1 + 被依法纠错数 0 + 其他情形数 0 = 1，差 1"),
    ("R06", {"E2": 2}, "error",
     "行政诉讼数量应等于其 3 项之和：行政诉讼数量 0 ≠ 维持或驳回诉讼请求数 0 + 被依法纠错数 2 + 其他情形数 0 = 2，差 2"),
    ("R07", {"H3a": 4}, "error",
     "工作人员数应等于专职与兼职人员数之和：从事政府信息公开工作人员数 6 ≠ 专职人员数 4 + 兼职人员数 3 = 7，差 1"),
    ("R08", {"A1a": 9000}, "error", "“其中”项不能大于总数：主动公开规范性文件数 9000 > 主动公开政府信息数 8547，差 453"),
    ("R09", {"B2a1": 1}, "error",
     "“其中”项不能大于总数：主要负责同志参加新闻发布会次数 1 > 参加或举办新闻发布会总次数 0，差 1"),
    ("R10", {"B2b1": 2}, "error",
     "“其中”项不能大于总数：主要负责同志参加政府网站在线访谈次数 2 > 政府网站在线访谈次数 1，差 1"),
    ("R11[A2b]", {"A2b": 9000}, "warning",
     "单一渠道公开的信息数通常不超过主动公开总数（总数已去重）：政府网站公开政府信息数 9000 > 主动公开政府信息数 8547，差 453"),
    ("R12", {"A2b": 0, "A2c": 0, "A2d": 0, "A2e": 3000}, "warning",
     "各渠道公开数之和通常不小于主动公开总数（每条信息至少通过一个渠道公开）：政府公报公开政府信息数 0"
     " + 政府网站公开政府信息数 0 + 政务微博公开政府信息数 0 + 政务微信公开政府信息数 0 + 其他方式公开政府信息数 3000"
     " = 3000 < 主动公开政府信息数 8547，差 5547"),
    ("R13", {"A2b": 0, "A2c": 0, "A2d": 0, "A2e": 0}, "warning",
     "有主动公开信息时，应至少有一个公开渠道的数字：主动公开政府信息数 8547 > 0，但 政府公报公开政府信息数 0"
     " + 政府网站公开政府信息数 0 + 政务微博公开政府信息数 0 + 政务微信公开政府信息数 0 + 其他方式公开政府信息数 0 = 0 ≤ 0"),
    ("R14", {"A1b": 10}, "warning",
     "主动公开的规范性文件数通常不超过制发的规范性文件总数：主动公开规范性文件数 17 > 制发规范性文件总数 10，差 7"),
    ("R15", {"B1": 4}, "warning",
     "回应热点数通常不超过各回应方式次数之和（不含解读稿件篇数）：回应热点或舆情数 4 > 参加或举办新闻发布会总次数 0"
     " + 政府网站在线访谈次数 1 + 微博微信回应事件数 0 + 其他方式回应事件数 2 = 3，差 1"),
    ("R16", {"B2b": 0, "B2b1": 0, "B2e": 0}, "warning",
     "有回应热点时，应至少有一种回应方式的次数：回应热点或舆情数 3 > 0，但 参加或举办新闻发布会总次数 0"
     " + 政府网站在线访谈次数 0 + 微博微信回应事件数 0 + 其他方式回应事件数 0 = 0 ≤ 0"),
    ("R17", {"C1": 4, "C1c": 3}, "warning", "办结数通常不超过收到申请数（本表无上年结转行）：申请办结数 5 > 收到申请数 4，差 1"),
    ("R18", {"C2": 4, "C2b": 3}, "warning", "答复数通常等于办结数（每件办结的申请有一个答复）：申请答复数 5 ≠ 申请办结数 4，差 1"),
    ("R19", {"C1": 4, "C1c": 3}, "warning", "答复数通常不超过收到申请数：申请答复数 5 > 收到申请数 4，差 1"),
    ("R20", {"C1": 0, "C1c": 0, "C1d": 0}, "warning",
     "没有收到申请时，不应有办结、答复或收费：收到申请数 0 = 0，但 申请办结数 5 ≠ 0，差 5；申请答复数 5 ≠ 0，差 5"),
    ("R21", {"I3": 0}, "warning",
     "举办了培训班，接受培训人员数通常不少于培训班数：举办各类培训班数 1 > 0，但 接受培训人员数 0 < 举办各类培训班数 1，差 1"),
    ("R22", {"H1": 0}, "warning",
     "有从事政府信息公开工作的人员时，通常有专门机构：从事政府信息公开工作人员数 6 > 0，但 政府信息公开工作专门机构数 0 < 1，差 1"),
    ("V6:I3", {"I3": 12345678}, "warning",
     "接受培训人员数：12345678 有 8 位整数，位数多得不寻常，请核实是否多打了数字（本项通常不超过 7 位）"),
]


def cross_year(rule: object) -> bool:
    """Rules over last year's figures belong to the previous-year feature and are tested with it."""
    return "prev." in getattr(rule, "expr", "") or getattr(rule, "check", "") in ("identical_to_previous", "swing")


def test_every_rule_of_the_template_has_a_case() -> None:
    covered = {key.split(":")[0].split("[")[0] for key, *_ in CASES}
    same_year = {r.id for r in get_template("gov2015").rules if not cross_year(r)}
    assert covered == same_year - {"V4", "Y1"}  # V4 (blank) and Y1 (year) have their own tests


@pytest.mark.parametrize(("key", "changes", "severity", "message"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_with_the_numbers_and_clears_when_fixed(
    seed_doc: Document, key: str, changes: dict[str, Value], severity: str, message: str
) -> None:
    checker = checker_for(seed_doc.template)
    values = {**seed_doc.values, **changes}
    found = checker.check(values)
    assert found[key].severity == severity
    assert found[key].message == message
    assert found[key].values == tuple(values.get(c) for c in found[key].cells)
    assert set(changes) & set(found[key].cells)
    # fixed: back to the seed's figures, and the incremental re-check agrees with a full check
    checker.recheck(seed_doc.values, list(changes), found)
    assert found == {} == checker.check(seed_doc.values)


def test_r01_fix_by_correcting_the_total(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    values = {**seed_doc.values, "C1c": 3}
    assert set(checker.check(values)) == {"R01"}
    values.update(C1=4, C2=4, C2b=3, C3=4, C3c=1)  # the clerk corrects the totals and the dependent rows
    assert checker.check(values) == {}


def test_involved_cells_and_values_are_listed(seed_doc: Document) -> None:
    f = checker_for(seed_doc.template).check({**seed_doc.values, "C1c": 3})["R01"]
    assert f.cells == ("C1", "C1a", "C1b", "C1c", "C1d")
    assert f.values == (5, 0, 0, 3, 1)


def test_a_blank_cell_is_its_own_finding_and_skips_the_rules_over_it(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    values = dict(seed_doc.values)
    del values["C1"]
    found = checker.check(values)
    # R17, R19 and R20 involve C1 and are skipped; R01 is an equation with one blank: it says what C1 must be
    assert list(found) == ["V4:C1", "R01"]
    assert found["V4:C1"].severity == "blank"
    assert found["V4:C1"].message == "收到申请数：未填写"
    assert found["R01"].severity == "error"
    assert found["R01"].message == ("收到申请数应等于各渠道申请数之和：收到申请数未填，各项之和为 5"
                                    "（当面申请数 0 + 传真申请数 0 + 网络申请数 4 + 信函申请数 1 = 5）")
    assert found["R01"].cells[0] == "C1" and found["R01"].values[0] is None
    values["C1c"] = 3
    assert "各项之和为 4" in checker.check(values)["R01"].message
    values["C1"] = 5  # judged as an equation as soon as it is filled
    assert set(checker.check(values)) == {"R01"}
    assert "收到申请数 5 ≠" in checker.check(values)["R01"].message
    del values["C1"], values["C1c"]  # two blanks: nothing to solve for, only the two 未填
    assert set(checker.check(values)) == {"V4:C1", "V4:C1c"}


def test_blank_is_not_zero(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    blank = {k: v for k, v in seed_doc.values.items() if k != "C1a"}
    assert set(checker.check(blank)) == {"V4:C1a"}
    report = check_document(Document(seed_doc.template, 2015, values=blank))
    assert report.ok and report.counts_text() == "错误 0 · 警告 0 · 未填 1"


def test_slash_counts_as_zero_in_sums(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    assert checker.check({**seed_doc.values, "C1a": NA, "C1b": NA}) == {}
    found = checker.check({**seed_doc.values, "C1c": NA})
    assert found["R01"].message.endswith("网络申请数 / + 信函申请数 1 = 1，差 4")  # shown as typed, counted as 0


def test_empty_document_has_one_blank_per_cell_and_nothing_else() -> None:
    t = get_template("gov2015")
    found = checker_for(t).check({})
    assert set(found) == {f"V4:{c}" for c in t.cells}
    assert all(f.severity == "blank" for f in found.values())


def test_blank_zero_policy_counts_blanks_as_zero(tmp_path: Path) -> None:
    text = resource_path("templates", "gov2015.json").read_text(encoding="utf-8")
    text = text.replace('"expr": "C1 == C1a + C1b + C1c + C1d",\n   "blank": "solve"',
                        '"expr": "C1 == C1a + C1b + C1c + C1d",\n   "blank": "zero"')
    p = tmp_path / "zero.json"
    p.write_text(text, encoding="utf-8")
    t = load_template(p)
    values = {c: 0 for c in t.cells} | {"C1": 5, "C1c": 4, "C1d": 1}
    del values["C1c"]
    found = checker_for(t).check(values)
    assert found["R01"].message.endswith("网络申请数 0 + 信函申请数 1 = 1，差 4")  # a blank counted as 0 shows 0
    assert found["R01"].values[3] is None  # the finding still shows the cell as blank


def test_findings_are_ordered_errors_first_then_in_table_order(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    values = {**seed_doc.values, "I3": 0, "H3a": 4, "A1a": 9000}
    del values["B1"]
    keys = [f.key for f in checker.ordered(checker.check(values).values())]
    assert keys == ["R08", "R07", "R14", "R21", "V4:B1"]


def test_instances_of_a_cell(seed_doc: Document) -> None:
    checker = checker_for(seed_doc.template)
    keys = {i.key for i in checker.instances_of("C1")}
    assert {"R01", "R17", "R19", "R20", "V1:C1", "V4:C1"} <= keys
    assert "R02" not in keys


CELLS_2015 = list(get_template("gov2015").cells)
values_2015 = st.one_of(st.none(), st.just(NA), st.integers(0, 20))


@settings(max_examples=150, deadline=None)
@given(edits=st.lists(st.tuples(st.sampled_from(CELLS_2015), values_2015), min_size=1, max_size=8))
def test_incremental_recheck_equals_full_check(edits: list[tuple[str, Value]]) -> None:
    from model.exchange.store import load

    doc = load(resource_path("examples", "haizhou-2015.json"))
    checker = checker_for(doc.template)
    values = dict(doc.values)
    findings = checker.check(values)
    for cid, v in edits:
        if v is None:
            values.pop(cid, None)
        else:
            values[cid] = v
        checker.recheck(values, [cid], findings)
        assert findings == checker.check(values)
