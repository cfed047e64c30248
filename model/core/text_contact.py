"""The report's contact part found in a text brought in: where the report is published and whom to ask ("本报告电子版
可在…下载。如对本报告有疑问，请与…联系（地址：…；邮编：…；电话：…）"). No Qt.

Offices write these lines at the end of the opening paragraph, as a paragraph of their own under it, or at the end of
the report. The sentences the template's `report.contact` patterns recognise, running to the end of the opening
section or of the last text section, become a contact section placed right after the section they ended: the
reading order stays as written; only a paragraph they shared with other sentences is broken before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from model.core.templates import Template
from model.core.text import CONTACT, ReportText, Section, sentence_spans
from model.core.text_check import reading_form


@dataclass(frozen=True)
class ContactFound:
    text: ReportText
    split: bool  # a paragraph was broken before its contact sentences


def _is_contact(sentence: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    flat = reading_form(sentence)
    return any(p.search(flat) for p in patterns)


def _trailing_contact(body: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[str, str, bool]:
    """The body before its trailing contact sentences, those sentences (one paragraph per paragraph of the body),
    and whether a paragraph was broken between the two."""
    paragraphs = [p for p in (line.strip() for line in body.split("\n")) if p]
    kept: list[str] = list(paragraphs)
    taken: list[str] = []
    split = False
    while kept:
        last = kept[-1]
        spans = list(sentence_spans(last))
        k = len(spans)
        while k > 0 and _is_contact(last[spans[k - 1][0]:spans[k - 1][1]], patterns):
            k -= 1
        if k == len(spans):
            break
        cut = spans[k][0] if k < len(spans) else 0
        taken.insert(0, last[cut:].strip())
        kept.pop()
        if cut:
            kept.append(last[:cut].strip())
            split = True
            break
    return "\n".join(kept), "\n".join(taken), split


def contact_part(text: ReportText, template: Template) -> ContactFound:
    """`text` with its contact sentences as a contact section (unchanged when it has one or none is found)."""
    patterns = tuple(re.compile(p) for p in template.text.contact)
    if not patterns or any(s.role == CONTACT for s in text.sections):
        return ContactFound(text, False)
    prose = [i for i, s in text.prose_sections()]
    if not prose:
        return ContactFound(text, False)
    opening = prose[0] if not text.sections[prose[0]].heading else None
    for i in dict.fromkeys(k for k in (opening, prose[-1]) if k is not None):
        section = text.sections[i]
        kept, taken, split = _trailing_contact(section.body, patterns)
        if not taken:
            continue
        contact = Section(heading="", level=0, role=CONTACT, body=taken)
        items = list(text.sections)
        if kept or section.heading or section.table:
            items[i] = replace(section, body=kept)
            items.insert(i + 1, contact)
        else:
            items[i] = contact  # the opening was nothing but the contact lines
        return ContactFound(ReportText(tuple(items)), split)
    return ContactFound(text, False)
