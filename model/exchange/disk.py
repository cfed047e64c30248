"""What a document's file was when it was opened or last saved, so a save never silently overwrites a colleague's
(or another window's) save. No Qt."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from model.core.changes import changes
from model.core.document import Document
from model.exchange.store import DocumentError, loads, read_limited, write_target


@dataclass(frozen=True)
class DiskState:
    """The file's content as this window last knew it (opened or saved), kept to tell what someone else changed."""

    path: Path
    digest: str
    content: bytes

    @property
    def document(self) -> Document:
        return loads(self.content, f"“{self.path.name}”")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def state_of(path: str | Path, content: bytes | None = None) -> DiskState | None:
    """The state of `path` now (or of `content`, just written there); None when there is no readable file."""
    p = Path(path)
    if content is None:
        try:
            content = read_limited(write_target(p))
        except DocumentError:
            return None
    return DiskState(p, _digest(content), content)


def changed_since(state: DiskState) -> DiskState | None:
    """The file's state now when its content differs from `state` (a save by someone else); None when it is the
    same. A file that is gone reads as changed only by its absence: the caller saves it anew."""
    now = state_of(state.path)
    if now is None or now.digest == state.digest:
        return None
    return now


def change_lines(before: DiskState, after: DiskState, limit: int = 12) -> list[str]:
    """What changed in the file between two states, one line per cell or unit field (`label：old → new`)."""
    try:
        old, new = before.document, after.document
    except DocumentError:
        return ["文件的内容已被改动（现在的内容无法逐项比较）。"]
    return changes(old, new, limit) or ["文件被重新保存过，但数字、单位信息和报告正文都没有变化。"]
