"""The whole report out (PDF, .docx, .html) holds the text and every table cell; what it writes comes back in."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from model.core.document import Document
from model.core.draft import apply_draft, draft_paragraphs
from model.core.layout import VALUE, build_grid
from model.core.templates import HANS, HANT
from model.core.values import published_value
from model.exchange.files import import_document
from model.exchange.report_docx import export_docx
from model.exchange.report_html import export_html, report_html
from model.exchange.store import load
from print import pdf
from resources import path as resource_path
from tests.conftest import DATA, ROOT_DIR

ROOT = ROOT_DIR
SEED_TEXT = DATA / "seed_haizhou_2015.txt"


def report_2021() -> Document:
    doc = load(resource_path("examples", "example-2021.json"))
    doc.text = apply_draft(doc, draft_paragraphs(doc))
    return doc


def grid_figures(doc: Document) -> list[str]:
    """Every value cell's figure, table by table, row by row, as published reports print them (0 as 0, an amount
    with the clerk's decimals: model.core.values.published_value)."""
    out = []
    for t in doc.template.tables:
        grid = build_grid(doc.template, t, HANS)
        out += [published_value(doc.value(c.cell_id), doc.template.cells[c.cell_id].type)
                for c in grid.cells if c.role == VALUE and c.cell_id]
    return [x for x in out if x]


def is_subsequence(wanted: list[str], tokens: list[str]) -> bool:
    it = iter(tokens)
    return all(any(t == w for t in it) for w in wanted)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("which", ["seed", "2021"])
def test_the_report_pdf_holds_title_headings_text_and_tables(seed_doc: Document, tmp_path: Path, which: str) -> None:
    doc = seed_doc if which == "seed" else report_2021()
    out = tmp_path / "report.pdf"
    result = pdf.render(doc, out, pdf.PrintOptions(report=True))
    assert result.final and result.fingerprint
    text = flat("".join(page.extract_text() for page in PdfReader(out).pages))
    assert flat(f"{doc.unit.name}{doc.year}年政府信息公开工作年度报告") in text
    for s in doc.text.sections:
        if s.heading:
            assert flat(s.heading) in text
        for p in s.paragraphs():
            assert flat(p)[:30] in text
    assert f"第1页共{result.pages}页" in text and result.fingerprint.replace("-", "") in text.replace("-", "")
    tokens = re.findall(r"\d+(?:\.\d+)?", " ".join(page.extract_text() for page in PdfReader(out).pages))
    assert is_subsequence(grid_figures(doc), tokens)  # every cell's figure, in the form's order
    if which == "2021":  # the tables where the format puts them: 二 before 三 before 五
        assert text.index("本年制发件数") < text.index("申请人情况") < text.index("五、存在的主要问题")
    else:  # after the text for 2015
        assert text.index("下一步") < text.index("统计指标")


def test_the_table_pdf_alone_stays_the_form(seed_doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "table.pdf"
    pdf.render(seed_doc, out, pdf.PrintOptions())
    text = flat("".join(page.extract_text() for page in PdfReader(out).pages))
    assert "推进重点领域" not in text and "填报单位" in text


def test_a_text_mismatch_does_not_make_the_signed_table_a_draft(seed_doc: Document, tmp_path: Path) -> None:
    s = seed_doc.text.sections[1]
    seed_doc.text = seed_doc.text.with_section(1, type(s)(s.heading, s.body.replace("8547", "8574"), s.level))
    assert pdf.render(seed_doc, tmp_path / "t.pdf", pdf.PrintOptions()).final
    assert pdf.render(seed_doc, tmp_path / "r.pdf", pdf.PrintOptions(report=True)).draft


@pytest.mark.parametrize("script", [HANS, HANT])
def test_the_docx_has_word_headings_and_word_tables_with_every_cell(tmp_path: Path, script: str) -> None:
    doc = report_2021()
    out = tmp_path / "report.docx"
    export_docx(doc, out, script)
    d = docx.Document(str(out))
    styles = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert styles[0][0] == "Title"
    h1 = [t for name, t in styles if name == "Heading 1"]
    assert h1[0] == ("一、总体情况" if script == HANS else "一、總體情況") and len(h1) == 6
    h2 = next(t for name, t in styles if name == "Heading 2")
    assert h2 == ("（一）主动公开" if script == HANS else "（一）主動公開")
    assert len(d.tables) == 3
    footer = d.sections[0].footer._element.xml  # 第 N 页 共 M 页 from Word's own fields
    assert " PAGE " in footer and " NUMPAGES " in footer and ("页 共" if script == HANS else "頁 共") in footer
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert is_subsequence(grid_figures(doc), cells)  # every figure, in its place in the form's order
    # table 三's header: 申请人情况 spans the seven applicant columns (one merged Word cell)
    t3 = d.tables[1]
    top = t3.rows[0].cells
    assert sum(1 for c in top if c.text == ("申请人情况" if script == HANS else "申請人情況")) == 7
    assert len({id(c._tc) for c in top if c.text.startswith("申")}) == 1


@pytest.mark.parametrize("which", ["seed", "2021"])
def test_the_docx_and_html_come_back_in_with_the_same_figures_and_text(seed_doc: Document, tmp_path: Path,
                                                                        which: str) -> None:
    doc = seed_doc if which == "seed" else report_2021()
    for suffix, write in ((".docx", export_docx), (".html", export_html)):
        out = tmp_path / f"report{suffix}"
        write(doc, out, HANS)
        result = import_document(out)
        assert result.complete, [p.text() for p in result.errors()]
        back = result.document
        assert back.values == doc.values and back.year == doc.year and back.template.id == doc.template.id
        assert back.unit.name == doc.unit.name  # from the report's title
        mine = [(s.heading, s.paragraphs(), s.table) for s in doc.text.sections if s.heading or s.body]
        theirs = [(s.heading, s.paragraphs(), s.table) for s in back.text.sections if s.heading or s.body]
        assert theirs == mine


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[str] = []
        self._in: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._in, self._text = dict(attrs), ""

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._in is not None:
            self.cells.append((self._text, self._in))
            self._in = None


def test_the_html_is_one_self_contained_file_with_real_tables(seed_doc: Document) -> None:
    page = report_html(report_2021())
    parser = _Tables()
    parser.feed(page)
    assert parser.tags.count("table") == 3 and "script" not in parser.tags and "link" not in parser.tags
    assert "img" not in parser.tags and "http" not in page.replace("http-equiv", "")
    assert ("申请人情况", "7") in [(t, a.get("colspan")) for t, a in parser.cells]
    texts = [t for t, _a in parser.cells]
    assert is_subsequence(grid_figures(report_2021()), texts)
    seed_page = report_html(seed_doc, HANT)
    assert "主動公開政府信息8547條" in seed_page
    # a heading is a real heading element in the 公文 face of its level (一级 黑体), the text in 仿宋
    assert re.search(r'<h2 style="[^"]*font-family:\'SimHei\'[^"]*">一、政府信息公開總體情況</h2>', seed_page)
    assert "font-family:'FangSong'" in seed_page.split("<body", 1)[1][:200]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_writer_opens_the_docx(tmp_path: Path) -> None:
    doc = report_2021()
    export_docx(doc, tmp_path / "report.docx")
    r = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(tmp_path / "report.docx")], capture_output=True, text=True, timeout=240)
    if "source file could not be loaded" in r.stderr + r.stdout and not (tmp_path / "report.pdf").exists():
        pytest.skip("LibreOffice Writer is not installed")
    reader = PdfReader(tmp_path / "report.pdf")
    text = flat("".join(p.extract_text() for p in reader.pages))
    # a machine without a Chinese font draws the characters as boxes; the figures and pages show it was read
    assert len(reader.pages) >= 2 and str(doc.year) in text
    assert f"{doc.values['t2.xk']}" in text and f"{doc.values['r7.zj']}" in text


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def test_report_command_line(tmp_path: Path) -> None:
    for suffix in (".pdf", ".docx", ".html"):
        out = tmp_path / f"seed{suffix}"
        r = run_main("--report", str(out), str(SEED_TEXT))
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 1000
    r = run_main("--report", str(tmp_path / "x.odt"), str(SEED_TEXT))
    assert r.returncode == 64 and ".pdf、.docx 或 .html" in r.stderr


