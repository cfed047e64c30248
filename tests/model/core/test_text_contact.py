"""The contact part (where the report is published, whom to ask): found in reports as offices publish them, kept
through the native file and the three exports, left out of the figure check and of the same-as-last-year check."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from model.core.document import Document
from model.core.draft import apply_draft, draft_paragraphs
from model.core.templates import get_template
from model.core.text import CONTACT, ReportText, Section, TextFormatError, from_json, to_json
from model.core.text_check import same_as_last_year
from model.core.text_contact import contact_part
from model.exchange.files import import_document
from model.exchange.report_docx import export_docx
from model.exchange.report_html import export_html
from model.exchange.store import load
from print import pdf
from resources import path as resource_path

# The opening paragraphs of published reports, as their web pages or PDFs print them; the part after "|" is what
# the contact part must hold (the sentences before it stay the opening).
REAL_OPENINGS = {
    # 淮安市人民政府 2024 (PDF, WPS): the contact sentence ends the opening paragraph
    "huaian_city_2024": (
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例"
        "》）规定编制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。|如对本报告有疑问，请与淮"
        "安市人民政府办公室联系（地址：淮安市翔宇南道 1 号，邮编：223001，电话：0517-83605210，电子邮箱：hazw"
        "gkc@163.com）。"),
    # 泰州市人民政府 2017 (web page, zwinkt.com): the statistics period and the download in one sentence
    "taizhou_city_2017": (
        "根据《中华人民共和国政府信息公开条例》规定,现公布泰州市人民政府2017年政府信息公开工作年度报告。|报告"
        "所列数据的统计期限自2017年1月1日起至12月31日止,报告电子版可在泰州市政府门户网站(http://www.zwinkt.co"
        "m)下载。如对报告有疑问,请与泰州市人民政府办公室政府信息公开处联系(地址:泰州市海陵区凤凰东路58号;邮编"
        ":225300;电话:0523-86839755;传真:0523-86839056;电子邮箱:zfbdzzwc@163.com)。"),
    # 福州市晋安区 2016 (web page): 可致电
    "jinan_district_2016": (
        "本报告统计数据从2016年1月1日至2016年12月31日止。|福州市晋安区人民政府信息公开办公室提供本报告的电子"
        "版下载(福州市晋安区人民政府门户网站地址:http://jaq.fuzhou.gov.cn/)。如对本报告有任何疑问,可致电福州"
        "市晋安区人民政府信息公开办公室,电话:0591-83926179。"),
    # 宿州市人民政府 2016 (web page): 本年度报告, the address in parentheses after the sentence
    "suzhou_city_2016": (
        "本年度报告中使用数据统计期限为2016年1月1日至12月31日。|本年度报告的电子版可在宿州市人民政府信息公开"
        "网站(http://www.lfrdys.com/index.html)下载。如对本年度报告有任何疑问,请与宿州市政务公开办公室联系。("
        "地址:宿州市银河一路506号市政务中心B座107室,电话(传真):0557-3022687,邮编:234000)。"),
    # 丽水市 2017 (web page): 全文在…公布，欢迎查阅
    "lishui_city_2017": (
        "报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。|本报告全文在丽水市人民政府门户网站“中国"
        "丽水”(http://www.lishui.gov.cn/)公布,欢迎查阅。如对本报告有疑问,可通过“中国丽水”门户网站的政府信息公"
        "开意见箱反应或直接与丽水市人民政府办公室政府信息公开中心联系(地址:丽水市花园路1号,邮编:323000,电话:0"
        "578—2090823,电子邮箱:lsxxgk@lishui.gov.cn)。"),
    # 平潭综合实验区 2017 (web page): the address lines run on without sentence ends, "邮 编", "电 话"
    "pingtan_2017": (
        "本报告所列数据的统计期限自2017年1月1日起至2017年12月31日止。|本报告的电子版可在“中国·平潭”政府门户网"
        "站（www.pingtan.gov.cn）下载。如对本报告有任何疑问，请与平潭综合实验区政府信息公开工作领导小组办公室"
        "联系。联系地址：平潭综合实验区北厝镇金井湾片区管委会大楼东附属楼7楼邮 编：350400电 话：0591-23162606"
        "传 真：0591-23162143电子邮箱：pzxxgkb＠163.com"),
    # 怀化市统计局 2016 (web page): 报告在《…》公布
    "huaihua_statistics_2016": (
        "本报告由怀化市统计局根据《中华人民共和国政府信息公开条例》的相关规定编制。|本报告中所列数据的统计期"
        "限自2016年1月1日至2016年12月31 日止,报告在《怀化统计信息网》公布。"),
}

# Sentences of real reports that end an opening or a last section and are not contact lines.
NOT_CONTACT = [
    "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",  # 平潭综合实验区 2024
    "政府信息公开申请可通过当面、信函、电子邮箱等方式提出。",
    "全年编印《政府公报》12期，同步发布电子版。",
    "2024年，无收取信息处理费情况。",  # 平潭综合实验区 2024, 六、其他需要报告的事项
    "开通政务服务热线电话12345，全年受理群众来电3.2万件。",
]


def opening(text: str, *rest: Section) -> ReportText:
    return ReportText((Section(heading="", level=0, body=text), Section(heading="一、总体情况", body="正文。"), *rest))


@pytest.mark.parametrize("name", sorted(REAL_OPENINGS))
def test_the_contact_lines_of_published_openings_become_the_contact_part(name: str) -> None:
    before, contact = REAL_OPENINGS[name].split("|")
    found = contact_part(opening(before + contact), get_template("gov2021"))
    sections = found.text.sections
    assert [s.role for s in sections] == ["", CONTACT, ""]
    assert sections[0].body == before.strip() and sections[1].body == contact
    assert sections[1].heading == "" and found.split


def test_a_contact_paragraph_of_its_own_moves_whole_and_nothing_is_split() -> None:
    before, contact = REAL_OPENINGS["suzhou_city_2016"].split("|")
    found = contact_part(opening(before + "\n" + contact), get_template("gov2015"))
    assert [s.body for s in found.text.sections[:2]] == [before, contact] and not found.split


def test_contact_lines_at_the_end_of_the_report_follow_the_last_section() -> None:
    _before, contact = REAL_OPENINGS["huaian_city_2024"].split("|")
    last = Section(heading="六、其他需要报告的事项", body="2024年，无收取信息处理费情况。\n" + contact)
    found = contact_part(opening("本报告依据《条例》编制。", last), get_template("gov2021"))
    assert [(s.heading, s.role, s.body) for s in found.text.sections[-2:]] == [
        ("六、其他需要报告的事项", "", "2024年，无收取信息处理费情况。"), ("", CONTACT, contact)]


@pytest.mark.parametrize("sentence", NOT_CONTACT)
def test_prose_that_mentions_mail_telephones_or_copies_stays_prose(sentence: str) -> None:
    last = Section(heading="六、其他需要报告的事项", body=sentence)
    text = opening("本报告依据《条例》编制。" + sentence, last)
    assert contact_part(text, get_template("gov2021")).text == text


def test_the_contact_part_is_kept_by_the_native_file_and_a_wrong_role_is_refused() -> None:
    text = ReportText((Section(heading="", level=0, role=CONTACT, body="如对本报告有疑问，请与本局办公室联系。"),))
    assert from_json(to_json(text)) == text
    with pytest.raises(TextFormatError, match="role"):
        from_json({"sections": [{"heading": "", "body": "x", "role": "signature"}]})


def test_the_contact_lines_are_not_taken_for_last_years_copy() -> None:
    _before, contact = REAL_OPENINGS["taizhou_city_2017"].split("|")
    last = ReportText((Section(heading="", level=0, role=CONTACT, body=contact),
                       Section(heading="一、总体情况", body="上年写的一段，足有二十个字以上，今年不该再原样出现。")))
    assert same_as_last_year(last, last)[0].message.startswith("报告正文与上年报告完全相同")
    this_year = ReportText((last.sections[0], Section(heading="一、总体情况", body="今年新写的一段，足有二十个字以上，"
                                                                                "与上年不同。")))
    assert same_as_last_year(this_year, last) == []  # the same contact lines every year are no copy
    as_prose = ReportText((replace(last.sections[0], role=""), this_year.sections[1]))
    assert len(same_as_last_year(as_prose, replace(last, sections=(replace(last.sections[0], role=""),
                                                                   last.sections[1])))) == 1


def _report_with_contact() -> Document:
    doc = load(resource_path("examples", "example-2021.json"))
    doc.text = apply_draft(doc, draft_paragraphs(doc))
    _before, contact = REAL_OPENINGS["huaian_city_2024"].split("|")
    items = list(doc.text.sections)
    k = next(i for i, s in enumerate(items) if s.role == CONTACT)
    items[k] = replace(items[k], body=contact)
    doc.text = ReportText(tuple(items))
    return doc


@pytest.mark.parametrize("suffix", [".docx", ".html", ".pdf"])
def test_the_contact_part_prints_where_it_stands_and_comes_back_in_as_the_contact_part(
        tmp_path: Path, suffix: str) -> None:
    doc = _report_with_contact()
    out = tmp_path / f"report{suffix}"
    if suffix == ".pdf":
        pdf.render(doc, out, pdf.PrintOptions(report=True))
        flat = "".join("".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
        assert flat.index("如对本报告有疑问") < flat.index("一、总体情况")
    else:
        (export_docx if suffix == ".docx" else export_html)(doc, out, "hans")
    back = import_document(out).document
    contact = [s for s in back.text.sections if s.role == CONTACT]
    assert len(contact) == 1 and "".join(contact[0].body.split()) == "".join(
        next(s for s in doc.text.sections if s.role == CONTACT).body.split())
    roles = [s.role for s in back.text.sections]
    assert roles.index(CONTACT) < [s.heading for s in back.text.sections].index("一、总体情况")
