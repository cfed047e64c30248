"""Reading clerks' workbooks in 汇总 against a bare openpyxl read of the same files, run by hand.

Issue 12: the tool's read of a workbook (safety checks, values, formula detection, label matching) at most 1.5×
`openpyxl.load_workbook(read_only=True, data_only=True)` reading every cell's value. Both in one process, the
same files, interleaved rounds; CPU time of this process is printed as well (steadier on a shared machine).
Usage: uv run bench/bench_read.py [--units 100] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook

from model.exchange.store import load
from model.exchange.xlsx_export import export_document
from model.exchange.xlsx_import import read_document
from resources import path as resource_path


def bare(paths: list[Path]) -> None:
    for p in paths:
        wb = load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()


def tool(paths: list[Path]) -> None:
    for p in paths:
        read_document(p)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_read_") as d:
        paths = []
        for name in ("haizhou-2015.json", "example-2021.json"):
            doc = load(resource_path("examples", name))
            for i in range(args.units // 2):
                doc.unit.name = f"第{i:03d}单位"
                p = Path(d) / f"{name}-{i:03d}.xlsx"
                export_document(doc, p)
                paths.append(p)
        times: dict[str, list[float]] = {"bare": [], "tool": []}
        cpu: dict[str, list[float]] = {"bare": [], "tool": []}
        for _ in range(args.rounds):
            for label, fn in (("bare", bare), ("tool", tool)):
                w, c = time.perf_counter(), time.process_time()
                fn(paths)
                times[label].append(time.perf_counter() - w)
                cpu[label].append(time.process_time() - c)
        b, t = statistics.median(times["bare"]), statistics.median(times["tool"])
        bc, tc = statistics.median(cpu["bare"]), statistics.median(cpu["tool"])
        print(f"{len(paths)} workbooks (both formats, as exported), median of {args.rounds} interleaved rounds")
        print(f"  bare openpyxl read_only+data_only: {b * 1000:7.0f} ms wall, {bc * 1000:7.0f} ms CPU")
        print(f"  the tool's read (read_document)  : {t * 1000:7.0f} ms wall, {tc * 1000:7.0f} ms CPU")
        met = tc <= 1.5 * bc
        print(f"  ratio {t / b:.2f}× (wall), {tc / bc:.2f}× (CPU); target ≤ 1.50× (CPU): {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
