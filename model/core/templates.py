"""Table templates loaded from resources/templates/*.json: rows, columns, cells and rule specs. No Qt."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from model.core.text_spec import TextSpec, parse_text_spec
from model.core.values import DECIMAL, INTEGER
from resources import path as resource_path

HANS = "hans"
HANT = "hant"
SCRIPTS = (HANS, HANT)
ROW_KINDS = ("section", "heading", "data", "group", "caption", "colheader")
SEVERITIES = ("error", "warning", "blank")
CHECKS = ("expr", "type", "decimals", "filled", "empty", "identical_to_previous", "swing", "digits", "year")
BLANK_MODES = ("skip", "zero", "solve")
# 行政层级 of a reporting unit; rules name them in "skip_levels". "" is a unit whose level nobody chose yet.
LEVELS: tuple[tuple[str, str], ...] = (
    ("province", "省级"),
    ("city", "设区的市级"),
    ("county", "县级"),
    ("township", "乡镇（街道）"),
    ("department", "部门"),
)
LEVEL_LABELS = dict(LEVELS)
PREV = "prev."  # `prev.<cell id>` in an expression is last year's value of that cell (blank when not linked)


@dataclass(frozen=True)
class PageSpec:
    """What differs between formats in print: the paper's orientation, the title line and the year line."""

    orientation: str = "portrait"
    title: str = "{title}"  # {unit} 填报单位, {year} 报告年度, {title} the template's title in the chosen script
    year_line: str = "（{year}年度）"  # printed under the title; "" for none

    @property
    def breaks_after_unit(self) -> bool:
        """A title that starts with the unit's name breaks after it when too long for one line."""
        return self.title.startswith("{unit}")


ORIENTATIONS = ("portrait", "landscape")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


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
    aliases: tuple[str, ...] = ()  # other labels offices print for this row ("规范性文件" for 行政规范性文件)

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
    factor: int = 5  # "swing": this year at least `factor` times last year, or at most 1/`factor` of it
    floor: int = 10  # "swing": ignored while both years are below `floor`
    skip_levels: tuple[str, ...] = ()  # the rule does not apply to units of these 行政层级
    bounds: tuple[tuple[str, int], ...] = ()  # "digits": most digits plausible per unit (条, 件…; "*" = any other)


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    name: Text
    title: Text
    allow_na: bool
    orientation: str
    page: PageSpec
    units: tuple[Text, ...]  # the units its rows may use (also what the Excel import recognises beside a figure)
    tables: tuple[Table, ...]
    rules: tuple[RuleSpec, ...]
    cells: dict[str, Cell] = field(compare=False)
    headings: tuple[str, ...] = field(compare=False)
    source: str = field(compare=False, default="")
    years: tuple[int, int | None] = (0, None)  # report years the format applies to: first, last (None = open)
    text: TextSpec = field(compare=False, default=TextSpec())  # the report's headings, stated figures, draft

    def applies_to(self, year: int) -> bool:
        first, last = self.years
        return year >= first and (last is None or year <= last)

    def years_text(self) -> str:
        first, last = self.years
        return f"{first} 年度起" if last is None else f"{first}–{last} 年度"

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
        return _build(raw, p.name, text)
    except TemplateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise TemplateError(f"{p.name}: 模板结构错误（{exc!r}）") from exc


