"""A clerk's document: template, year, unit information, values and justifications of warnings. No Qt."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from model.core.rules import Context, Finding
from model.core.script import in_script
from model.core.templates import (
    DEFAULT_TEMPLATE,
    HANS,
    LEVEL_LABELS,
    LEVELS,
    PREV,
    Template,
    get_template,
    template_for_year,
)
from model.core.text import ReportText
from model.core.values import NA, Value, to_json
from resources import path as resource_path

UNIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "填报单位"),
    ("head", "单位负责人"),
    ("reviewer", "审核人"),
    ("preparer", "填表人"),
    ("phone", "联系电话"),
    ("date", "报出日期"),
)
UNIT_LABELS = dict(UNIT_FIELDS)
LEVEL_WORD = "行政层级"
MIN_YEAR, MAX_YEAR = 2008, 2100


@dataclass
class UnitInfo:
    name: str = ""
    head: str = ""
    reviewer: str = ""
    preparer: str = ""
    phone: str = ""
    date: str = ""
    level: str = ""  # 行政层级: a key of templates.LEVELS, "" while not chosen
    other: dict[str, Any] = field(default_factory=dict, compare=False)  # unknown fields of a file, written back

    def get(self, key: str) -> str:
        return str(getattr(self, key))

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, "")


UNIT_KEYS = tuple(f.name for f in fields(UnitInfo) if f.name != "other")  # the text fields the file stores


def level_from_label(text: str) -> str | None:
    """The level key of a label as a clerk writes it ("县级", "县级政府", "乡镇", "街道"…); None if none fits."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not t:
        return ""
    for key, label in LEVELS:
        if t in (key, label) or t == label.replace("（街道）", ""):
            return key
    guesses = [("乡镇", "township"), ("街道", "township"), ("设区", "city"), ("市级", "city"), ("省级", "province"),
               ("县级", "county"), ("区县", "county"), ("部门", "department")]
    return next((key for word, key in guesses if word in t), None)


@dataclass(frozen=True)
class Justification:
    """A clerk's reason for a warning, tied to the values it was written for."""

    reason: str
    values: tuple[tuple[str, int | str | None], ...]


@dataclass
class LastYear:
    """The link to last year's file of the same unit and what it gave: its values of this template's cells.

    The rules read them as `prev.<cell id>` (see `rule_values`); they are never saved into this year's file, only
    the link is. `problem` says why the values are not there (a link not followed, a file that cannot be read)."""

    link: str  # the path as linked (absolute); the native file stores it relative to the document's folder
    values: dict[str, Value] = field(default_factory=dict)
    problem: str = ""
    text: ReportText | None = None  # last year's report text, when its file holds one

    @property
    def loaded(self) -> bool:
        return not self.problem and bool(self.values)


@dataclass
class Document:
    template: Template
    year: int
    unit: UnitInfo = field(default_factory=UnitInfo)
    values: dict[str, Value] = field(default_factory=dict)
    justifications: dict[str, Justification] = field(default_factory=dict)
    previous: LastYear | None = None  # last year's file, when linked
    # top-level sections of the native file this tool does not interpret (e.g. 汇总 provenance, or a newer
    # version's addition): JSON values kept as read and written back on save
    extra: dict[str, Any] = field(default_factory=dict)
    text: ReportText = field(default_factory=ReportText)  # the report's text (model/core/text.py)
    # what reading the file changed in it (characters no reader opens, removed: model/core/clean.py), to be told to
    # the clerk once; never saved
    notes: list[str] = field(default_factory=list, compare=False, repr=False)

    def value(self, cell_id: str) -> Value:
        return self.values.get(cell_id)

    def set_value(self, cell_id: str, value: Value) -> None:
        if cell_id not in self.template.cells:
            raise KeyError(cell_id)
        if value is None:
            self.values.pop(cell_id, None)
        else:
            self.values[cell_id] = value


def rule_values(doc: Document) -> dict[str, Value]:
    """What the rules read: this year's values, and last year's as `prev.<cell id>` when they are loaded."""
    if doc.previous is None or not doc.previous.values:
        return doc.values
    return {**doc.values, **{PREV + c: v for c, v in doc.previous.values.items()}}


def new_document(template: Template, year: int) -> Document:
    return Document(template=template, year=year)


