"""Linking a document to last year's file (`doc.previous`, a LastYear) for the cross-year rules. No Qt.

The rules read last year's values as `prev.<cell id>` through `model.core.document.rule_values`; the native
format saves only the link, never last year's values into this year's file.
"""

from __future__ import annotations

from pathlib import Path

from model.core.document import Document, LastYear
from model.core.values import Value
from model.exchange.files import open_document
from model.exchange.links import resolve_link, unfollowed_reason
from model.exchange.store import DocumentError


def previous_values(doc: Document) -> dict[str, Value]:
    """Last year's value of each cell of `doc` (empty when not linked or not loaded): the data for a 上年 column."""
    return doc.previous.values if doc.previous is not None else {}


def read_previous(doc: Document, path: str | Path) -> Document:
    """Last year's document for `doc`, refused (DocumentError, Chinese) unless same template and year − 1."""
    p = Path(path)
    prev = open_document(p)
    name = f"“{p.name}”"
    if prev.template.id != doc.template.id:
        raise DocumentError(
            f"{name} 使用的是“{prev.template.name.hans}”，本表是“{doc.template.name.hans}”，"
            "表格式不同，无法逐项比较上年数据。")
    if prev.year != doc.year - 1:
        raise DocumentError(
            f"{name} 是 {prev.year} 年度的表，本表是 {doc.year} 年度，上年文件应为 {doc.year - 1} 年度。")
    return prev


def last_year_of(doc: Document, path: str | Path) -> LastYear:
    """Last year's file read for `doc` (refused with DocumentError as read_previous); `doc` is not changed."""
    prev = read_previous(doc, path)
    values = {c: v for c, v in prev.values.items() if c in doc.template.cells}
    return LastYear(str(Path(path).resolve()), values, text=prev.text if prev.text.sections else None)


def link_previous(doc: Document, path: str | Path) -> LastYear:
    """Link `doc` to last year's file and load its values; on refusal the document is left as it was."""
    doc.previous = last_year_of(doc, path)
    return doc.previous


def unlink_previous(doc: Document) -> None:
    doc.previous = None


def attach_previous(doc: Document, doc_path: str | Path | None = None, confirmed: bool = False) -> str | None:
    """After opening a document: load its linked last-year file. Returns a Chinese notice when it is not followed
    (outside the document's folder and not `confirmed`) or cannot be read (the link is kept, the cross-year rules
    are skipped), else None."""
    if doc.previous is None:
        return None
    link = doc.previous.link
    reason = None if confirmed else unfollowed_reason(link, doc_path)
    if reason is not None:
        doc.previous = LastYear(link, problem=f"{reason}；跨年度检查未进行。确认后可在“文件 → 链接上年文件…”中链接"
                                               "（命令行用 --previous 文件）。")
        return doc.previous.problem
    try:
        loaded = last_year_of(doc, resolve_link(link, doc_path))
    except DocumentError as exc:
        doc.previous = LastYear(link, problem=f"链接的上年文件暂时无法使用，跨年度检查未进行：{exc}")
        return doc.previous.problem
    doc.previous = LastYear(link, loaded.values, text=loaded.text)
    return None
