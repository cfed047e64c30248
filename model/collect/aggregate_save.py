"""An aggregate written to a file: the native document, or an Excel workbook with a 汇总表 sheet. No Qt."""

from __future__ import annotations

from pathlib import Path

from model.collect.aggregate import Aggregate
from model.core.templates import HANS
from model.exchange.store import NATIVE_SUFFIXES, DocumentError, dumps, write_file


def aggregate_bytes(agg: Aggregate, path: str | Path, script: str = HANS) -> bytes:
    """The file `path` gets: native JSON (the document, its provenance section included) or, for .xlsx, the Excel
    export plus a 汇总表 sheet, in `script`."""
    p = Path(path)
    if agg.document is None:
        raise DocumentError("没有可保存的汇总结果。")
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        from model.collect.aggregate_xlsx import workbook_bytes  # openpyxl is heavy: only for .xlsx output

        return workbook_bytes(agg, script)
    if suffix not in NATIVE_SUFFIXES:
        raise DocumentError(f"无法保存为“{p.name}”：汇总结果请保存为 .xxgk（本工具文件）或 .xlsx（Excel 工作簿）。")
    return dumps(agg.document, p).encode("utf-8")


def save_aggregate(agg: Aggregate, path: str | Path, script: str = HANS) -> None:
    """Write `aggregate_bytes` atomically; raises DocumentError (Chinese), leaving any old file intact."""
    write_file(path, aggregate_bytes(agg, path, script))
