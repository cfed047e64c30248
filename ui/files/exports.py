"""导出 Excel…, 导出 Word 文档…, 导出网页… — every format with a writer (model/exchange/formats.py), one action each.

The actions are made from the format table (their names, menus and texts are the formats' `Export`); each asks
for a file name (`ask_export_path`, which tests monkeypatch) and runs the writer as an Operation: off the window's
thread, written atomically once the clerk can no longer cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from model.exchange import formats
from model.exchange.formats import TEXT, FileFormat
from ui.common import file_dialogs
from ui.common.background import export_operation

if TYPE_CHECKING:
    from model.core.document import Document


class ExportHost(Protocol):
    """What exporting needs of the window."""

    document: Document
    path: Path | None
    script: str

    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...


def suggested_name(doc: Document, path: Path | None, fmt: FileFormat) -> Path:
    """The file name a save dialog proposes: the open file's name, or the unit and year; 年度报告 for the whole
    report, 年度统计表 for the table alone."""
    whole = TEXT in fmt.carries
    if path is not None:  # the open file's name: 年度报告 added for the whole report
        return path.with_name(f"{path.stem}{'年度报告' if whole else ''}{fmt.suffix}")
    return Path(f"{doc.unit.name.strip()}{doc.year}{'年度报告' if whole else '年度统计表'}{fmt.suffix}")


class Exports(QObject):
    def __init__(self, window: ExportHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window

    def ask_export_path(self, fmt: FileFormat) -> str | None:
        assert fmt.export is not None
        path = file_dialogs.save_file(self.window, fmt.export.title,
                                      suggested_name(self.window.document, self.window.path, fmt), fmt.filter())
        if path and Path(path).suffix.lower() not in fmt.suffixes:
            path += fmt.suffix
        return path or None

    def export(self, format_id: str, path: str | Path | None = None) -> bool:
        """Write the open document in a format (asking where when `path` is not given); False when not written."""
        fmt = formats.by_id(format_id)
        assert fmt.export is not None and fmt.writer, format_id
        target = path if path else self.ask_export_path(fmt)
        if not target:
            return False
        doc, script = self.window.document, self.window.script  # the script the clerk looks at
        return export_operation(fmt.export.title, lambda _progress: fmt.write(doc, script), target,
                                label=f"正在生成{fmt.label}",
                                done=f"已导出到“{Path(target).name}”。").run(self.window) is True
