"""Reading published report PDFs against bare pypdfium2 text extraction of the same files, run by hand.

Issue 24: a 5-page report read in well under a second; the tool's read (characters with their boxes, rules,
tables rebuilt, text re-flowed: `blocks_of_pdf`) at most 3× pypdfium2 opening the file and extracting every
page's text; and the whole import (label matching, the document) and the time for 100 reports. Both in one
process, the same files, interleaved rounds; CPU time of this process is printed as well (steadier on a shared
machine). The files: the real published reports in ../shared/real_reports when present, else the PDFs in
tests/data.
Usage: uv run bench/bench_read_pdf.py [--rounds 5] [--files N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from model.exchange.files import import_document  # noqa: E402
from model.exchange.report_pdf import blocks_of_pdf  # noqa: E402

REAL = ROOT.parent / "shared" / "real_reports"


def bare(path: Path) -> int:
    pdf = pdfium.PdfDocument(path.read_bytes())
    n = 0
    for page in pdf:
        textpage = page.get_textpage()
        n += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pdf.close()
    return n


def timed(fn: Callable[[Path], object], files: list[Path]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for f in files:
        fn(f)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--files", type=int, default=100, help="how many reports one round reads (the files repeated)")
    args = ap.parse_args()
    found = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    found = found or sorted((ROOT / "tests" / "data").glob("pdf_*.pdf"))
    files = [found[k % len(found)] for k in range(args.files)]
    pages = sum(len(pdfium.PdfDocument(f)) for f in found) / len(found)
    print(f"{len(found)} distinct PDFs ({', '.join(f.name for f in found)}), {pages:.1f} pages on average; "
          f"{len(files)} reads per round")
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "blocks": [], "import": []}
    for fn in (bare, blocks_of_pdf, import_document):  # warm-up: imports, caches
        fn(found[0])
    for _ in range(args.rounds):
        runs["bare"].append(timed(bare, files))
        runs["blocks"].append(timed(blocks_of_pdf, files))
        runs["import"].append(timed(import_document, files))
    med = {k: (statistics.median(w for w, _c in v), statistics.median(c for _w, c in v)) for k, v in runs.items()}
    for k, (wall, cpu) in med.items():
        print(f"{k:>7}: {wall:6.2f} s wall, {cpu:6.2f} s CPU for {len(files)} reports"
              f" ({1000 * wall / len(files):6.1f} ms each)")
    print(f"ratio blocks/bare: {med['blocks'][0] / med['bare'][0]:.2f}× wall, {med['blocks'][1] / med['bare'][1]:.2f}× "
          f"CPU (goal ≤ 3×); whole import/bare: {med['import'][0] / med['bare'][0]:.2f}× wall")


if __name__ == "__main__":
    main()
