"""Every file dialog of the window, one way: starting in the clerk's documents folder (never the program's own),
titles and filters in the window's script, and a file-name box that keeps every typed letter (the completer of
Qt's own dialog could swallow letters typed fast, as a clerk types a name from memory). Native dialogs, where the
desktop offers them, are used as Qt would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from ui.common.script import script_of, shown


def documents_folder() -> Path:
    """Where file dialogs start when there is no file yet: the clerk's documents folder, not the program's."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()  # no 文档 folder (yet): the home folder


def _dialog(parent: QWidget | None, title: str, start: str | Path | None, filters: str) -> QFileDialog:
    script = script_of(parent)
    where = str(start) if start else str(documents_folder())
    dialog = QFileDialog(parent, shown(title, script), where, shown(filters, script) if filters else "")
    return dialog


def keep_typed_letters(dialog: QFileDialog) -> None:
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")  # Qt's own dialog (no native one on this desktop)
    if name_box is not None:
        name_box.setCompleter(None)


def _run(dialog: QFileDialog) -> list[str]:
    keep_typed_letters(dialog)
    try:
        return dialog.selectedFiles() if dialog.exec() else []
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, title: str, filters: str = "", start: str | Path | None = None) -> str | None:
    dialog = _dialog(parent, title, start, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    found = _run(dialog)
    return found[0] if found else None


def open_files(parent: QWidget | None, title: str, filters: str = "", start: str | Path | None = None) -> list[str]:
    dialog = _dialog(parent, title, start, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def open_folder(parent: QWidget | None, title: str, start: str | Path | None = None) -> str | None:
    dialog = _dialog(parent, title, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    found = _run(dialog)
    return found[0] if found else None


def save_file(parent: QWidget | None, title: str, suggested: str | Path, filters: str = "") -> str | None:
    """`suggested`: a full path, or a bare file name (then in the documents folder)."""
    path = Path(suggested)
    start = path if path.is_absolute() else documents_folder() / path
    dialog = _dialog(parent, title, start.parent, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(start.name)
    found = _run(dialog)
    return found[0] if found else None
