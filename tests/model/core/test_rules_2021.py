"""Every same-year rule of the 2021 template on a valid document and on changed copies: fires with numbers, clears."""
# ruff: noqa: E501  (expected messages are quoted whole, as the clerk reads them)

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.document import Document
from model.core.report import check_document
from model.core.rules import checker_for
from model.core.templates import get_template
from model.core.values import NA, Value
from model.exchange.store import load
from resources import path as resource_path

D = Decimal
EXAMPLE = resource_path("examples", "example-2021.json")
COLUMNS = ["zrr", "sy", "ky", "gy", "fl", "qt", "zj"]
T3_ROWS = ["n1", "n2", "r1", "r2", *(f"r3_{i}" for i in range(1, 9)), "r4_1", "r4_2", "r4_3",
           *(f"r5_{i}" for i in range(1, 6)), "r6_1", "r6_2", "r6_3", "r7", "n4"]
RESULT_ROWS = T3_ROWS[2:-2]


@pytest.fixture
def doc() -> Document:
    return load(EXAMPLE)


# (finding key, changes, severity, whole message)
CASES: list[tuple[str, dict[str, Value], str, str]] = [
    ("K1[zrr]", {"n1.zrr": 19}, "error",
     "勾稽关系（自然人列）：第一项加第二项之和应等于第三项加第四项之和：本年新收申请数量·自然人 19 + 上年结转申请数量·自然人 2 = 21 ≠ 办理结果总计·自然人 19 + 结转下年度继续办理·自然人 1 = 20，差 1"),
    ("K2[sy]", {"r1.sy": 2}, "error",
     "（七）总计应等于各项办理结果之和（商业企业列）：办理结果总计·商业企业 3 ≠ 予以公开·商业企业 2 + 部分公开·商业企业 1"
     " + 属于国家秘密·商业企业 0 + 其他法律行政法规禁止公开·商业企业 0 + 危及“三安全一稳定”·商业企业 0"
     " + 保护第三方合法权益·商业企业 0 + 属于三类内部事务信息·商业企业 0 + 属于四类过程性信息·商业企业 0"
     " + 属于行政执法案卷·商业企业 0 + 属于行政查询事项·商业企业 0 + 本机关不掌握相关政府信息·商业企业 1"
     " + 没有现成信息需要另行制作·商业企业 0 + 补正后申请内容仍不明确·商业企业 0 + 信访举报投诉类申请·商业企业 0"
     " + 重复申请·商业企业 0 + 要求提供公开出版物·商业企业 0 + 无正当理由大量反复申请·商业企业 0"
     " + 要求行政机关确认或重新出具已获取信息·商业企业 0 + 逾期不补正不再处理·商业企业 0 + 逾期未缴费不再处理·商业企业 0"
     " + 其他处理·其他·商业企业 0 = 4，差 1"),
    ("K3[n2]", {"n2.zj": 3}, "error",
     "总计列应等于自然人与法人或其他组织各列之和：上年结转申请数量·总计 3 ≠ 上年结转申请数量·自然人 2 + 上年结转申请数量·商业企业 0"
     " + 上年结转申请数量·科研机构 0 + 上年结转申请数量·社会公益组织 0 + 上年结转申请数量·法律服务机构 0 + 上年结转申请数量·其他 0 = 2，差 1"),
    ("K4", {"fy.zj": 3}, "error",
     "行政复议总计应等于各项结果之和：行政复议·总计 3 ≠ 行政复议·结果维持 1 + 行政复议·结果纠正 0 + 行政复议·其他结果 0 + 行政复议·尚未审结 1 = 2，差 1"),
    ("K5[ss1]", {"ss1.wc": 2}, "error",
     "行政诉讼总计应等于各项结果之和：未经复议直接起诉·总计 1 ≠ 未经复议直接起诉·结果维持 2 + 未经复议直接起诉·结果纠正 0"
     " + 未经复议直接起诉·其他结果 0 + 未经复议直接起诉·尚未审结 0 = 2，差 1"),
    ("K5[ss2]", {"ss2.zj": 2}, "error",
     "行政诉讼总计应等于各项结果之和：复议后起诉·总计 2 ≠ 复议后起诉·结果维持 1 + 复议后起诉·结果纠正 0 + 复议后起诉·其他结果 0 + 复议后起诉·尚未审结 0 = 1，差 1"),
    ("K6:n1.zrr", {"n1.zrr": -1}, "error", "本年新收申请数量·自然人：应为不小于 0 的整数（现为 -1）"),
    ("K6:fy.wc", {"fy.wc": D("1.5")}, "error", "行政复议·结果维持：应为不小于 0 的整数（现为 1.5）"),
    ("K6d:t2.sf", {"t2.sf": D("-3")}, "error", "行政事业性收费金额：应为不小于 0 的数（单位：万元）（现为 -3）"),
    ("K7[zrr]", {"n4.zrr": 30}, "error",
     "结转下年度继续办理的申请数不能多于本年新收与上年结转之和（自然人列）：结转下年度继续办理·自然人 30 > 本年新收申请数量·自然人 18 + 上年结转申请数量·自然人 2 = 20，差 10"),
    ("K10[gf]", {"t2.gf.yx": 2}, "warning",
     "现行有效件数通常不少于本年制发件数（除非当年制发又当年废止）：行政规范性文件·现行有效件数 2 < 行政规范性文件·本年制发件数 3，差 1"),
    ("K11", {"t2.gz.zf": 1, "t2.gz.yx": 1}, "warning",
     "县级及以下政府和各部门没有规章制定权，规章各项通常应为 0（请核实填报单位的行政层级）：规章·本年制发件数 1 + 规章·本年废止件数 0 + 规章·现行有效件数 1 = 2 ≠ 0，差 2"),
    ("V3:t2.sf", {"t2.sf": D("125.678")}, "warning", "行政事业性收费金额：万元金额通常保留两位小数（四舍五入）（现为 125.678）"),
    ("V6:n1.zrr", {"n1.zrr": 1234567}, "warning",
     "本年新收申请数量·自然人：1234567 有 7 位整数，位数多得不寻常，请核实是否多打了数字（本项通常不超过 6 位）"),
]


