"""Application start: QApplication, the first document, the main window."""

from __future__ import annotations

import contextlib
import logging
import sys
from functools import partial
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from model import APP_NAME, APP_TITLE, __version__
from model.core.document import Document, new_document, proposed_document
from model.core.templates import DEFAULT_TEMPLATE, get_template
from model.exchange.files import open_document
from model.exchange.store import DocumentError, is_native, remove_stale_temps
from resources import path as resource_path
from ui.common import font_warmup
from ui.common.env import install_translations, prepare_environment, register_cjk_font
from ui.common.settings import load_settings
from ui.files.lifecycle import restore_at_start
from ui.window.help_menu import HelpActions
from ui.window.main_window import STATUS_TIMEOUT, MainWindow
from ui.window.window_layout import show_as_left


def first_document() -> Document:
    """A new document of the last-used template and year; the first time, last year's report in the format in
    force for it."""
    s = load_settings()
    if s.last_year is None:
        return proposed_document()
    try:
        template = get_template(s.last_template)
    except KeyError:
        template = get_template(DEFAULT_TEMPLATE)
    return new_document(template, s.last_year)


def make_window(path: str | None = None) -> MainWindow:
    """The window with FILE, or with a new document (a bad file: message, window still usable)."""
    doc = None
    if path and is_native(path):
        with contextlib.suppress(DocumentError):  # open_path below says why
            doc = open_document(path)
    if doc is not None and path:
        # built once with the file's document (not a new one first): part of the start-up time
        window = MainWindow(doc, path)
        QTimer.singleShot(0, partial(window.file_opened.emit, str(path)))  # recent files, after the first paint
        window.statusBar().showMessage(f"已打开“{Path(path).name}”。", STATUS_TIMEOUT)
        remove_stale_temps(path)  # what a save killed earlier left beside the file
        window.tell_read_notes(doc, Path(path).name)
        return window
    window = MainWindow(first_document())
    if path:
        window.open_path(path)
    return window


def _log_unexpected(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error no code expected: the traceback to the log, a Chinese message to the clerk, the window stays."""
    logging.getLogger("ui").error("unexpected error", exc_info=(kind, exc, tb))
    where = HelpActions.log_file or "（日志未启用）"
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                      f"发生了意外错误，刚才的操作可能没有完成。你的文件没有被改动，未保存的修改会自动保存。\n\n"
                      f"详细信息已写入日志，可发给技术支持：\n{where}")
    box.exec()


def run(path: str | None = None, log_file: str | None = None) -> int:
    HelpActions.log_file = log_file
    sys.excepthook = _log_unexpected  # Qt swallows exceptions in slots otherwise (printed, never seen)
    prepare_environment()  # before QApplication: Qt reads the input-method variables only at creation
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)  # the menu entry's name: the desktop puts the window under its icon
    app.setWindowIcon(QIcon(str(resource_path("icons", f"{APP_NAME}.svg"))))
    script = load_settings().script
    install_translations(script)  # standard buttons read 保存/取消
    register_cjk_font(script)  # only on machines without any Chinese font
    window = make_window(path)
    show_as_left(window)  # as the clerk left it; maximised the first time
    view = window.current_view()
    if view is not None:
        view.setFocus()
    # offer to restore work a crash or kill left behind; the list keeps extra windows alive while the app runs
    restored = restore_at_start(window, MainWindow)
    QTimer.singleShot(font_warmup.DELAY_MS, font_warmup.start)  # the first start: the print font, in the background
    try:
        return app.exec()
    finally:
        restored.clear()
