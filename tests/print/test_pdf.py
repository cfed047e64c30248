"""The paper copy as a reader sees it: text, order, pages, repeated header, embedded fonts, draft marker."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from model.core.document import make_justification
from model.core.layout import HEADER, LABEL, SECTION, UNIT, VALUE, build_grid
from model.core.report import check_document
from model.core.templates import HANS, HANT
from model.core.values import format_value
from model.exchange.store import load
from print import pdf
from print.fonts import PLACEHOLDER
from resources import path as resource_path
from tests.conftest import ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
EXAMPLE_2021 = resource_path("examples", "example-2021.json")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
# Only the packaged fonts: CI machines have no CJK system font, so the tests must pass without one.
PACKAGED = {"system_fonts": False}


@pytest.fixture(autouse=True, scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSTATS_FONT_CACHE", str(tmp_path_factory.mktemp("fonts")))
    yield
    mp.undo()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def poppler_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def render(doc, tmp_path: Path, name: str = "out.pdf", **options) -> tuple[Path, pdf.RenderResult]:
    out = tmp_path / name
    result = pdf.render(doc, out, pdf.PrintOptions(**{**PACKAGED, **options}))
    return out, result


def assert_in_order(text: str, needles: list[str]) -> None:
    hay = squash(text)
    pos = 0
    for needle in needles:
        n = squash(needle)
        if not n:
            continue
        found = hay.find(n, pos)
        assert found >= 0, f"{needle!r} missing (or out of order) after position {pos}: …{hay[pos:pos + 60]}…"
        pos = found + len(n)


def expected_sequence(doc, script: str) -> list[str]:
    """Every label, unit and value of every table, in reading order (row by row)."""
    seq: list[str] = []
    for table in doc.template.tables:
        grid = build_grid(doc.template, table, script)
        for c in grid.cells:
            if (c.row < grid.header_rows and c.role == HEADER) or c.role in (SECTION, LABEL, UNIT):
                seq.append(c.text)
            elif c.role == VALUE and c.cell_id:
                seq.append(format_value(doc.value(c.cell_id), doc.template.cells[c.cell_id].type))
    return seq


@needs_poppler
def test_seed_table_prints_every_label_and_value_in_order(seed_doc, tmp_path):
    out, result = render(seed_doc, tmp_path)
    text = poppler_text(out)
    assert_in_order(text, ["政府信息公开情况统计表", "（2015年度）", "填报单位（盖章）：", "连云港市海州区人民政府",
                           "统计指标", "单位", "统计数"])
    assert_in_order("".join(page_texts(out)), expected_sequence(seed_doc, HANS))
    assert_in_order(text, ["一、主动公开情况", "8547", "七、依申请公开信息收取的费用", "万元", "0.00",
                           "（四）政府信息公开专项经费", "万元", "2.00", "接受培训人员数", "人次", "80"])
    assert_in_order(text, ["单位负责人：", "审核人：", "填表人：", "联系电话：", "报出日期：", "年", "月", "日"])
    assert not result.draft and result.problems == ()
    assert "草稿" not in text


def test_page_count_and_numbering(seed_doc, tmp_path):
    out, result = render(seed_doc, tmp_path)
    pages = page_texts(out)
    assert len(pages) == result.pages == 2
    for n, text in enumerate(pages, 1):
        assert f"第{n}页共2页" in squash(text)


def test_header_row_repeats_on_page_two(seed_doc, tmp_path):
    out, _ = render(seed_doc, tmp_path)
    second = squash(page_texts(out)[1])
    assert second.startswith("统计指标单位统计数"), second[:40]


def test_a4_portrait_for_2015_and_landscape_for_2021(seed_doc, tmp_path):
    out, result = render(seed_doc, tmp_path)
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert not result.landscape
    out, result = render(load(EXAMPLE_2021), tmp_path, "2021.pdf")
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert result.landscape


@needs_poppler
def test_fonts_are_embedded_subsets(seed_doc, tmp_path):
    out, _ = render(seed_doc, tmp_path)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in listing.splitlines()[2:] if line.strip()]
    assert rows, listing
    for line in rows:
        cols = line.split()
        assert re.match(r"^[A-Z]{6}\+", cols[0]), line  # subset tag
        assert "TrueType" in line, line
        emb, sub = cols[-5], cols[-4]
        assert (emb, sub) == ("yes", "yes"), line


@pytest.mark.parametrize("script", [HANS, HANT])
def test_both_templates_render_in_both_scripts(seed_doc, tmp_path, script):
    out, result = render(seed_doc, tmp_path, f"2015-{script}.pdf", script=script)
    text = "".join(page_texts(out))
    assert_in_order(text, expected_sequence(seed_doc, script))
    if script == HANT:
        assert_in_order(text, ["政府信息公開情況統計表", "統計指標", "第1頁共2頁", "單位負責人：", "第2頁共2頁"])
    doc = load(EXAMPLE_2021)
    out, result = render(doc, tmp_path, f"2021-{script}.pdf", script=script)
    text = "".join(page_texts(out))
    title = {HANS: "政府信息公开工作年度报告（统计表）", HANT: "政府信息公開工作年度報告（統計表）"}[script]
    assert squash(f"{doc.unit.name}{doc.year}年{title}") in squash(text)
    for table in doc.template.tables:
        assert squash(table.title.get(script)) in squash(text)
    assert_in_order(text, expected_sequence(doc, script))
    notes = {HANS: ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "（区分处理的，只计这一情形，不计其他情形）"],
             HANT: ["（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）",
                    "（區分處理的，只計這一情形，不計其他情形）"]}
    for note in notes[script]:
        assert squash(note) in squash(text)
    assert not result.problems


def test_2021_title_without_unit_name_shows_placeholder(tmp_path):
    doc = load(EXAMPLE_2021)
    doc.unit.name = ""
    out, _ = render(doc, tmp_path)
    assert f"［填报单位］{doc.year}年政府信息公开工作年度报告（统计表）" in squash(page_texts(out)[0])


def test_table_four_fits_the_page(tmp_path):
    out, _ = render(load(EXAMPLE_2021), tmp_path)
    text = squash("".join(page_texts(out)))
    assert "行政复议" in text and "未经复议直接起诉" in text and "复议后起诉" in text


def test_draft_marker_iff_errors(seed_doc, tmp_path):
    out, result = render(seed_doc, tmp_path, "clean.pdf")
    assert not result.draft
    assert all("草稿" not in t for t in page_texts(out))
    seed_doc.set_value("C1", 6)  # 收到申请数 no longer equals its four channels
    assert check_document(seed_doc).errors
    out, result = render(seed_doc, tmp_path, "draft.pdf")
    assert result.draft
    texts = page_texts(out)
    assert all("草稿（未通过校验）" in squash(t) for t in texts)
    assert "未通过的校验（错误）" in squash(texts[-1])  # the appendix names the failing rule


@pytest.mark.parametrize(("style", "shown"), [("empty", ""), ("zero", "0"), ("slash", "/")])
def test_blank_cells_print_as_chosen(seed_doc, tmp_path, style, shown):
    seed_doc.set_value("I3", None)  # 接受培训人员数 left blank
    out, _ = render(seed_doc, tmp_path, blank=style)
    text = squash("".join(page_texts(out)))
    assert f"（三）接受培训人员数人次{shown}单位负责人" in text


def test_appendix_lists_open_warnings_and_justifications(seed_doc, tmp_path):
    seed_doc.set_value("A1b", 10)  # fewer normative documents issued than published: warning R14
    seed_doc.set_value("B1", 9)  # more hot topics answered than channels used: warning R15
    report = check_document(seed_doc)
    assert not report.errors and len(report.warnings) >= 2
    justified = next(f for f in report.warnings if f.rule == "R14")
    reason = "其余规范性文件是上一年度制发、本年度才公开的，共7件，已逐件核对。"
    seed_doc.justifications[justified.key] = make_justification(seed_doc, justified, reason)
    out, result = render(seed_doc, tmp_path)
    assert not result.draft
    appendix = squash(page_texts(out)[-1])
    assert appendix.startswith("附：校验说明")
    assert "未消除的警告" in appendix and "[R15]" in appendix
    assert "已说明理由的警告" in appendix and "[R14]" in appendix and squash(reason) in appendix
    out, result = render(seed_doc, tmp_path, "noappendix.pdf", appendix=False)
    assert "附：校验说明" not in squash("".join(page_texts(out)))


def test_unit_fields_fill_the_signature_block(seed_doc, tmp_path):
    seed_doc.unit.head = "王建国"
    seed_doc.unit.phone = "0518-85821234"
    seed_doc.unit.date = "2016年1月20日"
    out, _ = render(seed_doc, tmp_path)
    assert_in_order("".join(page_texts(out)), ["单位负责人：", "王建国", "审核人：", "填表人：", "联系电话：",
                                               "0518-85821234", "报出日期：", "2016年1月20日"])


@needs_poppler
def test_long_unit_name_wraps_inside_the_page(seed_doc, tmp_path):
    seed_doc.unit.name = "连云港市海州区人民政府办公室" * 8
    out, _ = render(seed_doc, tmp_path)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html)
    assert words
    assert max(float(x1) for _x0, x1, _w in words) <= 595 - 20 * 72 / 25.4 + 1
    assert squash(seed_doc.unit.name) in squash(page_texts(out)[0])


@needs_poppler
def test_long_2021_title_breaks_after_the_unit_name(tmp_path):
    doc = load(EXAMPLE_2021)
    doc.unit.name = "某某省某某市某某区人民政府办公室政务公开科暨政务服务管理办公室信息公开与数据资源管理中心"
    out, _ = render(doc, tmp_path)
    lines = [squash(line) for line in poppler_text(out).splitlines()]
    # the year and "（统计表）" stay on one line, never a "（" left at a line's end
    assert f"{doc.year}年政府信息公开工作年度报告（统计表）" in lines
    assert not any(line.endswith("（") for line in lines)


def test_rare_name_character_comes_from_the_fallback_font(seed_doc, tmp_path):
    seed_doc.unit.preparer = "王𠀾"  # CJK Ext-B: not in Noto Serif SC, present in Noto Serif TC
    out, result = render(seed_doc, tmp_path)
    assert result.problems == ()
    assert "王𠀾" in "".join(page_texts(out))
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(out).pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("NotoSerifTC" in f for f in fonts), fonts


def test_character_no_font_has_is_reported_not_dropped(seed_doc, tmp_path):
    seed_doc.unit.name = "海州区\U0001F600办公室"  # an emoji: in none of the fonts
    out, result = render(seed_doc, tmp_path)
    assert len(result.problems) == 1
    assert "“\U0001F600”" in result.problems[0] and "U+1F600" in result.problems[0]
    assert f"海州区{PLACEHOLDER}办公室" in "".join(page_texts(out))


def test_render_to_a_stream_and_bytes(seed_doc):
    data, result = pdf.render_bytes(seed_doc, pdf.PrintOptions(**PACKAGED))
    assert data.startswith(b"%PDF") and result.pages == 2


def test_failed_write_leaves_existing_file_intact(seed_doc, tmp_path):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"old")
    with pytest.raises(ValueError):
        pdf.render(seed_doc, out, pdf.PrintOptions(blank="nonsense"))
    assert out.read_bytes() == b"old"


# -- command line ---------------------------------------------------------------------------------------------------

def run_main(*args: str, env_cache: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "GOVSTATS_FONT_CACHE": str(env_cache)}
    code = ("import sys, runpy; sys.argv = ['main.py', *sys.argv[1:]]\n"
            "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
            "finally:\n    print('PYSIDE6' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT',"
            " file=sys.stderr)\n")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, env=env)


def test_cli_pdf_clean_draft_and_unreadable(seed_file, tmp_path):
    from tests.conftest import edited_copy

    cache = tmp_path / "cache"
    out = tmp_path / "a.pdf"
    r = run_main("--pdf", str(out), str(seed_file), env_cache=cache)
    assert r.returncode == 0, r.stderr
    assert "NOQT" in r.stderr and "PYSIDE6" not in r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "2 页" in r.stdout

    bad = edited_copy(seed_file, tmp_path / "bad.json", C1=6)
    draft = tmp_path / "draft.pdf"
    r = run_main("--pdf", str(draft), str(bad), "--script", "hant", "--blank", "slash", env_cache=cache)
    assert r.returncode == 1, r.stderr
    assert "草稿（未通過校驗）" in squash("".join(page_texts(draft)))

    r = run_main("--pdf", str(tmp_path / "x.pdf"), str(tmp_path / "missing.json"), env_cache=cache)
    assert r.returncode == 2 and not (tmp_path / "x.pdf").exists()
    r = run_main("--pdf", str(tmp_path / "no" / "dir" / "x.pdf"), str(seed_file), env_cache=cache)
    assert r.returncode == 2 and "文件夹不存在" in r.stderr
    r = run_main("--pdf", str(seed_file), str(seed_file), env_cache=cache)
    assert r.returncode == 2 and load(SEED_EXAMPLE).values == load(seed_file).values


def test_print_layer_never_loads_qt():
    code = ("import sys\nfrom print import command, fonts, pdf\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_table_notes_are_printed_under_their_table(seed_doc, tmp_path):
    import dataclasses

    from model.core.templates import Text

    note = Text("注：本表数据截至12月31日。", "註：本表數據截至12月31日。")
    table = dataclasses.replace(seed_doc.template.tables[0], notes=(note,))
    seed_doc.template = dataclasses.replace(seed_doc.template, tables=(table,))
    out, _ = render(seed_doc, tmp_path)
    assert_in_order("".join(page_texts(out)), ["接受培训人员数", "注：本表数据截至12月31日。", "单位负责人："])
