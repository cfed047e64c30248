"""The report's text: brought in from the seed, checked against the table, drafted, compared with last year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from model.core.document import Document, LastYear
from model.core.draft import apply_draft, draft_paragraphs, own_words
from model.core.report import check_document, document_text_findings
from model.core.templates import get_template
from model.core.text import ReportText, Section, from_json, skeleton, to_json
from model.exchange.files import import_document
from model.exchange.report_read import blocks_of_html, blocks_of_text, sections_of
from model.exchange.store import dumps, load, loads
from resources import path as resource_path
from tests.conftest import DATA

SEED_TEXT = DATA / "seed_haizhou_2015.txt"
EXAMPLE_2021 = resource_path("examples", "example-2021.json")


def with_text(doc: Document, *paragraphs: str, heading: str = "一、总体情况") -> Document:
    doc.text = ReportText((Section(heading=heading, body="\n".join(paragraphs)),))
    return doc


def messages(doc: Document) -> list[str]:
    return [f.message for f in document_text_findings(doc)]


def seed_paragraphs() -> list[str]:
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines[: lines.index("政府信息公開情況統計表")] if ln.strip()]


# --- the seed


def test_the_seed_report_comes_in_whole_text_and_table() -> None:
    result = import_document(SEED_TEXT)
    doc = result.document
    assert result.complete and doc.template.id == "gov2015" and doc.year == 2015
    assert doc.values == load(resource_path("examples", "haizhou-2015.json")).values  # all 58 figures, by label
    headings = [s.heading for s in doc.text.sections if s.heading]
    assert headings == ["一、政府信息公開總體情況", "二、推進重點領域信息公開", "三、加大政策解讀回應力度",
                        "四、建立健全制度機制", "五、強化督查指導作用"]
    # every line of the seed's text is a heading or a paragraph of the report, in order and as written
    shown = [x for s in doc.text.sections for x in ([s.heading] if s.heading else []) + s.paragraphs()]
    assert shown == seed_paragraphs()
    assert doc.text.sections[-1].paragraphs()[0].startswith("下一步")  # the closing word stands on its own


def test_the_seed_example_carries_the_seed_text_and_checks_clean(seed_doc: Document) -> None:
    shown = [x for s in seed_doc.text.sections for x in ([s.heading] if s.heading else []) + s.paragraphs()]
    assert shown == seed_paragraphs()
    report = check_document(seed_doc)
    assert report.final and not report.warnings
    assert messages(seed_doc) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("主動公開政府信息8547條", "主動公開政府信息8574條", "正文：主动公开政府信息 8574 条；表中：8547 条"),
    ("依申請公開信息5條", "依申請公開信息6條", "正文：收到申请 6 条；表中：5 件"),
    ("共受理依申請公開5件", "共受理依申請公開7件", "正文：收到申请 7 件；表中：5 件"),
])
def test_a_changed_figure_of_the_seed_text_is_caught_with_both_numbers(seed_doc: Document, old: str, new: str,
                                                                       expected: str) -> None:
    sections = []
    for s in seed_doc.text.sections:
        sections.append(Section(s.heading, s.body.replace(old, new), s.level, s.fixed, s.table))
    seed_doc.text = ReportText(tuple(sections))
    found = document_text_findings(seed_doc)
    assert [f.message for f in found] == [expected]
    f = found[0]
    assert f.severity == "error" and f.spot is not None
    body = seed_doc.text.sections[f.spot.section].body
    assert new[-5:] in body[f.spot.start:f.spot.end]  # the finding points at the phrase
    assert new in f.quote  # and quotes its sentence


def test_the_seed_saying_no_review_while_the_table_has_one_is_caught(seed_doc: Document) -> None:
    seed_doc.values.update({"D": 2, "D1": 2})
    assert messages(seed_doc) == ["正文说没有行政复议；表中：行政复议 2 件"]


def test_numbers_that_state_nothing_in_the_table_are_left_alone(seed_doc: Document) -> None:
    with_text(seed_doc, "共梳理區級32個部門的行政權力2879項，在新華日報等媒體發布信息129條，公開環境公報9份，"
                        "預算安排金額合計1.8億元，設立服務窗口42個。")
    assert messages(seed_doc) == []


def test_full_width_digits_and_thousands_separators_are_read(seed_doc: Document) -> None:
    assert messages(with_text(seed_doc, "本年度主动公开政府信息８，５４７条。")) == []
    assert messages(with_text(seed_doc, "本年度主动公开政府信息８５７４条。")) == [
        "正文：主动公开政府信息 8574 条；表中：8547 条"]


# --- the 2021 format: every kind of stated figure

KINDS_2021 = [
    ("本年度新收政府信息公开申请{}件。", "n1.zj"),
    ("上年结转政府信息公开申请{}件。", "n2.zj"),
    ("其中予以公开{}件。", "r1.zj"),
    ("部分公开{}件。", "r2.zj"),
    ("不予公开{}件。", "r3"),
    ("无法提供{}件。", "r4"),
    ("不予处理{}件。", "r5"),
    ("其他处理{}件。", "r6"),
    ("予以公开及部分公开{}件。", "r1.zj+r2.zj"),
    ("结转下年度继续办理{}件。", "n4.zj"),
    ("被申请行政复议{}件。", "fy.zj"),
    ("被提起行政诉讼{}件。", "ss"),
    ("本年度制发规章{}件。", "t2.gz.zf"),
    ("现行有效规章{}件。", "t2.gz.yx"),
    ("制发行政规范性文件{}件。", "t2.gf.zf"),
    ("现行有效行政规范性文件{}件。", "t2.gf.yx"),
    ("行政事业性收费{}万元。", "t2.sf"),
]


def figure_2021(doc: Document, what: str) -> object:
    v = doc.values
    groups = {"r3": [f"r3_{i}.zj" for i in range(1, 9)], "r4": [f"r4_{i}.zj" for i in range(1, 4)],
              "r5": [f"r5_{i}.zj" for i in range(1, 6)], "r6": [f"r6_{i}.zj" for i in range(1, 4)],
              "ss": ["ss1.zj", "ss2.zj"]}
    cells = groups.get(what) or what.split("+")
    return sum(v[c] for c in cells)  # type: ignore[misc]


@pytest.mark.parametrize(("sentence", "what"), KINDS_2021)
def test_each_kind_of_figure_stated_in_2021_text_is_checked(sentence: str, what: str) -> None:
    doc = load(EXAMPLE_2021)
    right = figure_2021(doc, what)
    assert messages(with_text(doc, sentence.format(right))) == []
    wrong = right + 3  # type: ignore[operator]
    found = messages(with_text(doc, sentence.format(wrong)))
    assert len(found) == 1
    assert "正文：" in found[0] and f" {wrong} " in found[0] and f"{right}" in found[0].split("表中：")[1]


def test_a_stated_sum_is_checked_as_the_sum_not_as_its_last_part() -> None:
    doc = load(EXAMPLE_2021)
    total = doc.values["r1.zj"] + doc.values["r2.zj"]  # type: ignore[operator]
    found = messages(with_text(doc, f"予以公开及部分公开{total + 17}件，无法提供265件。"))
    assert found[0] == (f"正文：予以公开及部分公开 {total + 17} 件；表中：予以公开·总计 {doc.values['r1.zj']} + "
                        f"部分公开·总计 {doc.values['r2.zj']} = {total} 件（予以公开及部分公开）")
    assert len(found) == 2 and found[1].startswith("正文：无法提供 265 件")


def test_no_review_and_no_lawsuit_stated_against_the_2021_table() -> None:
    doc = load(EXAMPLE_2021)
    sentence = "本年度未发生因政府信息公开引起的行政复议和行政诉讼。"
    found = messages(with_text(doc, sentence))
    assert found[0] == f"正文说没有行政复议；表中：行政复议 {doc.values['fy.zj']} 件"
    assert found[1].startswith("正文说没有行政诉讼；表中：") and len(found) == 2
    for c in ("fy", "ss1", "ss2"):
        for col in ("wc", "jz", "qt", "wj", "zj"):
            doc.values[f"{c}.{col}"] = 0
    assert messages(with_text(doc, sentence)) == []


def test_a_figure_whose_cells_are_blank_is_not_compared() -> None:
    doc = Document(get_template("gov2021"), 2023)
    assert messages(with_text(doc, "本年度新收政府信息公开申请12件。")) == []


# --- 生成初稿


@pytest.mark.parametrize("src", ["haizhou-2015.json", "example-2021.json"])
@pytest.mark.parametrize("linked", [False, True])
def test_drafted_sentences_recheck_clean_against_their_table(src: str, linked: bool) -> None:
    doc = load(resource_path("examples", src))
    doc.text = ReportText()
    if linked:
        doc.previous = LastYear("上年.xxgk", {c: (v * 4 // 5 if isinstance(v, int) else v)
                                             for c, v in doc.values.items()})
    drafts = draft_paragraphs(doc)
    doc.text = apply_draft(doc, drafts)
    written = [p for s in doc.text.sections for p in s.paragraphs()]
    assert written and all(s.is_generated(p) for s in doc.text.sections for p in s.paragraphs())
    assert messages(doc) == []
    joined = "".join(written)
    assert re.search(r"占\d+(\.\d)?%", joined)  # a share
    assert ("同比增长" in joined) is linked  # change on last year only when linked


def test_the_draft_says_the_figures_a_clerk_would_write() -> None:
    doc = load(EXAMPLE_2021)
    doc.previous = LastYear("上年.xxgk", {**doc.values, "n1.zj": 19})
    text = draft_paragraphs(doc)["（二）依申请公开"][0]
    assert text.startswith(f"本年度新收政府信息公开申请{doc.values['n1.zj']}件，同比增长15.8%，上年结转申请")


def test_the_draft_keeps_the_clerks_own_words_unless_told() -> None:
    doc = load(EXAMPLE_2021)
    doc.text = apply_draft(doc, draft_paragraphs(doc))
    k = next(i for i, s in enumerate(doc.text.sections) if s.heading == "（二）依申请公开")
    mine = "我局严格落实依申请公开工作制度，做到件件有回复。"
    s = doc.text.sections[k]
    doc.text = doc.text.with_section(k, Section(s.heading, s.body + "\n" + mine, s.level, s.fixed, s.table,
                                                s.generated))
    drafts = draft_paragraphs(doc)
    assert own_words(doc.text, list(drafts)) == ["（二）依申请公开"]
    kept = apply_draft(doc, drafts).sections[k]
    assert kept.paragraphs()[-1] == mine and not kept.is_generated(mine)
    assert mine not in apply_draft(doc, drafts, replace_own=True).sections[k].body


def test_an_edited_generated_paragraph_is_the_clerks() -> None:
    from model.core.text import edited

    doc = load(EXAMPLE_2021)
    doc.text = apply_draft(doc, draft_paragraphs(doc))
    k = next(i for i, s in enumerate(doc.text.sections) if s.generated)
    s = edited(doc.text.sections[k], doc.text.sections[k].body + "另有补充。")
    assert not s.generated and own_words(ReportText((s,)), [s.heading]) == [s.heading]


# --- not last year's report again


def test_paragraphs_copied_from_last_year_are_flagged(seed_doc: Document) -> None:
    last = seed_doc.text
    seed_doc.previous = LastYear("2014.xxgk", {}, text=last)
    report = check_document(seed_doc)
    assert [f.message for f in report.errors if f.rule == "SAME_ALL"] == [
        "报告正文与上年报告完全相同：请按本年度的工作如实撰写（年度报告不得内容雷同）"]
    changed = [Section(s.heading, s.body.replace("8547", "9001") if "8547" in s.body else s.body, s.level)
               for s in last.sections]
    seed_doc.text = ReportText(tuple(changed))
    seed_doc.values["A1"] = 9001  # keep the table agreeing with the new text
    found = [f for f in document_text_findings(seed_doc)]
    assert {f.rule for f in found} == {"SAME"} and all(f.severity == "warning" for f in found)
    assert len(found) == len([p for s in last.sections for p in s.paragraphs()]) - 1  # all but the changed one
    assert all("与上年报告中的一段完全相同" in f.message for f in found)


# --- the native file


def test_the_text_is_saved_in_the_native_file_and_read_back(seed_doc: Document) -> None:
    again = loads(dumps(seed_doc))
    assert again.text == seed_doc.text


def test_a_file_without_text_is_written_without_a_report_part() -> None:
    doc = load(EXAMPLE_2021)
    assert '"report"' not in dumps(doc)


def test_a_broken_report_part_is_refused_with_a_chinese_message(seed_doc: Document) -> None:
    from model.exchange.store import DocumentError

    text = dumps(seed_doc).replace('"sections": [', '"sections": [7, ', 1)
    with pytest.raises(DocumentError, match="报告正文部分已损坏"):
        loads(text)


sections_st = st.lists(st.builds(
    Section,
    heading=st.text(max_size=12),
    body=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60),
    level=st.integers(0, 3), fixed=st.booleans(), table=st.sampled_from(["", "t2", "t3"]),
    generated=st.lists(st.text(max_size=10), max_size=3).map(tuple),
), max_size=6).map(lambda items: ReportText(tuple(items)))


@given(sections_st)
def test_text_json_round_trip(text: ReportText) -> None:
    assert from_json(to_json(text)) == text


def test_the_2021_skeleton_has_the_official_headings_and_tables_as_sections_two_to_four() -> None:
    sk = skeleton(get_template("gov2021"))
    assert [(s.heading, s.table) for s in sk.sections if s.heading] == [
        ("一、总体情况", ""), ("（一）主动公开", ""), ("（二）依申请公开", ""), ("（三）政府信息管理", ""),
        ("（四）平台建设", ""), ("（五）监督保障", ""), ("二、主动公开政府信息情况", "t2"),
        ("三、收到和处理政府信息公开申请情况", "t3"), ("四、政府信息公开行政复议、行政诉讼情况", "t4"),
        ("五、存在的主要问题及改进情况", ""), ("六、其他需要报告的事项", "")]
    assert all(s.fixed for s in sk.sections if s.heading)
    assert all(not s.fixed for s in skeleton(get_template("gov2015")).sections)  # 2015: free headings


@pytest.mark.parametrize(("change", "message"), [
    ({"figures": [{"id": "Z", "what": "x", "value": "NOPE", "says": ["主动公开"], "units": ["条"]}]}, "没有这些格"),
    ({"figures": [{"id": "Z", "what": "x", "value": "A1", "says": ["主动(公开"], "units": ["条"]}]}, "正则表达式有误"),
    ({"skeleton": [{"heading": "一、", "table": "t9"}]}, "没有表 't9'"),
    ({"draft": [{"section": "不存在的标题", "sentences": []}]}, "skeleton 中的标题"),
])
def test_a_wrong_report_part_of_a_template_names_file_line_and_mistake(tmp_path: Path, change: dict[str, object],
                                                                       message: str) -> None:
    import json

    from model.core.templates import TemplateError, load_template

    raw = json.loads(resource_path("templates", "gov2015.json").read_text(encoding="utf-8"))
    raw["report"] = {**raw["report"], **change}
    p = tmp_path / "gov2015.json"
    p.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(TemplateError, match=f"gov2015.json 第 \\d+ 行: .*{re.escape(message)}"):
        load_template(p)


KINDS_2015 = [
    ("本年度累计主动公开政府信息{}条。", "A1", "条"),
    ("其中主动公开规范性文件{}条。", "A1a", "条"),
    ("制发规范性文件{}件。", "A1b", "件"),
    ("通过政府公报公开政府信息{}条。", "A2a", "条"),
    ("政府网站公开政府信息{}条。", "A2b", "条"),
    ("政务微博公开信息{}条。", "A2c", "条"),
    ("政务微信发布信息{}条。", "A2d", "条"),
    ("回应公众关注热点或重大舆情{}次。", "B1", "次"),
    ("发布政策解读稿件{}篇。", "B2c", "篇"),
    ("全年共受理政府信息公开申请{}件。", "C1", "件"),
    ("申请办结{}件。", "C2", "件"),
    ("被申请行政复议{}件。", "D", "件"),
    ("被提起行政诉讼{}件。", "E", "件"),
    ("收到举报投诉{}件。", "F", "件"),
    ("依申请公开收取费用{}万元。", "G", "万元"),
    ("从事政府信息公开工作人员{}人。", "H3", "人"),
    ("政府信息公开专项经费{}万元。", "H4", "万元"),
    ("举办各类培训班{}次。", "I2", "次"),
    ("接受培训人员{}人次。", "I3", "人次"),
]


@pytest.mark.parametrize(("sentence", "cell", "unit"), KINDS_2015)
def test_each_kind_of_figure_stated_in_2015_text_is_checked(seed_doc: Document, sentence: str, cell: str,
                                                            unit: str) -> None:
    from decimal import Decimal

    from model.core.values import format_number

    right = seed_doc.values[cell]
    right_n = Decimal(str(right)) if isinstance(right, str) else right
    assert messages(with_text(seed_doc, sentence.format(format_number(right_n)))) == []  # type: ignore[arg-type]
    wrong = right_n + 3  # type: ignore[operator]
    found = messages(with_text(seed_doc, sentence.format(format_number(wrong))))
    assert len(found) == 1, found
    assert found[0].startswith("正文：") and f" {format_number(wrong)} {unit}；表中：" in found[0]
    assert found[0].endswith(f"表中：{format_number(right_n)} {unit}")


def test_a_changed_text_is_named_in_the_change_list_of_a_file_saved_elsewhere(seed_doc: Document) -> None:
    from model.core.changes import changes

    other = loads(dumps(seed_doc))
    s = other.text.sections[2]
    other.text = other.text.with_section(2, Section(s.heading, s.body + "\n另加一段。", s.level))
    assert changes(seed_doc, other) == ["报告正文“二、推進重點領域信息公開”有改动（1 段 → 2 段）"]


def test_check_json_says_where_in_the_text_a_figure_disagrees(seed_doc: Document) -> None:
    from model.core.report import finding_json

    with_text(seed_doc, "本年度主动公开政府信息8574条。", heading="一、总体情况")
    f = document_text_findings(seed_doc)[0]
    out = finding_json(seed_doc, f)
    assert out["text"] == {"section": "一、总体情况", "start": 3, "end": 16, "quote": "本年度主动公开政府信息8574条。"}
    assert out["cells"][0]["cell"] == "A1" and out["cells"][0]["value"] == 8547


# --- reading reports: never a crash, and what the tool writes comes back

MARKUP = "一二三四五（）、。，|：\n 0123456789主动公开政府信息条件<>/&;tdrable"
TEXTISH = st.text(alphabet=st.sampled_from(list(MARKUP)), max_size=300)


@given(TEXTISH)
@settings(max_examples=150, deadline=None)
def test_any_text_or_markup_reads_as_blocks_and_sections_without_a_crash(text: str) -> None:
    for blocks in (blocks_of_text(text), blocks_of_html(text)):
        for template_id in ("gov2015", "gov2021"):
            report = sections_of(blocks, get_template(template_id), set())
            for s in report.sections:  # paragraphs come as trimmed, non-empty lines
                assert all(p.strip() == p and p for p in s.paragraphs())


paragraph_st = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd"), max_codepoint=0x9FFF),
                       min_size=1, max_size=40)


@given(st.lists(st.lists(paragraph_st, min_size=0, max_size=3), min_size=1, max_size=4))
@example([["年度"]])  # a last paragraph that reads like the table's year line stays text (found by hypothesis)
@settings(max_examples=25, deadline=None)
def test_written_sections_come_back_from_docx_and_html(tmp_path_factory, bodies: list[list[str]]) -> None:
    from model.exchange.report_docx import export_docx
    from model.exchange.report_html import export_html

    doc = load(resource_path("examples", "haizhou-2015.json"))
    # free headings as the clerk writes them (numbered, so they read back as headings), paragraphs of any words
    doc.text = ReportText(tuple(Section(f"{'一二三四'[k]}、第{k + 1}部分", "\n".join(body), 1)
                                for k, body in enumerate(bodies)))
    folder = tmp_path_factory.mktemp("rt")
    for suffix, write in ((".docx", export_docx), (".html", export_html)):
        write(doc, folder / f"r{suffix}")
        back = import_document(folder / f"r{suffix}").document
        assert back.values == doc.values
        assert [(s.heading, s.paragraphs()) for s in back.text.sections if s.heading] == [
            (s.heading, s.paragraphs()) for s in doc.text.sections]


def test_the_state_says_which_errors_are_the_texts(seed_doc: Document) -> None:
    s = seed_doc.text.sections[1]
    seed_doc.text = seed_doc.text.with_section(1, Section(s.heading, s.body.replace("8547", "8574"), s.level))
    assert check_document(seed_doc).state_text() == "草稿：1 处错误，均在报告正文"
    assert check_document(seed_doc, with_text=False).final  # the statistics table alone is right
    seed_doc.values["C1a"] = 3
    assert check_document(seed_doc).state_text() == "草稿：2 处错误，其中报告正文 1 处"


@pytest.mark.parametrize(("written", "value"), [("八千五百四十七", 8547), ("十二", 12), ("两万", 20000),
                                                ("一百零五", 105), ("三亿五千万", 350_000_000), ("二〇二三", 2023)])
def test_chinese_numerals_read_as_figures(written: str, value: int) -> None:
    from model.core.text_check import chinese_number

    assert chinese_number(written) == value


def test_a_figure_written_in_chinese_numerals_is_checked_too(seed_doc: Document) -> None:
    assert messages(with_text(seed_doc, "本年度主动公开政府信息八千五百四十七条，受理依申请公开五件。")) == []
    assert messages(with_text(seed_doc, "受理依申请公开两件。")) == ["正文：收到申请 2 件；表中：5 件"]
    # numerals that state nothing stay unread: 一是…, 三原则
    assert messages(with_text(seed_doc, "一是推行权力清单公开，坚持依法、规范、精简三原则。")) == []
