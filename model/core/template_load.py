"""Reading one table-format file (resources/templates/*.json) into a Template, checking every part of it. No Qt.

Each mistake raises TemplateError naming the file and the line (or the id) it is about. A rule's own options are
read by its check kind (model/core/checks/); this module reads what every format has: units, tables, rows, cells,
the page, the years and the report text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.core.checks.base import RuleSource
from model.core.checks.registry import DEFAULT, KINDS
from model.core.template_types import (
    HANS,
    HANT,
    LEVEL_LABELS,
    ORIENTATIONS,
    ROW_KINDS,
    SEVERITIES,
    Cell,
    Column,
    HeaderCell,
    PageSpec,
    Row,
    RuleSpec,
    Table,
    Template,
    TemplateError,
    Text,
    short_label,
)
from model.core.text_spec import parse_text_spec
from model.core.values import DECIMAL, INTEGER

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _text(raw: Any, where: str) -> Text:
    if isinstance(raw, str):
        return Text(raw, raw)
    if not isinstance(raw, dict) or not isinstance(raw.get(HANS), str) or not isinstance(raw.get(HANT), str):
        raise TemplateError(f"{where}: 文字应为 {{\"hans\": …, \"hant\": …}}")
    return Text(raw[HANS], raw[HANT])


def _header_cell(raw: Any, where: str) -> HeaderCell:
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: 表头单元格应为对象")
    rowspan, colspan = raw.get("rowspan", 1), raw.get("colspan", 1)
    if not (isinstance(rowspan, int) and isinstance(colspan, int) and rowspan >= 1 and colspan >= 1):
        raise TemplateError(f"{where}: rowspan/colspan 应为正整数")
    return HeaderCell(_text(raw.get("text"), where), rowspan, colspan, str(raw.get("role", "header")))


class _Locator:
    """Line numbers of `"key": "value"` pairs, found in file order so a duplicate id points at the second copy."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def line(self, key: str, value: object, advance: bool = True) -> int:
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
        pattern = re.compile(rf'"{re.escape(key)}"\s*:\s*{re.escape(shown)}')
        m = pattern.search(self.text, self.pos) or pattern.search(self.text)
        if m is None:
            return 0
        if advance and m.start() >= self.pos:
            self.pos = m.end()
        return self.text.count("\n", 0, m.start()) + 1

    def skip_to(self, key: str) -> None:
        m = re.search(rf'"{re.escape(key)}"\s*:', self.text[self.pos :])
        if m is not None:
            self.pos += m.end()


def load_template(file: str | Path) -> Template:
    """Load and check one template file; every mistake raises TemplateError naming the file and line or id."""
    p = Path(file)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{p.name}: 无法读取模板文件（{exc}）") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(f"{p.name} 第 {exc.lineno} 行: JSON 格式错误（{exc.msg}）") from exc
    except (ValueError, RecursionError) as exc:
        raise TemplateError(f"{p.name}: JSON 格式错误（{exc}）") from exc
    try:
        return _build(raw, _Source(p.name, text))
    except TemplateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise TemplateError(f"{p.name}: 模板结构错误（{exc!r}）") from exc



@dataclass
class _Source:
    """The file being read: its name and text, for errors that point at a line."""

    name: str
    text: str
    where: _Locator = field(init=False)

    def __post_init__(self) -> None:
        self.where = _Locator(self.text)

    def fail(self, msg: str, line: int = 0) -> TemplateError:
        return TemplateError(f"{self.name}{f' 第 {line} 行' if line else ''}: {msg}")

    def at(self, line: int) -> Callable[[str], TemplateError]:
        return lambda msg: self.fail(msg, line)


@dataclass
class _Cells:
    """What the tables define, gathered while they are read."""

    cells: dict[str, Cell] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    row_ids: set[str] = field(default_factory=set)


