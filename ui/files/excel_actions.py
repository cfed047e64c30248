"""Opening a file through a reader (workbooks, whole reports: model/exchange/formats.py) off the UI thread, with a
report of what needs a look.

Uses the window through `ExcelHost`. The dialog sits behind a method tests monkeypatch: `ask_accept_import`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStatusBar,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.core.document import Document
from model.exchange import formats
from model.exchange.files import BLANKS, blanks_as_zero, import_document
from model.exchange.store import DocumentError
from ui.common.background import Operation
from ui.common.script import script_of, shown
from ui.common.wrapping import WrappingTree

if TYPE_CHECKING:
    from model.exchange.files import ImportResult

log = logging.getLogger(__name__)
STATUS_TIMEOUT = 8000
KIND_TEXT = {"error": "需核对", "note": "提示"}
ACCEPTED, BLANKS_AS_ZERO = 1, 2  # ImportReport's answers besides 0 (not imported): import; import with blanks as 0


class ImportReport(QDialog):
    """Every problem of an import with its sheet and cell, so the clerk can fix the workbook or the table."""

    def __init__(self, name: str, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入“{name}”")
        self.resize(760, 420)
        box = QVBoxLayout(self)
        head = result.summary()
        if not result.complete:
            head += "\n下列“需核对”的格子没有导入（表中为空），导入后请逐项核对、补填。"
        self.summary = QLabel(head, self)
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.tree = WrappingTree(["类别", "位置", "说明"], self)
        script = script_of(parent)  # list items are not converted when the dialog shows: convert them here
        self.whole = "整份报告" if formats.is_report(name) else "整个工作簿"
        for p in sorted(result.problems, key=lambda x: x.severity != "error"):
            message = shown(p.message, script)
            item = QTreeWidgetItem([shown(KIND_TEXT.get(p.severity, p.severity), script),
                                    p.where or shown(self.whole, script), message])
            item.setToolTip(2, message)
            self.tree.addTopLevelItem(item)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 160)
        box.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(self)
        if result.complete:
            buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        else:
            buttons.addButton("仍然导入", QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton("不导入", QDialogButtonBox.ButtonRole.RejectRole)
        if any(p.code == BLANKS for p in result.problems):  # a published table that leaves 0 empty
            zeros = buttons.addButton("空格按 0 导入", QDialogButtonBox.ButtonRole.ActionRole)
            zeros.clicked.connect(lambda: self.done(BLANKS_AS_ZERO))
        copy = buttons.addButton("复制问题清单", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_problems)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self._result = result

    def copy_problems(self) -> None:
        lines = [self.summary.text()] + [
            f"{KIND_TEXT.get(p.severity, p.severity)}\t{p.where or self.whole}\t{p.message}"
            for p in self._result.problems
        ]
        QGuiApplication.clipboard().setText("\n".join(lines))


class ExcelHost(Protocol):
    """What the Excel actions need of the window."""

    document: Document
    path: Path | None
    script: str
    file_opened: SignalInstance

    def set_document(self, doc: Document, path: str | Path | None = None) -> None: ...
    def show_report_text(self) -> None: ...
    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...


class ExcelActions(QObject):
    """Workbooks and whole reports opened: read off the UI thread, the problems shown before the document changes."""

    def __init__(self, window: ExcelHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.last_result: ImportResult | None = None

    # --- import (called by MainWindow.open_path for .xlsx)
    @staticmethod
    def handles(path: str | Path) -> bool:
        return formats.reader_of(path) is not None  # a workbook, or a whole report: its text and table

    def start_import(self, path: str | Path) -> bool:
        """Read the workbook off the UI thread; the document changes only after the clerk saw the problems."""
        name = Path(path).name
        title = "导入报告" if formats.is_report(path) else "导入 Excel"

        def failed(exc: Exception) -> bool:
            if isinstance(exc, DocumentError):
                self.window.show_error(str(exc))
            else:  # a bug must not take the window down; the file on disk is never touched
                log.exception("importing %s", path, exc_info=exc)
                self.window.show_error(f"导入“{name}”时出现意外错误（{type(exc).__name__}）。文件未被改动。")
            return True

        return Operation(title, lambda _progress: import_document(str(path)), label=f"正在读取“{name}”",
                         success=lambda result: self._imported(str(path), result), cancelled="已取消导入。",
                         failure=failed).run(self.window) is True

    def ask_accept_import(self, name: str, result: ImportResult) -> int:
        """The clerk's answer: QDialog.DialogCode.Accepted, BLANKS_AS_ZERO, or Rejected."""
        return ImportReport(name, result, self.window).exec()

    def _imported(self, path: str, result: ImportResult) -> bool:
        name = Path(path).name
        self.last_result = result
        answer = self.ask_accept_import(name, result) if result.problems else ACCEPTED
        answer = int(getattr(answer, "value", answer))  # exec()'s int, a DialogCode, or a test's bool
        if answer == BLANKS_AS_ZERO:
            blanks_as_zero(result, name)
        elif answer != ACCEPTED:
            self.window.statusBar().showMessage(f"未导入“{name}”。", STATUS_TIMEOUT)
            return False
        # an imported workbook is never saved over: Save asks for a .json name
        self.window.set_document(result.document, None)
        if formats.is_report(path):
            self.window.show_report_text()  # a report brought in: its text beside the table
        self.window.file_opened.emit(path)
        if result.complete:
            self.window.statusBar().showMessage(f"已导入“{name}”。{result.summary()}", STATUS_TIMEOUT)
        else:
            self.window.statusBar().showMessage(
                f"已导入“{name}”，但有 {len(result.errors())} 个问题需要核对（未导入的格子为空）。", 0)
        return True
