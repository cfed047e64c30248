"""What a template says about the report's text (its "report" part): the skeleton of headings, the phrases that
state a table figure, and the sentences 生成初稿 writes. Pure data checked on load. No Qt.

    "report": {
      "skeleton": [{"heading": "一、总体情况"}, {"heading": "（一）主动公开", "level": 2},
                   {"heading": "二、主动公开政府信息情况", "table": "t2"}, …],
      "figures": [{"id": "X1", "what": "主动公开政府信息", "says": ["主动公开(?:政府)?信息"], "value": "A1",
                   "units": ["条"]},
                  {"id": "X9", "what": "行政复议", "denies": ["(?:没有|未)(?:发生|收到)[^。；]{0,30}?行政复议"],
                   "value": "D"}],
      "draft": [{"section": "（一）主动公开", "sentences": [{"text": "本年度主动公开政府信息{A1}条{change A1}。"}]}]
    }

`says` are regular expressions (in Simplified) of the words before a number; the number may follow after a few
filler characters (共、为、达…) and must be followed by one of `units`. `denies` state that there was none of
something: the value must be 0. `value` is a cell or a sum of cells (`r1.zj + r2.zj`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# between the words and the number: a few characters that are not punctuation or digits ("共计", "数为", "达"), and
# the spaces a PDF or Word copy puts around a number ("结转下一年 32 件")
GAP = r"[^，,。；;：:、（）()\d]{0,6}?"
# 8547, 8,547, 1.2万 or 八千五百四十七; 万/千 after digits multiply ("1.2万件"; "125.6万元" is 125.6 in 万元)
NUMBER = r"(?P<n>\d[\d,，]*(?:\.\d+)?(?:\s*[万千](?!元))?|[〇零一二两三四五六七八九十百千万亿]+)"
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# in a `says` pattern: where the number stands with its unit ({N}) or alone ({n}: "申请件数为 741")
NUMBER_WITH_UNIT, NUMBER_ALONE = "{N}", "{n}"


@dataclass(frozen=True)
class HeadingSpec:
    heading: str
    level: int = 1
    table: str = ""  # a table of the form printed as this section
    fixed: bool = True  # False: a suggested heading the clerk may rewrite (the 2015 style's free headings)
    role: str = ""  # "contact": the report's publication and contact lines (model.core.text.CONTACT)


def unit_scale(unit: str) -> tuple[str, str]:
    """"元/10000" → ("元", "10000"): a figure stated in 元 of a cell kept in 万元; "万元" → ("万元", "1")."""
    name, _, divisor = unit.partition("/")
    return name, divisor or "1"


@dataclass(frozen=True)
class FigureSpec:
    id: str
    what: str  # how messages name it: "主动公开政府信息"
    value: str  # a cell or a sum of cells; "a | b": the text may mean either (共受理 = 新收, or 新收 + 上年结转)
    says: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    denies: tuple[str, ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.value.split("|"))

    def stated(self) -> re.Pattern[str] | None:
        """One pattern of every way the template says the figure: words before the number (the number after a
        short gap), or a whole phrase with {N}/{n} where the number stands ("收到{N}…申请")."""
        if not self.says:
            return None
        names = sorted({unit_scale(u)[0] for u in self.units}, key=len, reverse=True)
        with_unit = f"{NUMBER}\\s*(?P<u>{'|'.join(re.escape(u) for u in names)})"
        alone = f"{NUMBER}(?P<u>)"
        parts = []
        for k, say in enumerate(self.says):
            # each alternative has its own groups: renamed n0/u0, n1/u1… and read back by `number_of`
            if NUMBER_WITH_UNIT in say or NUMBER_ALONE in say:
                body = say.replace(NUMBER_WITH_UNIT, with_unit).replace(NUMBER_ALONE, alone)
            else:
                body = f"(?:{say})(?P<g>{GAP}\\s*){with_unit}"
            parts.append(body.replace("(?P<n>", f"(?P<n{k}>").replace("(?P<u>", f"(?P<u{k}>")
                         .replace("(?P<g>", f"(?P<g{k}>"))
        return re.compile("|".join(f"(?:{p})" for p in parts))

    def denial(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{d})" for d in self.denies)) if self.denies else None

    def scale_of(self, unit: str) -> str:
        """The divisor from the stated unit to the cells' own ("10000" for 元 of a 万元 cell)."""
        return next((d for u in self.units for name, d in [unit_scale(u)] if name == unit), "1")


