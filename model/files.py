"""Opening a document from any supported file kind (native JSON; .xlsx once Excel import exists). No Qt."""

from __future__ import annotations

from pathlib import Path

from model.document import Document
from model.store import DocumentError, load

XLSX_SUFFIXES = (".xlsx", ".xlsm")
REFUSED_SUFFIXES = {
    ".xls": "这是旧版 Excel 97-2003 格式（.xls），请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
    ".et": "这是 WPS 表格格式（.et），请在 WPS 中“另存为” .xlsx 后再打开。",
    ".csv": "这是 CSV 文本，请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
}


def open_document(path: str | Path) -> Document:
    """Read a native or Excel document; raises DocumentError (Chinese message) for anything unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(f"无法打开“{p.name}”：{REFUSED_SUFFIXES[suffix]}")
    if suffix in XLSX_SUFFIXES:
        from model import xlsx_import  # openpyxl is heavy: import only when a workbook is opened

        return xlsx_import.read_document(p).document
    return load(p)
