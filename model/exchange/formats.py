"""Every file format the program reads or writes, in one table: suffixes, the label its dialogs show, what it
carries, its reader and its writer. No Qt.

The open and save dialogs' filters, the window's export actions, `main.py --report` and the importers' dispatch
all read this table. Readers and writers are named as "module:function" and imported only when a file of theirs
is read or written (openpyxl is loaded for workbooks only).

Adding a format: a reader `(Path) -> ImportResult` and/or a writer `(Document, script) -> bytes` in a module of
its own, and one `FileFormat` in FORMATS below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from model.exchange.store import NATIVE_SUFFIXES, DocumentError

if TYPE_CHECKING:
    from model.core.document import Document
    from model.exchange.imported import ImportResult

TABLE, TEXT = "table", "text"  # what a file carries: the statistics table, the report's text


@dataclass(frozen=True)
class Export:
    """How the window offers writing a format: the action's name, its menu, its text and status tip."""

    action: str  # the name in ui's action table ("report_docx")
    menu: str  # the menu it goes in: "文件" or "报告"
    text: str  # "导出 Word 文档(&W)…"
    tip: str
    title: str  # the save dialog's title and the progress dialog's


@dataclass(frozen=True)
class FileFormat:
    id: str
    label: str  # as the dialogs' filters name it ("Word 文档"); Simplified, the window converts
    suffixes: tuple[str, ...]  # the first is what a new file gets
    carries: frozenset[str]
    reader: str = ""  # "module:function" → (Path) -> ImportResult
    writer: str = ""  # "module:function" → (Document, script) -> bytes
    refused: str = ""  # a format not read: why, and what the clerk can do instead
    export: Export | None = None  # how the window offers it (a writer, or print/'s PDF)
    native: bool = False  # the program's own file: saved, not exported

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def filter(self) -> str:
        """"Word 文档 (*.docx)": one entry of a file dialog's filter."""
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"

    def read(self, path: Path) -> ImportResult:
        return cast("ImportResult", _resolve(self.reader)(path))

    def write(self, doc: Document, script: str) -> bytes:
        return cast(bytes, _resolve(self.writer)(doc, script))


def format_modules() -> list[str]:
    """The modules the table's readers and writers live in (the installer bundles them: they are imported by name)."""
    return sorted({where.partition(":")[0] for f in FORMATS for where in (f.reader, f.writer) if where})


def _resolve(where: str) -> Callable[..., object]:
    module, _, name = where.partition(":")
    return cast("Callable[..., object]", getattr(importlib.import_module(module), name))


_REPORT_READER = "model.exchange.report_read:read_report"
FORMATS: list[FileFormat] = [
    FileFormat("native", "统计表文件", NATIVE_SUFFIXES, frozenset({TABLE, TEXT}), native=True),
    FileFormat("xlsx", "Excel 工作簿", (".xlsx", ".xlsm"), frozenset({TABLE}),
               reader="model.exchange.xlsx_import:read_document", writer="model.exchange.xlsx_export:to_bytes",
               export=Export("export_xlsx", "文件", "导出 Excel(&E)…",
                             "把统计表导出为排好版的 Excel 工作簿（.xlsx），可在 Excel/WPS 中打开、打印",
                             "导出 Excel")),
    # printed by print/ (reportlab): the window's 打印 and 导出 PDF actions, `--pdf` and `--report OUT.pdf`
    FileFormat("pdf", "PDF 文件", (".pdf",), frozenset({TABLE, TEXT}), reader=_REPORT_READER),
    FileFormat("docx", "Word 文档", (".docx",), frozenset({TABLE, TEXT}), reader=_REPORT_READER,
               writer="model.exchange.report_docx:report_docx",
               export=Export("report_docx", "报告", "导出 Word 文档(&W)…",
                             "整份报告导出为 .docx（Word 标题和表格），可在 Word/WPS 中修改", "导出 Word")),
    FileFormat("html", "网页", (".html", ".htm"), frozenset({TABLE, TEXT}), reader=_REPORT_READER,
               writer="model.exchange.report_html:to_bytes",
               export=Export("report_html", "报告", "导出网页(&H)…",
                             "整份报告导出为一个 .html 文件，供政府网站发布（表格为网页表格）", "导出网页")),
    FileFormat("txt", "文本", (".txt",), frozenset({TABLE, TEXT}), reader=_REPORT_READER),
    FileFormat("xls", "Excel 97-2003 工作簿", (".xls",), frozenset({TABLE}),
               refused="这是旧版 Excel 97-2003 格式（.xls），请在 Excel/WPS 中“另存为” .xlsx 后再打开。"),
    FileFormat("et", "WPS 表格", (".et",), frozenset({TABLE}),
               refused="这是 WPS 表格格式（.et），请在 WPS 中“另存为” .xlsx 后再打开。"),
    FileFormat("csv", "CSV 文本", (".csv",), frozenset({TABLE}),
               refused="这是 CSV 文本，请在 Excel/WPS 中“另存为” .xlsx 后再打开。"),
]
PDF = "pdf"


