"""The figure checker on sentences as offices publish them (issue 19). Each sentence below was copied from a
published annual report (the source named beside it; web-page text or a PDF-to-text copy, spaces as they came),
then checked twice: with the table holding the figures the sentence states (no finding), and with one cell
changed (the finding names that figure, with both numbers)."""

from __future__ import annotations

import pytest

from model.core.document import Document, new_document
from model.core.templates import get_template
from model.core.text import ReportText, Section
from model.core.text_check import figure_findings, text_coverage
from tests.conftest import ROOT_DIR

# (source, sentence, the cells as the report's own table had them, the figure ids the sentence states)
SENTENCES_2021 = [
    ("长春市体育局 2023 年报，一（二）", "本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。",
     {"n1.zj": 2}, ["Y30"]),
    ("广元市统计局 2024 年报，一（二）", "全年共收到依申请公开共9件，全部及时分发到责任科室予以办理，未出现行政复议、行政诉讼等现象。",
     {"n1.zj": 9}, ["Y11", "Y22", "Y23"]),
    ("平湖市某局 2024 年报，一（二）",
     "2024年，我局共收到政府信息公开申请5件，均在规定时限内完成答复；政府信息公开行政复议1件（申请人撤回结案）、行政诉讼0件。",
     {"n1.zj": 5, "fy.zj": 1, "fy.qt": 1}, ["Y11", "Y22", "Y23"]),
    ("某区 2022 年依申请公开情况",
     "2022年，全区各职能部门、镇街共完成政府信息依申请公开答复1453件，包括上年结转信息公开申请30件。其中，予以公开答复966件，"
     "占66.48%；部分公开67，占4.61%；不予公开81件，占5.57%；无法提供的182件，占12.53%；不予处理的61件，占4.20%；其他处理96件，占6.61%。",
     {"r7.zj": 1453, "n2.zj": 30, "r1.zj": 966, "r2.zj": 67, "r3_5.zj": 81, "r4_1.zj": 182, "r5_1.zj": 61,
      "r6_3.zj": 96, "n1.zj": 1423}, ["Y20", "Y12", "Y14", "Y16", "Y17", "Y18", "Y19"]),
    ("某市场监督管理局 2024 年报（繁體），一（二）", "本局2024年度收到4件針對本部門有關政府信息公開事務的申請，本局2024年度及歷年政府信息公開均未收取任何費用。",
     {"n1.zj": 4}, ["Y11"]),
    ("湛江市地方志办公室 2023 年报，一", "2023年，我办全年未收到行政许可申请；全年未接到信息公开申请；各栏目共刊发文稿、通知、公告、公示等44篇。",
     {"n1.zj": 0}, ["Y11"]),
    ("某区民政局 2023 年报，一", "二是及时规范办理依申请公开。2023年，我局未收到政府信息公开申请。", {"n1.zj": 0}, ["Y11"]),
    # the county government's 2025 report and the county department's 2023 report of the issue (PDF-to-text copies)
    ("某县人民政府 2025 年报（PDF 转文字），一（二）", "全年共收到依申请信息公开27件，办理政府信息公开申请 741 件。",
     {"n1.zj": 27, "r7.zj": 741}, ["Y11", "Y20"]),
    ("某县人民政府 2025 年报（PDF 转文字），三", "全县共新收政府信息公开申请 714 件，其中自然人申请 742 件。",
     {"n1.zj": 714, "n1.zrr": 742}, ["Y11", "Y24"]),
    ("某县人民政府 2025 年报（PDF 转文字），三", "上年结转 28 件，结转下一年 32 件。", {"n2.zj": 28, "n4.zj": 32}, ["Y12", "Y21"]),
    ("某县人民政府 2025 年报（PDF 转文字），四", "全年因政府信息公开被申请行政复议、行政诉讼共 75 件，其中行政复议结果维持 40 件。",
     {"fy.zj": 50, "ss1.zj": 20, "ss2.zj": 5, "fy.wc": 40}, ["Y32", "Y33"]),
    ("某县自然资源局 2023 年报，一（二）", "法人或其他组织申请 12 件，申请件数为 741", {"n1.sy": 12, "n1.zj": 741}, ["Y25", "Y11"]),
    ("某县自然资源局 2023 年报，二", "行政事业性收费 1,256,000 元。", {"t2.sf": "125.6"}, ["Y10"]),
    ("某县自然资源局 2023 年报，二", "收取行政事业性收费125.6万元。", {"t2.sf": "125.6"}, ["Y10"]),
    ("某县人民政府 2025 年报（网页），一", "新收政府信息公开申请\u2009714\u2009件，结转至下年度继续办理 3 件。",
     {"n1.zj": 714, "n4.zj": 3}, ["Y11", "Y21"]),
    # 淮安市人民政府 2024 年报, the published PDF read by the tool (issue 24): 复议 and 诉讼 with their results in one
    # sentence, each number after its own words
    ("淮安市人民政府 2024 年报（PDF），一（二）",
     "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定"
     "期限内予以答复。",
     {"n1.zj": 3119, "r7.zj": 3050, "n2.zj": 34, "n4.zj": 103}, ["Y30", "Y20", "Y12", "Y21"]),
    ("淮安市人民政府 2024 年报（PDF），一（二）",
     "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；政府信息公开行政诉讼46件，"
     "其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
     {"fy.zj": 351, "fy.wc": 72, "fy.jz": 64, "fy.qt": 178, "fy.wj": 37, "ss1.zj": 26, "ss2.zj": 20, "ss1.wc": 13,
      "ss2.wc": 12, "ss1.jz": 4, "ss2.jz": 1, "ss1.qt": 8, "ss2.qt": 1, "ss1.wj": 1, "ss2.wj": 6},
     ["Y22", "Y33", "Y34", "Y39", "Y35", "Y23", "Y36", "Y37", "Y40", "Y38"]),
]
# numbers of the same reports that state nothing the 2021 table holds: left alone, counted as not checkable
NOT_CHECKABLE = [
    ("平湖市某局 2024 年报，一（一）", "2024年，我局共主动公开政府信息376条，其中公告公示类信息330条。", 2),
    ("长春市体育局 2023 年报，一（一）", "截止2023年12月31日我局通过官方网站发布政务类信息34条，概况类信息150条。", 2),
    ("某县人民政府 2025 年报", "政府网站发布信息 4511 条，32 个部门参加培训。", 2),
    # a part of the total, said so by 代表 (template report.partial): the district's table holds 95 applications
    ("淮安市洪泽区人民政府 2024 年报（PDF），一（二）",
     "申请答复工作规范高效。2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。", 1),
]


