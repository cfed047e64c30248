"""What a table format is: rows, columns, cells, rule specs, the page — the data classes every part reads. No Qt.

Read from resources/templates/*.json by model/core/template_load.py; found by id through model/core/templates.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.core.text_spec import TextSpec

HANS = "hans"
HANT = "hant"
SCRIPTS = (HANS, HANT)
ROW_KINDS = ("section", "heading", "data", "group", "caption", "colheader")
SEVERITIES = ("error", "warning", "blank")
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
