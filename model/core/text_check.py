"""The report's text checked against its own table, and against last year's text. No Qt.

Only phrases the template names (`report.figures`) are read: "主动公开政府信息8547条" is the table's 主动公开政府信息数,
while "梳理行政权力2879项" states nothing in the table and is left alone. The text is read in Simplified (the seed is
Traditional) with full-width digits folded, so 8547 and ８５４７ are the same figure.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from model.core import expr
from model.core.rules import Finding
from model.core.script import to_hans
from model.core.templates import Template
from model.core.text import ReportText, Spot, sentence_at
from model.core.text_spec import FigureSpec, gap_of, number_of, number_span
from model.core.values import NA, Number, Value, format_number

STATED, DENIED, SAME_PARAGRAPH, SAME_TEXT = "X", "XN", "SAME", "SAME_ALL"
MIN_COMPARED = 20  # shorter paragraphs ("无。", a heading-like line) are the same every year and say nothing


@dataclass(frozen=True)
class TextFinding(Finding):
    """A finding about the report's text: where the phrase stands (section, offsets into its body)."""

    spot: Spot | None = None
    quote: str = ""


def reading_form(text: str) -> str:
    """The text as the figure phrases are matched: Simplified, NFKC (full-width digits and punctuation folded)
    while keeping every character's offset (NFKC of one CJK or full-width character is one character)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return to_hans("".join(out))


@cache
def _patterns(template: Template) -> tuple[tuple[FigureSpec, re.Pattern[str] | None, re.Pattern[str] | None,
                                                 tuple[expr.Arith, ...]], ...]:
    return tuple((f, f.stated(), f.denial(), tuple(expr.parse_sum(v) for v in f.alternatives))
                 for f in template.text.figures)


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}


def chinese_number(text: str) -> int | None:
    """八千五百四十七 → 8547, 十二 → 12, 两万 → 20000, 二〇二三 → 2023; None for what is no number."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch not in _BIG for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # written digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in text))
    yi = wan = section = number = 0  # whole 亿 groups, the 万 group, the part under 万, the last digit
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        elif ch == "万":
            wan = (section + number or 1) * _BIG["万"]
            section = number = 0
        else:
            yi += (wan + section + number or 1) * _BIG["亿"]
            wan = section = number = 0
    return yi + wan + section + number


_MULTIPLIERS = {"万": 10_000, "千": 1_000}


def _number(text: str) -> Decimal | None:
    """8547, 8,547, 1.2万, 八千五百四十七 as a number."""
    text = text.strip()
    if text[:1].isdigit():
        factor = _MULTIPLIERS.get(text[-1], 1)
        digits = text.rstrip("万千").strip().replace(",", "").replace("，", "")
        try:
            return Decimal(digits) * factor
        except InvalidOperation:
            return None
    n = chinese_number(text)
    return Decimal(n) if n is not None else None


def _table_value(node: expr.Arith, values: dict[str, Value]) -> Number | None:
    """The figure in the table, or None while one of its cells is blank (the blank is its own problem)."""
    nums: dict[str, Number] = {}
    for c in expr.cells_of(node):
        v = values.get(c)
        if v is None:
            return None
        nums[c] = 0 if v is NA else v
    return expr.value_of(node, nums)


def _shown_table(node: expr.Arith, values: dict[str, Value], template: Template) -> str:
    if isinstance(node, expr.Ref):
        return format_number(_table_value(node, values) or 0)

    def label(cid: str) -> str:
        return template.cells[cid].short

    nums = {c: (0 if values.get(c) in (None, NA) else values[c]) for c in expr.cells_of(node)}
    return expr.render_arith(node, nums, label)  # type: ignore[arg-type]


def _unit_of(template: Template, node: expr.Arith, stated: str) -> str:
    units = {unit.hans for c in expr.cells_of(node) if (unit := template.cells[c].unit) is not None}
    return units.pop() if len(units) == 1 else stated


