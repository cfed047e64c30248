"""Simplified → Traditional conversion of the app's own texts, driven by resources/s2t.json. No Qt.

Template labels have hand-written Traditional text (Text.get); this is for everything else the clerk reads:
menus, messages, rule messages, the fixed words of the PDF and the workbook. Longest phrase first, then
character by character; what the table does not know is kept as it is (Latin, digits, user text untouched
only because callers never pass user text here).
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from model.core.templates import HANT
from resources import path as resource_path


@cache
def _table() -> tuple[dict[str, str], dict[str, str], int]:
    raw = json.loads(resource_path("s2t.json").read_text(encoding="utf-8"))
    phrases: dict[str, str] = raw["phrases"]
    return raw["chars"], phrases, max(map(len, phrases), default=1)


@lru_cache(maxsize=4096)  # the same labels and messages come back on every repaint and every cell
def to_hant(text: str) -> str:
    """`复制单元格` → `複製單元格`."""
    chars, phrases, longest = _table()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            hit = phrases.get(text[i : i + size])
            if hit is not None:
                out.append(hit)
                i += size
                break
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return "".join(out)


@cache
def t2s_pairs() -> dict[int, str]:
    """Traditional → Simplified, one character each (str.translate table), from the app's own table."""
    chars, _phrases, _longest = _table()
    out: dict[int, str] = {}
    for hans, hant in chars.items():
        if len(hant) == 1 and hant != hans:
            out.setdefault(ord(hant), hans)
    return out


def traditional_chars() -> frozenset[str]:
    """Every character the conversion can write (its single characters and its phrases): what a 繁體 print of the
    app's own texts may need."""
    chars, phrases, _longest = _table()
    return frozenset("".join(chars.values()) + "".join(phrases.values()))


def to_hans(text: str) -> str:
    """Traditional → Simplified, character by character: for reading a clerk's text (the seed is Traditional),
    never for showing it. Each character stays one character, so offsets into the text still hold."""
    return text.translate(t2s_pairs())


def in_script(text: str, script: str) -> str:
    """`text` (written in Simplified) as shown in `script`."""
    return to_hant(text) if script == HANT else text
