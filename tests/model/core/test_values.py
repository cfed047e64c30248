"""Parsing what clerks type into a cell, and showing it back: examples and properties."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from model.core.values import (
    DECIMAL,
    INTEGER,
    NA,
    ValueParseError,
    format_value,
    parse_value,
    to_json,
)

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("８５４７", INTEGER, 8547),
        ("8,547", INTEGER, 8547),
        ("８，５４７", INTEGER, 8547),
        ("1,234,567", INTEGER, 1234567),
        ("  12 ", INTEGER, 12),
        ("\u300012\u3000", INTEGER, 12),  # ideographic spaces from a Chinese IME
        ("0", INTEGER, 0),
        ("007", INTEGER, 7),
        ("2.0", INTEGER, 2),
        ("2", DECIMAL, Decimal(2)),
        ("2.50", DECIMAL, Decimal("2.5")),
        ("0.0001", DECIMAL, Decimal("0.0001")),
        ("1,234.5678", DECIMAL, Decimal("1234.5678")),
        ("１２．５", DECIMAL, Decimal("12.5")),
        ("12。5", DECIMAL, Decimal("12.5")),
        (".5", DECIMAL, Decimal("0.5")),
        ("/", INTEGER, NA),
        ("／", INTEGER, NA),
        ("—", INTEGER, NA),
        ("——", DECIMAL, NA),
        ("-", INTEGER, NA),
        ("", INTEGER, None),
        ("   ", DECIMAL, None),
        (None, INTEGER, None),
        (17, INTEGER, 17),
        (2.5, DECIMAL, Decimal("2.5")),
        (Decimal("3.00"), DECIMAL, Decimal(3)),
    ],
)
def test_accepted_input(text: object, kind: str, expected: object) -> None:
    got = parse_value(text, kind)  # type: ignore[arg-type]
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("八十", INTEGER, "'八十' 不是数字"),
        ("12件", INTEGER, "'12件' 不是数字"),
        ("1e5", INTEGER, "'1e5' 不是数字"),
        ("٣", INTEGER, "'٣' 不是数字"),  # Arabic-Indic digit: not what a clerk types, refuse
        ("2.5", INTEGER, "'2.5' 不是整数，本项应填整数"),
        ("-3", INTEGER, "'-3' 是负数，统计数不能小于 0"),
        ("－3", INTEGER, "是负数"),
        ("0.12345", DECIMAL, "'0.12345' 小数位太多，最多 4 位（1 元 = 0.0001 万元）"),
        ("85,47", INTEGER, "'85,47' 的千位分隔符位置不对"),
        ("1" * 16, INTEGER, "位数太多"),
        (10**20, INTEGER, "位数太多"),
        (True, INTEGER, "不是数字"),
        (float("nan"), DECIMAL, "不是数字"),
        (Decimal("Infinity"), DECIMAL, "不是数字"),
        ("1.2.3", DECIMAL, "不是数字"),
        # footnote marks and list numbers are never folded into a figure
        ("10²", INTEGER, "'10²' 含有上标、下标或带圈等特殊数字“²”"),
        ("10₂", INTEGER, "特殊数字“₂”"),
        ("③12", INTEGER, "特殊数字“③”"),
        ("⑴", INTEGER, "特殊数字“⑴”"),
        ("⒈5", DECIMAL, "特殊数字“⒈”"),
        ("𝟏2", INTEGER, "特殊数字“𝟏”"),
        ("½", DECIMAL, "特殊数字“½”"),
        ("12 34", INTEGER, "'12 34' 数字中间有空格或换行"),
        ("8 547", INTEGER, "数字中间有空格"),
        ("12\t34", INTEGER, "数字中间有空格"),
        ("12\n34", INTEGER, "数字中间有空格"),
        ("１２　３４", INTEGER, "数字中间有空格"),
        ("1.5 0", DECIMAL, "数字中间有空格"),
        ("这是一段很长的说明文字而不是数字" * 5, INTEGER, "'这是一段很长的说明文字而…' 不是数字"),
    ],
)
def test_refused_input_is_a_typed_error_with_a_chinese_reason(text: object, kind: str, reason: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(text, kind)  # type: ignore[arg-type]
    assert reason in str(info.value)


def test_slash_refused_where_the_template_does_not_allow_it() -> None:
    with pytest.raises(ValueParseError, match="没有数据请填 0"):
        parse_value("/", INTEGER, allow_na=False)


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (None, INTEGER, ""),
        (NA, INTEGER, "/"),
        (8547, INTEGER, "8547"),
        (0, INTEGER, "0"),
        (Decimal(2), DECIMAL, "2.00"),
        (Decimal("2.5"), DECIMAL, "2.50"),
        (Decimal("0.1234"), DECIMAL, "0.1234"),  # stored places are never hidden
        (0, DECIMAL, "0.00"),
    ],
)
def test_format_value(value: object, kind: str, shown: str) -> None:
    assert format_value(value, kind) == shown  # type: ignore[arg-type]


def test_to_json_keeps_decimals_exact() -> None:
    assert to_json(Decimal("0.1000")) == "0.1"
    assert to_json(Decimal("125.6")) == "125.6"
    assert to_json(7) == 7 and to_json(NA) == "/" and to_json(None) is None


# --- properties ------------------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**15 - 1)
money = st.decimals(min_value=0, max_value=10**10, places=4, allow_nan=False, allow_infinity=False)
spaces = st.text(alphabet=" \t\u3000\u00a0", max_size=3)


@given(n=counts, left=spaces, right=spaces)
def test_integers_in_every_spelling_a_clerk_uses(n: int, left: str, right: str) -> None:
    for text in (str(n), f"{n:,}", str(n).translate(FULL_WIDTH), f"{n:,}".translate(FULL_WIDTH)):
        assert parse_value(left + text + right, INTEGER) == n


@given(d=money)
def test_money_up_to_four_places_is_stored_exactly_and_shown_with_at_least_two(d: Decimal) -> None:
    parsed = parse_value(str(d), DECIMAL)
    assert parsed == d
    shown = format_value(parsed, DECIMAL)
    assert re.fullmatch(r"\d+\.\d{2,4}", shown)
    assert parse_value(shown, DECIMAL) == d
    assert parse_value(to_json(parsed), DECIMAL) == d  # type: ignore[arg-type]
    assert parse_value(f"{d:,}".translate(FULL_WIDTH), DECIMAL) == d


@given(n=st.integers(min_value=1, max_value=10**12))
def test_negative_numbers_are_always_refused(n: int) -> None:
    for kind in (INTEGER, DECIMAL):
        with pytest.raises(ValueParseError, match="负数"):
            parse_value(f"-{n}", kind)


@given(text=st.text(max_size=30), kind=st.sampled_from([INTEGER, DECIMAL]), allow_na=st.booleans())
@example(text="\ud800", kind=INTEGER, allow_na=True)
@example(text="9" * 5000, kind=INTEGER, allow_na=True)
@example(text="1" + "0" * 14 + ".5", kind=DECIMAL, allow_na=True)
@example(text="①②", kind=INTEGER, allow_na=True)
def test_any_text_gives_a_value_or_a_chinese_error_never_a_crash(text: str, kind: str, allow_na: bool) -> None:
    try:
        v = parse_value(text, kind, allow_na)
    except ValueParseError as exc:
        assert CJK.search(str(exc)), str(exc)
        return
    if v is None or v is NA:
        return
    assert v >= 0
    assert isinstance(v, int) if kind == INTEGER else isinstance(v, Decimal)
    assert parse_value(format_value(v, kind), kind, allow_na) == v  # what is shown reads back the same


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=6),
       mark=st.sampled_from(sorted("²³¹⁰⁴₀₁₂①②③⑴⒈𝟎𝟏")), where=st.sampled_from(["before", "after"]))
def test_a_compatibility_digit_never_becomes_part_of_a_number(digits: str, mark: str, where: str) -> None:
    text = mark + digits if where == "before" else digits + mark
    with pytest.raises(ValueParseError, match="特殊数字"):
        parse_value(text, INTEGER)


@given(a=st.integers(0, 10**6), b=st.integers(0, 10**6), gap=st.sampled_from([" ", "\t", "\n", "\u3000", "  "]))
def test_two_numbers_with_a_gap_are_refused_not_joined(a: int, b: int, gap: str) -> None:
    with pytest.raises(ValueParseError, match="数字中间有空格"):
        parse_value(f"{a}{gap}{b}", INTEGER)


def test_full_width_digits_typed_by_an_ime_still_count() -> None:
    assert parse_value("８５４７", INTEGER) == 8547
    assert parse_value("　１２．５０　", DECIMAL) == Decimal("12.5")
