"""Benchmark of `main.py --pdf` on the seed example as a whole process: median wall time and peak RSS (by hand).

Targets on the 2-core reference machine: median ≤ 0.25 s, peak RSS ≤ 120 MiB, with the font cache warm
(the first print on a machine converts the font subset once: about 1 s).
The CPU time (user + system) is printed too: on a busy machine it is the steadier number.
Python is run as a user runs it, with bytecode caching on (PYTHONDONTWRITEBYTECODE removed): without .pyc files
every run recompiles reportlab, which alone costs about 0.3 s.
Usage: uv run bench/bench_pdf.py [--rounds N] [--template gov2015|gov2021] [--cold] [--plain]
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
TARGET_S, TARGET_MIB = 0.25, 120


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS MiB, exit code) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--template", choices=sorted(EXAMPLES), default="gov2015")
    parser.add_argument("--cold", action="store_true", help="also time the first run with an empty font cache")
    parser.add_argument("--plain", action="store_true",
                        help="import reportlab without print/reportlab_compat's two tricks (to measure what they save)")
    opts = parser.parse_args()
    example = ROOT / "resources" / "examples" / EXAMPLES[opts.template]
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GOVSTATS_FONT_CACHE"] = str(work / "font-cache")
    if opts.plain:
        env["GDS_PLAIN_REPORTLAB_IMPORT"] = "1"
    args = [sys.executable, "main.py", "--pdf", str(work / "out.pdf"), str(example)]
    try:
        if opts.cold:
            wall, cpu, rss, code = run_once(args, env)
            print(f"cold (empty font cache): {wall:.3f} s (CPU {cpu:.3f} s), {rss:.0f} MiB, exit {code}")
        for _ in range(2):
            run_once(args, env)  # warm-up: .pyc files, font cache, OS file cache
        walls, cpus, peaks = [], [], []
        for _ in range(opts.rounds):
            wall, cpu, rss, code = run_once(args, env)
            if code not in (0, 1):
                print(f"--pdf failed with exit code {code}", file=sys.stderr)
                return 2
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(rss)
        median, peak = statistics.median(walls), max(peaks)
        size = (work / "out.pdf").stat().st_size
        print(f"--pdf {example.name}: median {median:.3f} s (min {min(walls):.3f}, max {max(walls):.3f}) "
              f"over {opts.rounds} runs; CPU median {statistics.median(cpus):.3f} s; peak RSS {peak:.0f} MiB; "
              f"PDF {size / 1024:.0f} KiB")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        if load > (os.cpu_count() or 1) * 0.5:
            print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: wall times are inflated; "
                  "the CPU time is what the run itself costs")
        print(f"target ≤ {TARGET_S} s and ≤ {TARGET_MIB} MiB: "
              f"{'met' if median <= TARGET_S and peak <= TARGET_MIB else 'NOT met'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
