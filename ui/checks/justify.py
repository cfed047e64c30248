"""Justifying a warning: the dialog where the clerk writes a reason, and its undo command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from model.core.document import Document, Justification, justification_state, make_justification
from model.core.rules import Finding
from ui.common.script import script_of, shown

HINT = "请写明这个数字为什么虽然触发了警告但是正确的（例如：哪些申请跨年度办结）。“核实无误”之类的套话不被接受。"
STATE_TEXT = {
    "valid": "已说明理由。",
    "stale": "已有理由，但写理由后相关数字已改变，请重新确认理由是否仍然成立。",
}


class SetJustification(QUndoCommand):
    """Store, replace or remove (new=None) the reason for one warning: one undo step."""

    def __init__(self, doc: Document, key: str, new: Justification | None, text: str,
                 notify: Callable[[], None]) -> None:
        super().__init__(text)
        self.doc = doc
        self.key = key
        self.new = new
        self.old = doc.justifications.get(key)
        self.notify = notify

    def _apply(self, value: Justification | None) -> None:
        if value is None:
            self.doc.justifications.pop(self.key, None)
        else:
            self.doc.justifications[self.key] = value
        self.notify()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class JustifyDialog(QDialog):
    """Refuses boilerplate in place (the message shows in the dialog, which stays open)."""

    def __init__(self, doc: Document, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.finding = finding
        self.justification: Justification | None = None
        self.removed = False
        self.setWindowTitle(f"说明理由 – {finding.rule}")
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        self.message = QLabel(f"警告 {finding.rule}：{finding.message}")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        state = justification_state(doc, finding)
        self.state_label = QLabel(STATE_TEXT.get(state, ""))
        self.state_label.setWordWrap(True)
        self.state_label.setVisible(state != "none")
        if state == "stale":
            self.state_label.setStyleSheet("color: #9a5b00;")
        layout.addWidget(self.state_label)

        layout.addWidget(QLabel("理由："))
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(HINT)
        self.editor.setTabChangesFocus(True)
        existing = doc.justifications.get(finding.key)
        if existing is not None:
            self.editor.setPlainText(existing.reason)
        layout.addWidget(self.editor)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存理由")
        if existing is not None:
            remove = self.buttons.addButton("删除理由", QDialogButtonBox.ButtonRole.DestructiveRole)
            remove.clicked.connect(self.remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._hide_error)
        self.editor.setFocus()

    def reason(self) -> str:
        return self.editor.toPlainText()

    def set_reason(self, text: str) -> None:
        self.editor.setPlainText(text)

    def accept(self) -> None:
        try:
            self.justification = make_justification(self.doc, self.finding, self.reason())
        except ValueError as exc:
            self.error.setText(shown(str(exc), script_of(self)))
            self.error.setVisible(True)
            self.editor.setFocus()
            return
        super().accept()

    def remove(self) -> None:
        self.removed = True
        super().accept()

    def _hide_error(self) -> None:
        self.error.setVisible(False)


def run_dialog(dialog: JustifyDialog) -> bool:
    """Show the dialog modally; tests monkeypatch this to fill it in instead."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _named(doc: Document, finding: Finding) -> str:
    """"K10 行政规范性文件·现行有效件数" for the undo menu: the rule and the cell, not the internal key K10[gf]."""
    cell = doc.template.cells.get(finding.cells[0]) if finding.cells else None
    return f"{finding.rule} {cell.short}" if cell is not None else finding.rule


def justify(parent: QWidget | None, doc: Document, finding: Finding, undo: QUndoStack,
            notify: Callable[[], None]) -> bool:
    """Ask for a reason for a warning and store it as one undo step; False when nothing changed."""
    if finding.severity != "warning":
        return False
    dialog = JustifyDialog(doc, finding, parent)
    try:
        if not run_dialog(dialog):
            return False
        if dialog.removed:
            if finding.key not in doc.justifications:
                return False
            undo.push(SetJustification(doc, finding.key, None, f"删除理由 {_named(doc, finding)}", notify))
            return True
        if dialog.justification is None or dialog.justification == doc.justifications.get(finding.key):
            return False
        undo.push(SetJustification(doc, finding.key, dialog.justification, f"说明理由 {_named(doc, finding)}",
                                   notify))
        return True
    finally:
        dialog.deleteLater()
