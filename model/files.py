"""Opening a document from any supported file kind (native JSON; .xlsx once Excel import exists). No Qt."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.document import Document
from model.store import DocumentError, load

if TYPE_CHECKING:
    from model.xlsx_import import ImportResult

XLSX_SUFFIXES = (".xlsx", ".xlsm")
REFUSED_SUFFIXES = {
    ".xls": "这是旧版 Excel 97-2003 格式（.xls），请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
    ".et": "这是 WPS 表格格式（.et），请在 WPS 中“另存为” .xlsx 后再打开。",
    ".csv": "这是 CSV 文本，请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
}


def import_document(path: str | Path) -> ImportResult:
    """Read any supported file with the problems an Excel import found (none for native files)."""
    from model import xlsx_import  # openpyxl is heavy: import only when a workbook is opened

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(f"无法打开“{p.name}”：{REFUSED_SUFFIXES[suffix]}")
    if suffix in XLSX_SUFFIXES:
        return xlsx_import.read_document(p)
    return xlsx_import.ImportResult(load(p), [])


def open_document(path: str | Path) -> Document:
    """Read a native or Excel document; raises DocumentError (Chinese message) for anything unreadable,
    and for a workbook whose import left doubts (a partial import must never pass for a complete one)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(f"无法打开“{p.name}”：{REFUSED_SUFFIXES[suffix]}")
    if suffix in XLSX_SUFFIXES:
        result = import_document(p)
        if not result.complete:
            errors = result.errors()
            shown = "\n".join(f"  {e.text()}" for e in errors[:10])
            more = f"\n  …… 共 {len(errors)} 个问题" if len(errors) > 10 else ""
            raise DocumentError(f"“{p.name}”没有完整导入（{len(errors)} 个问题）：\n{shown}{more}")
        return result.document
    return load(p)
