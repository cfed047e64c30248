"""The report's text in the window: the 报告正文 dock, its undoable edits, 生成初稿, its preview and PDF.

Declared in the window's one action table as "report_text.<method>"; dialogs sit behind methods tests monkeypatch:
`ask_keep_own_words`. The report's Word and web files are written by ui/files/exports.py, as every format with a writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDockWidget, QMessageBox, QStatusBar

from model.core.draft import apply_draft, draft_paragraphs, own_words
from model.core.report import document_text_findings
from model.core.text import ReportText, Section, text_or_skeleton
from model.core.text_check import TextFinding
from ui.common.choice import CANCEL, ask_choice
from ui.report.report_view import ReportDock, SetText

if TYPE_CHECKING:
    from model.core.document import Document
    from ui.printout.printing import PrintActions


class ReportHost(Protocol):
    """What the report's text needs of the window."""

    document: Document
    path: Path | None
    script: str
    printing: PrintActions  # the whole report prints through the same print actions as the table

    def push_command(self, cmd: QUndoCommand) -> None: ...
    def text_changed(self) -> None: ...
    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...

KEEP, REPLACE = "keep", "replace"
STATUS_TIMEOUT = 8000


class ReportActions(QObject):
    def __init__(self, window: ReportHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.dock = ReportDock(window, self)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.draft_button.clicked.connect(self.draft)
        self.dock.add_button.clicked.connect(self.add_section)
        self.dock.remove_button.clicked.connect(self.remove_section)

    # --- what the window calls
    def text(self) -> ReportText:
        """The document's text, or the format's skeleton while it has none: what the dock shows and edits."""
        doc = self.window.document
        return text_or_skeleton(doc.text, doc.template)

    def text_findings(self) -> list[TextFinding]:
        return document_text_findings(self.window.document)

    def show(self, findings: list[TextFinding], keep_row: bool = True) -> None:
        self.dock.show_text(self.text(), findings, keep_row)

    def go_to(self, finding: TextFinding) -> None:
        if finding.spot is not None:  # select_span shows the dock when it is closed
            self.dock.select_span(finding.spot.section, finding.spot.start, finding.spot.end)

    # --- edits (each one undo step; typing in one section merges)
    def _changed(self, section: int) -> None:
        self.window.text_changed()
        if 0 <= section < self.dock.sections.count() and section != self.dock.current_section():
            self.dock.sections.setCurrentRow(section)  # an undo shows the section it changed

    def set_text(self, new: ReportText, what: str, section: int = -1, typing: bool = False) -> None:
        self.window.push_command(SetText(self.window.document, new, what, self._changed, section, typing))

    def edit_section(self, index: int, section: Section, what: str, typing: bool = False) -> None:
        self.set_text(self.text().with_section(index, section), what, index, typing)

    def add_section(self) -> None:
        text = self.text()
        at = self.dock.current_section() + 1 if text.sections else 0
        items = list(text.sections)
        items.insert(at, Section(heading="", level=1))
        self.set_text(ReportText(tuple(items)), "新增一节")
        self.dock.sections.setCurrentRow(at)
        self.dock.heading.setFocus()

    def remove_section(self) -> None:
        text = self.text()
        at = self.dock.current_section()
        if not 0 <= at < len(text.sections) or text.sections[at].fixed:
            return  # the format's own sections stay (their text may be emptied)
        self.set_text(ReportText(text.sections[:at] + text.sections[at + 1:]), "删除一节")

    # --- 生成初稿
    def ask_keep_own_words(self, headings: list[str]) -> str:
        return ask_choice(self.window, "生成初稿", "这些部分已有您写的文字：\n  " + "\n  ".join(headings),
                          ((KEEP, "保留我的文字(&K)", QMessageBox.ButtonRole.AcceptRole),
                           (REPLACE, "替换(&R)", QMessageBox.ButtonRole.DestructiveRole)),
                          informative="生成的句子放在您的文字前面（保留），还是替换您的文字？")

    def draft(self) -> bool:
        doc = self.window.document
        drafts = draft_paragraphs(doc)
        aggregate = getattr(getattr(self.window, "aggregation", None), "aggregate", None)
        if drafts and aggregate is not None and aggregate.document is doc:
            from model.collect.county_draft import county_paragraphs

            drafts = county_paragraphs(aggregate, drafts)  # a county's report: its units as well as its totals
        if not drafts:
            self.window.statusBar().showMessage("表中还没有可写进初稿的数字。", STATUS_TIMEOUT)
            return False
        own = own_words(self.text(), list(drafts))
        choice = self.ask_keep_own_words(own) if own else KEEP
        if choice == CANCEL:
            return False
        self.set_text(apply_draft(doc, drafts, replace_own=choice == REPLACE), "生成初稿")
        self.window.statusBar().showMessage(f"已生成 {len(drafts)} 个部分的初稿（浅蓝底），请核对后修改、补充。",
                                            STATUS_TIMEOUT)
        self.dock.show()
        self.dock.raise_()
        return True

    # --- the whole report out
    def preview(self) -> object:
        return self.window.printing.preview(whole=True)

    def export_pdf(self) -> Path | None:
        return self.window.printing.export_pdf(None, whole=True)
