"""Rule expressions from template files: a small safe parser (no eval) and an explaining evaluator. No Qt."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from model.core.values import Number, format_number


class ExprError(ValueError):
    """A rule expression that cannot be parsed; the message names the position."""


@dataclass(frozen=True)
class Num:
    value: Number


@dataclass(frozen=True)
class Ref:
    cell: str


@dataclass(frozen=True)
class Sum:
    """Signed terms: ((+1, a), (-1, b)) is a - b."""

    terms: tuple[tuple[int, Term], ...]


@dataclass(frozen=True)
class Cmp:
    op: str
    left: Arith
    right: Arith


@dataclass(frozen=True)
class And:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class Implies:
    premise: Cond
    conclusion: Cond


Term = Union[Num, Ref, Sum]
Arith = Union[Num, Ref, Sum]
Cond = Union[Cmp, And, Or, Implies]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op>->|==|!=|<=|>=|[<>()+\-]))"
)
_OPS = ("==", "!=", "<=", ">=", "<", ">")
_WORDS = {"and", "or"}


# characters: the forms' longest rule is a few hundred; a template is data a clerk may drop in
MAX_EXPRESSION = 20_000
_TRAILING_SPACE = re.compile(r"\s*\Z")


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    if len(text) > MAX_EXPRESSION:
        raise ExprError(f"表达式太长（{len(text):,} 个字符，最多 {MAX_EXPRESSION:,} 个）")
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if _TRAILING_SPACE.match(text, pos):  # only spaces left (matching, not slicing: linear in the text)
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExprError(f"无法识别的字符 {text[pos:].strip()[:1]!r}（位置 {pos}）")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "name" and value in _WORDS:
            kind = "op"
        tokens.append((kind, value, m.start(kind)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str, int]:
        if self.i >= len(self.tokens):
            raise ExprError(f"表达式不完整：{self.text!r}")
        tok = self.tokens[self.i]
        if expected is not None and tok[1] != expected:
            raise ExprError(f"位置 {tok[2]} 应为 {expected!r}，实为 {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self) -> Cond:
        cond = self.implication()
        if self.i != len(self.tokens):
            tok = self.tokens[self.i]
            raise ExprError(f"位置 {tok[2]} 多余的 {tok[1]!r}")
        return cond

    def implication(self) -> Cond:
        left = self.disjunction()
        if self.peek() == "->":
            self.take()
            return Implies(left, self.disjunction())
        return left

    def disjunction(self) -> Cond:
        parts = [self.conjunction()]
        while self.peek() == "or":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conjunction(self) -> Cond:
        parts = [self.comparison()]
        while self.peek() == "and":
            self.take()
            parts.append(self.comparison())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def comparison(self) -> Cond:
        if self.peek() == "(" and self._parenthesised_condition():
            self.take("(")
            inner = self.implication()
            self.take(")")
            return inner
        left = self.sum()
        op = self.peek()
        if op not in _OPS:
            raise ExprError(f"缺少比较运算符（== != <= >= < >）：{self.text!r}")
        self.take()
        return Cmp(op, left, self.sum())

    def _parenthesised_condition(self) -> bool:
        depth = 0
        for _kind, value, _pos in self.tokens[self.i :]:
            if value == "(":
                depth += 1
            elif value == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif value in _OPS or value in _WORDS or value == "->":  # arithmetic never holds a comparison
                return True
        return False

    def sum(self) -> Arith:
        terms: list[tuple[int, Term]] = []
        sign = 1
        if self.peek() == "-":
            self.take()
            sign = -1
        terms.append((sign, self.atom()))
        while self.peek() in ("+", "-"):
            sign = 1 if self.take()[1] == "+" else -1
            terms.append((sign, self.atom()))
        if len(terms) == 1 and terms[0][0] == 1:
            return terms[0][1]
        return Sum(tuple(terms))

    def atom(self) -> Term:
        kind, value, pos = self.take()
        if kind == "num":
            return Num(Decimal(value) if "." in value else int(value))
        if kind == "name":
            return Ref(value)
        if value == "(":
            inner = self.sum()
            self.take(")")
            return inner
        raise ExprError(f"位置 {pos} 不应出现 {value!r}")


def parse(text: str) -> Cond:
    """Parse a rule expression such as `C1 == C1a + C1b` or `A1 > 0 -> A2a + A2b > 0`."""
    try:
        return _Parser(text).parse()
    except RecursionError as exc:
        raise ExprError("括号嵌套太深") from exc


def parse_sum(text: str) -> Arith:
    """Parse a cell or a sum of cells such as `r1.zj + r2.zj` (what a report figure or a draft sentence names)."""
    try:
        p = _Parser(text)
        node = p.sum()
    except RecursionError as exc:
        raise ExprError("括号嵌套太深") from exc
    if p.i != len(p.tokens):
        tok = p.tokens[p.i]
        raise ExprError(f"位置 {tok[2]} 多余的 {tok[1]!r}")
    return node


def cells_of(node: Cond | Arith) -> tuple[str, ...]:
    """Cell ids in order of appearance, without repeats."""
    seen: dict[str, None] = {}

    def walk(n: object) -> None:
        if isinstance(n, Ref):
            seen.setdefault(n.cell, None)
        elif isinstance(n, Sum):
            for _s, t in n.terms:
                walk(t)
        elif isinstance(n, Cmp):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, (And, Or)):
            for p in n.parts:
                walk(p)
        elif isinstance(n, Implies):
            walk(n.premise)
            walk(n.conclusion)

    walk(node)
    return tuple(seen)


Lookup = Mapping[str, Number]
Labeler = Callable[[str], str]


def value_of(node: Arith, values: Lookup) -> Number:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return values[node.cell]
    total: Number = 0
    for sign, term in node.terms:
        total = total + sign * value_of(term, values)
    return total


def _compare(op: str, a: Number, b: Number) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<=":
        return a <= b
    if op == ">=":
        return a >= b
    if op == "<":
        return a < b
    return a > b


def holds(node: Cond, values: Lookup) -> bool:
    if isinstance(node, Cmp):
        return _compare(node.op, value_of(node.left, values), value_of(node.right, values))
    if isinstance(node, And):
        return all(holds(p, values) for p in node.parts)
    if isinstance(node, Or):
        return any(holds(p, values) for p in node.parts)
    return not holds(node.premise, values) or holds(node.conclusion, values)


_OPERATOR: dict[str, Callable[[Number, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}


def linear(node: Arith, sign: int, pos: list[str], neg: list[str]) -> Number:
    """Flatten a sum into the cells added, the cells subtracted, and a constant (every rule is linear)."""
    if isinstance(node, Num):
        return sign * node.value
    if isinstance(node, Ref):
        (pos if sign > 0 else neg).append(node.cell)
        return 0
    return sum((linear(term, sign * s, pos, neg) for s, term in node.terms), start=0)


def compile_cond(node: Cond) -> Callable[[Mapping[str, Number]], bool]:
    """`holds` as a closure, for checking often: a comparison becomes Σ added − Σ subtracted + constant ⋚ 0.

    Exact for int and Decimal (no rounding), so it agrees with `holds` on every input; no code is generated.
    """
    if isinstance(node, Cmp):
        pos: list[str] = []
        neg: list[str] = []
        const = linear(node.left, 1, pos, neg) + linear(node.right, -1, pos, neg)  # left − right ⋚ 0
        compare = _OPERATOR[node.op]
        plus, minus = tuple(pos), tuple(neg)

        def cmp(values: Mapping[str, Number]) -> bool:
            get = values.__getitem__
            return compare(sum(map(get, plus)) - sum(map(get, minus)) + const, 0)

        return cmp
    if isinstance(node, And):
        parts = tuple(compile_cond(p) for p in node.parts)
        return lambda values: all(p(values) for p in parts)
    if isinstance(node, Or):
        parts = tuple(compile_cond(p) for p in node.parts)
        return lambda values: any(p(values) for p in parts)
    premise, conclusion = compile_cond(node.premise), compile_cond(node.conclusion)
    return lambda values: not premise(values) or conclusion(values)


_SHOWN = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}
_NEGATED = {"==": "≠", "!=": "=", "<=": ">", ">=": "<", "<": "≥", ">": "≤"}


def render_arith(node: Arith, values: Lookup, label: Labeler) -> str:
    """`收到申请数 5` or `当面 0 + 传真 0 + 网络 3 = 3`."""
    if isinstance(node, Num):
        return format_number(node.value)
    if isinstance(node, Ref):
        return f"{label(node.cell)} {format_number(values[node.cell])}"
    parts: list[str] = []
    for k, (sign, term) in enumerate(node.terms):
        text = render_arith(term, values, label)
        if isinstance(term, Sum):
            text = f"（{text}）"
        if k == 0:
            parts.append(text if sign > 0 else f"- {text}")
        else:
            parts.append(f"{'+' if sign > 0 else '-'} {text}")
    return f"{' '.join(parts)} = {format_number(value_of(node, values))}"


def _render_cmp(node: Cmp, values: Lookup, label: Labeler, failed: bool) -> str:
    a = value_of(node.left, values)
    b = value_of(node.right, values)
    sym = _NEGATED[node.op] if failed else _SHOWN[node.op]
    text = f"{render_arith(node.left, values, label)} {sym} {render_arith(node.right, values, label)}"
    if failed and node.op in ("==", "<=", ">=", "<", ">") and a != b:  # numbers: a - b is one too
        text += f"，差 {format_number(abs(Decimal(a) - Decimal(b)))}"
    return text


def explain(node: Cond, values: Lookup, label: Labeler) -> str:
    """Why a failed condition fails, with the numbers: `收到申请数 5 ≠ 当面 0 + … = 4，差 1`."""
    if isinstance(node, Cmp):
        return _render_cmp(node, values, label, failed=True)
    if isinstance(node, And):
        return "；".join(explain(p, values, label) for p in node.parts if not holds(p, values))
    if isinstance(node, Or):
        return "，且 ".join(explain(p, values, label) for p in node.parts)
    return f"{describe(node.premise, values, label)}，但 {explain(node.conclusion, values, label)}"


def describe(node: Cond, values: Lookup, label: Labeler) -> str:
    """A condition that holds, shown with its numbers (the premise of a failed implication)."""
    if isinstance(node, Cmp):
        return _render_cmp(node, values, label, failed=False)
    if isinstance(node, And):
        return "且".join(describe(p, values, label) for p in node.parts)
    if isinstance(node, Or):
        return "或".join(describe(p, values, label) for p in node.parts if holds(p, values))
    return explain(node, values, label)