def _build(raw: dict[str, Any], name: str, text: str) -> Template:
    where = _Locator(text)

    def fail(msg: str, line: int = 0) -> TemplateError:
        return TemplateError(f"{name}{f' 第 {line} 行' if line else ''}: {msg}")

    if not isinstance(raw, dict):
        raise fail("顶层应为对象")
    for key in ("id", "version", "name", "title", "tables", "rules"):
        if key not in raw:
            raise fail(f"缺少 {key!r}")
    if not isinstance(raw["version"], int) or isinstance(raw["version"], bool):
        raise fail("version 应为整数", where.line("version", raw["version"], advance=False))
    if not isinstance(raw["tables"], list) or not isinstance(raw["rules"], list):
        raise fail("tables 和 rules 应为列表")
    allow_na = bool(raw.get("allow_na", True))
    raw_units, decimal_units = raw.get("units", []), raw.get("decimal_units", [])
    if not isinstance(raw_units, list) or not raw_units:
        raise fail("units 应为本表格式所用计量单位的列表（[{\"hans\": \"件\", \"hant\": \"件\"}, …]）")
    units = tuple(_text(u, f"{name} units") for u in raw_units)
    unit_names = {u.hans for u in units}
    if not isinstance(decimal_units, list) or any(d not in unit_names for d in decimal_units):
        raise fail("decimal_units 应为 units 中可填小数的单位（如 [\"万元\"]）")
    tables: list[Table] = []
    cells: dict[str, Cell] = {}
    headings: list[str] = []
    row_ids: set[str] = set()
    for t in raw["tables"]:
        tid = str(t["id"])
        tline = where.line("id", tid)
        column_ids: list[str] = []
        for c in t["columns"]:
            where.line("id", str(c["id"]))
            column_ids.append(str(c["id"]))
        if len(set(column_ids)) != len(column_ids):
            raise fail(f"表 {tid} 有重复的列 id", tline)
        columns = tuple(
            Column(str(c["id"]), _text(c["label"], f"{name} 列 {c['id']}"),
                   str(c.get("short") or short_label(_text(c["label"], name).hans)))
            for c in t["columns"]
        )
        header = tuple(
            tuple(_header_cell(h, f"{name} 表 {tid} 表头") for h in hrow) for hrow in t.get("header", [])
        )
        rows: list[Row] = []
        levels: dict[str, int] = {}
        for r in t["rows"]:
            rid = str(r["id"])
            line = where.line("id", rid)
            kind = r.get("kind", "data")
            if kind not in ROW_KINDS:
                raise fail(f"行 {rid!r} 的类型 {kind!r} 不认识（应为 {', '.join(ROW_KINDS)}）", line)
            if rid and rid in row_ids:
                raise fail(f"行 id {rid!r} 重复", line)
            if rid:
                row_ids.add(rid)
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
            rows.append(row)
            if kind in ("section", "heading"):
                headings.append(rid)
            if kind != "data":
                continue
            targets = [None] if (row.span or len(columns) <= 1) else [c.id for c in columns]
            for col_id in targets:
                cid = rid if col_id is None else ".".join(x for x in (rid, col_id) if x)
                if not cid:
                    raise fail(f"表 {tid} 有一个没有 id 的单元格", line)
                if cid in cells or cid in row_ids - {rid}:
                    raise fail(f"单元格 id {cid!r} 重复", line)
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
    where.skip_to("rules")
    rules: list[RuleSpec] = []
    rule_ids: set[str] = set()
    for r in raw["rules"]:
        if not isinstance(r, dict):
            raise fail(f"规则应为对象，实为 {r!r}")
        rid = str(r.get("id", ""))
        line = where.line("id", rid) if rid else 0
        if not rid or rid in rule_ids:
            raise fail(f"规则 id {rid!r} 为空或重复", line)
        rule_ids.add(rid)
        severity = r.get("severity")
        if severity not in SEVERITIES:
            raise fail(f"规则 {rid}: 严重程度 {severity!r} 应为 error、warning 或 blank", line)
        check = r.get("check", "expr")
        if check not in CHECKS:
            raise fail(f"规则 {rid}: 检查类型 {check!r} 不认识（应为 {', '.join(CHECKS)}）", line)
        if not str(r.get("message", "")).strip():
            raise fail(f"规则 {rid}: 缺少提示文字 message", line)
        raw_foreach = r.get("foreach") or {}
        if not isinstance(raw_foreach, dict) or not all(
            isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in raw_foreach.values()
        ):
            raise fail(f"规则 {rid}: foreach 应为 {{变量: [名称, …]}}", line)
        foreach = tuple((str(k), tuple(v)) for k, v in raw_foreach.items())
        types = r.get("types", ())
        if not isinstance(types, list | tuple) or any(x not in (INTEGER, DECIMAL) for x in types):
            raise fail(f"规则 {rid}: types 应为 integer/decimal 的列表", line)
        max_places = r.get("max", 2)
        if not isinstance(max_places, int) or isinstance(max_places, bool) or max_places < 0:
            raise fail(f"规则 {rid}: max 应为不小于 0 的整数", line)
        skip_levels = r.get("skip_levels", [])
        if not isinstance(skip_levels, list) or any(x not in LEVEL_LABELS for x in skip_levels):
            raise fail(f"规则 {rid}: skip_levels 应为 {', '.join(LEVEL_LABELS)} 中的若干项", line)
        raw_bounds = r.get("bounds", {})
        if not isinstance(raw_bounds, dict) or any(
                not isinstance(v, int) or isinstance(v, bool) or v < 1 or (k != "*" and k not in unit_names)
                for k, v in raw_bounds.items()):
            raise fail(f"规则 {rid}: bounds 应为 {{单位或 \"*\": 最多位数}}", line)
        if check == "digits" and "*" not in raw_bounds:
            raise fail(f"规则 {rid}: bounds 需要 \"*\"（其他单位的最多位数）", line)
        factor, floor = r.get("factor", 5), r.get("floor", 10)
        if any(not isinstance(x, int) or isinstance(x, bool) or x < 1 for x in (factor, floor)) or factor < 2:
            raise fail(f"规则 {rid}: factor 应为不小于 2 的整数，floor 应为正整数", line)
        spec = RuleSpec(
            id=rid, severity=severity, check=check, message=str(r.get("message", "")), basis=str(r.get("basis", "")),
            expr=str(r.get("expr", "")), foreach=foreach, types=tuple(types), max=max_places,
            blank=str(r.get("blank", "skip")), factor=factor, floor=floor, skip_levels=tuple(skip_levels),
            bounds=tuple((str(k), int(v)) for k, v in raw_bounds.items()),
        )
        if spec.blank not in BLANK_MODES:
            raise fail(f"规则 {rid}: blank 应为 skip（有未填的格则不检查，默认）、zero（未填按 0 计）"
                       "或 solve（只有一格未填时指出它应为多少）", line)
        if check == "expr":
            _check_expr(spec, cells, fail, line)
        rules.append(spec)
    page = _page(raw.get("page", {}), fail, where.line("page", raw.get("page"), advance=False) if "page" in raw else 0)
    years = raw.get("years", {})
    first, last = (years.get("from"), years.get("to")) if isinstance(years, dict) else (None, None)
    if not isinstance(first, int) or not (last is None or (isinstance(last, int) and last >= first)):
        raise fail("years 应为 {\"from\": 首个报告年度, \"to\": 末个报告年度（可省略）}",
                   where.line("years", years, advance=False) if isinstance(years, dict) else 0)
    report_at = text.find('"report"')
    report_line = text.count("\n", 0, report_at) + 1 if "report" in raw and report_at >= 0 else 0
    text_spec = parse_text_spec(raw.get("report"), cells, [t.id for t in tables], lambda m: fail(m, report_line))
    return Template(
        id=str(raw["id"]), version=int(raw["version"]), name=_text(raw["name"], name), years=(first, last),
        text=text_spec,
        title=_text(raw["title"], name), allow_na=allow_na,
        orientation=page.orientation, page=page, units=units,
        tables=tuple(tables), rules=tuple(rules), cells=cells, headings=tuple(headings), source=name,
    )


