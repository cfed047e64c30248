"""Pinyin initials of the forms' labels, for 查找 by initials ("ysq" finds 依申请公开). No Qt.

The table (resources/pinyin_initials.json, made by resources/pinyin_build.py) holds every reading's first letter
of each character the templates use; a character with several readings (行: x, h) matches any of them.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from resources import path as resource_path


@cache
def _table() -> dict[str, str]:
    raw = json.loads(resource_path("pinyin_initials.json").read_text(encoding="utf-8"))
    return dict(raw["initials"])


def is_initials(query: str) -> bool:
    """Two or more Latin letters: what a clerk types for initials."""
    q = query.strip()
    return len(q) >= 2 and q.isascii() and q.isalpha()


@lru_cache(maxsize=4096)
def _letters(text: str) -> tuple[str, ...]:
    table = _table()
    return tuple(table[ch] for ch in text if ch in table)


def matches_initials(text: str, query: str) -> bool:
    """Whether the initials of `text`'s characters hold `query` as a run ("sqs" in 收到申请数)."""
    q = query.strip().lower()
    letters = _letters(text)
    return any(all(q[j] in letters[i + j] for j in range(len(q))) for i in range(len(letters) - len(q) + 1))
