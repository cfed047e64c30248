"""Where a document's link to last year's file points, and whether a received file may open it by itself. No Qt."""

from __future__ import annotations

from pathlib import Path


def resolve_link(link: str, doc_path: str | Path | None) -> Path:
    p = Path(link.replace("\\", "/")) if not is_network_path(link) else Path(link)
    if not p.is_absolute() and doc_path is not None:
        p = Path(doc_path).parent / p
    return p


def is_network_path(link: str) -> bool:
    """A UNC path (two backslashes or slashes, then a server name) or a URL: opening it would connect out."""
    return link.startswith(("\\\\", "//")) or "://" in link


def unfollowed_reason(link: str, doc_path: str | Path | None) -> str | None:
    """Why a received file's link to last year is not opened by itself (None: it may be). A file is data: it is
    followed only into the document's own folder or below; any other place only when the clerk says so."""
    if is_network_path(link):
        return f"链接指向网络位置（{link}），没有自动打开"
    if doc_path is None:
        return "文档还没有保存位置，无法确定链接的上年文件在哪里"
    try:
        folder = Path(doc_path).resolve().parent
        target = resolve_link(link, doc_path).resolve()
    except (OSError, ValueError, UnicodeError):
        return "链接的上年文件名无效，没有自动打开"
    if not target.is_relative_to(folder):
        return f"链接的上年文件（{target}）不在本文件所在的文件夹内，没有自动打开"
    return None


def stored_link(link: str, doc_path: str | Path) -> str:
    """The link as the native file keeps it: relative to the document's folder when it names an existing file inside
    it (so the folder can be moved or copied whole), else exactly as it is."""
    if is_network_path(link):
        return link
    try:
        folder = Path(doc_path).resolve().parent
        target = resolve_link(link, doc_path).resolve()
        if target.is_file() and target.is_relative_to(folder):
            return target.relative_to(folder).as_posix()
    except (OSError, ValueError, UnicodeError):  # a name no file system can hold: nothing to make relative
        pass
    return link