def number_of(m: re.Match[str]) -> tuple[str, str]:
    """The number and unit texts of a `stated` match, whichever alternative matched."""
    for name, text in m.groupdict().items():
        if name.startswith("n") and text is not None:
            return text, m.group("u" + name[1:]) or ""
    return "", ""


def number_span(m: re.Match[str]) -> tuple[int, int]:
    """Where the figure's number stands in a `stated` match (the whole match when it has none)."""
    for name, text in m.groupdict().items():
        if name.startswith("n") and text is not None:
            return m.span(name)
    return m.span()


def gap_of(m: re.Match[str]) -> int:
    """How many characters between the words and the number the match left unexplained: of two phrases over the
    same words, the one that names more of them is the figure ("行政复议结果维持 40 件" is 维持, not 行政复议)."""
    return next((len(text) for name, text in m.groupdict().items() if name.startswith("g") and text is not None), 0)


@dataclass(frozen=True)
class DraftSentence:
    text: str  # with {cell + cell}, {a / b %} (a share), {change cell} (", 同比增长 x%" when last year is linked)
    when: str = ""  # a condition on the cells; the sentence is written only when it holds


@dataclass(frozen=True)
class DraftSpec:
    section: str  # the skeleton heading whose section receives the sentences
    sentences: tuple[DraftSentence, ...]


@dataclass(frozen=True)
class TextSpec:
    skeleton: tuple[HeadingSpec, ...] = ()
    figures: tuple[FigureSpec, ...] = ()
    draft: tuple[DraftSpec, ...] = ()
    year_on_year: tuple[str, ...] = ()  # the figures (ids) a 汇总 compares with last year, and charts
    # words before a figure, in its clause, that make it a part and not the table's figure ("区政府办代表区政府受理
    # …17 件": the office's own part of the district's 95): such a figure is left alone, counted as not checkable
    partial: tuple[str, ...] = ()
    # what a sentence of the contact part says ("电子版可在…下载", "如对本报告有疑问…联系", "邮编："): a report brought
    # in has such sentences taken out as its contact part
    contact: tuple[str, ...] = ()


