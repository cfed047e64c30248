"""Long work off the window's thread, with a progress dialog and 取消 (in the spirit of Anki's QueryOp/CollectionOp).

Controllers describe long work as an `Operation` (work, progress text, success, failure, cancel, undo text) and
run it; underneath, `run_with_progress` is the one helper that runs work in a thread:

`run_with_progress(parent, title, work)` runs `work(progress)` in a worker thread and returns its result, or
raises what it raised (`CancelledError` when the clerk cancelled). Meanwhile a nested event loop keeps the window
painting and the progress dialog answering, exactly as `QDialog.exec()` does; the dialog is application-modal, so
no input can start a second operation or edit the document underneath. Call sites stay straight-line code:

    agg = run_with_progress(self.window, "汇总", lambda progress: aggregate_files(paths, progress=progress))

`work` must not touch Qt objects or the window's state: it gets plain model objects and returns one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QEventLoop, QThread, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QProgressDialog, QWidget

from model.core.progress import CancelledError, Progress
from ui.common.script import script_of, shown

T = TypeVar("T")
R = TypeVar("R")
STATUS_TIMEOUT = 8000
SHOW_AFTER_MS = 400  # most operations end before the dialog would appear; a flash would only distract

_running: list[QProgressDialog] = []


class _Worker(QThread, Generic[T]):
    stepped = Signal(int, int, str)

    def __init__(self, work: Callable[[Progress], T]) -> None:
        super().__init__()
        self.work = work
        self.cancel = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def progress(self, done: int, total: int, what: str = "") -> None:
        if self.cancel.is_set():
            raise CancelledError
        self.stepped.emit(done, total, what)

    def run(self) -> None:
        try:
            self.result = self.work(self.progress)
        except BaseException as exc:  # handed to the GUI thread, which raises it where the work was asked for
            self.error = exc


def running() -> bool:
    """True while an operation is under way (the window refuses to close meanwhile)."""
    return bool(_running)


def current_dialog() -> QProgressDialog | None:
    """The progress dialog of the operation under way (tests press its 取消)."""
    return _running[-1] if _running else None


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Progress], T], *,
                      label: str = "正在处理…") -> T:
    """Run `work(progress)` off the GUI thread; return its result or raise its exception (CancelledError if cancelled).

    `label` is shown until the first step names itself; a step's `what` is shown as "label（what）"."""
    script = script_of(parent)
    worker: _Worker[T] = _Worker(work)
    dialog = QProgressDialog(shown(label, script), shown("取消", script), 0, 0, parent)
    dialog.setWindowTitle(shown(title, script))
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setModal(True)

    def stepped(done: int, total: int, what: str) -> None:
        if dialog.wasCanceled():  # also when cancel() was called without the button (Esc, tests)
            cancelled()
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        text = f"{label}（{what}）" if what else label
        if total > 0:
            text += f"\n{done} / {total}"
        dialog.setLabelText(shown(text, script))

    def cancelled() -> None:
        if worker.cancel.is_set():
            return
        worker.cancel.set()
        dialog.setLabelText(shown("正在取消…", script))

    worker.stepped.connect(stepped)
    dialog.canceled.connect(cancelled)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    _running.append(dialog)
    try:
        worker.start()
        if not worker.isFinished():
            loop.exec()
        worker.wait()
        if dialog.wasCanceled():
            worker.cancel.set()
    finally:
        _running.remove(dialog)
        dialog.reset()
        dialog.deleteLater()
        worker.deleteLater()
    if worker.cancel.is_set():
        raise CancelledError  # even when the work ended before it saw the cancel: the clerk said no
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]  # set by run() whenever error is None


CANCELLED = object()  # what Operation.run returns when the clerk cancelled or a failure was told


def _status(parent: QWidget | None, text: str) -> None:
    bar = getattr(parent, "statusBar", None)
    if text and callable(bar):
        bar().showMessage(text, STATUS_TIMEOUT)


def _tell_document_error(parent: QWidget | None, exc: Exception) -> bool:
    from model.exchange.store import DocumentError

    show = getattr(parent, "show_error", None)
    if isinstance(exc, DocumentError) and callable(show):
        show(str(exc))
        return True
    return False


@dataclass(frozen=True)
class Operation(Generic[T, R]):
    """One piece of long work as the clerk sees it (in the spirit of Anki's CollectionOp): the work, what the
    progress dialog says, what follows success, how a failure and a cancel are told, and the undo step a success
    becomes. A controller builds one and runs it; the work runs off the GUI thread (see `run_with_progress`),
    `success` on it, once the clerk can no longer cancel.

        Operation("导出 Word", lambda _p: report_docx(doc), label="正在生成整份报告",
                  success=lambda data: write_file(path, data), done="已导出").run(window)
    """

    title: str
    work: Callable[[Progress], T]
    label: str = "正在处理…"
    success: Callable[[T], R] = field(default=lambda result: result)
    done: str | Callable[[R], str] = ""  # the status bar's word after success
    cancelled: str | Callable[[], object] = ""  # the status bar's word, or what to do, after 取消
    # an expected failure (of the work or of the success step) told to the clerk: True when told; others are raised.
    # By default a DocumentError goes to the parent's show_error.
    failure: Callable[[Exception], bool] | None = None
    # work that changes the document: `success` returns a QUndoCommand, pushed onto the parent's undo stack
    # (`push_command`) under this text — one 撤销 step; "" for work that changes no document
    undo: str = ""

    def run(self, parent: QWidget | None) -> R | object:
        """The success step's value, or CANCELLED after 取消 or a failure that was told."""
        try:
            outcome = self.success(run_with_progress(parent, self.title, self.work, label=self.label))
        except CancelledError:
            if callable(self.cancelled):
                self.cancelled()
            else:
                _status(parent, self.cancelled)
            return CANCELLED
        except Exception as exc:
            told = self.failure(exc) if self.failure is not None else False
            if told or _tell_document_error(parent, exc):
                return CANCELLED
            raise
        if self.undo:
            command = cast(QUndoCommand, outcome)
            command.setText(shown(self.undo, script_of(parent)))
            parent.push_command(command)  # type: ignore[union-attr]
        _status(parent, self.done(outcome) if callable(self.done) else self.done)
        return outcome


def export_operation(title: str, make: Callable[[Progress], bytes], path: str | Path, *, label: str,
                     done: str) -> Operation[bytes, bool]:
    """Make a file's bytes off the GUI thread, then write them atomically — only once the clerk can no longer
    cancel, so a cancel or a failure leaves any old file as it was. `done` goes to the status bar."""
    from model.exchange.store import write_file

    def written(data: bytes) -> bool:
        write_file(path, data, "导出")
        return True

    return Operation(title, make, label=label, success=written, done=done)