def default_report_year(today: datetime.date | None = None) -> int:
    """The annual report is written early in the year about the year before."""
    return (today or datetime.date.today()).year - 1


def proposed_document(today: datetime.date | None = None) -> Document:
    """A new document for last year's report in the format in force for it."""
    year = default_report_year(today)
    return new_document(template_for_year(year) or get_template(DEFAULT_TEMPLATE), year)


BLANK_STYLES = ("empty", "zero", "slash")  # how an unfilled cell prints: blank, 0 or "/"


def as_printed(doc: Document, blank: str) -> Document:
    """The document with its figures as the paper shows them: blanks printed as 0 or "/" are checked as such,
    so a total that does not add up on paper is an error there too. "empty" keeps the blanks (they print blank)."""
    if blank not in BLANK_STYLES:
        raise ValueError(f"blank style {blank!r}")
    if blank == "empty":
        return doc
    fill: Value = NA if blank == "slash" and doc.template.allow_na else 0
    values = dict(doc.values)
    for cid in doc.template.cells:
        if values.get(cid) is None:
            values[cid] = fill
    return replace(doc, values=values)


def check_context(doc: Document) -> Context:
    """What the rules read about a document besides its values."""
    return Context(year=doc.year, level=doc.unit.level)


@cache
def _boilerplate() -> tuple[int, frozenset[str], tuple[str, ...]]:
    data = json.loads(resource_path("justification.json").read_text(encoding="utf-8"))
    # Longest fragments first, so "没有问题" goes before "有问题" could split it.
    fragments = sorted({_squash(f) for f in data.get("fragments", ())} - {""}, key=len, reverse=True)
    return int(data["min_length"]), frozenset(_squash(p) for p in data["boilerplate"]), tuple(fragments)


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "", text)


def reason_problem(reason: str) -> str | None:
    """Why a justification is refused (empty, boilerplate, too short), or None when it is acceptable."""
    min_length, phrases, fragments = _boilerplate()
    core = _squash(reason)
    if not core:
        return "请写明理由：为什么这个数字虽然触发了警告但是正确的。"
    rest = core
    for f in fragments:
        rest = rest.replace(f, "")
    if core in phrases or len(rest) < 2:
        return f"“{reason.strip()}”是套话，不能作为理由。请写明具体原因（例如哪些情况导致了这个数字）。"
    if len(core) < min_length:
        return f"理由太短（至少 {min_length} 个字），请写明具体原因。"
    return None


def snapshot(doc: Document, cells: tuple[str, ...]) -> tuple[tuple[str, int | str | None], ...]:
    return tuple((c, to_json(doc.value(c))) for c in cells)


def make_justification(doc: Document, finding: Finding, reason: str) -> Justification:
    """A justification for a warning; raises ValueError with a Chinese message if refused."""
    if finding.severity != "warning":
        raise ValueError("只有警告可以说明理由；错误必须改正。")
    problem = reason_problem(reason)
    if problem:
        raise ValueError(problem)
    return Justification(reason.strip(), snapshot(doc, finding.cells))


def justification_state(doc: Document, finding: Finding) -> str:
    """"none", "valid", or "stale" (written for other values than the current ones)."""
    j = doc.justifications.get(finding.key)
    if j is None:
        return "none"
    return "valid" if j.values == snapshot(doc, finding.cells) else "stale"


def is_open(doc: Document, finding: Finding) -> bool:
    """Errors and blanks are always open; a warning is open unless validly justified."""
    return finding.severity != "warning" or justification_state(doc, finding) != "valid"


def justify(doc: Document, finding: Finding, reason: str) -> Justification:
    """Store a reason for a warning instance; raises ValueError (Chinese message) if it is refused."""
    j = make_justification(doc, finding, reason)
    doc.justifications[finding.key] = j
    return j


def printed_title(doc: Document, script: str = HANS, unit_placeholder: str = "") -> str:
    """The title the format prints (its page.title: e.g. "{unit}{year}年{title}"), in `script`."""
    unit = doc.unit.name.strip() or unit_placeholder
    pattern = in_script(doc.template.page.title, script)
    return pattern.format(unit=unit, year=doc.year, title=doc.template.title.get(script))


def year_line(doc: Document, script: str = HANS) -> str:
    """The line under the title naming the report year ("（2015年度）"), "" when the format prints none."""
    return in_script(doc.template.page.year_line, script).format(year=doc.year)
