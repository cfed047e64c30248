"""查找 (Ctrl+F): a bar above the form that finds a row by its label (简 or 繁, any part of it) or a cell by its
figure, and moves the cursor there; Enter / F3 go to the next match, Shift+Enter / Shift+F3 back, Esc closes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from model.core.pinyin import is_initials, matches_initials
from model.core.script import to_hant
from model.core.templates import HANS, HANT
from model.core.values import format_value

if TYPE_CHECKING:
    from model.core.document import Document
    from ui.grid.grid_view import FormView


class FindHost(Protocol):
    """What finding needs of the window: the document, the table shown, selecting cells."""

    document: Document

    def current_view(self) -> FormView | None: ...
    def select_cells(self, cell_ids: tuple[str, ...] | list[str]) -> None: ...


def matches(window: FindHost, query: str) -> list[str]:
    """Cell ids whose row or column label holds `query` (either script, or as pinyin initials), or whose figure
    reads as `query`; in the form's order."""
    q = query.strip()
    if not q:
        return []
    wanted = {q, to_hant(q)}
    initials = is_initials(q)  # "ysq": 依申请…, by the labels' pinyin initials
    doc = window.document
    rows = {r.id: r for t in doc.template.tables for r in t.rows}
    found = []
    for cid, cell in doc.template.cells.items():
        labels = [cell.short]
        row = rows.get(cell.row)
        while row is not None:  # the row and the groups above it ("（三）不予公开" over "1.属于国家秘密")
            labels += [row.label.get(s) for s in (HANS, HANT)]
            row = rows.get(row.parent) if row.parent else None
        if cell.column_label is not None:
            labels += [cell.column_label.get(s) for s in (HANS, HANT)]
        text = format_value(doc.value(cid), cell.type)
        if any(w in label for w in wanted for label in labels) or (text and text == q) or (
                initials and any(matches_initials(label, q) for label in labels)):
            found.append(cid)
    return found


class FindBar(QWidget):
    def __init__(self, window: FindHost) -> None:
        super().__init__(window)
        self.window_ = window
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 2)
        box.addWidget(QLabel("查找："))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("行的名称（简或繁，可只写一部分，或拼音首字母如 sqs）或格中的数")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._on_text)
        self.query.returnPressed.connect(self.next)
        box.addWidget(self.query, 1)
        self.count = QLabel(self)
        box.addWidget(self.count)
        for text, slot in (("上一个(&P)", self.previous), ("下一个(&N)", self.next), ("关闭", self.close_bar)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            box.addWidget(button)
        QShortcut(QKeySequence("F3"), self, self.next, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for keys in ("Shift+F3", "Shift+Return"):
            QShortcut(QKeySequence(keys), self, self.previous, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.found: list[str] = []
        self.at = -1
        self.hide()

    def open(self) -> None:
        self.show()
        self.query.setFocus()
        self.query.selectAll()

    def close_bar(self) -> None:
        self.hide()
        view = self.window_.current_view()
        if view is not None:
            view.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _on_text(self, text: str) -> None:
        self.found = matches(self.window_, text)
        self.at = -1
        self._show_count()

    def _show_count(self) -> None:
        if not self.query.text().strip():
            self.count.setText("")
        elif not self.found:
            self.count.setText("没有找到")
        else:
            self.count.setText(f"{self.at + 1 if self.at >= 0 else 0} / {len(self.found)}")

    def next(self) -> None:
        self._go(1)

    def previous(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        if not self.found:
            self._show_count()
            return
        self.at = (self.at + step) % len(self.found)
        self.window_.select_cells([self.found[self.at]])
        self._show_count()
