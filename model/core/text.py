"""The report's text: headed sections of paragraphs, as the 年度报告 prints them around its tables. No Qt.

A section is a heading and a body; the body's lines are its paragraphs. A section whose heading comes from the
template's skeleton is `fixed`: its heading is stored in Simplified and shown in the chosen script (简/繁), and the
clerk cannot rename it; other headings (the 2015 style's free ones, a report brought in from Word) are the clerk's
own words, shown as written. A section may also stand for one of the form's tables (`table`: its id), which the
report prints there (the 2021 format's 二、三、四).

Paragraphs written by 生成初稿 are remembered by their text (`generated`): one the clerk edits is theirs from then on.

A section may also be the report's contact part (`role` CONTACT: where the report is published and whom to ask,
"本报告电子版可在…下载。如对本报告有疑问，请与…联系（地址：…；电话：…）"): printed where it stands, without a heading,
and not read for the table's figures (telephone numbers, 邮编) nor compared with last year's text (it is the same
every year by nature).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from model.core.script import in_script
from model.core.templates import Template

REPORT_TITLE = "{unit}{year}年政府信息公开工作年度报告"
CONTACT = "contact"
ROLES = ("", CONTACT)
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")


@dataclass(frozen=True)
class Section:
    heading: str = ""  # "" for text without a heading (the opening paragraph, a closing word)
    body: str = ""  # paragraphs, one per line
    level: int = 1  # 1 for 一、…, 2 for （一）…; 0 for a section without heading
    fixed: bool = False  # the heading is the format's (Simplified, converted for 繁體), not the clerk's
    table: str = ""  # the id of the template table printed as this section, "" for text
    generated: tuple[str, ...] = ()  # paragraphs as 生成初稿 wrote them (a paragraph edited since is the clerk's)
    role: str = ""  # CONTACT for the publication and contact lines; "" for the report's text

    def paragraphs(self) -> list[str]:
        return [p for p in (line.strip() for line in self.body.split("\n")) if p]

    def shown_heading(self, script: str) -> str:
        return in_script(self.heading, script) if self.fixed else self.heading

    def is_generated(self, paragraph: str) -> bool:
        return paragraph.strip() in self.generated


@dataclass(frozen=True)
class ReportText:
    sections: tuple[Section, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(s.body.strip() for s in self.sections)

    def with_section(self, index: int, section: Section) -> ReportText:
        items = list(self.sections)
        items[index] = section
        return ReportText(tuple(items))

    def text_sections(self) -> Iterator[tuple[int, Section]]:
        return ((i, s) for i, s in enumerate(self.sections) if not s.table)

    def prose_sections(self) -> Iterator[tuple[int, Section]]:
        """The text sections that report the year's work: without the contact part."""
        return ((i, s) for i, s in self.text_sections() if s.role != CONTACT)


@dataclass(frozen=True)
class Spot:
    """Where a phrase stands: section index and character offsets into that section's body."""

    section: int
    start: int
    end: int


def report_title(unit: str, year: int, script: str) -> str:
    return in_script(REPORT_TITLE, script).format(unit=unit.strip(), year=year)


def tables_after_text(text: ReportText, template: Template) -> list[str]:
    """The tables no section of the text places, printed after it (the 2015 style, or a report whose text names
    none of the format's table sections)."""
    placed = {s.table for s in text.sections if s.table}
    return [t.id for t in template.tables if t.id not in placed]


def skeleton(template: Template) -> ReportText:
    """The empty report of a format: its fixed headings (and its tables where the format puts them)."""
    return ReportText(tuple(Section(heading=h.heading, level=h.level, fixed=h.fixed, table=h.table, role=h.role)
                            for h in template.text.skeleton))


def text_or_skeleton(text: ReportText, template: Template) -> ReportText:
    """What the report view shows: the document's text, or the format's skeleton while there is none."""
    return text if text.sections else skeleton(template)


def sentence_spans(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a body: ends at 。；！？ and at the end of each paragraph."""
    pos = 0
    for line in body.split("\n"):
        start = pos
        for part in _SENTENCE_END.split(line):
            if part.strip():
                yield start, start + len(part)
            start += len(part)
        pos += len(line) + 1


def sentence_at(body: str, offset: int) -> tuple[int, int]:
    """The span of the sentence holding `offset`."""
    for start, end in sentence_spans(body):
        if start <= offset < end:
            return start, end
    return offset, offset


def to_json(text: ReportText) -> dict[str, Any]:
    out = []
    for s in text.sections:
        item: dict[str, Any] = {"heading": s.heading, "level": s.level, "body": s.body}
        if s.fixed:
            item["fixed"] = True
        if s.table:
            item["table"] = s.table
        if s.generated:
            item["generated"] = list(s.generated)
        if s.role:
            item["role"] = s.role
        out.append(item)
    return {"sections": out}


class TextFormatError(ValueError):
    """The "report" part of a native file is not what this tool writes (the message is Chinese)."""


def from_json(raw: Any) -> ReportText:
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), list):
        raise TextFormatError("“report”应为 {\"sections\": [...]}")
    sections = []
    for k, item in enumerate(raw["sections"], 1):
        if not isinstance(item, dict):
            raise TextFormatError(f"报告正文第 {k} 部分不是对象")
        heading, body, level = item.get("heading", ""), item.get("body", ""), item.get("level", 1)
        table, generated, role = item.get("table", ""), item.get("generated", []), item.get("role", "")
        if not (isinstance(heading, str) and isinstance(body, str) and isinstance(table, str)):
            raise TextFormatError(f"报告正文第 {k} 部分的标题、正文或表应为文字")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 3:
            raise TextFormatError(f"报告正文第 {k} 部分的 level 应为 0–3")
        if not isinstance(generated, list) or not all(isinstance(g, str) for g in generated):
            raise TextFormatError(f"报告正文第 {k} 部分的 generated 应为文字列表")
        if role not in ROLES:
            raise TextFormatError(f"报告正文第 {k} 部分的 role 应为 “{CONTACT}” 或不写")
        sections.append(Section(heading=heading, body=body.replace("\r\n", "\n").replace("\r", "\n"), level=level,
                                fixed=item.get("fixed") is True, table=table, generated=tuple(generated),
                                role=role))
    return ReportText(tuple(sections))


def edited(section: Section, body: str) -> Section:
    """The section with a new body; generated paragraphs no longer in it are forgotten."""
    kept = {p.strip() for p in body.split("\n")}
    return replace(section, body=body, generated=tuple(g for g in section.generated if g in kept))

