"""The collecting office's 上报情况 for a big city: 1,000 expected units with 1,000 files, run by hand.

Issue 21: the status table of 1,000 units fills in ≤ 2 s, re-reading only the files that changed. Printed: the
first fill (every file read and checked), a second fill with nothing changed (size and time only), one after ten
files changed, and — for the ratio — bare reading of the same files (`store.load`, no check), interleaved rounds.
Usage: uv run bench/bench_status.py [--units 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.collect.roster import Expected, Workspace, save_workspace  # noqa: E402
from model.collect.status import clear_cache, statuses  # noqa: E402
from model.exchange.store import load, save  # noqa: E402


def make(folder: Path, n: int) -> Workspace:
    base = load(ROOT / "resources" / "examples" / "example-2021.json")
    units = []
    for k in range(n):
        base.unit.name = f"第{k:04d}号单位"
        base.values["n1.zrr"] = k
        save(base, folder / f"{k:04d}.json")
        units.append(Expected(base.unit.name, "department"))
    ws = Workspace("测试市", 2023, units)
    save_workspace(ws, folder / "汇总.xxgk-sum")
    return ws


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = make(folder, args.units)
        files = sorted(folder.glob("*.json"))
        runs: dict[str, list[float]] = {"bare": [], "first": [], "again": [], "ten changed": []}
        for _ in range(args.rounds):
            runs["bare"].append(timed(lambda: [load(f) for f in files]))
            clear_cache()
            runs["first"].append(timed(lambda: statuses(ws)))
            runs["again"].append(timed(lambda: statuses(ws)))
            for f in files[:10]:
                doc = load(f)
                doc.values["t2.xk"] = int(time.time()) % 1000
                save(doc, f)
            runs["ten changed"].append(timed(lambda: statuses(ws)))
        med = {k: statistics.median(v) for k, v in runs.items()}
        for k, v in med.items():
            print(f"{k:>12}: {v:6.2f} s for {args.units} units")
        print(f"first fill / bare reading: {med['first'] / med['bare']:.2f}×; again: {med['again']:.2f} s "
              f"(goal ≤ 2 s); after ten changed: {med['ten changed']:.2f} s")


if __name__ == "__main__":
    main()