def table(cells: dict[str, object]) -> Document:
    from decimal import Decimal

    doc = new_document(get_template("gov2021"), 2024)
    for cid in doc.template.cells:
        doc.values[cid] = 0
    for cid, v in cells.items():
        doc.values[cid] = Decimal(v) if isinstance(v, str) else v
    return doc


def findings(doc: Document, sentence: str) -> list[tuple[str, str]]:
    text = ReportText((Section(heading="一、总体情况", body=sentence, level=1),))
    return [(f.rule, f.message) for f in figure_findings(doc.template, text, doc.values)]


@pytest.mark.parametrize(("source", "sentence", "cells", "figures"), SENTENCES_2021, ids=[s[0] for s in SENTENCES_2021])
def test_a_published_sentence_checks_clean_against_its_own_table(source: str, sentence: str, cells: dict[str, object],
                                                                 figures: list[str]) -> None:
    assert findings(table(cells), sentence) == []


@pytest.mark.parametrize(("source", "sentence", "cells", "figures"), SENTENCES_2021, ids=[s[0] for s in SENTENCES_2021])
def test_each_figure_of_a_published_sentence_is_caught_when_the_table_differs(source: str, sentence: str,
                                                                              cells: dict[str, object],
                                                                              figures: list[str]) -> None:
    doc = table(cells)
    spec_cells = {f.id: f for f in doc.template.text.figures}
    from model.core import expr

    for figure in figures:
        changed = table(cells)
        first = expr.cells_of(expr.parse_sum(spec_cells[figure].alternatives[0]))[0]
        changed.values[first] = (changed.values[first] or 0) + 7
        if figure in ("Y30", "Y20"):  # either reading of 受理/办理 must now fail
            for other in expr.cells_of(expr.parse_sum(spec_cells[figure].alternatives[-1])):
                changed.values[other] = (changed.values[other] or 0) + 7
        rules = [rule for rule, _message in findings(changed, sentence)]
        assert figure in rules, (figure, findings(changed, sentence))


def test_the_message_quotes_both_numbers_and_converts_yuan() -> None:
    [(rule, message)] = findings(table({"t2.sf": "125.6"}), "行政事业性收费 1,250,000 元。")
    assert rule == "Y10"
    assert "正文：行政事业性收费 1250000 元" in message and "125.6 万元" in message and "= 125 万元" in message


