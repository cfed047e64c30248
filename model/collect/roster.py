"""The 汇总 workspace: who is expected to report (the roster, with each unit's 行政层级 and parent, so 乡镇 → 县 → 市
is data), where their files are received, and what was read at the last 汇总. No Qt.

Kept in its own small file beside the units' files (`汇总.xxgk-sum`, JSON, saved atomically). The roster comes
from a workbook column (单位 / 单位名称 / 填报单位, with 层级, 上级, 联系人, 电话 when there), from last year's
aggregate (the units it summed), or typed one name per line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from model.exchange.store import DocumentError, read_limited, write_file

SUFFIX = ".xxgk-sum"
FORMAT = "gov-disclosure-roster"
VERSION = 1
MAX_UNITS = 20_000
_LEVEL_WORDS = {"省": "province", "市": "city", "县": "county", "区": "county", "乡": "township", "镇": "township",
                "街道": "township", "部门": "department", "局": "department", "委": "department"}


@dataclass(frozen=True)
class Expected:
    """A unit that should report: its name as the roster writes it, its level and the unit it reports to."""

    name: str
    level: str = ""  # a key of templates.LEVELS ("county"), "" when not said
    parent: str = ""  # the unit it reports to ("" for one reporting to the office itself)
    contact: str = ""  # 联系人 and 电话 as the roster gives them, for the 催报 list


@dataclass
class Workspace:
    office: str
    year: int | None
    units: list[Expected] = field(default_factory=list)
    folder: str = "."  # where received files are, relative to the workspace file
    # what each file was at the last 汇总: name → [size, mtime_ns, sha256] (changed since: re-read, marked)
    summed: dict[str, list[Any]] = field(default_factory=dict)
    assigned: dict[str, str] = field(default_factory=dict)  # the clerk's choice for a file two entries fit
    watched: str = ""  # the folder new files come to (a shared folder, a USB stick), as last chosen
    history: dict[str, str] = field(default_factory=dict)  # year → the aggregate saved for it (for 同比 and charts)
    path: Path | None = field(default=None, compare=False)

    def folder_path(self) -> Path:
        base = self.path.parent if self.path is not None else Path.cwd()
        return (base / self.folder).resolve()


def record_aggregate(ws: Workspace, year: int, path: str | Path) -> None:
    """Remember where the aggregate of `year` was saved: 同比 finds last year's, the chart's line every year's."""
    ws.history[str(year)] = str(Path(path).resolve())


def history_aggregates(ws: Workspace, before: int) -> list[tuple[int, Path]]:
    """The aggregates the workspace knows of years before `before` that still exist, oldest first."""
    out = []
    for year, where in ws.history.items():
        if year.isdigit() and int(year) < before and Path(where).is_file():
            out.append((int(year), Path(where)))
    return sorted(out)


