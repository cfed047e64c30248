"""汇总: many units' documents of one template and year summed cell by cell, with refusals and provenance. No Qt."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.core.batch_check import batch_check
from model.core.changes import changed_cells, changes
from model.core.columns import Columns
from model.core.document import Document, UnitInfo, is_open
from model.core.progress import Progress, no_progress
from model.core.report import CheckReport, check_document
from model.core.rules import Finding, checker_for
from model.core.templates import Template, get_template
from model.core.values import NA, Value, parse_value, to_json
from model.exchange import formats
from model.exchange.files import checked_import, import_document
from model.exchange.store import (
    DocumentError,
    from_dict,
    load,
    read_limited,
)

DEFAULT_OFFICE = "汇总"
AGGREGATE_KEY = "aggregate"  # the provenance section of an aggregate document (Document.extra), saved with it


@dataclass(frozen=True)
class Unit:
    """One aggregated unit: where it came from, what it reported, and what is still wrong with it."""

    path: str
    name: str  # 填报单位 as written in the file
    values: dict[str, Value]
    problems: str = ""  # "错误 1 · 警告 2（未说明理由）" when the unit still has open findings
    stored: dict[str, Any] | None = field(default=None, compare=False, repr=False)  # the file's values as JSON
    year_given: bool = False  # the file named no report year: the year the 汇总 was told was used

    @property
    def file_name(self) -> str:
        return file_name(self.path)

    @property
    def shown(self) -> str:
        """`甲局（a.json）`: how a unit is named in messages."""
        return f"{self.name or '（未填单位名称）'}（{self.file_name}）"


@dataclass(frozen=True)
class Refusal:
    path: str
    reason: str  # a full Chinese sentence naming the file


@dataclass(frozen=True)
class Contribution:
    unit: str
    path: str
    value: Value
    share: float | None  # fraction of the cell's total; None when the total is 0 or blank


@dataclass
class Aggregate:
    """The result of one 汇总 run. `files` is the full list asked for, kept for re-aggregation."""

    document: Document | None
    office: str
    files: tuple[str, ...]
    units: tuple[Unit, ...] = ()
    refused: tuple[Refusal, ...] = ()
    partial_blanks: dict[str, tuple[int, ...]] = field(default_factory=dict)  # cell → indices of units blank there
    report: CheckReport | None = None
    # units summed although every figure is the same as an earlier unit's under another name: (earlier, later)
    # indices into `units`. Two small offices with one application each look alike; only the clerk can tell
    # whether it is one table renamed, so both count and both are named
    identical: tuple[tuple[int, int], ...] = ()

    @property
    def flagged(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.problems)

    @property
    def ok(self) -> bool:
        """Nothing refused, no unit with open errors, and the aggregate itself without errors."""
        return (
            self.document is not None
            and not self.refused
            and (self.report is None or self.report.ok)
            and not any("错误" in u.problems for u in self.units)
        )


def normalise_name(name: str) -> str:
    """填报单位 compared across files: full-width folded, all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def file_name(path: str) -> str:
    """The last part of a unit's path as saved, whichever system wrote it (C:\\报表\\乙局.json is read on Linux too)."""
    return re.split(r"[\\/]", path)[-1]


def _name(path: str | Path) -> str:
    """Path(path).name without building a Path per unit file (a thousand of them cost ~10 ms in 汇总)."""
    base = os.path.basename(path)
    return base if base not in ("", ".", "..") else Path(path).name


def _as_given(path: str | Path) -> str:
    """str(Path(path)), which on POSIX differs from the plain string only for these spellings."""
    s = os.fspath(path)
    if os.sep != "/" or "//" in s or "/./" in s or s.startswith("./") or s.endswith(("/", "/.")) or s in ("", "."):
        return str(Path(s))
    return s


def _quoted(path: str | Path) -> str:
    return f"“{_name(path)}”"


def _describe(template: Template, year: int, version: int | None = None) -> str:
    shown = f"（格式版本 {version}）" if version is not None else ""
    return f"“{template.name.hans}”{shown}{year}年度"


@dataclass
class _Read:
    path: str
    doc: Document
    version: int
    stored: dict[str, Any] | None = None  # the values section as read (already JSON: saved again unchanged)
    year_known: bool = True  # False: a workbook that names no report year


