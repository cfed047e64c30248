"""Simplified → Traditional conversion of the app's own texts (model.script, resources/s2t.json)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from model.script import in_script, to_hant
from model.templates import HANS, HANT, Template, Text, get_template

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff]")


def template_texts(t: Template) -> Iterator[Text]:
    yield t.name
    yield t.title
    for table in t.tables:
        yield table.title
        yield table.unit_header
        yield from (c.label for c in table.columns)
        yield from (h.text for row in table.header for h in row)
        for r in table.rows:
            yield r.label
            if r.unit is not None:
                yield r.unit
            yield from (h.text for h in r.cells)
        yield from table.notes


LABELS = [x.hans for name in ("gov2015", "gov2021") for x in template_texts(get_template(name)) if x.hans]
MESSAGES = [r.message for name in ("gov2015", "gov2021") for r in get_template(name).rules]


def code_texts() -> list[str]:
    """The Chinese string literals of the app's code (menus, messages, fixed words of PDF and workbook)."""
    out = []
    for f in [*ROOT.glob("ui/*.py"), *ROOT.glob("model/*.py"), *ROOT.glob("print/*.py"), ROOT / "main.py"]:
        if f.name == "labels_match.py":  # a table of variant characters, never shown
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
                out.append(node.value)
    return out


def traditional_ok(text: str) -> bool:
    """Every Chinese character is one a Traditional (Big5) font and reader know."""
    for ch in CJK.findall(text):
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            return False
    return True


def test_words_of_the_domain() -> None:
    assert to_hant("复制单元格") == "複製單元格"
    assert to_hant("行政复议") == "行政復議"
    assert to_hant("申请答复数") == "申請答復數"
    assert to_hant("联系电话") == "聯繫電話"
    assert to_hant("填报单位（盖章）") == "填報單位（蓋章）"
    assert to_hant("第 3 页 共 12 页") == "第 3 頁 共 12 頁"
    assert to_hant("汇总表") == "匯總表"
    assert to_hant("参加新闻发布会次数") == "參加新聞發布會次數"
    assert to_hant("制作") == "製作"
    assert to_hant("制发规范性文件总数") == "制發規範性文件總數"
    assert to_hant("属于已主动公开范围数") == "屬於已主動公開範圍數"
    assert to_hant("关系为：后台") == "關係為：後臺"
    assert to_hant("若干") == "若干"
    assert to_hant("恢复文件无法读取") == "恢復文件無法讀取"  # 恢复 is read as a phrase, not 复文 → 覆文
    assert to_hant("该磁盘是只读的") == "該磁盤是只讀的"
    assert to_hant("四舍五入") == "四捨五入"


def test_non_chinese_and_empty_text_unchanged() -> None:
    assert to_hant("") == ""
    assert to_hant("K1 v=8,547 / NA (x+y)") == "K1 v=8,547 / NA (x+y)"


def test_in_script_keeps_simplified_by_default() -> None:
    assert in_script("问题列表", HANS) == "问题列表"
    assert in_script("问题列表", HANT) == "問題列表"


def test_every_text_of_the_app_converts_to_traditional_characters() -> None:
    texts = code_texts() + LABELS + MESSAGES
    assert len(texts) > 500
    bad = {t: to_hant(t) for t in texts if not traditional_ok(to_hant(t))}
    assert bad == {}


@given(st.lists(st.sampled_from(LABELS + MESSAGES), min_size=1, max_size=4), st.text(max_size=8))
def test_converted_labels_are_traditional_and_keep_their_length(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    out = to_hant(text)
    assert len(out) == len(text)  # one character for one: positions in messages stay put
    for a, b in zip(text, out, strict=True):
        assert a == b or (CJK.match(a) and CJK.match(b))
    assert traditional_ok(to_hant("".join(parts)))


def test_converting_twice_changes_nothing() -> None:
    """A widget text that is already Traditional may meet the converter again (若干 must not become 若幹)."""
    for text in code_texts() + LABELS + MESSAGES:
        once = to_hant(text)
        assert to_hant(once) == once, text


def test_simplified_labels_against_the_seeds_traditional() -> None:
    """Our conversion of the 2015 labels equals the seed's hand-written Traditional text except where the seed
    uses ASCII punctuation and spacing, keeps 于/范 unconverted, or has a typo (具有 for 具體)."""
    ascii_punct = str.maketrans({"(": "（", ")": "）", ":": "：", "﹒": ".", " ": None})
    differences: set[tuple[str, str]] = set()
    for text in template_texts(get_template("gov2015")):
        ours, seed = to_hant(text.hans).replace(" ", ""), text.hant.translate(ascii_punct)
        assert len(ours) == len(seed), (ours, seed)
        differences |= {(a, b) for a, b in zip(ours, seed, strict=True) if a != b}
    assert differences == {("範", "范"), ("於", "于"), ("體", "有")}


def test_2021_labels_convert_exactly_to_the_templates_traditional() -> None:
    for text in template_texts(get_template("gov2021")):
        assert to_hant(text.hans) == text.hant