def test_check_of_a_report_file_reads_text_and_table(tmp_path: Path) -> None:
    r = run_main("--check", str(SEED_TEXT))
    assert r.returncode == 0 and "全部校验通过" in r.stdout and "报告正文：7 个部分" in r.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("8547條", "8574條"), encoding="utf-8")
    r = run_main("--check", str(bad))
    assert r.returncode == 1 and "正文：主动公开政府信息 8574 条；表中：8547 条" in r.stdout


def test_the_report_prints_zero_as_zero_and_amounts_with_the_clerks_decimals() -> None:
    from decimal import Decimal

    doc = load(resource_path("examples", "example-2021.json"))
    doc.values["t2.sf"] = Decimal("0.00")
    assert ">0<" in report_html(doc).replace("</td>", "<").split("行政事业性收费")[1][:300]
    doc.values["t2.sf"] = Decimal("125.6")
    assert "125.6<" in report_html(doc) and "125.60" not in report_html(doc)


def test_the_report_is_signed_with_unit_and_date_and_reads_back_without_the_signature(tmp_path: Path) -> None:
    doc = report_2021()
    doc.unit.date = "2024-01-20"
    path = tmp_path / "report.docx"
    export_docx(doc, path)
    opened = docx.Document(str(path))
    closing = [p for p in opened.paragraphs if p.style.name == "Closing"]
    assert [p.text for p in closing] == [doc.unit.name, "2024年1月20日"]
    assert opened.styles["Closing"].paragraph_format.alignment == 2  # right
    back = import_document(path).document
    assert back.unit.name == doc.unit.name and back.unit.date == "2024年1月20日"
    assert all(doc.unit.name not in s.body for s in back.text.sections)


def test_the_word_report_uses_the_gongwen_faces_sizes_and_type_area(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    export_docx(report_2021(), path)
    opened = docx.Document(str(path))
    east_asia = {name: opened.styles[name].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") for name in
        ("Title", "Heading 1", "Heading 2", "Normal")}
    assert east_asia == {"Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体", "Normal": "仿宋"}
    assert opened.styles["Normal"].font.size.pt == 16 and opened.styles["Title"].font.size.pt == 22
    section = opened.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156


def test_the_pdf_sets_headings_in_the_systems_heiti_and_kaiti(monkeypatch: pytest.MonkeyPatch) -> None:
    from print import fonts

    packaged = fonts.packaged_fonts()[0]
    faces = {"heiti": [fonts.FontSource(packaged.path, 0, "黑体 (test)")]}
    monkeypatch.setattr(fonts, "role_fonts", lambda role: faces.get(role, []))
    doc = report_2021()
    renderer = pdf._Renderer(doc, pdf.PrintOptions(report=True))
    import io

    renderer.build(io.BytesIO())
    assert set(renderer.role_sets) == {"heiti"}  # only the faces the system has; the others in the body chain
    heading = renderer._p("一、总体情况", "h1")
    assert heading.style.fontName == renderer.role_sets["heiti"].primary
    assert renderer._p("正文", "body").style.fontName == renderer.fontset.primary
