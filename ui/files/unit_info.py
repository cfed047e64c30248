"""The 单位信息 dock: reporting unit, year and signatories, each edit one undo step."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from model.core.document import MAX_YEAR, MIN_YEAR, UNIT_FIELDS, Document
from model.core.templates import LEVELS
from ui.common.script import script_of, shown

YEAR = "year"
LEVEL = "level"
CONTEXT_KEYS = (YEAR, LEVEL)  # fields the rules read: changing one reruns the checks that depend on it
LABELS = {YEAR: "年度", LEVEL: "行政层级", **dict(UNIT_FIELDS)}
NO_LEVEL = "（请选择）"
ORDER = ("name", YEAR, "head", "reviewer", "preparer", "phone", "date")
PLACEHOLDERS = {
    "name": "例：××市××区人民政府办公室",
    YEAR: f"{MIN_YEAR}–{MAX_YEAR}",
    "phone": "例：0518-85820000",
    "date": "例：2016年1月20日",
}
MAX_LENGTH = 200


def parse_year(text: str) -> int:
    """The year typed by the clerk (full-width digits and a trailing 年 accepted); ValueError with a Chinese reason."""
    t = unicodedata.normalize("NFKC", text).strip().removesuffix("年度").removesuffix("年").strip()
    if not t.isascii() or not t.isdigit():
        raise ValueError(f"年度应是四位数字，例如 {MIN_YEAR + 7}。")
    year = int(t)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    return year


def field_value(doc: Document, key: str) -> int | str:
    return doc.year if key == YEAR else doc.unit.get(key)


class SetUnitField(QUndoCommand):
    def __init__(self, doc: Document, key: str, new: int | str, notify: Callable[[str], None]) -> None:
        super().__init__(f"修改{LABELS[key]}")
        self.doc = doc
        self.key = key
        self.new = new
        self.old = field_value(doc, key)
        self.notify = notify

    def _apply(self, value: int | str) -> None:
        if self.key == YEAR:
            self.doc.year = int(value)
        else:
            setattr(self.doc.unit, self.key, str(value))
        self.notify(self.key)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class UnitInfoPanel(QWidget):
    """Line edits over the document's unit fields; a finished edit that changes a value pushes SetUnitField."""

    def __init__(self, doc: Document, undo: QUndoStack, parent: QWidget | None = None,
                 on_change: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo = undo
        self.on_change = on_change
        self.edits: dict[str, QLineEdit] = {}
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # each label above its field: the field gets the dock's whole width ("连云港市海州区人民政府" fits)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        for key in ORDER:
            edit = QLineEdit()
            edit.setObjectName(f"unit_{key}")
            edit.setMaxLength(MAX_LENGTH)
            edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
            edit.setClearButtonEnabled(key != YEAR)
            edit.editingFinished.connect(self._on_finished)
            self.edits[key] = edit
            form.addRow(f"{LABELS[key]}：", edit)
            if key == YEAR:
                form.addRow("", self.error)  # the reason a year is refused, right under the field
        self.level = QComboBox()
        self.level.setObjectName("unit_level")
        self.level.addItem(NO_LEVEL, "")
        for key, label in LEVELS:
            self.level.addItem(label, key)
        self.level.setToolTip("填报单位的行政层级：决定哪些规则适用（例如只有省级和设区的市级政府可以制定规章）。")
        self.level.activated.connect(self._on_level)
        form.insertRow(2, f"{LABELS[LEVEL]}：", self.level)
        outer.addLayout(form)
        outer.addStretch(1)
        self.refresh()

    def set_document(self, doc: Document) -> None:
        self.doc = doc
        self.refresh()

    def refresh(self, key: str | None = None) -> None:
        if key in (None, LEVEL):
            self.level.setCurrentIndex(max(0, self.level.findData(self.doc.unit.level)))
            if key == LEVEL:
                return
        for k in (key,) if key else ORDER:
            edit = self.edits[k]
            text = str(field_value(self.doc, k))
            if edit.text() != text:
                edit.setText(text)
                edit.setCursorPosition(0)  # a name longer than the field shows its beginning, not its end
            edit.setToolTip(text if len(text) > 12 else "")
            if k == YEAR:
                self._show_year_error(None)

    def commit(self, key: str, text: str) -> bool:
        """Apply what the clerk typed in one field; False (with the reason shown) when it is refused."""
        if key == YEAR:
            try:
                value: int | str = parse_year(text)
            except ValueError as exc:
                self._show_year_error(str(exc))
                return False
            self._show_year_error(None)
        else:
            value = text.strip()
        if value == field_value(self.doc, key):
            return True
        self.undo.push(SetUnitField(self.doc, key, value, self._changed))
        return True

    def set_level(self, level: str) -> None:
        """Choose the unit's 行政层级 (a key of LEVELS, or "" for none): one undo step."""
        if level != self.doc.unit.level:
            self.undo.push(SetUnitField(self.doc, LEVEL, level, self._changed))

    def _on_level(self, index: int) -> None:
        self.set_level(str(self.level.itemData(index) or ""))

    def _changed(self, key: str) -> None:
        self.refresh(key)
        if self.on_change is not None:
            self.on_change(key)

    def _on_finished(self) -> None:
        edit = self.sender()
        key = next((k for k, e in self.edits.items() if e is edit), None)
        if key is not None:
            self.commit(key, edit.text())

    def _show_year_error(self, message: str | None) -> None:
        edit = self.edits[YEAR]
        message = shown(message, script_of(self)) if message else ""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        edit.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if message else "")
        edit.setToolTip(message)


class UnitInfoDock(QDockWidget):
    def __init__(self, doc: Document, undo: QUndoStack, parent: QWidget | None = None,
                 on_change: Callable[[str], None] | None = None) -> None:
        super().__init__("单位信息", parent)
        self.setObjectName("unitInfoDock")
        self.panel = UnitInfoPanel(doc, undo, self, on_change)
        # scrolls when the window is short: the fields (each under its label) never set the window's height
        scroll = QScrollArea(self)
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(scroll)

    def set_document(self, doc: Document) -> None:
        self.panel.set_document(doc)