def _build(raw: dict[str, Any], src: _Source) -> Template:
    _top_level(raw, src)
    units, decimal_units = _units(raw, src)
    found = _Cells()
    tables = tuple(_table(t, src, units, decimal_units, found) for t in raw["tables"])
    if not found.cells:
        raise src.fail("模板没有任何可填的单元格")
    rules = _rules(raw["rules"], src, found.cells, frozenset(u.hans for u in units))
    page = _page(raw.get("page", {}), src.fail,
                 src.where.line("page", raw.get("page"), advance=False) if "page" in raw else 0)
    years = _years(raw, src)
    report_at = src.text.find('"report"')
    report_line = src.text.count("\n", 0, report_at) + 1 if "report" in raw and report_at >= 0 else 0
    text_spec = parse_text_spec(raw.get("report"), found.cells, [t.id for t in tables], src.at(report_line))
    return Template(
        id=str(raw["id"]), version=int(raw["version"]), name=_text(raw["name"], src.name), years=years,
        text=text_spec, title=_text(raw["title"], src.name), allow_na=bool(raw.get("allow_na", True)),
        orientation=page.orientation, page=page, units=units,
        tables=tables, rules=rules, cells=found.cells, headings=tuple(found.headings), source=src.name,
    )


def _top_level(raw: Any, src: _Source) -> None:
    if not isinstance(raw, dict):
        raise src.fail("顶层应为对象")
    for key in ("id", "version", "name", "title", "tables", "rules"):
        if key not in raw:
            raise src.fail(f"缺少 {key!r}")
    if not isinstance(raw["version"], int) or isinstance(raw["version"], bool):
        raise src.fail("version 应为整数", src.where.line("version", raw["version"], advance=False))
    if not isinstance(raw["tables"], list) or not isinstance(raw["rules"], list):
        raise src.fail("tables 和 rules 应为列表")


def _units(raw: dict[str, Any], src: _Source) -> tuple[tuple[Text, ...], list[str]]:
    raw_units, decimal_units = raw.get("units", []), raw.get("decimal_units", [])
    if not isinstance(raw_units, list) or not raw_units:
        raise src.fail("units 应为本表格式所用计量单位的列表（[{\"hans\": \"件\", \"hant\": \"件\"}, …]）")
    units = tuple(_text(u, f"{src.name} units") for u in raw_units)
    if not isinstance(decimal_units, list) or any(d not in {u.hans for u in units} for d in decimal_units):
        raise src.fail("decimal_units 应为 units 中可填小数的单位（如 [\"万元\"]）")
    return units, decimal_units


def _table(t: dict[str, Any], src: _Source, units: tuple[Text, ...], decimal_units: list[str],
           found: _Cells) -> Table:
    name, where = src.name, src.where
    tid = str(t["id"])
    tline = where.line("id", tid)
    column_ids: list[str] = []
    for c in t["columns"]:
        where.line("id", str(c["id"]))
        column_ids.append(str(c["id"]))
    if len(set(column_ids)) != len(column_ids):
        raise src.fail(f"表 {tid} 有重复的列 id", tline)
    columns = tuple(
        Column(str(c["id"]), _text(c["label"], f"{name} 列 {c['id']}"),
               str(c.get("short") or short_label(_text(c["label"], name).hans)))
        for c in t["columns"]
    )
    header = tuple(tuple(_header_cell(h, f"{name} 表 {tid} 表头") for h in hrow) for hrow in t.get("header", []))
    levels: dict[str, int] = {}
    rows = tuple(_row(r, src, tid, columns, units, decimal_units, levels, found) for r in t["rows"])
    return Table(
        id=tid, title=_text(t.get("title", ""), f"{name} 表 {tid}"), label_columns=int(t.get("label_columns", 1)),
        unit_column=bool(t.get("unit_column", False)),
        unit_header=_text(t.get("unit_header", {"hans": "单位", "hant": "單位"}), name),
        columns=columns, header=header, rows=rows,
        notes=tuple(_text(n, f"{name} 表 {tid} 注") for n in t.get("notes", [])),
    )