def cross_year(rule: object) -> bool:
    return "prev." in getattr(rule, "expr", "") or getattr(rule, "check", "") in ("identical_to_previous", "swing")


def test_the_2021_example_is_valid_and_complete(doc: Document) -> None:
    assert doc.template.id == "gov2021" and doc.year == 2023
    assert set(doc.values) == set(doc.template.cells)
    report = check_document(doc)
    assert (report.errors, report.warnings, report.blanks) == ((), (), ())
    assert doc.unit.name and doc.unit.head and doc.unit.preparer and doc.unit.phone and doc.unit.date


def test_the_2021_example_is_plausible(doc: Document) -> None:
    v = doc.values
    assert v["n1.zj"] > 0 and v["r7.zj"] > 0 and v["n4.zj"] >= 0
    assert sum(v[f"{r}.zj"] for r in RESULT_ROWS) == v["r7.zj"]
    assert [v[f"t2.gz.{k}"] for k in ("zf", "fz", "yx")] == [0, 0, 0]  # a county department makes no 规章
    assert isinstance(v["t2.sf"], Decimal)


def test_every_same_year_rule_has_a_case() -> None:
    covered = {key.split(":")[0].split("[")[0] for key, *_ in CASES}
    same_year = {r.id for r in get_template("gov2021").rules if not cross_year(r)}
    assert covered == same_year - {"V4", "Y1"}  # V4 (blank) and Y1 (year) are tested in test_final.py
    assert {"K1", "K2", "K3", "K4", "K5", "K6", "K7", "K10", "K11"} <= covered