def _page(raw: Any, fail: Any, line: int) -> PageSpec:
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


def _check_expr(spec: RuleSpec, cells: dict[str, Cell], fail: Any, line: int) -> None:
    from model.core import expr  # expr imports values only; local import keeps this module's graph flat

    if not spec.expr.strip():
        raise fail(f"规则 {spec.id}: 缺少表达式 expr", line)
    for var, _values in spec.foreach:
        if "{" + var + "}" not in spec.expr:
            raise fail(f"规则 {spec.id}: foreach 变量 {var!r} 没有出现在表达式里", line)
    for text, _binding in expand(spec):
        try:
            node = expr.parse(text)
        except expr.ExprError as exc:
            raise fail(f"规则 {spec.id}: 表达式 {text!r} 有误：{exc}", line) from exc
        unknown = [c for c in expr.cells_of(node) if c not in cells and c.removeprefix(PREV) not in cells]
        if unknown:
            raise fail(f"规则 {spec.id}: 引用了不存在的单元格 {', '.join(unknown)}", line)


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


DEFAULT_TEMPLATE = "gov2015"
TEMPLATE_DIR_ENV = "GDS_TEMPLATE_DIR"  # one more folder of formats (tests; an office's shared folder)
SUFFIX = ".json"


def template_dirs() -> tuple[Path, ...]:
    """Where formats are found, in order: the ones shipped with the program, then the clerk's own folder, then
    GDS_TEMPLATE_DIR. A format is one `<id>.json` file; the first folder that has an id wins, so a file elsewhere
    can never replace an official format's rules."""
    from model.places import user_template_dir

    extra = os.environ.get(TEMPLATE_DIR_ENV)
    return (resource_path("templates"), user_template_dir(), *((Path(extra),) if extra else ()))