def test_either_reading_of_shou_li_is_accepted_and_the_message_names_both() -> None:
    doc = table({"n1.zj": 20, "n2.zj": 2})
    assert findings(doc, "共受理政府信息公开申请22件。") == [] and findings(doc, "共受理政府信息公开申请20件。") == []
    [(_rule, message)] = findings(doc, "共受理政府信息公开申请25件。")
    assert "20 件" in message and "22 件" in message and "或" in message


@pytest.mark.parametrize(("source", "sentence", "count"), NOT_CHECKABLE, ids=[s[0] for s in NOT_CHECKABLE])
def test_numbers_the_table_does_not_hold_are_counted_as_not_checkable(source: str, sentence: str, count: int) -> None:
    doc = table({})
    text = ReportText((Section(heading="一、总体情况", body=sentence, level=1),))
    assert figure_findings(doc.template, text, doc.values) == []
    assert text_coverage(doc.template, text) == {"checked": 0, "unchecked": count}


def test_coverage_counts_what_is_checked() -> None:
    doc = table({})
    text = ReportText((Section(heading="一、总体情况", body=SENTENCES_2021[3][1], level=1),))
    coverage = text_coverage(doc.template, text)
    assert coverage["checked"] == 7  # 1453, 30, 966, 81, 182, 61, 96; "部分公开67，" has no unit
    assert coverage["unchecked"] == 0


def test_figures_in_wan_and_chinese_numerals_are_read() -> None:
    doc = new_document(get_template("gov2015"), 2015)
    for cid in doc.template.cells:
        doc.values[cid] = 0
    doc.values["A1"] = 12000
    text = ReportText((Section(heading="一、概述", body="主动公开政府信息1.2万条，收到申请两件。", level=1),))
    assert figure_findings(doc.template, text, doc.values)[0].rule == "X10"  # 两件 ≠ 0; 1.2万 = 12000
    doc.values["C1"] = 2
    assert figure_findings(doc.template, text, doc.values) == []


# --- reading what offices publish: titles, row labels and headings as they come (issue 19 §2, §3)


@pytest.mark.parametrize(("lines", "unit", "year"), [
    (["XX县人民政府 2025 年政府信息公开工作年度报告"], "XX县人民政府", 2025),  # spaces, as PDF/Word copies have them
    (["青山县自然资源局", "2023 年政府信息公开工作年度报告"], "青山县自然资源局", 2023),  # set on two lines
    (["海州区人民政府二〇二三年政府信息公开工作年度报告"], "海州区人民政府", 2023),
    (["连云港市海州区人民政府２０２４年度政府信息公开工作年度报告"], "连云港市海州区人民政府", 2024),
])
def test_titles_as_published_give_unit_and_year(lines: list[str], unit: str, year: int) -> None:
    from model.exchange.report_read import Blocks, _title_of_text

    found_unit, found_year, used = _title_of_text(Blocks([*lines, "一、总体情况", "本年度……"]))
    assert (found_unit, found_year, used) == (unit, year, set(range(len(lines))))


def test_a_report_without_its_table_still_exports_and_says_why(tmp_path) -> None:
    import subprocess
    import sys

    src = tmp_path / "report.txt"
    src.write_text("青山县自然资源局\n2023 年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息 50 条。\n",
                   encoding="utf-8")
    root = ROOT_DIR
    r = subprocess.run([sys.executable, str(root / "main.py"), "--report", str(tmp_path / "out.html"), str(src)],
                       capture_output=True, text=True, encoding="utf-8", cwd=root, timeout=120)
    assert r.returncode == 1 and (tmp_path / "out.html").exists()
    assert "报告照样导出" in r.stderr and "没有找到统计表" in r.stderr
    assert "青山县自然资源局2023年政府信息公开工作年度报告" in (tmp_path / "out.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("label", "row"), [("规范性文件", "t2.gf"), ("行政规范性文件", "t2.gf"),
                                            ("属于国家秘密", "r3_1"), ("危及国家安全、公共安全、经济安全和社会稳定", "r3_3"),
                                            ("（七）总计", "r7"), ("其他", "r6_3")])
def test_row_labels_as_offices_shorten_or_lengthen_them(label: str, row: str) -> None:
    from model.exchange.labels_match import label_key, row_keys

    assert row_keys(get_template("gov2021")).get(label_key(label)) == (row,)