def _row(r: dict[str, Any], src: _Source, tid: str, columns: tuple[Column, ...], units: tuple[Text, ...],
         decimal_units: list[str], levels: dict[str, int], found: _Cells) -> Row:
    name, fail = src.name, src.fail
    rid = str(r["id"])
    line = src.where.line("id", rid)
    kind = r.get("kind", "data")
    if kind not in ROW_KINDS:
        raise fail(f"行 {rid!r} 的类型 {kind!r} 不认识（应为 {', '.join(ROW_KINDS)}）", line)
    if rid and rid in found.row_ids:
        raise fail(f"行 id {rid!r} 重复", line)
    if rid:
        found.row_ids.add(rid)
    parent = r.get("parent")
    if parent is not None and parent not in levels:
        raise fail(f"行 {rid!r} 的上级 {parent!r} 不存在或不在它之前", line)
    level = r.get("level", levels[parent] + 1 if parent else 0)
    if not isinstance(level, int) or isinstance(level, bool) or level < 0:
        raise fail(f"行 {rid!r} 的层级 {level!r} 应为不小于 0 的整数", line)
    levels[rid] = level
    label = _text(r.get("label", ""), f"{name} 第 {line} 行 行 {rid}")
    unit = _text(r["unit"], f"{name} 第 {line} 行 行 {rid}") if r.get("unit") else None
    if unit is not None and unit not in units:
        raise fail(f"行 {rid!r} 的单位 {unit.hans!r}/{unit.hant!r} 不在本表格式的 units 中"
                   f"（{'、'.join(u.hans for u in units)}）", line)
    vtype = r.get("type", INTEGER)
    if vtype not in (INTEGER, DECIMAL):
        raise fail(f"行 {rid!r} 的数值类型 {vtype!r} 不认识（应为 integer 或 decimal）", line)
    if kind == "data" and vtype == DECIMAL and unit is not None and unit.hans not in decimal_units:
        raise fail(f"行 {rid!r} 是小数，单位却不在 decimal_units 中（{'、'.join(decimal_units)}）", line)
    row = Row(
        id=rid, kind=kind, label=label, short=str(r.get("short") or short_label(label.hans)),
        level=int(level), parent=parent, unit=unit, type=vtype, span=bool(r.get("span", False)),
        cells=tuple(_header_cell(h, f"{name} 第 {line} 行 行 {rid}") for h in r.get("cells", [])),
        aliases=tuple(str(a) for a in r.get("aliases", []) if isinstance(a, str) and a.strip()),
    )
    if kind in ("section", "heading"):
        found.headings.append(rid)
    if kind == "data":
        _row_cells(row, src, tid, columns, line, found)
    return row


def _row_cells(row: Row, src: _Source, tid: str, columns: tuple[Column, ...], line: int, found: _Cells) -> None:
    cells, rid = found.cells, row.id
    targets = [None] if (row.span or len(columns) <= 1) else [c.id for c in columns]
    for col_id in targets:
        cid = rid if col_id is None else ".".join(x for x in (rid, col_id) if x)
        if not cid:
            raise src.fail(f"表 {tid} 有一个没有 id 的单元格", line)
        if cid in cells or cid in found.row_ids - {rid}:
            raise src.fail(f"单元格 id {cid!r} 重复", line)
        col = next((c for c in columns if c.id == col_id), None)
        short = row.short if col is None else (f"{row.short}·{col.short}" if row.short else col.short)
        cells[cid] = Cell(
            id=cid, table=tid, row=rid, column=col_id, type=row.type, order=len(cells), row_label=row.label,
            column_label=col.label if col and len(columns) > 1 else None, short=short, unit=row.unit,
        )