@dataclass(frozen=True)
class FigureHit:
    """A place where the text states (or denies) a figure of the table."""

    section: int
    start: int
    end: int
    spec: FigureSpec
    match: re.Match[str]
    nodes: tuple[expr.Arith, ...]
    denied: bool


def figure_hits(template: Template, text: ReportText) -> list[FigureHit]:
    """Every phrase of the text that names a figure the table holds. Where two stated figures overlap, the
    longest phrase wins ("予以公开及部分公开258件" is the sum, not 部分公开 258); denials stand on their own
    ("没有发生…行政诉讼和行政复议" denies both)."""
    out: list[FigureHit] = []
    for si, section in text.prose_sections():  # the contact part's numbers are telephones and 邮编
        body = reading_form(section.body)
        stated_hits: list[FigureHit] = []
        for spec, stated, denial, nodes in _patterns(template):
            if stated is not None:
                stated_hits += [FigureHit(si, m.start(), m.end(), spec, m, nodes, False) for m in stated.finditer(body)]
            if denial is not None:
                out += [FigureHit(si, m.start(), m.end(), spec, m, nodes, True) for m in denial.finditer(body)]
        # two phrases over the same number: the longer names the figure; over different numbers both stand
        # ("行政复议351件，其中结果维持72件" states 复议 351 and 维持 72)
        if template.text.partial:
            stated_hits = [h for h in stated_hits if not _partial(template, body, h.start)]
        claimed: list[tuple[int, int]] = []
        for hit in sorted(stated_hits, key=lambda h: (h.start - h.end, gap_of(h.match), h.start)):
            start, end = number_span(hit.match)
            if not any(start < e and s < end for s, e in claimed):
                claimed.append((start, end))
                out.append(hit)
    return sorted(out, key=lambda h: (h.section, h.start, h.denied))


_CLAUSE_END = re.compile(r"[，,。；;！？!?：:]")


def _partial(template: Template, body: str, start: int) -> bool:
    """Whether the words before a figure, in its clause, say it is a part (template `report.partial`)."""
    ends = [m.end() for m in _CLAUSE_END.finditer(body, 0, start)]
    clause = body[ends[-1] if ends else 0:start]
    return any(re.search(p, clause) for p in template.text.partial)


# a number with a unit the forms count in: what a reviewer would want checked ("政府网站发布信息 4511 条")
_COUNTED = re.compile(r"(?<![\d.])\d[\d,，]*(?:\.\d+)?(?:\s*[万千](?!元))?\s*"
                      r"(?:件|条|次|篇|项|个|万元|元|人次|起|部|场|期|人|名)")


def text_coverage(template: Template, text: ReportText) -> dict[str, int]:
    """How many figures of the text the checker compares with the table, and how many numbers with a unit it
    cannot (they state nothing the table holds): `--check --json`'s "text_coverage"."""
    hits = figure_hits(template, text)
    checked = sum(1 for h in hits if h.denied or number_of(h.match)[0])
    spans: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        spans.setdefault(h.section, []).append((h.start, h.end))
    unchecked = 0
    for si, section in text.prose_sections():
        for m in _COUNTED.finditer(reading_form(section.body)):
            if not any(s <= m.start() < e for s, e in spans.get(si, ())):
                unchecked += 1
    return {"checked": checked, "unchecked": unchecked}


def _table_choices(nodes: tuple[expr.Arith, ...], values: dict[str, Value]) -> list[tuple[expr.Arith, Number]]:
    """The table's value of each reading of a figure, one per distinct value (both readings of 共受理 are 3 when
    nothing was carried over: the message names 3 once)."""
    out: list[tuple[expr.Arith, Number]] = []
    for node in nodes:
        v = _table_value(node, values)
        if v is not None and all(v != seen for _n, seen in out):
            out.append((node, v))
    return out