def test_headings_of_every_level_and_run_in_headings_start_their_own_part() -> None:
    from model.exchange.report_read import Blocks, sections_of

    blocks = Blocks(["一、总体情况", "（一）系统化推进主动公开。", "本年度主动公开政府信息100条。",
                     "（二）主动公开信息情况。本年度我局门户网站发布信息34条。", "1.平台建设", "完善网站。",
                     "（1）网站", "一是积极推进主动公开。坚持公开。", "（三）是指这一段虽然以编号开头，但它是一个很长的句子，因此是段落。"])
    parts = [(s.level, s.heading, s.body) for s in sections_of(blocks, get_template("gov2021"), set()).sections]
    assert parts == [
        (1, "一、总体情况", ""),
        (2, "（一）系统化推进主动公开。", "本年度主动公开政府信息100条。"),
        (2, "（二）主动公开信息情况。", "本年度我局门户网站发布信息34条。"),
        (3, "1.平台建设", "完善网站。"),
        (3, "（1）网站", "一是积极推进主动公开。坚持公开。\n（三）是指这一段虽然以编号开头，但它是一个很长的句子，因此是段落。"),
    ]


MORE_2021 = [
    ("长春市人民政府办公厅 2024 年报，一（二）",
     "2024年，共受理政府信息公开申请95件，其中自然人申请89件，法人或其他组织申请6件。答复政府信息公开申请98件（含上年度转结申请8件，"
     "另有5件申请转结下年度继续办理），均按规定在法定期内予以答复。所有答复件中，予以公开及部分公开的42件，占42.86%；不予公开的1件，"
     "占1.02%；因本机关不掌握等原因无法提供的49件，占50%；其他处理6件，占6.12%。因政府信息公开引起的行政复议2件、行政诉讼1件。",
     {"n1.zj": 95, "n1.zrr": 89, "n1.sy": 6, "r7.zj": 98, "n2.zj": 8, "n4.zj": 5, "r1.zj": 40, "r2.zj": 2,
      "r3_5.zj": 1, "r4_1.zj": 49, "r6_3.zj": 6, "fy.zj": 2, "ss1.zj": 1},
     ["Y30", "Y24", "Y25", "Y20", "Y12", "Y21", "Y13", "Y16", "Y17", "Y19", "Y22", "Y23"]),
    ("九江市濂溪区人民政府 2024 年报，一（二）", "2024年，全区受理依申请公开件255件，办结255件，其中予以公开71件、部分公开5件。",
     {"n1.zj": 255, "r7.zj": 255, "r1.zj": 71, "r2.zj": 5}, ["Y30", "Y20", "Y14", "Y15"]),
    ("江门市蓬江区发展和改革局 2024 年报（繁體），一",
     "認真做好政府信息公開申請工作。2024年，收到政府信息公開申請3宗，已全部辦結，沒有因政府信息公開申請引起行政復議和行政訴訟的情況。",
     {"n1.zj": 3, "r7.zj": 3}, ["Y11", "Y22", "Y23"]),
    ("某区审计局 2020 年报（PDF 转文字），四", "2020 年，我单位对形成的政府信息实现了依法、有序公开，\n未出现申请行政复议、提起行政诉讼的情况。",
     {}, ["Y22", "Y23"]),
]


@pytest.mark.parametrize(("source", "sentence", "cells", "figures"), MORE_2021, ids=[s[0] for s in MORE_2021])
def test_more_published_sentences_check_clean_and_catch_each_figure(source: str, sentence: str,
                                                                    cells: dict[str, object],
                                                                    figures: list[str]) -> None:
    test_a_published_sentence_checks_clean_against_its_own_table(source, sentence, cells, figures)
    test_each_figure_of_a_published_sentence_is_caught_when_the_table_differs(source, sentence, cells, figures)


def test_a_denial_does_not_reach_over_a_comma_or_a_counted_figure() -> None:
    doc = table({"fy.zj": 1, "fy.wc": 1})
    assert findings(doc, "未收到政府信息公开申请，被申请行政复议1件。") == []
    assert findings(doc, "未收到政府信息公开申请引起的行政复议 1 件。") == []
    assert [r for r, _m in findings(doc, "未发生因政府信息公开引起的行政复议。")] == ["Y22"]


def test_a_figure_of_ones_own_part_is_not_the_total_but_the_total_still_is() -> None:
    doc = table({"n1.zj": 95})
    text = ReportText((Section(heading="一、总体情况", level=1, body="区政府办代表区政府受理政府信息公开申请 17 件。"
                                                                  "全区共受理政府信息公开申请 96 件。"),))
    findings = figure_findings(doc.template, text, doc.values)
    assert [f.message for f in findings] == ["正文：受理的申请 96 件；表中：95 件"]  # 17 left alone, 96 is not
