"""Cell values: parsing what clerks type or paste, and formatting for display. No Qt."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Final, Union


class NotApplicable(Enum):
    """The "/" a clerk writes for "nothing to report"; counts as 0 in sums. One member, so that type checkers
    narrow `value is NA` as they do `value is None`."""

    NA = "/"

    def __repr__(self) -> str:
        return "NA"


NA: Final = NotApplicable.NA

Number = Union[int, Decimal]
Value = Union[int, Decimal, NotApplicable, None]

INTEGER = "integer"
DECIMAL = "decimal"
MAX_DECIMAL_PLACES = 4  # 1 元 = 0.0001 万元
_NA_TEXTS = frozenset({"/", "—", "——", "-", "–", "－", "\\"})
# ASCII digits only: NFKC already maps full-width digits, and `\d` would also admit Arabic-Indic or Devanagari ones.
_PLAIN = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_MAX_DIGITS = 15
_SHOWN_CHARS = 12  # a bad value is quoted by at most this many characters: a pasted paragraph is not repeated
# Compatibility forms NFKC may fold into a digit or a point only where the clerk's IME typed them: full-width
# (<wide>) and half-width (<narrow>) forms, and the ideographic space. A superscript "²", a circled "③" or a "⒈"
# is a footnote mark or a list number, never part of a figure.
_FOLDABLE = ("<wide>", "<narrow>")
_INNER_SPACE = re.compile(r"[0-9.,]\s+[0-9.,]")


class ValueParseError(ValueError):
    """A typed value that cannot be stored; str() is a Chinese reason without the cell name."""


def shown(text: object) -> str:
    """A clerk's value as a message quotes it: stripped, and cut to a short prefix."""
    s = " ".join(str(text).split())
    return s if len(s) <= _SHOWN_CHARS else s[:_SHOWN_CHARS] + "…"


def normalize_text(text: str) -> str:
    """Full-width digits and punctuation to ASCII, whitespace removed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("，", ",").replace("。", ".")
    return "".join(ch for ch in text if not ch.isspace())


def _strictness_problem(raw: str) -> str | None:
    """Why a text is not one plain figure although folding would make it look like one."""
    for ch in raw:
        if ch.isascii() or ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if unicodedata.category(ch) == "No" or (
            folded != ch and any(c.isdigit() for c in folded)
            and not unicodedata.decomposition(ch).startswith(_FOLDABLE)
        ):
            return f"含有上标、下标或带圈等特殊数字“{ch}”（可能是注释标记），请只填数字"
    if _INNER_SPACE.search(unicodedata.normalize("NFKC", raw).strip()):
        return "数字中间有空格或换行，请确认是一个数（不要把两个数或注释标记连在一起）"
    return None


def parse_value(text: str | int | float | Decimal | None, kind: str, allow_na: bool = True) -> Value:
    """Parse one cell as a clerk typed it: `８５４７`, `8,547`, ` 12 `, `/`; raise ValueParseError otherwise."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueParseError(f"'{text}' 不是数字")
    if isinstance(text, int):
        return _checked(Decimal(text), kind, str(text))
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ValueParseError(f"'{text}' 不是数字")
        return _checked(Decimal(repr(text)), kind, repr(text))
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ValueParseError(f"'{text}' 不是数字")
        return _checked(text, kind, str(text))
    raw = str(text)
    s = normalize_text(raw)
    if s == "":
        return None
    problem = _strictness_problem(raw)
    if problem:
        raise ValueParseError(f"'{shown(raw)}' {problem}")
    if s in _NA_TEXTS:
        if not allow_na:
            raise ValueParseError("此处不能填“/”，没有数据请填 0")
        return NA
    negative = s.startswith("-") and len(s) > 1
    body = s[1:] if negative else s
    if _GROUPED.fullmatch(body):
        body = body.replace(",", "")
    elif not _PLAIN.fullmatch(body):
        if "," in body and re.fullmatch(r"[0-9,]+(\.[0-9]+)?", body):
            raise ValueParseError(f"'{shown(raw)}' 的千位分隔符位置不对")
        raise ValueParseError(f"'{shown(raw)}' 不是数字")
    if len(body.replace(".", "")) > _MAX_DIGITS:
        raise ValueParseError(f"'{shown(raw)}' 位数太多")
    try:
        number = Decimal(body)
    except InvalidOperation as exc:  # pragma: no cover - regexes already rule this out
        raise ValueParseError(f"'{shown(raw)}' 不是数字") from exc
    return _checked(-number if negative else number, kind, shown(raw))


def _checked(number: Decimal, kind: str, shown: str) -> Number:
    if number.adjusted() >= _MAX_DIGITS:
        raise ValueParseError(f"'{shown}' 位数太多")
    if number < 0:
        raise ValueParseError(f"'{shown}' 是负数，统计数不能小于 0")
    if kind == INTEGER:
        if number != number.to_integral_value():
            raise ValueParseError(f"'{shown}' 不是整数，本项应填整数")
        return int(number)
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > MAX_DECIMAL_PLACES:
        raise ValueParseError(f"'{shown}' 小数位太多，最多 {MAX_DECIMAL_PLACES} 位（1 元 = 0.0001 万元）")
    return number.normalize() if places else Decimal(int(number))


def as_number(value: Value) -> Number:
    """The value used in arithmetic; "/" counts as 0. Blank must be handled by the caller."""
    if value is None or value is NA:
        return 0
    assert isinstance(value, (int, Decimal))
    return value


def format_value(value: Value, kind: str = INTEGER, places: int = 2) -> str:
    """Text shown in a cell: blank, "/", an integer, or 万元 with `places` decimals (more if stored)."""
    if value is None:
        return ""
    if value is NA:
        return "/"
    if kind == DECIMAL or isinstance(value, Decimal):
        d = Decimal(value)
        exponent = d.normalize().as_tuple().exponent
        stored = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return f"{d:.{max(places, stored)}f}"
    return str(value)


def published_value(value: Value, kind: str = INTEGER) -> str:
    """A figure as published reports print it: 0 as 0, an amount with the decimals the clerk gave (125.6, 125.60),
    not padded to two places as the grid and the signed form show it."""
    if kind == DECIMAL and isinstance(value, (int, Decimal)):  # not None, not "/"
        d = Decimal(value)
        if d == 0:
            return "0"
        exponent = d.as_tuple().exponent
        return f"{d:.{-exponent if isinstance(exponent, int) and exponent < 0 else 0}f}"
    return format_value(value, kind)


def format_number(number: Number) -> str:
    """A number inside a message: integers plain, decimals without trailing zeros."""
    if isinstance(number, Decimal):
        n = number.normalize()
        return f"{n:f}" if n != n.to_integral_value() else str(int(n))
    return str(number)


def to_json(value: Value) -> int | str | None:
    """Stored form: integers as numbers, 万元 as exact strings, "/" as "/"."""
    if value is None:
        return None
    if value is NA:
        return "/"
    if isinstance(value, Decimal):
        return format_number(value)
    return value
