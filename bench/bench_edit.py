"""Latency of one cell edit in the window: setData → undo command → recheck → problems dock → repaint (run by hand).

Target: well under 50 ms, so typing and Enter never lag. Usage: uv run bench/bench_edit.py [--edits N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GDS_CONFIG_DIR"] = tempfile.mkdtemp(prefix="bench-config-")

from PySide6.QtWidgets import QApplication  # noqa: E402 - the platform must be chosen first

from model.core.document import new_document  # noqa: E402
from model.core.templates import get_template  # noqa: E402
from model.exchange.store import load  # noqa: E402
from resources import path as resource_path  # noqa: E402
from ui.window.main_window import MainWindow  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--edits", type=int, default=60)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    cases = {
        "gov2015 seed, edit 收到申请数": (load(resource_path("examples", "haizhou-2015.json")), "C1"),
        "gov2021 example, edit 行政复议·结果维持": (load(resource_path("examples", "example-2021.json")), "fy.wc"),
        "gov2021 blank (199 未填), same cell": (new_document(get_template("gov2021"), 2024), "fy.wc"),
    }
    for name, (doc, cell) in cases.items():
        w = MainWindow(doc)
        w.show()
        app.processEvents()
        model = w.view_of(cell).grid_model()
        times = []
        for i in range(args.edits):
            t0 = time.perf_counter()
            model.setData(model.index_of(cell), str(i + 1))
            app.processEvents()  # includes the repaint of the grid and the docks
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        print(f"  {name:38s} median {statistics.median(times):6.1f} ms  p90 {times[int(len(times) * 0.9)]:6.1f} ms")
        w.undo_stack.setClean()
        w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