@pytest.mark.parametrize(("key", "changes", "severity", "message"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_with_the_numbers_and_clears_when_fixed(
    doc: Document, key: str, changes: dict[str, Value], severity: str, message: str
) -> None:
    checker = checker_for(doc.template)
    values = {**doc.values, **changes}
    found = checker.check(values)
    assert found[key].severity == severity
    assert found[key].message == message
    assert set(changes) & set(found[key].cells)
    checker.recheck(doc.values, list(changes), found)
    assert found == {} == checker.check(doc.values)


@pytest.mark.parametrize("column", COLUMNS)
def test_k1_and_k2_hold_per_column(doc: Document, column: str) -> None:
    checker = checker_for(doc.template)
    found = checker.check({**doc.values, f"r1.{column}": doc.values[f"r1.{column}"] + 1})
    assert f"K2[{column}]" in found and not any(k.startswith("K2[") and k != f"K2[{column}]" for k in found)
    found = checker.check({**doc.values, f"n2.{column}": doc.values[f"n2.{column}"] + 2})
    assert found[f"K1[{column}]"].message.endswith("，差 2")


@pytest.mark.parametrize("row", T3_ROWS)
def test_k3_holds_per_row(doc: Document, row: str) -> None:
    found = checker_for(doc.template).check({**doc.values, f"{row}.zj": doc.values[f"{row}.zj"] + 1})
    assert f"K3[{row}]" in found
    assert found[f"K3[{row}]"].cells[0] == f"{row}.zj" and len(found[f"K3[{row}]"].cells) == 7


def test_k1_balances_when_the_clerk_moves_an_application(doc: Document) -> None:
    """Moving one application from 结转下年度 to 予以公开 keeps every relation: nothing fires."""
    values = dict(doc.values)
    for col in ("zrr", "zj"):
        values[f"n4.{col}"] -= 1
        values[f"r1.{col}"] += 1
        values[f"r7.{col}"] += 1
    assert checker_for(doc.template).check(values) == {}


def test_blanks_in_table_three_skip_its_rules(doc: Document) -> None:
    checker = checker_for(doc.template)
    values = dict(doc.values)
    del values["r7.zrr"]
    values["r1.zrr"] += 5  # breaks K3[r1]; the equations over the blank r7.zrr say what it would have to be
    found = checker.check(values)
    assert set(found) == {"V4:r7.zrr", "K3[r1]", "K1[zrr]", "K2[zrr]", "K3[r7]"}
    assert found["V4:r7.zrr"].message == "办理结果总计·自然人：未填写"
    assert "办理结果总计·自然人未填，各项之和为 24（予以公开·自然人 11 " in found["K2[zrr]"].message
    assert found["K3[r7]"].message.endswith("办理结果总计·自然人未填，按办理结果总计·总计 23 减去其余各项 4，应为 19")
    del values["r1.zrr"]  # a second blank in K2[zrr]: nothing to solve for there
    assert "K2[zrr]" not in checker.check(values)


def test_slash_is_accepted_and_counts_as_zero(doc: Document) -> None:
    values = {**doc.values, "r3_1.ky": NA, "t2.gz.zf": NA}
    assert checker_for(doc.template).check(values) == {}


CELLS_2021 = list(get_template("gov2021").cells)


@settings(max_examples=100, deadline=None)
@given(edits=st.lists(st.tuples(st.sampled_from(CELLS_2021), st.one_of(
    st.none(), st.just(NA), st.integers(0, 9), st.integers(-2, -1), st.decimals(0, 9, places=3))), min_size=1, max_size=10))
def test_incremental_recheck_equals_full_check(edits: list[tuple[str, Value]]) -> None:
    doc = load(EXAMPLE)
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
    # the fast path skips only instances that hold: evaluating every instance the slow way finds the same
    slow = {i.key: f for i in checker.instances if (f := checker.evaluate(i, values)) is not None}
    assert slow == findings
