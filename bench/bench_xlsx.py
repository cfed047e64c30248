"""Excel export/import timings and how fast hostile workbooks are refused. Run: uv run python bench/bench_xlsx.py"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.exchange.store import DocumentError, load
from model.exchange.xlsx_export import export_document
from model.exchange.xlsx_import import read_document
from resources import path as resource_path

CT = b'<Types><Override PartName="/xl/workbook.xml"/></Types>'


def timed(label: str, fn: Callable[[], object]) -> None:
    start = time.perf_counter()
    try:
        fn()
        outcome = "ok"
    except DocumentError as exc:
        outcome = str(exc)[:70]
    print(f"{label:28s} {1000 * (time.perf_counter() - start):8.1f} ms  {outcome}")


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    for name in ("haizhou-2015.json", "example-2021.json"):
        doc = load(resource_path("examples", name))
        out = tmp / (name + ".xlsx")
        timed(f"export {name}", lambda d=doc, o=out: export_document(d, o))
        timed(f"import {name}", lambda o=out: read_document(o))
    bomb = tmp / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (500 * 1024 * 1024))
    timed(f"zip bomb ({bomb.stat().st_size // 1024} KB → 500 MB)", lambda: read_document(bomb))
    big = tmp / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 100003) for i in range(1, 1_000_001))
            + b"</sheetData></worksheet>")
    timed(f"1M-row sheet ({big.stat().st_size // 1024} KB)", lambda: read_document(big))


if __name__ == "__main__":
    main()