def _rules(raw_rules: list[Any], src: _Source, cells: dict[str, Cell], units: frozenset[str]) -> tuple[RuleSpec, ...]:
    src.where.skip_to("rules")
    rules: list[RuleSpec] = []
    rule_ids: set[str] = set()
    for r in raw_rules:
        if not isinstance(r, dict):
            raise src.fail(f"规则应为对象，实为 {r!r}")
        rid = str(r.get("id", ""))
        line = src.where.line("id", rid) if rid else 0
        if not rid or rid in rule_ids:
            raise src.fail(f"规则 id {rid!r} 为空或重复", line)
        rule_ids.add(rid)
        rules.append(_rule(r, rid, RuleSource(r, cells, units, src.at(line))))
    return tuple(rules)


def _rule(r: dict[str, Any], rid: str, source: RuleSource) -> RuleSpec:
    """What every rule says (id, severity, message, the cells and levels it covers), then its kind's own options."""
    fail = source.fail
    severity = r.get("severity")
    if severity not in SEVERITIES:
        raise fail(f"规则 {rid}: 严重程度 {severity!r} 应为 error、warning 或 blank")
    check = r.get("check", DEFAULT)
    kind = KINDS.get(check) if isinstance(check, str) else None
    if kind is None:
        raise fail(f"规则 {rid}: 检查类型 {check!r} 不认识（应为 {', '.join(KINDS)}）")
    if not str(r.get("message", "")).strip():
        raise fail(f"规则 {rid}: 缺少提示文字 message")
    types = r.get("types", ())
    if not isinstance(types, list | tuple) or any(x not in (INTEGER, DECIMAL) for x in types):
        raise fail(f"规则 {rid}: types 应为 integer/decimal 的列表")
    skip_levels = r.get("skip_levels", [])
    if not isinstance(skip_levels, list) or any(x not in LEVEL_LABELS for x in skip_levels):
        raise fail(f"规则 {rid}: skip_levels 应为 {', '.join(LEVEL_LABELS)} 中的若干项")
    blank = r.get("blank", kind.blank_modes[0])
    if blank not in kind.blank_modes:
        raise fail(f"规则 {rid}: blank 应为 skip（有未填的格则不检查，默认）、zero（未填按 0 计）"
                   "或 solve（只有一格未填时指出它应为多少）" if len(kind.blank_modes) > 1 else
                   f"规则 {rid}: 检查类型 {check} 的 blank 只能为 {'、'.join(kind.blank_modes)}")
    spec = RuleSpec(id=rid, severity=severity, check=check, message=str(r.get("message", "")),
                    basis=str(r.get("basis", "")), types=tuple(types), blank=str(blank),
                    skip_levels=tuple(skip_levels))
    return kind.compile(spec, source)


def _years(raw: dict[str, Any], src: _Source) -> tuple[int, int | None]:
    years = raw.get("years", {})
    first, last = (years.get("from"), years.get("to")) if isinstance(years, dict) else (None, None)
    if not isinstance(first, int) or not (last is None or (isinstance(last, int) and last >= first)):
        raise src.fail("years 应为 {\"from\": 首个报告年度, \"to\": 末个报告年度（可省略）}",
                       src.where.line("years", years, advance=False) if isinstance(years, dict) else 0)
    return first, last


def _page(raw: Any, fail: Callable[..., TemplateError], line: int) -> PageSpec:
    if not isinstance(raw, dict) or set(raw) - {"orientation", "title", "year_line"}:
        raise fail("page 应为 {\"orientation\": …, \"title\": …, \"year_line\": …}", line)
    spec = PageSpec(**{k: v for k, v in raw.items()})
    if spec.orientation not in ORIENTATIONS:
        raise fail(f"page.orientation 应为 {' 或 '.join(ORIENTATIONS)}", line)
    for key, allowed in (("title", {"unit", "year", "title"}), ("year_line", {"year"})):
        text = getattr(spec, key)
        if not isinstance(text, str) or set(_PLACEHOLDER.findall(text)) - allowed:
            raise fail(f"page.{key} 只能用 {'、'.join('{' + a + '}' for a in sorted(allowed))} 这几个占位符", line)
    if "{title}" not in spec.title:
        raise fail("page.title 须含 {title}", line)
    return spec