def unit_key(name: str) -> str:
    """A unit's name compared across files and rosters: full-width folded, spaces and punctuation dropped."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name))


def same_unit(a: str, b: str) -> bool:
    """"洪泽区人民政府" and "淮安市洪泽区人民政府" are one unit: the same name, or one ends with the other."""
    return keys_fit(unit_key(a), unit_key(b))


def keys_fit(ka: str, kb: str) -> bool:
    """same_unit of two names already made keys (unit_key): for matching a thousand files to a roster."""
    if not ka or not kb:
        return False
    return ka == kb or (min(len(ka), len(kb)) >= 3 and (ka.endswith(kb) or kb.endswith(ka)))


def level_of(text: str) -> str:
    """"县级" / "乡镇（街道）" / "county" as the level key; "" when the words say none."""
    from model.core.template_types import LEVEL_LABELS, LEVELS

    flat = text.strip()
    if flat in LEVEL_LABELS:
        return flat
    for key, label in LEVELS:
        if flat and (flat == label or label.startswith(flat)):
            return key
    return next((key for word, key in _LEVEL_WORDS.items() if word in flat), "")


def save_workspace(ws: Workspace, path: str | Path) -> None:
    data = {"format": FORMAT, "version": VERSION, "office": ws.office, "year": ws.year, "folder": ws.folder,
            "units": [asdict(u) for u in ws.units], "summed": ws.summed, "assigned": ws.assigned,
            "watched": ws.watched, "history": ws.history}
    write_file(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), "保存")
    ws.path = Path(path)


def load_workspace(path: str | Path) -> Workspace:
    p = Path(path)
    try:
        data = json.loads(read_limited(p).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"“{p.name}”不是汇总工作区文件（{SUFFIX}）。") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentError(f"“{p.name}”不是汇总工作区文件（{SUFFIX}）。")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise DocumentError(f"“{p.name}”由更新版本的工具保存，请升级本工具后再打开。")
    units = data.get("units")
    if not isinstance(units, list) or len(units) > MAX_UNITS:
        raise DocumentError(f"“{p.name}”中的单位名单不完整或过长（最多 {MAX_UNITS:,} 个）。")
    expected = []
    for u in units:
        if isinstance(u, dict) and isinstance(u.get("name"), str) and u["name"].strip():
            expected.append(Expected(u["name"].strip(), *(str(u.get(k, "")) for k in ("level", "parent",
                                                                                       "contact"))))
    year = data.get("year")
    raw = data.get("summed")
    summed: dict[str, list[Any]] = {str(k): v for k, v in raw.items() if isinstance(v, list)} \
        if isinstance(raw, dict) else {}
    raw_assigned = data.get("assigned")
    assigned = {str(k): str(v) for k, v in raw_assigned.items()} if isinstance(raw_assigned, dict) else {}
    raw_history = data.get("history")
    history = {str(k): str(v) for k, v in raw_history.items()} if isinstance(raw_history, dict) else {}
    return Workspace(str(data.get("office", "")), year if isinstance(year, int) else None, expected,
                     str(data.get("folder", ".")), summed, assigned, str(data.get("watched", "")), history, p)


def _deduplicated(units: list[Expected]) -> list[Expected]:
    seen: set[str] = set()
    out = []
    for u in units:
        key = unit_key(u.name)
        if key and key not in seen:
            seen.add(key)
            out.append(u)
    return out


def roster_from_names(text: str, level: str = "", parent: str = "") -> list[Expected]:
    """Names typed or pasted one per line (a 制表符 column pasted from Excel: the first cell is the name)."""
    names = [line.split("\t")[0].strip() for line in text.splitlines()]
    return _deduplicated([Expected(n, level, parent) for n in names if n])


_HEADERS = {"name": ("单位", "单位名称", "填报单位", "名称"), "level": ("层级", "行政层级", "级别"),
            "parent": ("上级", "上级单位", "所属", "隶属"), "contact": ("联系人", "联系方式", "电话", "联系电话")}


def roster_from_workbook(path: str | Path) -> list[Expected]:
    """The units of a workbook: the first sheet's column headed 单位 / 单位名称 / 填报单位 (and 层级, 上级, 联系人,
    电话 beside it when there)."""
    from model.exchange.xlsx_import import _load  # the same safety checks and limits as any workbook read

    sheets, _hidden = _load(Path(path))
    for sheet in sheets:
        for r, row in enumerate(sheet.rows[:20]):
            heads = {k: c for c, v in enumerate(row) for k, words in _HEADERS.items()
                     if isinstance(v, str) and unit_key(v) in words and k not in ("contact",)}
            contacts = [c for c, v in enumerate(row) if isinstance(v, str) and unit_key(v) in _HEADERS["contact"]]
            if "name" not in heads:
                continue
            out = []
            for data in sheet.rows[r + 1:]:
                def cell(c: int | None, data: list[Any] = data) -> str:
                    return "" if c is None or c >= len(data) or data[c] is None else str(data[c]).strip()

                name = cell(heads["name"])
                if name:
                    out.append(Expected(name, level_of(cell(heads.get("level"))), cell(heads.get("parent")),
                                        " ".join(x for x in (cell(c) for c in contacts) if x)))
            return _deduplicated(out)
    raise DocumentError(f"“{Path(path).name}”中没有找到“单位名称”一列（表头写“单位”“单位名称”或“填报单位”）。")


def roster_from_file(path: str | Path) -> list[Expected]:
    """A roster from whatever file the clerk has: a workbook (.xlsx), a names file (.txt, UTF-8 or GB18030),
    or last year's aggregate."""
    from model.exchange.report_read import decode_text

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return roster_from_workbook(p)
    if suffix == ".txt":
        return roster_from_names(decode_text(read_limited(p), p.name))
    return roster_from_aggregate(p)


def roster_from_aggregate(path: str | Path) -> list[Expected]:
    """The units last year's aggregate summed, with the levels their files gave."""
    from model.collect.aggregate import load_aggregate

    agg = load_aggregate(path)
    if agg is None or not agg.units:
        raise DocumentError(f"“{Path(path).name}”不是汇总表，或其中没有记录各单位。")
    return _deduplicated([Expected(u.name) for u in agg.units if u.name])
