"""Table templates loaded from resources/templates/*.json: rows, columns, cells and rule specs. No Qt."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from model.values import DECIMAL, INTEGER
from resources import path as resource_path

HANS = "hans"
HANT = "hant"
SCRIPTS = (HANS, HANT)
ROW_KINDS = ("section", "heading", "data", "group", "caption", "colheader")
SEVERITIES = ("error", "warning", "blank")
CHECKS = ("expr", "type", "decimals", "filled", "empty")
UNITS_HANS = {"条", "件", "次", "篇", "个", "人", "人次", "万元"}


class TemplateError(ValueError):
    """A template file that is itself wrong; the message names the file and the line or id."""


@dataclass(frozen=True)
class Text:
    hans: str
    hant: str

    def get(self, script: str) -> str:
        return self.hant if script == HANT else self.hans


@dataclass(frozen=True)
class HeaderCell:
    text: Text
    rowspan: int = 1
    colspan: int = 1
    role: str = "header"


@dataclass(frozen=True)
class Column:
    id: str
    label: Text
    short: str


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    label: Text
    short: str
    level: int
    parent: str | None
    unit: Text | None
    type: str
    span: bool
    cells: tuple[HeaderCell, ...] = ()  # for colheader rows

    @property
    def has_values(self) -> bool:
        return self.kind == "data"


@dataclass(frozen=True)
class Table:
    id: str
    title: Text
    label_columns: int
    unit_column: bool
    unit_header: Text
    columns: tuple[Column, ...]
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    notes: tuple[Text, ...]


@dataclass(frozen=True)
class Cell:
    """One value cell: where it sits and how it is named in messages."""

    id: str
    table: str
    row: str
    column: str | None
    type: str
    order: int
    row_label: Text
    column_label: Text | None
    short: str
    unit: Text | None


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: str
    check: str
    message: str
    basis: str
    expr: str = ""
    foreach: tuple[tuple[str, tuple[str, ...]], ...] = ()
    types: tuple[str, ...] = ()
    max: int = 2
    blank: str = "skip"


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    name: Text
    title: Text
    allow_na: bool
    orientation: str
    tables: tuple[Table, ...]
    rules: tuple[RuleSpec, ...]
    cells: dict[str, Cell] = field(compare=False)
    headings: tuple[str, ...] = field(compare=False)
    source: str = field(compare=False, default="")

    def cell(self, cell_id: str) -> Cell:
        return self.cells[cell_id]

    def cell_ids(self) -> tuple[str, ...]:
        return tuple(self.cells)

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)


_NUMBERING = re.compile(r"^(其中[:：]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.．﹒、])+")
_NOTE = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")


def short_label(label: str) -> str:
    """`（一）收到申请数` → `收到申请数`; drops numbering, 其中： and a trailing parenthetical note."""
    s = _NUMBERING.sub("", label.strip())
    s = _NOTE.sub("", s) or s
    return s.strip() or label.strip()


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


def _line_of(text: str, needle: str) -> int:
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 0


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
    try:
        return _build(raw, p.name, text)
    except TemplateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TemplateError(f"{p.name}: 模板结构错误（{exc!r}）") from exc


def _build(raw: dict[str, Any], name: str, text: str) -> Template:
    def fail(msg: str, needle: str | None = None) -> TemplateError:
        line = _line_of(text, needle) if needle else 0
        return TemplateError(f"{name}{f' 第 {line} 行' if line else ''}: {msg}")

    if not isinstance(raw, dict):
        raise fail("顶层应为对象")
    for key in ("id", "version", "name", "title", "tables", "rules"):
        if key not in raw:
            raise fail(f"缺少 {key!r}")
    if not isinstance(raw["version"], int):
        raise fail("version 应为整数", '"version"')
    allow_na = bool(raw.get("allow_na", True))
    tables: list[Table] = []
    cells: dict[str, Cell] = {}
    headings: list[str] = []
    row_ids: set[str] = set()
    for t in raw["tables"]:
        tid = str(t["id"])
        columns = tuple(
            Column(str(c["id"]), _text(c["label"], f"{name} 列 {c['id']}"),
                   str(c.get("short") or short_label(_text(c["label"], name).hans)))
            for c in t["columns"]
        )
        if len({c.id for c in columns}) != len(columns):
            raise fail(f"表 {tid} 有重复的列 id", f'"id": "{tid}"')
        header = tuple(
            tuple(_header_cell(h, f"{name} 表 {tid} 表头") for h in hrow) for hrow in t.get("header", [])
        )
        rows: list[Row] = []
        levels: dict[str, int] = {}
        for r in t["rows"]:
            rid = str(r["id"])
            where = f'"id": "{rid}"'
            kind = r.get("kind", "data")
            if kind not in ROW_KINDS:
                raise fail(f"行 {rid!r} 的类型 {kind!r} 不认识（应为 {', '.join(ROW_KINDS)}）", where)
            if rid and rid in row_ids:
                raise fail(f"行 id {rid!r} 重复", where)
            if rid:
                row_ids.add(rid)
            parent = r.get("parent")
            if parent is not None and parent not in levels:
                raise fail(f"行 {rid!r} 的上级 {parent!r} 不存在或不在它之前", where)
            level = r.get("level", levels[parent] + 1 if parent else 0)
            levels[rid] = level
            label = _text(r.get("label", ""), f"{name} 行 {rid}")
            unit = _text(r["unit"], f"{name} 行 {rid}") if r.get("unit") else None
            if unit is not None and unit.hans not in UNITS_HANS:
                raise fail(f"行 {rid!r} 的单位 {unit.hans!r} 不认识（应为 {'、'.join(sorted(UNITS_HANS))}）", where)
            vtype = r.get("type", INTEGER)
            if vtype not in (INTEGER, DECIMAL):
                raise fail(f"行 {rid!r} 的数值类型 {vtype!r} 不认识（应为 integer 或 decimal）", where)
            if kind == "data" and vtype == DECIMAL and unit is not None and unit.hans != "万元":
                raise fail(f"行 {rid!r} 是小数却不以万元为单位", where)
            row = Row(
                id=rid, kind=kind, label=label, short=str(r.get("short") or short_label(label.hans)),
                level=int(level), parent=parent, unit=unit, type=vtype, span=bool(r.get("span", False)),
                cells=tuple(_header_cell(h, f"{name} 行 {rid}") for h in r.get("cells", [])),
            )
            rows.append(row)
            if kind in ("section", "heading"):
                headings.append(rid)
            if kind != "data":
                continue
            targets = [None] if (row.span or len(columns) <= 1) else [c.id for c in columns]
            for col_id in targets:
                cid = rid if col_id is None else ".".join(x for x in (rid, col_id) if x)
                if not cid:
                    raise fail(f"表 {tid} 有一个没有 id 的单元格", where)
                if cid in cells:
                    raise fail(f"单元格 id {cid!r} 重复", where)
                col = next((c for c in columns if c.id == col_id), None)
                short = row.short if col is None else (f"{row.short}·{col.short}" if row.short else col.short)
                cells[cid] = Cell(
                    id=cid, table=tid, row=rid, column=col_id, type=vtype, order=len(cells), row_label=label,
                    column_label=col.label if col and len(columns) > 1 else None, short=short, unit=unit,
                )
        tables.append(Table(
            id=tid, title=_text(t.get("title", ""), f"{name} 表 {tid}"), label_columns=int(t.get("label_columns", 1)),
            unit_column=bool(t.get("unit_column", False)),
            unit_header=_text(t.get("unit_header", {"hans": "单位", "hant": "單位"}), name),
            columns=columns, header=header, rows=tuple(rows),
            notes=tuple(_text(n, f"{name} 表 {tid} 注") for n in t.get("notes", [])),
        ))
    if not cells:
        raise fail("模板没有任何可填的单元格")
    rules: list[RuleSpec] = []
    rule_ids: set[str] = set()
    for r in raw["rules"]:
        rid = str(r.get("id", ""))
        where = f'"id": "{rid}"'
        if not rid or rid in rule_ids:
            raise fail(f"规则 id {rid!r} 为空或重复", where)
        rule_ids.add(rid)
        severity = r.get("severity")
        if severity not in SEVERITIES:
            raise fail(f"规则 {rid}: 严重程度 {severity!r} 应为 error 或 warning", where)
        check = r.get("check", "expr")
        if check not in CHECKS:
            raise fail(f"规则 {rid}: 检查类型 {check!r} 不认识", where)
        foreach = tuple((str(k), tuple(str(x) for x in v)) for k, v in (r.get("foreach") or {}).items())
        spec = RuleSpec(
            id=rid, severity=severity, check=check, message=str(r.get("message", "")), basis=str(r.get("basis", "")),
            expr=str(r.get("expr", "")), foreach=foreach, types=tuple(r.get("types", ())), max=int(r.get("max", 2)),
            blank=str(r.get("blank", "skip")),
        )
        if spec.blank not in ("skip", "zero"):
            raise fail(f"规则 {rid}: blank 应为 skip 或 zero", where)
        if check == "expr":
            _check_expr(spec, cells, fail, where)
        rules.append(spec)
    return Template(
        id=str(raw["id"]), version=int(raw["version"]), name=_text(raw["name"], name),
        title=_text(raw["title"], name), allow_na=allow_na,
        orientation=str(raw.get("page", {}).get("orientation", "portrait")),
        tables=tuple(tables), rules=tuple(rules), cells=cells, headings=tuple(headings), source=name,
    )


def _check_expr(spec: RuleSpec, cells: dict[str, Cell], fail: Any, where: str) -> None:
    from model import expr  # expr imports values only; local import keeps this module's graph flat

    for text, _binding in expand(spec):
        try:
            node = expr.parse(text)
        except expr.ExprError as exc:
            raise fail(f"规则 {spec.id}: 表达式 {text!r} 有误：{exc}", where) from exc
        unknown = [c for c in expr.cells_of(node) if c not in cells]
        if unknown:
            raise fail(f"规则 {spec.id}: 引用了不存在的单元格 {', '.join(unknown)}", where)


def expand(spec: RuleSpec) -> list[tuple[str, dict[str, str]]]:
    """One (expression, binding) per instance of a rule written once for every row or column."""
    bindings: list[dict[str, str]] = [{}]
    for var, values in spec.foreach:
        bindings = [{**b, var: v} for b in bindings for v in values]
    out = []
    for b in bindings:
        text = spec.expr
        for var, v in b.items():
            text = text.replace("{" + var + "}", v)
        out.append((text, b))
    return out


TEMPLATE_FILES = {"gov2015": "gov2015.json", "gov2021": "gov2021.json"}
DEFAULT_TEMPLATE = "gov2015"


@cache
def get_template(template_id: str) -> Template:
    """A built-in template by id (cached: templates are immutable)."""
    if template_id not in TEMPLATE_FILES:
        raise KeyError(template_id)
    return load_template(resource_path("templates", TEMPLATE_FILES[template_id]))


def builtin_templates() -> list[Template]:
    return [get_template(t) for t in TEMPLATE_FILES]
