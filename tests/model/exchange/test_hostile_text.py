"""Characters real offices and real attackers produce, through every writer and reader: each output opens in its
real reader (python-docx and the XML parser, html5lib, openpyxl, pypdf, the native loader), nothing crashes, and
what was removed is said once (model/core/clean.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from model.core.clean import clean_document, clean_text, printable, writable
from model.core.text import ReportText, Section
from model.exchange import store
from model.exchange.files import import_document
from model.exchange.report_docx import report_docx
from model.exchange.report_html import report_html
from model.exchange.xlsx_export import to_bytes
from print import pdf
from resources import path as resource_path
from tests.conftest import ROOT_DIR

ROOT = ROOT_DIR
EXAMPLE = resource_path("examples", "example-2021.json")
# the characters of the list, and their kin: C0/C1 controls, noncharacters, lone surrogates, bidi overrides
# and isolates, zero-width characters, line and paragraph separators, the byte-order mark, the last code point
SPECIALS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe",
            "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff", "\u202e", "\u202a", "\u2066", "\u2069", "\u200b",
            "\u200d", "\u200e", "\ufeff", "\u00ad", "\u2028", "\u2029", "\t", "\r\n", "&", "<", "]]>", "𠀀", "海州"]
# every Unicode category, surrogates (Cs) included
anything = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIALS)), min_size=1, max_size=12).map("".join)


def hostile_document(text: str):
    doc = store.load(EXAMPLE)
    doc.unit.name = "海州区" + text
    doc.unit.preparer = text
    sections = list(doc.text.sections) or [Section(heading="一、总体情况", body="")]
    sections[0] = Section(heading=sections[0].heading + text, body=f"主动公开政府信息 {text} 条。\n{text}",
                          level=sections[0].level)
    doc.text = ReportText(tuple(sections))
    return doc


def _xml_parts(data: bytes) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: ElementTree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))}


def _clean_of(text: str) -> str:
    return printable(text, lines=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=anything)
def test_every_character_gives_a_docx_word_and_the_xml_parser_open(text: str) -> None:
    import docx

    data = report_docx(hostile_document(text))
    _xml_parts(data)  # every part well-formed, document.xml and core.xml included
    opened = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in opened.paragraphs)
    assert _clean_of("海州区" + text).strip() in body or not _clean_of(text).strip()
    assert opened.core_properties.author == _clean_of("海州区" + text)


@settings(max_examples=40, deadline=None)
@given(text=anything)
def test_every_character_gives_a_page_html5lib_reads_without_an_input_stream_error(text: str) -> None:
    page = report_html(hostile_document(text))
    page.encode("utf-8")  # no lone surrogate
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page)
    stream_errors = [e for e in parser.errors if "invalid-codepoint" in e[1] or "character" in e[1]]
    assert stream_errors == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=anything)
def test_every_character_gives_a_workbook_openpyxl_reads(text: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(hostile_document(text))))
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    expected = _clean_of("海州区" + text).replace("\r\n", "\n").replace("\r", "\n")  # as XML reads line ends
    assert any(expected in v for v in cells)


@settings(max_examples=40, deadline=None)
@given(text=anything)
def test_every_character_gives_a_native_file_that_loads_as_the_cleaned_document(text: str) -> None:
    doc = hostile_document(text)
    written = store.dumps(doc)
    written.encode("utf-8")
    back = store.loads(written)
    assert back.unit.name == _clean_of("海州区" + text)
    assert back.notes == []  # what was written was clean already: nothing more to say on reading it back
    assert back.text == writable(doc).text


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=anything)
def test_every_character_gives_a_pdf_pypdf_reads(text: str) -> None:
    data, result = pdf.render_bytes(hostile_document(text), pdf.PrintOptions(report=True))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == result.pages
    assert "海州区" in "".join(page.extract_text() for page in reader.pages)


def test_the_cleaning_says_what_went_and_where() -> None:
    doc = hostile_document("\u202e\x0b\ud800")
    message = clean_document(doc)
    assert message.startswith("已去掉无法保存或打印的字符")
    assert "填报单位：" in message and "看不见的方向或零宽字符" in message and "残缺的字符" in message
    assert "报告正文“" in message
    assert doc.unit.name == "海州区 "
    assert clean_document(doc) == ""  # once cleaned, nothing more to say


def test_word_line_breaks_become_lines_in_text_and_spaces_in_names() -> None:
    assert clean_text("第一行\x0b第二行")[0] == "第一行\n第二行"
    assert clean_text("海州区\x0b人民政府", lines=False)[0] == "海州区 人民政府"
    assert clean_text("𠀀\U0010fffd")[1] == {}  # supplementary characters that are fine stay


def test_a_clean_document_is_written_as_it_is() -> None:
    doc = store.load(EXAMPLE)
    assert writable(doc) is doc


# --- the command line, as a clerk runs it, on a file with a lone surrogate, \ufffe and U+202E in it


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw["unit"]["name"] = "海州区\ud800\ufffe\u202e人民政府"
    path = tmp_path / "hostile.xxgk"
    path.write_text(json.dumps(raw), encoding="ascii")  # the escapes as a broken export writes them
    return path


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=ROOT)


def test_check_json_reads_such_a_file_and_says_what_was_removed(hostile_file: Path) -> None:
    r = _run("--check", "--json", hostile_file)
    assert r.returncode in (0, 1), r.stderr
    out = json.loads(r.stdout)
    notes = [p["message"] for p in out["import_problems"] if p["severity"] == "note"]
    assert len(notes) == 1 and "填报单位" in notes[0]


def test_check_and_print_agree_on_final(hostile_file: Path, tmp_path: Path) -> None:
    """U+202E used to pass --check as 定稿 while --pdf made the copy a draft (no font has it)."""
    check = _run("--check", hostile_file)
    printed = _run("--pdf", tmp_path / "out.pdf", hostile_file)
    assert check.returncode == printed.returncode, (check.stdout, printed.stdout, printed.stderr)
    assert "注意：已去掉无法保存或打印的字符" in printed.stderr


@pytest.mark.parametrize("out", ["out.xlsx", "report.docx", "report.html", "report.pdf"])
def test_every_export_of_such_a_file_is_written(hostile_file: Path, tmp_path: Path, out: str) -> None:
    flag = "--xlsx" if out.endswith(".xlsx") else "--report"
    r = _run(flag, tmp_path / out, hostile_file)
    assert r.returncode in (0, 1), r.stderr  # never 70 (意外错误: UnicodeEncodeError)
    assert (tmp_path / out).stat().st_size > 0
    assert r.stderr.count("已去掉无法保存或打印的字符") == 1


def test_a_report_imported_with_such_characters_notes_them(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("海州区2023年政府信息公开工作年度报告\n一、总体情况\n主动公开\x0c政府信息\u200b8547条。\n",
                    encoding="utf-8")
    result = import_document(path)
    assert any("已去掉无法保存或打印的字符" in p.message for p in result.problems)
    body = "\n".join(s.body for s in result.document.text.sections)
    assert "\u200b" not in body and "\x0c" not in body
