"""Undo commands: every user change to cell values is one SetCells step."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand

from model.core.document import Document
from model.core.values import Value

CellsChanged = Callable[[list[str]], None]


class SetCells(QUndoCommand):
    """Set several cells at once (edit, paste, clear, fill) as one undo step."""

    def __init__(self, doc: Document, new: Mapping[str, Value], text: str, notify: CellsChanged) -> None:
        super().__init__(text)
        self.doc = doc
        self.new = dict(new)
        self.old = {cid: doc.value(cid) for cid in self.new}
        self.notify = notify

    def _apply(self, values: dict[str, Value]) -> None:
        for cid, v in values.items():
            self.doc.set_value(cid, v)
        self.notify(list(values))

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


def edit_text(verb: str, labels: list[str]) -> str:
    """Undo text naming what changed: "修改 收到申请数", "粘贴 3 个单元格"."""
    if len(labels) == 1:
        return f"{verb} {labels[0]}"
    return f"{verb} {len(labels)} 个单元格"
