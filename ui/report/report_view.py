"""报告正文: the report's text beside the table, in a dock of its own.

The sections are listed on top (heading, how many paragraphs, how many figures disagree with the table); the
chosen section's heading and body are edited below. Every edit is a command on the window's undo stack (typing
in one section merges into one step per pause), so Ctrl+Z undoes text and figures alike, and autosave, recovery
and the "save changes?" question cover the text too. A fixed heading (the 2021 format's) is shown in 简/繁 and
cannot be renamed; the clerk's own headings are edited as written.

Figures the text states that disagree with the table are underlined in red in the body, listed in the problems
dock like every other problem, and jumping to one selects the sentence here and its cells in the grid.
Paragraphs 生成初稿 wrote are shaded until the clerk edits them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor, QUndoCommand
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from model.core.document import Document
from model.core.text import CONTACT, ReportText, Section, edited
from model.core.text_check import TextFinding
from ui.common.script import SKIP, shown


class DockHost(Protocol):
    """The window the dock sits in: the script its texts are shown in."""

    script: str


class SectionEditor(Protocol):
    """Where the dock's edits go: one undoable command per edit (ui/report/report_actions.py)."""

    def edit_section(self, index: int, section: Section, what: str, typing: bool = False) -> None: ...

MERGE_SECONDS = 2.0  # typing in one section with pauses shorter than this is one undo step…
MERGE_AT_MOST = 15.0  # …of at most this long, so undo never takes back minutes of writing, and autosave follows
_TEXT_ID = 0x7E57
_BODY_HINT = "在此写本节正文，每段一行（回车另起一段）"
_CONTACT_HINT = ("发布与联系方式，印在此处、不加标题，例如：本报告电子版可在××门户网站查阅或下载。"
                 "如对本报告有疑问，请与××联系（地址：××；邮编：××；电话：××）。")


