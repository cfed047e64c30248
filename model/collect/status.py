"""Where every expected unit stands: 未报 / 读不出 / 导入有问题 / 草稿 (n 处错误、m 格未填) / 定稿 with its 校验码,
when its file came, whether it changed since the last 汇总, whether it holds the report's text; and the files
that match no one on the roster, or more than one. No Qt.

Each received file is matched to a roster entry by its unit's name (model/collect/roster.py unit_key: the same
name, or one name ending with the other, "洪泽区人民政府" / "淮安市洪泽区人民政府"); a file that fits two entries is
never given to either: it is listed with both, for the clerk to choose (`assign`). Reading is cached by size and
modification time, so a second look at a folder of a thousand files re-reads only those that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from model.collect.review import FINAL, UNREADABLE, Reviewed, report_files, review_one
from model.collect.roster import Expected, Workspace, keys_fit, unit_key
from model.core.progress import Progress, no_progress

MISSING, PROBLEM = "未报", "导入有问题"
UNLISTED, AMBIGUOUS = "不在名单", "待确认"


@dataclass
class Received:
    """A file in the workspace's folder, as read."""

    path: Path
    size: int
    mtime_ns: int
    row: Reviewed
    code: str = ""  # the 校验码 of a final table
    has_text: bool = False

    @property
    def received(self) -> str:
        return datetime.fromtimestamp(self.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")


@dataclass
class UnitStatus:
    unit: Expected | None  # None: a file no roster entry fits
    state: str
    detail: str = ""  # "2 处错误、3 格未填", the import's problem, or who an ambiguous file might be
    file: Received | None = None
    changed: bool = False  # its file changed since the last 汇总 (or came after it)
    others: list[Received] = field(default_factory=list)  # older or duplicate files of the same unit
    candidates: list[Expected] = field(default_factory=list)  # the entries an ambiguous file fits

    @property
    def name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return self.file.row.unit if self.file is not None else ""


@dataclass
class StatusTable:
    rows: list[UnitStatus]

    def expected(self) -> list[UnitStatus]:
        return [r for r in self.rows if r.unit is not None]

    def counts(self) -> dict[str, int]:
        exp = self.expected()
        missing = sum(1 for r in exp if r.state == MISSING)
        return {"应报": len(exp), "已报": len(exp) - missing, "定稿": sum(1 for r in exp if r.state == FINAL),
                "未报": missing, "待确认": sum(1 for r in self.rows if r.state in (AMBIGUOUS, UNLISTED))}

    def counts_text(self) -> str:
        c = self.counts()
        extra = f"、待确认 {c['待确认']}" if c["待确认"] else ""
        return f"应报 {c['应报']}、已报 {c['已报']}、定稿 {c['定稿']}、未报 {c['未报']}{extra}"

    def missing(self) -> list[UnitStatus]:
        return [r for r in self.expected() if r.state == MISSING]

    def files(self) -> list[str]:
        """The files of the units to be summed (the roster's, one each), for 汇总."""
        return [str(r.file.path) for r in self.expected() if r.file is not None and r.state != UNREADABLE]


_cache: dict[str, Received] = {}


def _read(path: Path) -> Received:
    info = path.stat()
    cached = _cache.get(str(path))
    if cached is not None and (cached.size, cached.mtime_ns) == (info.st_size, info.st_mtime_ns):
        return cached
    row, result = review_one(path)
    code = ""
    has_text = False
    if result is not None:
        doc = result.document
        has_text = any(s.body.strip() for s in doc.text.sections) if doc.text is not None else False
        if row.status == FINAL:
            from model.core.fingerprint import fingerprint

            code = fingerprint(doc)
    got = Received(path, info.st_size, info.st_mtime_ns, row, code, has_text)
    _cache[str(path)] = got
    return got


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def changed_since_sum(ws: Workspace, got: Received) -> bool:
    """Whether a file differs from what the last 汇总 read: by size and time first, then by content."""
    was = ws.summed.get(got.path.name)
    if not isinstance(was, list) or len(was) != 3:
        return bool(ws.summed)  # came after the last 汇总 (no 汇总 yet: nothing is "changed")
    if [got.size, got.mtime_ns] == was[:2]:
        return False
    return digest(got.path) != str(was[2])


def record_sum(ws: Workspace, files: Iterable[str]) -> None:
    """Remember what this 汇总 read, to tell later which files changed since."""
    ws.summed = {}
    for f in map(Path, files):
        info = f.stat()
        ws.summed[f.name] = [info.st_size, info.st_mtime_ns, digest(f)]


def _detail(row: Reviewed) -> str:
    if row.status == UNREADABLE:
        return row.message
    if row.import_problems:
        return row.message
    parts = [f"{row.errors} 处错误" if row.errors else "", f"{row.blanks} 格未填" if row.blanks else ""]
    return "、".join(p for p in parts if p)


def statuses(ws: Workspace, progress: Progress = no_progress, assigned: dict[str, str] | None = None) -> StatusTable:
    """Every roster entry with its file and state, then the files no entry (or more than one) fits. `assigned`:
    choices for ambiguous files (file name → roster name) beside those the workspace keeps."""
    assigned = ws.assigned | (assigned or {})
    folder = ws.folder_path()
    paths = report_files([folder]) if folder.is_dir() else []
    paths = [p for p in paths if not p.name.endswith(".xxgk-sum")]
    got: list[Received] = []
    for k, p in enumerate(paths):
        progress(k, len(paths), p.name)
        got.append(_read(p))
    progress(len(paths), len(paths), "")
    by_entry: dict[int, list[Received]] = {}
    loose: list[UnitStatus] = []
    keys = [unit_key(e.name) for e in ws.units]
    exact_of: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        exact_of.setdefault(key, []).append(k)
    for g in got:
        choice = assigned.get(g.path.name)
        if choice:
            fits = [k for k, e in enumerate(ws.units) if e.name == choice]
        else:  # the same name, else one ending with the other (same_unit), looked up by key
            mine = unit_key(g.row.unit)
            fits = exact_of.get(mine, []) or [k for k, key in enumerate(keys) if keys_fit(key, mine)]
        if len(fits) == 1:
            by_entry.setdefault(fits[0], []).append(g)
        elif fits:
            names = "、".join(ws.units[k].name for k in fits)
            loose.append(UnitStatus(None, AMBIGUOUS, f"“{g.row.unit}”可能是：{names}，请选择", g,
                                    candidates=[ws.units[k] for k in fits]))
        else:
            what = g.row.message if g.row.status == UNREADABLE else f"“{g.row.unit or '（未写明单位）'}”不在名单中"
            loose.append(UnitStatus(None, UNLISTED, what, g))
    rows: list[UnitStatus] = []
    for k, entry in enumerate(ws.units):
        files = sorted(by_entry.get(k, []), key=lambda g: g.mtime_ns, reverse=True)
        if not files:
            rows.append(UnitStatus(entry, MISSING))
            continue
        newest = files[0]
        row = newest.row
        state = UNREADABLE if row.status == UNREADABLE else PROBLEM if row.import_problems else row.status
        rows.append(UnitStatus(entry, state, _detail(row), newest, changed_since_sum(ws, newest), files[1:]))
    return StatusTable(rows + loose)


def clear_cache() -> None:
    _cache.clear()


def status_text(table: StatusTable) -> str:
    """The table as the command line prints it: the counts, then one line per unit (the missing first)."""
    from model.core.template_types import LEVEL_LABELS

    order = {MISSING: 0, AMBIGUOUS: 1, UNLISTED: 2, UNREADABLE: 3, PROBLEM: 4, "草稿": 5, FINAL: 6}
    lines = [f"上报情况：{table.counts_text()}"]
    for r in sorted(table.rows, key=lambda r: order.get(r.state, 9)):
        level = LEVEL_LABELS.get(r.unit.level, "") if r.unit is not None else ""
        where = f"（{r.file.path.name}，{r.file.received} 收到）" if r.file is not None else ""
        code = f" 校验码 {r.file.code}" if r.file is not None and r.file.code else ""
        changed = "，汇总后有改动" if r.changed else ""
        detail = f"：{r.detail}" if r.detail else ""
        lines.append(f"  {r.state}  {r.name}{'（' + level + '）' if level else ''}{where}{code}{detail}{changed}")
    return "\n".join(lines) + "\n"


def status_json(table: StatusTable) -> dict[str, object]:
    return {"counts": table.counts(), "units": [
        {"name": r.name, "state": r.state, "detail": r.detail, "level": r.unit.level if r.unit else "",
         "parent": r.unit.parent if r.unit else "", "file": r.file.path.name if r.file else "",
         "received": r.file.received if r.file else "", "code": r.file.code if r.file else "",
         "changed_since_sum": r.changed, "text": bool(r.file and r.file.has_text),
         "candidates": [c.name for c in r.candidates]} for r in table.rows]}
