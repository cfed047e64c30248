"""Linking a document to last year's file: last year's values under `prev.` keys for the cross-year rules. No Qt.

The linked values live in `doc.values` under `prev.<cell id>` so that every `checker.check(doc.values)` sees them
(the rules K8, K9, K15/R23 and the swings read them); the native format saves only the template's own cells, so
they are never written into this year's file. Only the link (`doc.previous_year`, a path) is saved.
"""

from __future__ import annotations

from pathlib import Path

from model.core.document import Document
from model.core.templates import PREV
from model.core.values import Value
from model.exchange.files import open_document
from model.exchange.links import resolve_link, unfollowed_reason
from model.exchange.store import DocumentError


def previous_values(doc: Document) -> dict[str, Value]:
    """Last year's value of each cell of `doc` (empty when not linked): the data for a 上年 column."""
    return {c: doc.values[PREV + c] for c in doc.template.cells if PREV + c in doc.values}


def _clear(doc: Document) -> None:
    for k in [k for k in doc.values if k.startswith(PREV)]:
        del doc.values[k]


def _put(doc: Document, prev: Document) -> None:
    """Last year's values of `doc`'s cells under `prev.` keys, replacing any loaded before."""
    _clear(doc)
    doc.values.update({PREV + c: v for c, v in prev.values.items() if c in doc.template.cells})


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


def link_previous(doc: Document, path: str | Path) -> Document:
    """Link `doc` to last year's file and load its values; on refusal the document is left as it was."""
    prev = read_previous(doc, path)
    _put(doc, prev)
    doc.previous_year = str(Path(path).resolve())
    return prev


def unlink_previous(doc: Document) -> None:
    _clear(doc)
    doc.previous_year = None


def attach_previous(doc: Document, doc_path: str | Path | None = None, confirmed: bool = False) -> str | None:
    """After opening a document: load its linked last-year file. Returns a Chinese notice when it is not followed
    (outside the document's folder and not `confirmed`) or cannot be read (the link is kept, the cross-year rules
    are skipped), else None."""
    if not doc.previous_year:
        return None
    reason = None if confirmed else unfollowed_reason(doc.previous_year, doc_path)
    if reason is not None:
        _clear(doc)
        return f"{reason}；跨年度检查未进行。确认后可在“文件 → 链接上年文件…”中链接（命令行用 --previous 文件）。"
    target = resolve_link(doc.previous_year, doc_path)
    try:
        prev = read_previous(doc, target)
    except DocumentError as exc:
        _clear(doc)
        return f"链接的上年文件暂时无法使用，跨年度检查未进行：{exc}"
    _put(doc, prev)
    return None
