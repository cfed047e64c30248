"""生成初稿: sentences a clerk would write for the sections the table determines, from the template's "draft" data:
counts, shares ("占 66.5%") and, when last year is linked, the change on last year ("同比增长 13.9%"). No Qt.

The sentences are marked as generated (Section.generated) until the clerk edits them; the clerk's own paragraphs
are kept unless the clerk chose to replace them (`apply_draft(..., replace_own=True)`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from model.core import expr
from model.core.document import Document
from model.core.text import ReportText, Section, text_or_skeleton
from model.core.text_spec import PLACEHOLDER
from model.core.values import NA, Number, Value, format_number


def _numbers(values: dict[str, Value]) -> dict[str, Number]:
    out: dict[str, Number] = {}
    for c, v in values.items():
        if v is NA:
            out[c] = 0
        elif isinstance(v, (int, Decimal)):
            out[c] = v
    return out


def _percent(part: Number, whole: Number) -> str:
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_number(share)}%"


class _MissingError(Exception):
    """A sentence names a cell that is blank: it is not written (a draft never states a figure the table lacks)."""


def _fill(text: str, now: dict[str, Number], before: dict[str, Number], linked: bool) -> str:
    def value(e: str, values: dict[str, Number]) -> Number:
        node = expr.parse_sum(e)
        if any(c not in values for c in expr.cells_of(node)):
            raise _MissingError(e)
        return expr.value_of(node, values)

    def one(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if inner.startswith("change "):
            e = inner.removeprefix("change ")
            if not linked:
                return ""
            try:
                old = value(e, before)
            except _MissingError:
                return ""
            new = value(e, now)
            if old == 0:
                return ""
            if new == old:
                return "，与上年持平"
            word = "增长" if new > old else "下降"
            change: Number = new - old if new > old else old - new
            return f"，同比{word}{_percent(change, old)}"
        if inner.endswith("%") and "/" in inner:
            part, whole = (x.strip() for x in inner.removesuffix("%").split("/", 1))
            total = value(whole, now)
            return _percent(value(part, now), total) if total else "0%"
        return format_number(value(inner, now))

    return PLACEHOLDER.sub(one, text)


def draft_paragraphs(doc: Document) -> dict[str, list[str]]:
    """Per skeleton heading, the sentences the table gives (one paragraph per section)."""
    now = _numbers(doc.values)
    linked = doc.previous is not None and bool(doc.previous.values)
    before = _numbers(doc.previous.values) if doc.previous is not None else {}
    out: dict[str, list[str]] = {}
    for spec in doc.template.text.draft:
        sentences = []
        for s in spec.sentences:
            try:
                if s.when:
                    cond = expr.parse(s.when)
                    if any(c not in now for c in expr.cells_of(cond)) or not expr.holds(cond, now):
                        continue
                sentences.append(_fill(s.text, now, before, linked))
            except _MissingError:
                continue
        if sentences:
            out[spec.section] = ["".join(sentences)]
    return out


def own_words(text: ReportText, headings: list[str]) -> list[str]:
    """The drafted sections that already hold the clerk's own paragraphs (to ask before replacing them)."""
    return [s.heading for s in text.sections if s.heading in headings
            and any(not s.is_generated(p) for p in s.paragraphs())]


def apply_draft(doc: Document, drafts: dict[str, list[str]], replace_own: bool = False) -> ReportText:
    """The document's text with the drafted paragraphs: a section's earlier generated paragraphs are replaced; the
    clerk's own stay after the new ones unless `replace_own`."""
    text = text_or_skeleton(doc.text, doc.template)
    sections: list[Section] = []
    for s in text.sections:
        new = drafts.get(s.heading) if s.heading else None
        if new is None:
            sections.append(s)
            continue
        own = [] if replace_own else [p for p in s.paragraphs() if not s.is_generated(p)]
        sections.append(replace(s, body="\n".join([*new, *own]), generated=tuple(new)))
    return ReportText(tuple(sections))
