"""Odd and hostile report files, each case of issue 25 as a clerk or an attacker produces it: a clear Chinese
message or a readable result, never a traceback, MemoryError or silent change."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from model.core import expr
from model.exchange import store
from model.exchange.files import import_document
from model.exchange.report_html import report_html
from model.exchange.store import DocumentError
from resources import path as resource_path
from tests.conftest import ROOT_DIR

ROOT = ROOT_DIR
EXAMPLE = resource_path("examples", "example-2021.json")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with(body: str, path: Path) -> Path:
    """A minimal .docx around `body` (WordprocessingML of the body's children)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body>'
                    "</w:document>")
    path.write_bytes(buf.getvalue())
    return path


def para(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r>{r}</w:r>" for r in runs) + "</w:p>"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


TITLE = para(t("海州区人民政府2023年政府信息公开工作年度报告"))


def sections_text(path: Path) -> str:
    return "\n".join(s.body for s in import_document(path).document.text.sections)


def test_breaks_and_tabs_in_word_are_not_glued(tmp_path: Path) -> None:
    body = TITLE + para(t("第一行"), "<w:br/>", t("第二行")) + para(t("项目"), "<w:tab/>", t("8547条"))
    text = sections_text(docx_with(body, tmp_path / "r.docx"))
    assert "第一行\n第二行" in text and "项目\t8547条" in text
    assert "第一行第二行" not in text and "项目8547条" not in text


def test_non_breaking_hyphens_and_content_controls_are_read(tmp_path: Path) -> None:
    body = (TITLE + para(t("电话 0518"), "<w:noBreakHyphen/>", t("85801234"))
            + f"<w:sdt><w:sdtContent>{para(t('这一段在内容控件里。'))}</w:sdtContent></w:sdt>")
    text = sections_text(docx_with(body, tmp_path / "r.docx"))
    assert "0518-85801234" in text and "这一段在内容控件里。" in text


def test_a_table_of_3000_rows_spanning_100_columns_is_refused_quickly(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="100"/></w:tcPr><w:p/></w:tc>'
    rows = "".join(f"<w:tr>{cell * 3}</w:tr>" for _ in range(3000))
    path = docx_with(TITLE + f"<w:tbl>{rows}</w:tbl>", tmp_path / "bomb.docx")
    assert path.stat().st_size < 400_000
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="可能不是正常的报告文件，未导入"):
        import_document(path)
    assert time.perf_counter() - started < 10


def test_a_span_past_the_limit_is_refused_not_narrowed(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="5000"/></w:tcPr><w:p/></w:tc>'
    with pytest.raises(DocumentError, match="合并了 5000 行或列"):
        import_document(docx_with(TITLE + f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>", tmp_path / "wide.docx"))


def test_a_60000_character_paragraph_is_published_whole(tmp_path: Path) -> None:
    long = "公开" * 30_000
    result = import_document(docx_with(TITLE + para(t(long)), tmp_path / "long.docx"))
    assert long in report_html(result.document)


def test_a_paragraph_past_the_limit_is_refused_with_its_length(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="一段长达 200,001 字"):
        import_document(docx_with(TITLE + para(t("字" * 200_001)), tmp_path / "huge.docx"))


def test_figures_stored_in_another_spelling_are_said(tmp_path: Path) -> None:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    cell = next(iter(raw["values"]))
    raw["values"][cell] = f"{raw['values'][cell]}"
    path = tmp_path / "odd.xxgk"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    notes = [p.message for p in import_document(path).problems]
    assert any("不是按本工具的写法保存的" in n and f"“{raw['values'][cell]}”" in n for n in notes)
    assert store.load(EXAMPLE).notes == []  # the tool's own files say nothing


def test_an_expression_of_200000_terms_is_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(expr.ExprError, match="表达式太长"):
        expr.parse_sum(" + ".join(f"c{i}" for i in range(200_000)))
    assert time.perf_counter() - started < 1
    # long but within bounds: linear, not quadratic in the text
    started = time.perf_counter()
    expr.parse_sum(" + ".join(f"c{i}" for i in range(2_500)))
    assert time.perf_counter() - started < 1


_SAVER = """
import sys
from model.exchange import store
doc = store.load(sys.argv[1])
print("ready", flush=True)
while True:
    doc.unit.preparer = doc.unit.preparer + "x" if len(doc.unit.preparer) < 5000 else ""
    store.save(doc, sys.argv[2])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kills with SIGKILL")
def test_saves_killed_midway_leave_no_temp_file_after_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "unit.xxgk"
    store.save(store.load(EXAMPLE), target)
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(EXAMPLE), str(target)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    doc = store.load(target)  # never torn
    store.save(doc, target)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left == []


def test_content_controls_nested_ten_thousand_deep_are_refused_not_a_crash(tmp_path: Path) -> None:
    body = "<w:sdt><w:sdtContent>" * 10_000 + para(t("深处")) + "</w:sdtContent></w:sdt>" * 10_000
    with pytest.raises(DocumentError, match="嵌套超过 20 层"):
        import_document(docx_with(TITLE + body, tmp_path / "deep.docx"))
