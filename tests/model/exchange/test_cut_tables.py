"""Tables a copy cut into pieces read as the form: one small table per row under a generic header (数据1…数据7, as
PDF-to-Word and PDF-to-web converters write them), or the columns in groups each with the row labels again (a wide
table split to fit the page: 表三's first four columns, then the other three; 表四 as 行政复议 | 行政诉讼)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest

from model.core.document import Document
from model.core.draft import apply_draft, draft_paragraphs
from model.exchange.files import import_document
from model.exchange.report_html import report_html
from model.exchange.report_read import blocks_of_html
from model.exchange.store import load
from resources import path as resource_path

Rows = list[list[str]]


def report() -> Document:
    doc = load(resource_path("examples", "example-2021.json"))
    doc.text = apply_draft(doc, draft_paragraphs(doc))
    return doc


def pieces(doc: Document, how: str) -> Iterable[str | list[Rows]]:
    """The report as paragraphs and tables, each table as the pieces a copy cut it into."""
    for item in blocks_of_html(report_html(doc)).items:
        if isinstance(item, str):
            yield item
            continue
        width = max(len(r) for r in item)
        if how == "rows":  # merged cells dropped, every row a table, a generic header first
            yield [[[f"数据{i}" for i in range(1, width + 1)]]] + [[[c for c in r if c is not None]] for r in item]
        elif how == "column groups" and width == 15:  # 表四: 行政复议's five columns, then 行政诉讼's ten
            yield [[[r[c] or "" for c in cols] for r in item] for cols in (range(5), range(5, 15))]
        elif how == "column groups" and width > 9:  # 表三: its three label columns and four figure columns, then
            # the labels again and the other three
            yield [[[r[c] or "" for c in cols] for r in item] for cols in (range(7), [0, 1, 2, *range(7, width)])]
        else:
            yield [[[c or "" for c in r] for r in item]]


def as_html(doc: Document, how: str, path: Path) -> Path:
    out = ["<html><body>"]
    for item in pieces(doc, how):
        if isinstance(item, str):
            out.append(f"<p>{html.escape(item)}</p>")
            continue
        for rows in item:
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                                           for r in rows) + "</table>")
    path.write_text("\n".join([*out, "</body></html>"]), encoding="utf-8")
    return path


def as_docx(doc: Document, how: str, path: Path) -> Path:
    out = docx.Document()
    for item in pieces(doc, how):
        if isinstance(item, str):
            out.add_paragraph(item)
            continue
        for rows in item:  # Word puts an empty paragraph between tables only when asked: none here
            table = out.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    out.save(str(path))
    return path


@pytest.mark.parametrize("how", ["rows", "column groups"])
@pytest.mark.parametrize("write", [as_html, as_docx], ids=["html", "docx"])
def test_a_table_cut_into_pieces_reads_every_cell(tmp_path: Path, how: str, write: object) -> None:
    doc = report()
    path = write(doc, how, tmp_path / ("report.html" if write is as_html else "report.docx"))  # type: ignore[operator]
    result = import_document(path)
    assert result.document.values == doc.values, [p.message for p in result.problems][:5]
    assert result.complete


def test_tables_that_only_touch_still_read_apart(tmp_path: Path) -> None:
    """Word's four small tables of 表二 back to back, each whole with its header: read as they are."""
    doc = report()
    path = as_docx(doc, "whole", tmp_path / "report.docx")
    result = import_document(path)
    assert result.document.values == doc.values and result.complete