def _strings(raw: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        return None
    return tuple(raw)


def placeholder_exprs(text: str) -> Iterable[str]:
    """The cell expressions inside a draft sentence's placeholders."""
    for m in PLACEHOLDER.finditer(text):
        inner = m.group(1).strip()
        if inner.startswith("change "):
            yield inner.removeprefix("change ")
        elif inner.endswith("%") and "/" in inner:
            yield from (part.strip() for part in inner.removesuffix("%").split("/", 1))
        else:
            yield inner


def parse_text_spec(raw: Any, cell_ids: Iterable[str], table_ids: Iterable[str],
                    fail: Callable[[str], Exception]) -> TextSpec:
    """The template's "report" part, checked: every regex compiles, every expression names known cells."""
    from model.core import expr  # expr imports values only

    if raw is None:
        return TextSpec()
    if not isinstance(raw, dict) or set(raw) - {"skeleton", "figures", "draft", "year_on_year", "partial",
                                                             "contact"}:
        raise fail("report 应为 {\"skeleton\": […], \"figures\": […], \"draft\": […], \"year_on_year\": […], "
                   "\"partial\": […], \"contact\": […]}")
    cells, tables = set(cell_ids), set(table_ids)

    def cells_ok(text: str, where: str, condition: bool = False) -> None:
        try:
            node = expr.parse(text) if condition else expr.parse_sum(text)
        except expr.ExprError as exc:
            raise fail(f"{where}: 表达式 {text!r} 有误（{exc}）") from exc
        unknown = [c for c in expr.cells_of(node) if c not in cells]
        if unknown:
            raise fail(f"{where}: 表达式 {text!r} 中没有这些格：{', '.join(unknown)}")

    skeleton = []
    for k, h in enumerate(raw.get("skeleton", []), 1):
        if not isinstance(h, dict) or not isinstance(h.get("heading", ""), str) or set(h) - {
                "heading", "level", "table", "fixed", "role"}:
            raise fail(f"report.skeleton 第 {k} 项应为 {{\"heading\": …, \"level\": …, \"table\": …}}")
        spec = HeadingSpec(str(h.get("heading", "")), h.get("level", 1), str(h.get("table", "")),
                           h.get("fixed", True) is True, str(h.get("role", "")))
        if spec.role not in ("", "contact") or (spec.role and (spec.heading or spec.table)):
            raise fail(f"report.skeleton 第 {k} 项: role 只能是 \"contact\"（联系方式，无标题、无表）")
        if spec.table and spec.table not in tables:
            raise fail(f"report.skeleton 第 {k} 项: 没有表 {spec.table!r}")
        if not isinstance(spec.level, int) or not 0 <= spec.level <= 3:
            raise fail(f"report.skeleton 第 {k} 项: level 应为 0–3")
        skeleton.append(spec)
    figures = []
    ids: set[str] = set()
    for f in raw.get("figures", []):
        fid = str(f.get("id", "")) if isinstance(f, dict) else ""
        if not fid or fid in ids:
            raise fail(f"report.figures: 每项需要不重复的 id（{fid!r}）")
        ids.add(fid)
        says, units, denies = (_strings(f.get(k, [])) for k in ("says", "units", "denies"))
        if says is None or units is None or denies is None or not (says or denies) or (says and not units):
            raise fail(f"report.figures {fid}: says（及 units）或 denies 应为非空的文字列表")
        if not isinstance(f.get("what"), str) or not isinstance(f.get("value"), str):
            raise fail(f"report.figures {fid}: 需要 what 和 value")
        spec_f = FigureSpec(fid, f["what"], f["value"], says, units, denies)
        for alternative in spec_f.alternatives:
            cells_ok(alternative, f"report.figures {fid}")
        try:
            spec_f.stated()
            spec_f.denial()
        except re.error as exc:
            raise fail(f"report.figures {fid}: 正则表达式有误（{exc}）") from exc
        figures.append(spec_f)
    headings = {h.heading for h in skeleton}
    draft = []
    for d in raw.get("draft", []):
        if not isinstance(d, dict) or d.get("section") not in headings or not isinstance(d.get("sentences"), list):
            shown = d.get("section") if isinstance(d, dict) else d
            raise fail(f"report.draft: section 应为 skeleton 中的标题（{shown!r}）")
        sentences = []
        for s in d["sentences"]:
            if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not isinstance(s.get("when", ""), str):
                raise fail(f"report.draft {d['section']}: 句子应为 {{\"text\": …, \"when\": …}}")
            for e in placeholder_exprs(s["text"]):
                cells_ok(e, f"report.draft {d['section']}")
            if s.get("when"):
                cells_ok(s["when"], f"report.draft {d['section']}", condition=True)
            sentences.append(DraftSentence(s["text"], s.get("when", "")))
        draft.append(DraftSpec(d["section"], tuple(sentences)))
    compared = _strings(raw.get("year_on_year", []))
    if compared is None or set(compared) - ids:
        raise fail(f"report.year_on_year 应为 figures 中的 id：{sorted(set(compared or ()) - ids)}")
    partial, contact = (_patterns(raw, key, fail) for key in ("partial", "contact"))
    return TextSpec(tuple(skeleton), tuple(figures), tuple(draft), compared, partial, contact)


def _patterns(raw: dict[str, Any], key: str, fail: Callable[[str], Exception]) -> tuple[str, ...]:
    patterns = _strings(raw.get(key, []))
    if patterns is None:
        raise fail(f"report.{key} 应为正则表达式的列表")
    try:
        for p in patterns:
            re.compile(p)
    except re.error as exc:
        raise fail(f"report.{key}: 正则表达式有误（{exc}）") from exc
    return patterns