@dataclass(frozen=True)
class Catalog:
    files: dict[str, Path]  # id → file, in the order formats are offered
    problems: tuple[str, ...]  # files left out, each with why (Chinese)


@cache
def _catalog(dirs: tuple[Path, ...]) -> Catalog:
    files: dict[str, Path] = {}
    problems: list[str] = []
    for folder in dirs:
        try:
            found = sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())
        except OSError:
            continue
        for p in found:
            if p.stem in files:
                if folder != dirs[0]:
                    problems.append(f"{p}：表格式 {p.stem} 已有（{files[p.stem]}），未采用此文件。")
                continue
            files[p.stem] = p
    # The shipped formats first, in their own order; the others after them, each checked once when listed.
    for tid, p in list(files.items()):
        if p.parent == dirs[0]:
            continue
        try:
            t = _load(p)  # the same cache get_template reads: a dropped-in format is parsed once
        except (TemplateError, OSError, ValueError) as exc:
            problems.append(f"{p}：{exc}")
            del files[tid]
            continue
        if t.id != tid:
            problems.append(f"{p}：文件名应与表格式的 id 相同（{t.id}{SUFFIX}），未采用此文件。")
            del files[tid]
    return Catalog(files, tuple(problems))


def catalog() -> Catalog:
    return _catalog(template_dirs())


def template_ids() -> tuple[str, ...]:
    """Ids of every format that can be used here: shipped, then the clerk's own."""
    return tuple(catalog().files)


def clear_template_cache() -> None:
    """Forget what was read (after a format file was added or changed, and between tests)."""
    _catalog.cache_clear()
    _load.cache_clear()


@cache
def _load(file: Path) -> Template:
    return load_template(file)


def get_template(template_id: str) -> Template:
    """A format by id (cached: templates are immutable); KeyError for an id no folder has."""
    files = catalog().files
    if template_id not in files:
        raise KeyError(template_id)
    return _load(files[template_id])


def available_templates() -> list[Template]:
    """Every format that can be used here (see template_ids)."""
    return [get_template(t) for t in template_ids()]


def template_for_year(year: int) -> Template | None:
    """The format in force for a report year (the newest that applies), None for years no format covers."""
    found = [t for t in available_templates() if t.applies_to(year)]
    return max(found, key=lambda t: t.years[0]) if found else None
