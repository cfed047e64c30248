"""The first print on a machine against LibreOffice printing the same table, side by side (by hand).

Three whole processes per round, in turn: `main.py --pdf` with an empty font cache ("cold"), `main.py --pdf` right
after the first start's background conversion (`--prepare-fonts`, "prepared": what a clerk's first print meets),
and LibreOffice converting the same table exported as .xlsx to PDF (a warm profile, as on a clerk's machine).
Prints the medians and the ratios round by round (this machine is shared: the ratio is the number to read).
Target: prepared ≤ 0.5 × LibreOffice.
Usage: uv run bench/bench_first_print.py [--rounds N] [--template gov2015|gov2021]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"gov2015": "haizhou-2015.json", "gov2021": "example-2021.json"}
TARGET = 0.5


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--template", choices=sorted(EXAMPLES), default="gov2015")
    opts = parser.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed: nothing to compare with", file=sys.stderr)
        return 2
    example = ROOT / "resources" / "examples" / EXAMPLES[opts.template]
    work = Path(tempfile.mkdtemp(prefix="bench-first-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # users have bytecode
    py = [sys.executable, str(ROOT / "main.py")]
    table = work / "table.xlsx"
    subprocess.run([*py, "--xlsx", str(table), str(example)], env=env, check=True, stdout=subprocess.DEVNULL)
    profile = work / "lo-profile"
    office = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
              "--outdir", str(work / "lo"), str(table)]
    timed(office, env)  # LibreOffice's first start makes its profile: a clerk's machine has one
    cold, prepared, lo = [], [], []
    try:
        for n in range(opts.rounds):
            cache = work / f"fonts-{n}"
            run_env = {**env, "GOVSTATS_FONT_CACHE": str(cache)}
            cold.append(timed([*py, "--pdf", str(work / "cold.pdf"), str(example)], run_env))
            shutil.rmtree(cache)
            subprocess.run([*py, "--prepare-fonts"], env=run_env, check=True, stdout=subprocess.DEVNULL)
            prepared.append(timed([*py, "--pdf", str(work / "prepared.pdf"), str(example)], run_env))
            lo.append(timed(office, env))
        ratio = [p / o for p, o in zip(prepared, lo, strict=True)]
        cold_ratio = [c / o for c, o in zip(cold, lo, strict=True)]
        print(f"first --pdf of {example.name}, median of {opts.rounds} rounds:")
        print(f"  empty font cache      {statistics.median(cold):.2f} s  "
              f"({statistics.median(cold_ratio):.2f}× LibreOffice)")
        print(f"  after --prepare-fonts {statistics.median(prepared):.2f} s  "
              f"({statistics.median(ratio):.2f}× LibreOffice, rounds {min(ratio):.2f}–{max(ratio):.2f})")
        print(f"  LibreOffice .xlsx→PDF {statistics.median(lo):.2f} s")
        print(f"target prepared ≤ {TARGET}× LibreOffice: {'met' if statistics.median(ratio) <= TARGET else 'NOT met'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
