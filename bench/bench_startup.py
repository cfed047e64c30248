"""Start-up time: process start → main window shown, for `main.py`, `main.py FILE` (run by hand).

Target on this machine: < 0.5 s. Each run is a fresh interpreter; the child reports when the window's first
show has been processed and exits, and says whether openpyxl/reportlab were imported (they must not be).
Bytecode caching is switched on for the children (as on a clerk's PC), even if PYTHONDONTWRITEBYTECODE is set here.
Usage: uv run bench/bench_startup.py [--runs N] [--xcb]   (--xcb needs a display, e.g. under xvfb-run)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.5

CHILD = r"""
import runpy, sys
sys.path.insert(0, {root!r})
sys.argv = ["main.py", *{files!r}]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.window.main_window as mw

_show = mw.MainWindow.showEvent

def report():
    heavy = [m for m in ("openpyxl", "reportlab") if m in sys.modules]
    print("shown", ",".join(heavy) or "-", flush=True)
    QApplication.instance().exit(0)

def showEvent(self, event):
    _show(self, event)
    QTimer.singleShot(0, report)  # after the show has been processed and painted

mw.MainWindow.showEvent = showEvent
try:
    runpy.run_path({main!r}, run_name="__main__")
except SystemExit:
    pass
"""


BARE = r"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1180, 820)
w.show()
QTimer.singleShot(0, lambda: (print("shown -", flush=True), app.exit(0)))
app.exec()
"""


def one_run(files: list[str] | None, env: dict[str, str]) -> tuple[float, str]:
    """One fresh process; files=None measures a bare Qt window (the floor no app code can go below)."""
    code = BARE if files is None else CHILD.format(root=str(ROOT), files=files, main=str(ROOT / "main.py"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait(timeout=30)
    if not line.startswith("shown"):
        raise SystemExit(f"the window did not show (files={files})")
    return elapsed, line.split()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--xcb", action="store_true", help="use the real X11 platform instead of offscreen")
    args = ap.parse_args()
    env = dict(os.environ)
    env["GDS_CONFIG_DIR"] = tempfile.mkdtemp(prefix="bench-config-")  # a first start: no settings, no recovery
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not args.xcb:
        env["QT_QPA_PLATFORM"] = "offscreen"
    cases: dict[str, list[str] | None] = {
        "bare QMainWindow (floor)": None,
        "new document (gov2015)": [],
        "main.py haizhou-2015.json": [str(ROOT / "resources" / "examples" / "haizhou-2015.json")],
        "main.py example-2021.json": [str(ROOT / "resources" / "examples" / "example-2021.json")],
    }
    one_run([], env)  # warm the OS file cache
    print(f"platform: {'xcb' if args.xcb else 'offscreen'}, runs: {args.runs}, target < {TARGET_S:.2f} s")
    worst = 0.0
    for name, files in cases.items():
        times, heavy = [], set()
        for _ in range(args.runs):
            t, h = one_run(files, env)
            times.append(t)
            heavy.add(h)
        med = statistics.median(times)
        worst = max(worst, med)
        print(f"  {name:28s} median {med:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s"
              f"  heavy modules: {','.join(sorted(heavy))}")
    print("OK" if worst < TARGET_S else "SLOWER THAN TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