def figure_findings(template: Template, text: ReportText, values: dict[str, Value]) -> list[TextFinding]:
    """Every figure the text states that differs from the table, quoting both."""
    out: list[TextFinding] = []
    for hit in figure_hits(template, text):
        spec, m, si, start = hit.spec, hit.match, hit.section, hit.start
        choices = _table_choices(hit.nodes, values)
        if not choices:
            continue  # a blank cell is its own problem
        node = choices[0][0]
        body = text.sections[si].body
        quote_start, quote_end = sentence_at(body, start)
        quote = body[quote_start:quote_end].strip()
        cells = tuple(dict.fromkeys(c for n in hit.nodes for c in expr.cells_of(n)))
        shown = tuple(values.get(c) for c in cells)
        if hit.denied:
            if any(v == 0 for _n, v in choices):
                continue
            message = (f"正文说没有{spec.what}；表中：{spec.what} {_shown_table(node, values, template)} "
                       f"{_unit_of(template, node, '件')}")
            key = f"{DENIED}:{spec.id}:{si}:{start}"
        else:
            number, unit = number_of(m)
            n = _number(number)
            if n is None:
                continue
            stated = n / Decimal(spec.scale_of(unit))
            if any(stated == v for _n, v in choices):
                continue
            unit_shown = unit or _unit_of(template, node, "")
            message = f"正文：{spec.what} {format_number(n)} {unit_shown}".rstrip() + "；表中："
            message += "，或".join(f"{_shown_table(c, values, template)} {_unit_of(template, c, unit_shown)}".rstrip()
                                  for c, _v in choices)
            if len(expr.cells_of(node)) > 1 and len(choices) == 1:
                message += f"（{spec.what}）"
            if unit and spec.scale_of(unit) != "1":
                message += f"（{format_number(n)} {unit} = {format_number(stated)} {_unit_of(template, node, unit)}）"
            key = f"{STATED}:{spec.id}:{si}:{start}"
        out.append(TextFinding(key=key, rule=spec.id, severity="error", message=message, cells=cells,
                               values=shown, spot=Spot(si, start, hit.end), quote=quote))
    return out


def _digest(paragraph: str) -> str:
    return hashlib.sha1(paragraph.encode("utf-8")).hexdigest()[:10]


def _comparable(paragraph: str) -> str:
    return re.sub(r"\s+", "", reading_form(paragraph))


def same_as_last_year(text: ReportText, last: ReportText | None) -> list[TextFinding]:
    """Paragraphs copied from last year's report; the whole text copied is an error (内容雷同, 30号文 (四))."""
    if last is None or last.empty or text.empty:
        return []
    # the contact part is the same every year by nature: not compared
    before = {_comparable(p) for _i, s in last.prose_sections() for p in s.paragraphs()}
    mine = [(si, s, p) for si, s in text.prose_sections() for p in s.paragraphs()]
    if [_comparable(p) for _si, _s, p in mine] == [_comparable(p) for _i, s in last.prose_sections()
                                                   for p in s.paragraphs()]:
        return [TextFinding(key=SAME_TEXT, rule=SAME_TEXT, severity="error", cells=(), values=(),
                            message="报告正文与上年报告完全相同：请按本年度的工作如实撰写（年度报告不得内容雷同）",
                            spot=Spot(0, 0, 0))]
    out = []
    for si, section, p in mine:
        flat = _comparable(p)
        if len(flat) < MIN_COMPARED or flat not in before:
            continue
        start = section.body.find(p)
        out.append(TextFinding(key=f"{SAME_PARAGRAPH}:{_digest(flat)}", rule=SAME_PARAGRAPH, severity="warning",
                               cells=(), values=(), quote=p[:60],
                               message=f"这一段与上年报告中的一段完全相同：“{p[:24]}…”，请核实是否照抄了上年",
                               spot=Spot(si, start, start + len(p))))
    return out


def text_findings(template: Template, text: ReportText, values: dict[str, Value],
                  last: ReportText | None = None) -> list[TextFinding]:
    return [*figure_findings(template, text, values), *same_as_last_year(text, last)]

