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

from model.rules import checker_for  # noqa: E402
from model.store import load  # noqa: E402
from resources import path as resource_path  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'template':10} {'what':28} {'cells':>5} {'rules':>5} {'median ms':>10} {'p95 ms':>8}  target")
    for template_id, example in EXAMPLES.items():
        doc = load(resource_path("examples", example))
        checker = checker_for(doc.template)
        values = dict(doc.values)
        findings = checker.check(values)
        # The busiest cell: the one that takes part in the most rule instances.
        busiest = max(doc.template.cells, key=lambda c: len(checker.instances_of(c)))
        original = values[busiest]

        def full(values: dict = values) -> object:
            return checker.check(values)

        def one_edit(values: dict = values, cell: str = busiest, original: object = original) -> None:
            values[cell] = original + 1  # type: ignore[operator]
            checker.recheck(values, (cell,), findings)
            values[cell] = original
            checker.recheck(values, (cell,), findings)

        broken = {c: 1 for c in doc.template.cells}  # most sums fail: every finding gets explained

        def full_broken(values: dict = broken) -> object:
            return checker.check(values)

        rows = [
            ("full check", full, 1),
            (f"full, {len(checker.check(broken))} findings", full_broken, 1),
            (f"edit {busiest} ({len(checker.instances_of(busiest))} rules)", one_edit, 2),
        ]
        for what, fn, per_call in rows:
            median, p95 = measure(fn, args.rounds)
            median, p95 = median / per_call, p95 / per_call
            kind = "edit" if what.startswith("edit") else "full"
            target = TARGETS_MS.get((template_id, kind))
            verdict = "" if target is None else f"< {target} ms {'OK' if median < target else 'MISSED'}"
            print(f"{template_id:10} {what:28} {len(doc.template.cells):5} {len(checker.instances):5} "
                  f"{median:10.3f} {p95:8.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
