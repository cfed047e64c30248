"""The one text-cleaning step at the borders: what comes in from a file or the clipboard, and what goes out to a
file, holds no character that a reader cannot open or that prints differently from how it checks. No Qt.

- lone surrogates (a broken JSON export, a bad copy) cannot be written as UTF-8 at all: removed (not replaced by
  U+FFFD, which no print font has: the copy would be a draft while --check says 定稿), the message says so;
- control characters other than tab and line breaks, and the noncharacters U+FFFE/U+FFFF…, are illegal in XML
  (.docx, .xlsx) and errors in HTML: removed; Word's manual line break (U+000B, as it pastes) and the page break
  (U+000C) become a line break;
- bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), directional marks and zero-width characters are
  invisible, no print font has them, and they can make a name look like another: removed, so that 定稿 means the
  same in --check, in print and on the screen.

`clean_text` does one string; `clean_document` does every text of a document in place and returns one message
naming what was removed and where ("" when nothing was). The sections of a native file kept as read (汇总
provenance, a newer version's fields) are JSON, written back as read; where they are printed (the 汇总表) the
writer cleans each text with `printable`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from model.core.document import UNIT_LABELS, Document
from model.core.text import ReportText

_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"  # become "\n" in text that has lines, a space in a one-line field
_INVISIBLE = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
              "\u2066\u2067\u2068\u2069\ufeff\u00ad")
# one pass over the text: the characters to look at (everything else is kept as it is); a text of lines keeps "\n"
_BAD = ("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _INVISIBLE
        + "\u2028\u2029]|[\U0001fffe-\U0010ffff]")
_IN_TEXT = re.compile("\r\n?|" + _BAD)
_IN_LINE = re.compile("\r\n?|\n|" + _BAD)

KIND_WORDS = {
    "surrogate": "残缺的字符（半个代理项对）",
    "control": "控制字符",
    "noncharacter": "非字符",
    "invisible": "看不见的方向或零宽字符",
    "break": "换行符、分页符或手动换行符（已换成换行，单行的栏目里换成空格）",
}


def _kind(ch: str) -> str | None:
    """Why a suspect character goes, or None when it stays (a supplementary-plane character that is fine)."""
    o = ord(ch)
    if 0xD800 <= o <= 0xDFFF:
        return "surrogate"
    if ch in _LINE_BREAKS:
        return "break"
    if ch in _INVISIBLE:
        return "invisible"
    if 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE:
        return "noncharacter"
    if unicodedata.category(ch) == "Cc":
        return "control"
    return None


def clean_text(text: str, lines: bool = True) -> tuple[str, Counter[str]]:
    """The text without what no reader opens, and how many characters of each kind went. `lines`: the text may
    hold line breaks (a report body); otherwise (a name, a heading) a break becomes a space."""
    found: Counter[str] = Counter()
    pattern = _IN_TEXT if lines else _IN_LINE
    if not pattern.search(text):
        return text, found

    def swap(m: re.Match[str]) -> str:
        ch = m.group()
        if ch[0] in "\r\n":  # a line end of any convention: "\n" in text, a space (said) in a one-line field
            if lines:
                return "\n"
            found["break"] += 1
            return " "
        kind = _kind(ch)
        if kind is None:
            return ch
        found[kind] += 1
        if kind == "break":
            return "\n" if lines else " "
        return ""

    return pattern.sub(swap, text), found


def printable(text: str, lines: bool = True) -> str:
    """The cleaned text alone: what every writer puts into its file."""
    return clean_text(text, lines)[0]


def _describe(found: Counter[str]) -> str:
    return "、".join(f"{n} 个{KIND_WORDS[k]}" for k, n in sorted(found.items(), key=lambda kv: -kv[1]))


def clean_document(doc: Document) -> str:
    """Clean every text of `doc` in place; one message naming what went where, or "" when the document was clean."""
    places: list[str] = []
    for key, label in UNIT_LABELS.items():
        value, found = clean_text(getattr(doc.unit, key), lines=False)
        if found:
            setattr(doc.unit, key, value)
            places.append(f"{label}：{_describe(found)}")
    for key, j in list(doc.justifications.items()):
        reason, found = clean_text(j.reason)
        if reason != j.reason:  # line ends of another convention are made "\n" without a word
            doc.justifications[key] = replace(j, reason=reason)
        if found:
            places.append(f"说明理由：{_describe(found)}")
    sections = []
    for section in doc.text.sections:
        heading, hc = clean_text(section.heading, lines=False)
        body, bc = clean_text(section.body)
        changed = heading != section.heading or body != section.body  # line ends made "\n" without a word
        sections.append(replace(section, heading=heading, body=body) if changed else section)
        if hc + bc:
            places.append(f"报告正文“{section.heading or '开头'}”：{_describe(hc + bc)}")
    doc.text = ReportText(tuple(sections))
    if not places:
        return ""
    return "已去掉无法保存或打印的字符——" + "；".join(places) + "。"


def writable(doc: Document) -> Document:
    """The document as every writer writes it: `doc` itself when clean (the usual case), else a cleaned copy, so
    an export never changes the clerk's document."""
    copy = replace(doc, unit=replace(doc.unit), justifications=dict(doc.justifications), notes=[])
    clean_document(copy)
    same = copy.unit == doc.unit and copy.justifications == doc.justifications and copy.text == doc.text
    return doc if same else copy
