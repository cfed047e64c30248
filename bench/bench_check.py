"""Benchmark of the rule engine: full check of each template and re-check after one edit (run by hand).

Targets on the 2-core reference machine: full check of the 2021 template < 2 ms, re-check after one edit < 0.5 ms.
Usage: uv run bench/bench_check.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.core.rules import checker_for
from model.exchange.store import load
from resources import path as resource_path

EXAMPLES = {"gov2015": "haizhou-2015.json", "gov2021": "example-2021.json"}
TARGETS_MS = {("gov2021", "full"): 2.0, ("gov2021", "edit"): 0.5}


def measure(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    for _ in range(min(50, rounds)):
        fn()  # warm-up: caches, branch predictors, lazy imports
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def bench_template(template_id: str, example: str, rounds: int) -> None:
    doc = load(resource_path("examples", example))
    checker = checker_for(doc.template)
    values = dict(doc.values)
    findings = checker.check(values)
    # The busiest cell: the one that takes part in the most rule instances.
    busiest = max(doc.template.cells, key=lambda c: len(checker.instances_of(c)))
    original = values[busiest]
    broken = {c: 1 for c in doc.template.cells}  # most sums fail, so every finding gets explained

    def one_edit() -> None:
        values[busiest] = original + 1  # type: ignore[operator]
        checker.recheck(values, (busiest,), findings)
        values[busiest] = original
        checker.recheck(values, (busiest,), findings)

    rows: list[tuple[str, str, Callable[[], object], int]] = [
        ("full", "full check", lambda: checker.check(values), 1),
        ("full", f"full, {len(checker.check(broken))} findings", lambda: checker.check(broken), 1),
        ("edit", f"edit {busiest} ({len(checker.instances_of(busiest))} rules)", one_edit, 2),
    ]
    for kind, what, fn, per_call in rows:
        median, p95 = measure(fn, rounds)
        median, p95 = median / per_call, p95 / per_call
        target = TARGETS_MS.get((template_id, kind))
        verdict = "" if target is None else f"< {target} ms {'OK' if median < target else 'MISSED'}"
        print(f"{template_id:10} {what:28} {len(doc.template.cells):5} {len(checker.instances):5} "
              f"{median:10.3f} {p95:8.3f}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'template':10} {'what':28} {'cells':>5} {'rules':>5} {'median ms':>10} {'p95 ms':>8}  target")
    for template_id, example in EXAMPLES.items():
        bench_template(template_id, example, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
