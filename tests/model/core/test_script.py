"""Simplified → Traditional conversion of the app's own texts (model.core.script, resources/s2t.json)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.core.document import Document, make_justification
from model.core.rules import checker_for
from model.core.script import in_script, to_hant
from model.core.templates import HANS, HANT, Template, Text, get_template
from tests.conftest import ROOT_DIR

ROOT = ROOT_DIR
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
    for f in [*ROOT.glob("ui/*.py"), *ROOT.glob("model/**/*.py"), *ROOT.glob("print/*.py"), ROOT / "main.py"]:
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


# --- the paper copy and the workbook in 繁體 (fixed words, appendix, problem messages; the clerk's text as typed)

REASON = "本年度集中清理历史文件，主动公开的规范性文件包含往年制发的 3 件。"


@pytest.fixture
def doc_with_problems(seed_doc: Document) -> Document:
    """The seed with an error (收到申请数 5 ≠ 3 + 0 + 4 + 1) and a justified warning (R14)."""
    seed_doc.values["C1a"] = 3
    seed_doc.values["A1a"] = 20
    finding = checker_for(seed_doc.template).check(seed_doc.values)["R14"]
    seed_doc.justifications["R14"] = make_justification(seed_doc, finding, REASON)
    return seed_doc


def test_pdf_in_traditional_has_traditional_fixed_words_and_messages(doc_with_problems, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from print import pdf

    monkeypatch.setenv("GOVSTATS_FONT_CACHE", str(tmp_path / "fonts"))
    out = tmp_path / "繁體.pdf"
    result = pdf.render(doc_with_problems, out, pdf.PrintOptions(script=HANT, system_fonts=False))
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(out).pages))
    for words in ("填報單位（蓋章）：", "單位負責人：", "聯繫電話：", f"第1頁共{result.pages}頁", "草稿（未通過校驗）",
                  "附：校驗說明", "未通過的校驗（錯誤）", "已說明理由的警告", "收到申請數應等於各渠道申請數之和"):
        assert words in text, words
    assert "收到申请数应等于" not in text and "校验说明" not in text
    assert re.sub(r"\s+", "", REASON) in text  # the clerk's reason is printed as written
    assert not result.problems  # every Traditional character found a glyph


def test_workbook_in_traditional_has_traditional_fixed_words_and_messages(doc_with_problems, tmp_path):
    import openpyxl

    from model.exchange.xlsx_export import export_document

    path = tmp_path / "繁體.xlsx"
    export_document(doc_with_problems, path, HANT)
    wb = openpyxl.load_workbook(path)
    assert "問題與說明" in wb.sheetnames
    ws = wb["問題與說明"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("政府信息公開情況統計表（2015年度）校驗結果：錯誤 1")
    assert rows[1] == ("序號", "類別", "規則", "涉及單元格", "說明", "理由說明")
    kinds = {r[1]: r for r in rows[2:]}
    assert "收到申請數應等於各渠道申請數之和" in kinds["錯誤"][4]
    assert kinds["已說明理由"][5] == REASON  # the clerk's own text, not converted
    form = wb["統計表"]
    assert form.oddFooter.center.text == "第 &P 頁，共 &N 頁"
    prompts = {dv.prompt for dv in form.data_validations.dataValidation}
    assert any(p.startswith("請填寫不小於 0 的整數") for p in prompts)
    export_document(doc_with_problems, tmp_path / "简体.xlsx")
    assert "问题与说明" in openpyxl.load_workbook(tmp_path / "简体.xlsx").sheetnames  # Simplified stays the default


def test_aggregate_workbook_in_traditional(tmp_path):
    import json

    import openpyxl

    from model.collect.aggregate import aggregate_files
    from model.collect.aggregate_save import save_aggregate
    from tests.conftest import SEED_EXAMPLE

    paths = []
    for k in (1, 2):
        raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
        raw["unit"]["name"] = f"第{k}局"
        raw["values"]["A1"] = 8547 * k  # two different units, not one file sent twice
        paths.append(tmp_path / f"u{k}.json")
        paths[-1].write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    agg = aggregate_files(paths, "某区政府办公室")
    assert len(agg.units) == 2, agg.refused
    save_aggregate(agg, tmp_path / "匯總.xlsx", HANT)
    wb = openpyxl.load_workbook(tmp_path / "匯總.xlsx")
    assert wb.sheetnames.index("匯總表") == wb.sheetnames.index("問題與說明") - 1  # before the problems sheet
    ws = wb["匯總表"]
    assert ws["A1"].value == "政府信息公開情況統計表（2015年度）匯總表"
    assert ws["A2"].value.startswith("匯總單位：某区政府办公室")  # the office's name as typed
    assert [c.value for c in ws[3]] == ["統計指標", "單位", "合計", "第1局", "第2局"]
    labels = [str(row[0].value).strip("　") for row in ws.iter_rows(min_row=4) if row[0].value]
    assert "(一)收到申請數" in labels  # the template's own Traditional label, as on the seed's form
    assert ws.oddFooter.center.text == "第 &P 頁，共 &N 頁"
    save_aggregate(agg, tmp_path / "汇总.xlsx")
    assert "汇总表" in openpyxl.load_workbook(tmp_path / "汇总.xlsx").sheetnames  # Simplified by default
