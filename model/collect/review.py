"""Reviewing many published reports at once (a county office reading its units' PDFs): one row per report with
what a reviewer looks at — unit, year, format, 定稿 or 草稿, errors, the text against the table, the figures
checked and not checkable, and paragraphs copied from the same unit's report of the year before when that report
is among the files. No Qt.

`--check a.pdf b.pdf 文件夹/ --json` prints these rows, `--findings OUT.xlsx` writes them as the reviewer's sheet
(model.collect.findings_xlsx.py), the window's 审阅多份报告… runs the same work with a progress bar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from model.collect.roster import same_unit
from model.core.document import Document, LastYear
from model.core.progress import Progress, no_progress
from model.core.report import check_document
from model.core.text_check import SAME_PARAGRAPH, SAME_TEXT, TextFinding, same_as_last_year, text_coverage
from model.exchange import formats
from model.exchange.files import import_document
from model.exchange.imported import ImportResult
from model.exchange.store import DocumentError

DRAFT, FINAL, UNREADABLE = "草稿", "定稿", "读不出"
MAX_FILES = 5_000


@dataclass
class Reviewed:
    file: str
    status: str = UNREADABLE
    unit: str = ""
    year: int | None = None
    form: str = ""  # the table format's short name
    errors: int = 0
    warnings: int = 0
    blanks: int = 0
    text_mismatches: int = 0  # figures of the text that differ from the table
    checked: int = 0  # figures of the text checked against the table
    unchecked: int = 0  # figures of the text that name nothing the table holds
    copied: int | None = None  # paragraphs identical to last year's report (None: last year's not among the files)
    previous_file: str = ""
    import_problems: int = 0
    message: str = ""  # why it could not be read, or the first problems, in Chinese
    findings: list[str] = field(default_factory=list)  # every error and warning, as the check says them

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def report_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and in each folder named the files a reader opens (not its subfolders), in name order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and _readable(f)
                          and not f.name.startswith((".~lock.", "~$")))
        else:
            out.append(p)
        if len(out) > MAX_FILES:
            raise DocumentError(f"一次最多审阅 {MAX_FILES:,} 份报告，请分批进行。")
    return out


def _readable(path: Path) -> bool:
    fmt = formats.format_of(path)
    return fmt is not None and (fmt.native or bool(fmt.reader))


def _read(path: Path, blank_as_zero: bool) -> tuple[Reviewed, ImportResult | None]:
    row = Reviewed(path.name)
    try:
        result = import_document(path, blank_as_zero)
    except DocumentError as exc:
        row.message = str(exc)
        return row, None
    doc = result.document
    row.unit, row.year, row.form = doc.unit.name, doc.year, doc.template.name.hans
    row.import_problems = len(result.errors())
    return row, result


def _previous_of(doc: Document, others: list[tuple[Reviewed, ImportResult | None]]) -> tuple[str, Document] | None:
    for row, result in others:
        if result is None:
            continue
        prev = result.document
        if prev.year == doc.year - 1 and prev.template.id == doc.template.id and same_unit(prev.unit.name,
                                                                                             doc.unit.name):
            return row.file, prev
    return None


def _checked(row: Reviewed, result: ImportResult, read: list[tuple[Reviewed, ImportResult | None]]) -> None:
    doc = result.document
    last = _previous_of(doc, read)
    if last is not None:
        name, prev = last
        doc.previous = LastYear(name, {c: v for c, v in prev.values.items() if c in doc.template.cells},
                                text=prev.text if prev.text.sections else None)
        row.previous_file = name
        same = same_as_last_year(doc.text, prev.text)
        whole = any(f.rule == SAME_TEXT for f in same)  # the whole text copied: one finding for every paragraph
        row.copied = sum(len(s.paragraphs()) for _i, s in doc.text.text_sections()) if whole else len(same)
    report = check_document(doc)
    row.errors, row.warnings, row.blanks = len(report.errors), len(report.warnings), len(report.blanks)
    row.text_mismatches = sum(1 for f in report.errors if isinstance(f, TextFinding)
                              and f.rule not in (SAME_PARAGRAPH, SAME_TEXT))
    coverage = text_coverage(doc.template, doc.text)
    row.checked, row.unchecked = coverage["checked"], coverage["unchecked"]
    row.status = FINAL if report.final and result.complete else DRAFT
    row.findings = [f.message for f in (*report.errors, *report.warnings)]
    problems = [q.text() for q in result.errors()]
    row.message = "；".join(problems[:3]) + (f"（另有 {len(problems) - 3} 个导入问题）" if len(problems) > 3 else "")


def review_one(path: Path, blank_as_zero: bool = False) -> tuple[Reviewed, ImportResult | None]:
    """One report read and checked on its own (no previous year): its row, and what was read."""
    row, result = _read(path, blank_as_zero)
    if result is not None:
        _checked(row, result, [])
    return row, result


def review(paths: list[Path], blank_as_zero: bool = False, progress: Progress = no_progress) -> list[Reviewed]:
    """Every report read, then checked (last year's report of the same unit, when among them, as its previous
    year). `progress(done, total, name)` may raise CancelledError between two reports."""
    read: list[tuple[Reviewed, ImportResult | None]] = []
    total = 2 * len(paths)
    for k, path in enumerate(paths):
        progress(k, total, f"读入 {path.name}")
        read.append(_read(path, blank_as_zero))
    for k, (row, result) in enumerate(read):
        progress(len(paths) + k, total, f"校验 {row.file}")
        if result is not None:
            _checked(row, result, read)
    progress(total, total, "")
    return [r for r, _ in read]


def exit_code(rows: list[Reviewed]) -> int:
    """0 every report 定稿; 1 some report with problems; 2 some file could not be read."""
    if any(r.status == UNREADABLE for r in rows):
        return 2
    return 0 if all(r.status == FINAL for r in rows) else 1


def review_text(rows: list[Reviewed]) -> str:
    """The rows as the command line prints them: one line per report, then a total."""
    lines = []
    for r in rows:
        if r.status == UNREADABLE:
            lines.append(f"{r.file}：{r.status}。{r.message}")
            continue
        copied = f"，与上年（{r.previous_file}）相同段落 {r.copied}" if r.copied is not None else ""
        lines.append(f"{r.file}：{r.unit or '（未写明单位）'} {r.year}年度 {r.form}，{r.status}；错误 {r.errors}"
                     f"（正文与表不符 {r.text_mismatches}）、警告 {r.warnings}、未填 {r.blanks}；正文数字核对 "
                     f"{r.checked}、无法核对 {r.unchecked}{copied}" + (f"；导入问题 {r.import_problems}"
                                                                      if r.import_problems else ""))
    final = sum(1 for r in rows if r.status == FINAL)
    unreadable = sum(1 for r in rows if r.status == UNREADABLE)
    lines.append(f"共 {len(rows)} 份：定稿 {final}，草稿 {len(rows) - final - unreadable}，读不出 {unreadable}。")
    return "\n".join(lines) + "\n"