def by_id(format_id: str) -> FileFormat:
    return next(f for f in FORMATS if f.id == format_id)


def format_of(path: str | Path) -> FileFormat | None:
    """The format a file's suffix says, None for a suffix no format has."""
    return for_suffix(Path(path).suffix)


def for_suffix(suffix: str) -> FileFormat | None:
    """The format of a suffix (".XLSX" as ".xlsx")."""
    suffix = suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def readable() -> list[FileFormat]:
    """Formats a file can be opened from (the native one first), for the window, 汇总 and the reviewer alike."""
    return [f for f in FORMATS if f.native or f.reader]


def reader_of(path: str | Path) -> FileFormat | None:
    """The format a file is imported from (not native: read by a reader); None otherwise."""
    fmt = format_of(path)
    return fmt if fmt is not None and fmt.reader else None


def is_report(path: str | Path) -> bool:
    """A whole report (text and table) brought in from a published file, not the program's own."""
    fmt = reader_of(path)
    return fmt is not None and TEXT in fmt.carries


def refusal(path: str | Path) -> str | None:
    """Why a file of a format not read cannot be opened (and what to do), as the clerk is told."""
    fmt = format_of(path)
    if fmt is None or not fmt.refused:
        return None
    return f"无法打开“{Path(path).name}”：{fmt.refused}"


def check_readable(path: str | Path) -> None:
    """DocumentError for a format the program does not read."""
    refused = refusal(path)
    if refused:
        raise DocumentError(refused)


def exports(carrying: str | None = None) -> list[FileFormat]:
    """Formats the window offers to export into (by writer or printed), optionally only those carrying a part."""
    return [f for f in FORMATS if f.export is not None and (carrying is None or carrying in f.carries)]


def report_outputs() -> list[FileFormat]:
    """What `--report OUT` writes: the whole report (text and table), by writer or printed."""
    return [f for f in FORMATS if TEXT in f.carries and (f.writer or f.id == PDF)]


def suffix_list(formats: Iterable[FileFormat]) -> str:
    """".pdf、.docx 或 .html" for messages."""
    suffixes = [f.suffix for f in formats]
    return "、".join(suffixes[:-1]) + f" 或 {suffixes[-1]}" if len(suffixes) > 1 else "".join(suffixes)


def open_filter(formats: list[FileFormat], everything: str) -> str:
    """A file dialog's filter: every format at once (named `everything`), each on its own, then 所有文件."""
    every = " ".join("*" + s for f in formats for s in f.suffixes)
    return ";;".join([f"{everything} ({every})", *(f.filter() for f in formats), "所有文件 (*)"])


def register(fmt: FileFormat) -> None:
    """Add a format made elsewhere (a test's toy format); a suffix already taken stays with its format."""
    if any(f.id == fmt.id for f in FORMATS):
        raise ValueError(f"file format {fmt.id!r} is registered already")
    FORMATS.append(fmt)


def unregister(format_id: str) -> None:
    FORMATS[:] = [f for f in FORMATS if f.id != format_id]