def _read_native(path: str) -> _Read:
    # One read and one JSON parse per file; the declared template version is kept (store drops it).
    name = _quoted(path)
    try:
        raw = json.loads(read_limited(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise DocumentError(f"{name} 已损坏或不是统计表文件。") from exc
    doc = from_dict(raw, name)
    tinfo = raw.get("template")
    version = tinfo.get("version") if isinstance(tinfo, dict) else None
    stored = raw.get("values")
    return _Read(path, doc, version if isinstance(version, int) else doc.template.version,
                 stored if isinstance(stored, dict) else None)


def read_unit(path: str | Path) -> _Read:
    """Read one unit file (native or .xlsx); DocumentError with a Chinese message when unreadable."""
    fmt = formats.for_suffix(os.path.splitext(_name(path))[1])  # Path.suffix, without a Path per file
    if fmt is not None and not fmt.native:  # imported, or refused: import_document says why
        p = Path(path)
        try:
            result = checked_import(import_document(p), p.name, year_may_be_missing=True)
        finally:
            gc.collect(0)  # the workbook's cycles, while aggregate_files holds the collector back
        doc = result.document
        return _Read(str(p), doc, doc.template.version, year_known=result.year_known)
    return _read_native(_as_given(path))


def _unit_problems(doc: Document, found: dict[str, Finding]) -> str:
    errors = sum(1 for f in found.values() if f.severity == "error")
    warnings = sum(1 for f in found.values() if f.severity == "warning" and is_open(doc, f))
    parts = []
    if errors:
        parts.append(f"错误 {errors}")
    if warnings:
        parts.append(f"警告 {warnings}（未说明理由）")
    if not doc.unit.name.strip():
        parts.append("未填填报单位（无法查重，来源中也无法区分）")
    return " · ".join(parts)


def _members(doc: Document) -> list[str]:
    """The units an aggregate file was summed from (empty for a unit's own file)."""
    section = doc.extra.get(AGGREGATE_KEY)
    units = section.get("units") if isinstance(section, dict) else None
    if not isinstance(units, list):
        return []
    return [str(u.get("name", "")) for u in units if isinstance(u, dict)]


def _has_figures(values: dict[str, Value]) -> bool:
    # filter(None, …) drops blanks and zeros in C; "/" (NA) is truthy, so only it needs a look (a unit's first
    # figure usually settles it)
    return any(v is not NA for v in filter(None, values.values()))


def aggregate_files(
    paths: list[str] | tuple[str, ...] | list[Path],
    office: str = DEFAULT_OFFICE,
    *,
    template_id: str | None = None,
    year: int | None = None,
    level: str = "",
    progress: Progress = no_progress,
) -> Aggregate:
    """Read every file, refuse what does not belong, sum the rest. Never raises for a bad unit file.

    `year` is the report year of the 汇总 (else the year most files state); a workbook that names no year is
    summed only when the year is given, and is marked as such. `level` is the collecting office's 行政层级.
    `progress` is told of every file before it is read and may raise CancelledError there: nothing is made until all
    files are read, so a cancel leaves nothing behind.
    """
    # A thousand units are some 200,000 small objects kept alive, none in a reference cycle: the cyclic collector
    # would rescan them again and again as they pile up (~15 ms of 汇总's time), so it waits until the end.
    # A workbook read meanwhile (openpyxl objects do form cycles) is collected right after it is read.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _aggregate(paths, office, template_id, year, level, progress)
    finally:
        if enabled:
            gc.enable()


def _aggregate(paths: list[str] | tuple[str, ...] | list[Path], office: str, template_id: str | None,
               year: int | None, level: str, progress: Progress) -> Aggregate:
    files = tuple(str(p) for p in paths)
    office = office.strip() or DEFAULT_OFFICE
    refused: list[Refusal] = []
    reads: list[_Read] = []
    seen: dict[str, str] = {}
    for done, p in enumerate(files):
        progress(done, len(files), _name(p))
        key = os.path.normcase(os.path.abspath(p))  # no file-system calls; a linked copy is caught by its name
        if key in seen:
            refused.append(Refusal(p, f"{_quoted(p)} 在文件列表中重复出现，只汇总一次。"))
            continue
        seen[key] = p
        try:
            reads.append(read_unit(p))
        except DocumentError as exc:
            msg = str(exc) if _name(p) in str(exc) else f"{_quoted(p)} 无法读取：{exc}"
            refused.append(Refusal(p, f"{msg.rstrip('。')}。未汇总此文件。"))
    unknown = [r for r in reads if not r.year_known]
    for r in unknown:
        if year is None:
            refused.append(Refusal(r.path, (
                f"{_quoted(r.path)} 没有写明报告年度（标题下的“（2015年度）”一行，或写明年度的标题；填报日期不算），"
                "不知道它是哪一年的表。请在汇总对话框中填写“年度”（命令行加 --year 年度）后再汇总。未汇总此文件。")))
        else:
            r.doc.year = year
    progress(len(files), len(files), "校验与合计")
    reads = [r for r in reads if r.year_known or year is not None]
    if not reads:
        return Aggregate(None, office, files, refused=tuple(refused))

    # The reference is what the caller asked for, else what most files are (ties: the earliest file's).
    kinds = Counter((r.doc.template.id, r.version, r.doc.year) for r in reads)
    best = max(kinds.values())
    ref = next(k for k in ((r.doc.template.id, r.version, r.doc.year) for r in reads) if kinds[k] == best)
    if template_id is not None and template_id != ref[0]:
        ref = (template_id, get_template(template_id).version, ref[2])
    if year is not None:
        ref = (ref[0], ref[1], year)
    template = next((r.doc.template for r in reads if r.doc.template.id == ref[0]), None)

    kept: list[_Read] = []
    kept_figures: list[tuple[Value, ...]] = []  # each kept unit's values in cell order: the columns, transposed
    names: dict[str, str] = {}
    figures: dict[tuple[Value, ...], int] = {}  # figures → index of the first kept unit with them
    identical: list[tuple[int, int]] = []
    plain = {normalise_name(r.doc.unit.name) for r in reads if not _members(r.doc)} - {""}
    for r in reads:
        doc = r.doc
        if template is None or (doc.template.id, r.version, doc.year) != ref:
            what = ("年度" if doc.template.id == ref[0] and r.version == ref[1]
                    else "表格式版本" if doc.template.id == ref[0] else "表格式")
            versions = what == "表格式版本"  # the version number only matters when it is what differs
            expected = (_describe(template, ref[2], ref[1] if versions else None) if template
                        else f"{ref[0]}，{ref[2]}年度")
            found = _describe(doc.template, doc.year, r.version if versions else None)
            refused.append(Refusal(r.path, (
                f"{_quoted(r.path)} 的{what}不同：它是{found}，"
                f"本次汇总的是{expected}。未汇总此文件。")))
            continue
        members = _members(doc)
        twice = [m for m in members if normalise_name(m) in plain]
        if twice:  # e.g. last run's result, picked up with its folder: summing it again would count units twice
            who = "、".join(twice[:5]) + (f" 等 {len(twice)} 个单位" if len(twice) > 5 else "")
            refused.append(Refusal(r.path, (
                f"{_quoted(r.path)} 是汇总表（由 {len(members)} 个单位汇总而来），其中{who}也在本次汇总的文件中，"
                "再汇总会重复计算，未汇总此文件。")))
            continue
        key = normalise_name(doc.unit.name)
        if key and key in names:
            refused.append(Refusal(r.path, (
                f"{_quoted(r.path)} 与已汇总的 {_quoted(names[key])} 的填报单位相同（{doc.unit.name.strip()}），"
                f"同一单位只能汇总一次，未汇总{_quoted(r.path)}。")))
            continue
        fig = tuple(map(doc.values.get, doc.template.cells))
        if _has_figures(doc.values) and fig in figures:
            identical.append((figures[fig], len(kept)))  # summed, and flagged for the clerk to decide
        if key:
            names[key] = r.path
        figures.setdefault(fig, len(kept))
        kept.append(r)
        kept_figures.append(fig)
    if not kept or template is None:
        return Aggregate(None, office, files, refused=tuple(refused))

    columns = Columns([r.doc.values for r in kept], tuple(template.cells), kept_figures)
    checked = batch_check(checker_for(template), columns.docs, columns)  # one column-wise pass for all units
    units = tuple(Unit(r.path, r.doc.unit.name.strip(), r.doc.values, _unit_problems(r.doc, f), r.stored,
                       not r.year_known)
                  for r, f in zip(kept, checked, strict=True))
    doc, partial = sum_units(template, ref[2], units, office, columns)
    doc.unit.level = level
    agg = Aggregate(doc, office, files, units, tuple(refused), partial, check_document(doc), tuple(identical))
    doc.extra[AGGREGATE_KEY] = _section(agg)  # any save of the document (the window's too) keeps the provenance
    return agg


def sum_units(template: Template, year: int, units: tuple[Unit, ...], office: str,
              columns: Columns | None = None) -> tuple[Document, dict[str, tuple[int, ...]]]:
    """Cell-wise sum: "/" counts as 0 (all "/" stays "/"), blank everywhere stays blank, blank somewhere is noted."""
    values: dict[str, Value] = {}
    partial: dict[str, tuple[int, ...]] = {}
    cols = columns if columns is not None else Columns([u.values for u in units])
    for cid in template.cells:
        column = cols.raw(cid)
        try:
            values[cid] = sum(column)  # type: ignore[arg-type]  # the common case: every unit filled in a number
            continue
        except TypeError:
            pass  # a blank (None) or "/" (NA) somewhere: sum by hand
        total: Any = None
        saw_na = False
        blanks: list[int] = []
        for i, v in enumerate(column):
            if v is None:
                blanks.append(i)
            elif v is NA:
                saw_na = True
            else:
                total = v if total is None else total + v
        if total is None and saw_na:
            total = NA
        if total is not None:
            values[cid] = total
            if blanks:
                partial[cid] = tuple(blanks)
    doc = Document(template=template, year=year, unit=UnitInfo(name=office), values=values)
    return doc, partial


def reaggregate(agg: Aggregate, progress: Progress = no_progress) -> Aggregate:
    """Re-read every file of a previous run (one step after a unit's file changed), same template and year.

    Only the figures are summed anew: what the clerk gave the aggregate itself (unit information, the link to last
    year's file with its values, reasons for warnings) is kept; a reason whose figures changed shows as stale."""
    old = agg.document
    if old is None:
        return aggregate_files(agg.files, agg.office, progress=progress)
    office = old.unit.name.strip() or agg.office
    new = aggregate_files(agg.files, office, template_id=old.template.id, year=old.year, level=old.unit.level,
                          progress=progress)
    doc = new.document
    if doc is not None:
        doc.unit = dataclasses.replace(old.unit, name=doc.unit.name)
        doc.previous = old.previous
        doc.justifications = dict(old.justifications)
        new.report = check_document(doc)  # the cross-year rules too, now that last year's values are back
    return new


def changes_text(old: Document, new: Document, limit: int = 10) -> str:
    """What a re-aggregation changed, one line per cell (`label：old → new`), so the clerk sees the update took."""
    changed = changed_cells(old, new)
    if not changed:
        return "与上次汇总相比，数字没有变化。\n"
    figures = dataclasses.replace(new, unit=old.unit, year=old.year, justifications=old.justifications)
    lines = [f"与上次汇总相比，{len(changed)} 项数字有变化："]
    lines += [f"  - {line}" for line in changes(old, figures, limit)]
    return "\n".join(lines) + "\n"


def provenance(agg: Aggregate, cell_id: str) -> list[Contribution]:
    """Each unit's contribution to one cell of the aggregate, in unit order; the values add up to the cell."""
    total = agg.document.value(cell_id) if agg.document else None
    number = total if isinstance(total, (int, Decimal)) and total != 0 else None
    out = []
    for u in agg.units:
        v = u.values.get(cell_id)
        share = float(v) / float(number) if number is not None and isinstance(v, (int, Decimal)) else None
        out.append(Contribution(u.name, u.path, v, share))
    return out


def report_text(agg: Aggregate) -> str:
    """What a clerk reads after 汇总: who was summed, what was refused and why, what to look at."""
    lines: list[str] = []
    doc = agg.document
    if doc is None:
        lines.append(f"没有可汇总的文件（共 {len(agg.files)} 个文件）。")
    else:
        lines.append(f"汇总：{doc.template.name.hans}，{doc.year}年度，汇总单位：{agg.office}")
        lines.append(f"已汇总 {len(agg.units)} 个单位（共 {len(agg.files)} 个文件）。")
    if agg.refused:
        lines.append("")
        lines.append(f"【未汇总的文件】{len(agg.refused)} 个")
        lines.extend(f"  - {r.reason}" for r in agg.refused)
    if agg.identical:
        lines.append("")
        lines.append(f"【全部数字相同的单位】{len(agg.identical)} 对（都已计入汇总；如果是同一张表换了单位名称，"
                     "请去掉其中一个后重新汇总）")
        lines.extend(f"  - {agg.units[a].shown} 与 {agg.units[b].shown}" for a, b in agg.identical)
    given = [u for u in agg.units if u.year_given]
    if given and doc is not None:
        lines.append("")
        lines.append(f"【没有写明年度的单位】{len(given)} 个，按汇总时指定的 {doc.year} 年度计入：")
        lines.extend(f"  - {u.shown}" for u in given)
    if agg.flagged:
        lines.append("")
        lines.append(f"【仍有问题的单位】{len(agg.flagged)} 个（已计入汇总，请核实）")
        lines.extend(f"  - {u.shown}：{u.problems}" for u in agg.flagged)
    if agg.partial_blanks and doc is not None:
        lines.append("")
        lines.append(f"【部分单位未填的项目】{len(agg.partial_blanks)} 项（按已填单位合计）")
        for cid, idx in list(agg.partial_blanks.items())[:30]:
            who = "、".join(agg.units[i].name or agg.units[i].file_name for i in idx[:5])
            more = f" 等 {len(idx)} 个单位" if len(idx) > 5 else ""
            lines.append(f"  - {checker_for(doc.template).label(cid)}：{who}{more}未填")
        if len(agg.partial_blanks) > 30:
            lines.append(f"  - ……另有 {len(agg.partial_blanks) - 30} 项")
    if agg.report is not None:
        lines.append("")
        lines.append(f"汇总表校验：{agg.report.counts_text()}")
        for f in (*agg.report.errors, *agg.report.warnings)[:20]:
            lines.append(f"  [{f.rule}] {f.message}")
    return "\n".join(lines) + "\n"


def _section(agg: Aggregate) -> dict[str, Any]:
    assert agg.document is not None
    cells = list(agg.document.template.cells)
    rows = []
    for u in agg.units:
        # a unit's values section as read is JSON already: pick it in cell order without converting anything
        stored = u.stored if u.stored is not None else {c: to_json(v) for c, v in u.values.items()}
        row: dict[str, Any] = {"name": u.name, "file": u.path, "values": list(map(stored.get, cells))}
        if u.problems:
            row["problems"] = u.problems
        if u.year_given:
            row["year_given"] = True  # the file named no year: the one given to the 汇总 was used
        rows.append(row)
    # what was left out and who still had problems: the report of a reopened aggregate must say so too
    refused = [{"file": r.path, "reason": r.reason} for r in agg.refused]
    identical = [list(pair) for pair in agg.identical]
    return {"office": agg.office, "files": list(agg.files), "cells": cells, "refused": refused, "units": rows,
            "identical": identical}




def aggregate_of(document: Document) -> Aggregate | None:
    """The aggregate whose provenance `document` carries (a saved 汇总表), or None for an ordinary unit's document."""
    section = document.extra.get(AGGREGATE_KEY)
    if not isinstance(section, dict):
        return None
    try:
        cells = [str(c) for c in section["cells"]]
        units = []
        for u in section["units"]:
            values: dict[str, Value] = {}
            for cid, v in zip(cells, u["values"], strict=True):
                cell = document.template.cells.get(cid)
                if cell is not None and v is not None:
                    parsed = parse_value(v, cell.type, document.template.allow_na)
                    if parsed is not None:
                        values[cid] = parsed
            units.append(Unit(str(u["file"]), str(u["name"]), values, str(u.get("problems", "")),
                              year_given=u.get("year_given") is True))
        files = tuple(str(f) for f in section.get("files", [u.path for u in units]))
        refused = tuple(Refusal(str(r["file"]), str(r["reason"])) for r in section.get("refused", []))
        identical = tuple((int(a), int(b)) for a, b in section.get("identical", [])
                          if 0 <= int(a) < len(units) and 0 <= int(b) < len(units))
    except (ValueError, KeyError, TypeError, AttributeError):  # a damaged section: an ordinary document then
        return None
    return Aggregate(document, str(section.get("office", document.unit.name)), files, tuple(units), refused,
                     identical=identical)


def load_aggregate(path: str | Path) -> Aggregate | None:
    """The aggregate saved in a native file, or None for an ordinary unit file or an unreadable one."""
    try:
        return aggregate_of(load(path))
    except DocumentError:
        return None


def share_text(c: Contribution) -> str:
    return "" if c.share is None else f"{c.share * 100:.1f}%"