class SetText(QUndoCommand):
    """One change of the report's text (a section's body or heading, or the whole text: 生成初稿)."""

    def __init__(self, doc: Document, new: ReportText, what: str, notify: Callable[[int], None], section: int = -1,
                 typing: bool = False) -> None:
        super().__init__(what)
        self.doc = doc
        self.old = doc.text
        self.new = new
        self.notify = notify
        self.section = section
        self.typing = typing
        self.at = self.started = time.monotonic()

    def id(self) -> int:
        return _TEXT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetText) and self.typing and other.typing and other.section == self.section
                and other.at - self.at < MERGE_SECONDS and other.at - self.started < MERGE_AT_MOST):
            return False
        self.new, self.at = other.new, other.at
        return True

    def _apply(self, text: ReportText) -> None:
        self.doc.text = text
        self.notify(self.section)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class BodyEdit(QPlainTextEdit):
    """The section's paragraphs, one per line. Its own undo is off: Ctrl+Z and Ctrl+Y go to the window's undo
    stack, where every edit of the document is."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab leaves the text (F6 cycles panes); a tab character has no place here

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
                if e.matches(key):
                    e.ignore()  # let the window's 撤销/重做 have it
                    return False
            if e.keyCombination().toCombined() == QKeySequence("Ctrl+Y")[0].toCombined():
                e.ignore()
                return False
        return super().event(e)


class ReportDock(QDockWidget):
    section_chosen = Signal(int)

    def __init__(self, window: DockHost, controller: SectionEditor) -> None:
        super().__init__("报告正文", window if isinstance(window, QWidget) else None)
        self.setObjectName("reportDock")  # saveState() names it
        self.window_ = window
        self.controller = controller
        self.text: ReportText = ReportText()
        self.findings: list[TextFinding] = []
        self._shown: tuple[ReportText, list[TextFinding], str] | None = None
        self._filling = False
        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        self.draft_button = QPushButton("生成初稿(&G)", body)
        self.draft_button.setToolTip("根据表中数字写出各部分的基本情况句子（可再修改）；不会不经确认覆盖您写的文字")
        self.add_button = QPushButton("新增一节", body)
        self.remove_button = QPushButton("删除本节", body)
        for b in (self.draft_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, body)
        self.sections = QListWidget(split)
        self.sections.setObjectName("reportSections")
        self.sections.setWordWrap(True)
        self.sections.currentRowChanged.connect(self._on_row_changed)
        editor = QWidget(split)
        ebox = QVBoxLayout(editor)
        ebox.setContentsMargins(0, 0, 0, 0)
        self.heading = QLineEdit(editor)
        self.heading.setObjectName("reportHeading")
        self.heading.setPlaceholderText("本节标题（可不写）")
        self.heading.textEdited.connect(self._on_heading_edited)
        self.fixed_heading = QLabel(editor)
        self.fixed_heading.setObjectName("reportFixedHeading")
        self.fixed_heading.setProperty(SKIP, True)  # shown in the window's script by this dock
        self.fixed_heading.setWordWrap(True)
        font = self.fixed_heading.font()
        font.setBold(True)
        self.fixed_heading.setFont(font)
        self.table_note = QLabel(editor)
        self.table_note.setWordWrap(True)
        self.table_note.setProperty(SKIP, True)
        self.body = BodyEdit(editor)
        self.body.setObjectName("reportBody")
        self.body.textChanged.connect(self._on_body_changed)
        self.state = QLabel(editor)
        self.state.setProperty(SKIP, True)
        self.state.setWordWrap(True)
        for w in (self.fixed_heading, self.heading, self.table_note, self.body, self.state):
            ebox.addWidget(w)
        ebox.setStretchFactor(self.body, 1)
        split.addWidget(self.sections)
        split.addWidget(editor)
        split.setStretchFactor(1, 3)
        box.addWidget(split, 1)
        self.setWidget(body)

    # --- showing
    @property
    def script(self) -> str:
        return self.window_.script

    def show_text(self, text: ReportText, findings: list[TextFinding], keep_row: bool = True) -> None:
        """Show the text (the document's, or the format's skeleton while it has none) and its findings."""
        shown = (text, findings, self.script)
        if keep_row and shown == self._shown:
            return  # every check of the table refreshes the window: the list is rebuilt only when it would differ
        self._shown = shown
        self.text, self.findings = text, findings
        row = self.sections.currentRow() if keep_row else 0
        self._filling = True
        try:
            self.sections.clear()
            for i, s in enumerate(text.sections):
                self.sections.addItem(self._item(i, s))
            self.sections.setCurrentRow(min(max(row, 0), len(text.sections) - 1))
        finally:
            self._filling = False
        self._show_section(self.sections.currentRow())

    def _item(self, i: int, s: Section) -> QListWidgetItem:
        heading = s.shown_heading(self.script) or shown(
            "发布与联系方式" if s.role == CONTACT else "（无标题）" if i else "（开头）", self.script)
        n = len(s.paragraphs())
        wrong = sum(1 for f in self.findings if f.spot is not None and f.spot.section == i and f.severity == "error")
        parts = [heading, shown("统计表" if s.table else f"{n} 段", self.script)]
        if wrong:
            parts.append(shown(f"⚠ {wrong} 处与表不符", self.script))
        item = QListWidgetItem("  ·  ".join(parts))
        if wrong:
            item.setForeground(QColor("#b00020"))
        item.setData(Qt.ItemDataRole.UserRole, i)
        return item

    def _show_section(self, i: int) -> None:
        if not 0 <= i < len(self.text.sections):
            return
        s = self.text.sections[i]
        self._filling = True
        try:
            self.fixed_heading.setVisible(s.fixed)
            self.heading.setVisible(not s.fixed and s.role != CONTACT)  # the contact lines print without a heading
            self.body.setPlaceholderText(shown(_CONTACT_HINT if s.role == CONTACT else _BODY_HINT, self.script))
            self.fixed_heading.setText(s.shown_heading(self.script))
            if self.heading.text() != s.heading:
                self.heading.setText(s.heading)
            self.table_note.setVisible(bool(s.table))
            self.table_note.setText(shown("此处印出统计表（在表格中填写）；下面可写对这张表的说明。", self.script))
            if self.body.toPlainText() != s.body:
                cursor = self.body.textCursor().position()
                self.body.setPlainText(s.body)
                c = self.body.textCursor()
                c.setPosition(min(cursor, len(s.body)))
                self.body.setTextCursor(c)
            self.remove_button.setEnabled(not s.fixed)
        finally:
            self._filling = False
        self._mark(i)

    def _mark(self, i: int) -> None:
        """Red wavy underline under each phrase that disagrees with the table; generated paragraphs shaded."""
        s = self.text.sections[i]
        marks: list[QTextEdit.ExtraSelection] = []
        doc = self.body.document()
        for block_no in range(doc.blockCount()):
            block = doc.findBlockByNumber(block_no)
            if block.text().strip() and s.is_generated(block.text()):
                sel = QTextEdit.ExtraSelection()
                sel.format.setBackground(QColor("#e3eefb"))
                sel.format.setToolTip(shown("生成初稿写的句子：编辑后即为您的文字", self.script))
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor  # the whole paragraph, every line of it
                marks.append(sel)
        problems = []
        for f in self.findings:
            if f.spot is None or f.spot.section != i or f.spot.end <= f.spot.start:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            sel.format.setUnderlineColor(QColor("#b00020" if f.severity == "error" else "#c77700"))
            sel.format.setToolTip(shown(f.message, self.script))
            cursor = QTextCursor(doc)
            cursor.setPosition(min(f.spot.start, len(s.body)))
            cursor.setPosition(min(f.spot.end, len(s.body)), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            marks.append(sel)
            problems.append(shown(f.message, self.script))
        self.body.setExtraSelections(marks)
        self.state.setText("\n".join(f"⚠ {p}" for p in problems[:5]))
        self.state.setStyleSheet("color: #b00020;" if problems else "")

    def current_section(self) -> int:
        return self.sections.currentRow()

    def select_span(self, section: int, start: int, end: int) -> None:
        """Show `section` and select [start, end) of its body (a finding's phrase), with the keyboard there."""
        self.show()
        self.raise_()
        self.sections.setCurrentRow(section)
        cursor = self.body.textCursor()
        cursor.setPosition(min(start, len(self.body.toPlainText())))
        cursor.setPosition(min(end, len(self.body.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.ensureCursorVisible()
        self.body.setFocus()

    # --- editing
    def _on_row_changed(self, row: int) -> None:
        if not self._filling:
            self._show_section(row)
            self.section_chosen.emit(row)

    def _on_body_changed(self) -> None:
        if self._filling:
            return
        i = self.current_section()
        if not 0 <= i < len(self.text.sections):
            return
        s = self.text.sections[i]
        body = self.body.toPlainText()
        if body != s.body:
            self.controller.edit_section(i, edited(s, body), "修改正文", typing=True)

    def _on_heading_edited(self, text: str) -> None:
        i = self.current_section()
        if self._filling or not 0 <= i < len(self.text.sections):
            return
        s = self.text.sections[i]
        if not s.fixed and text != s.heading:
            level = s.level or 1 if text.strip() else s.level
            self.controller.edit_section(i, replace(s, heading=text, level=level, fixed=False), "修改标题",
                                         typing=True)

