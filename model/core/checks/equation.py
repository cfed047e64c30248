"""`"check": "expr"` — an equation or comparison between cells (`A == B + C`, `A >= B`, `A > 0 -> B > 0`).

Written once for many rows or columns with `foreach`; `blank` says what a blank cell means: "skip" (the
equation is not checked while any of its cells is blank), "zero" (blank counts as 0) or "solve" (one blank cell:
say what it would have to be). A "/" counts as 0 and is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from model.core import expr
from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, QuickTest, RuleSource
from model.core.columns import Columns
from model.core.template_types import PREV, Cell, RuleSpec, Template, expand
from model.core.values import NA, Number, Value, as_number, format_number


class _SlashZero(int):
    """A "/" cell inside a message: counts as 0 but is shown as the clerk wrote it (`网络申请数 / + …`)."""

    def __str__(self) -> str:
        return "/"

    __repr__ = __str__


_SLASH = _SlashZero(0)


def _label_for(template: Template, ident: str) -> str:
    """The name a `foreach` value stands for in the rule's message: a column's label or a row's short name."""
    for table in template.tables:
        for c in table.columns:
            if c.id == ident:
                return c.label.hans
        for r in table.rows:
            if r.id == ident:
                return r.short
    return ident


class Equation(CheckKind):
    name: ClassVar[str] = "expr"
    summary: ClassVar[str] = "各格之间的等式或比较（如 总数 == 各项之和），按 foreach 逐行逐列展开"
    blank_modes: ClassVar[tuple[str, ...]] = ("skip", "zero", "solve")
    options: ClassVar[dict[str, dict[str, Any]]] = {
        "expr": {"type": "string",
                 "description": "cell ids with + - == != <= >= < > and or ->; prev.<id> is last year's"},
        "foreach": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    }

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        raw_foreach = source.raw.get("foreach") or {}
        if not isinstance(raw_foreach, dict) or not all(
            isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in raw_foreach.values()
        ):
            raise source.fail(f"规则 {spec.id}: foreach 应为 {{变量: [名称, …]}}")
        spec = replace(spec, expr=str(source.raw.get("expr", "")),
                       foreach=tuple((str(k), tuple(v)) for k, v in raw_foreach.items()))
        if not spec.expr.strip():
            raise source.fail(f"规则 {spec.id}: 缺少表达式 expr")
        for var, _values in spec.foreach:
            if "{" + var + "}" not in spec.expr:
                raise source.fail(f"规则 {spec.id}: foreach 变量 {var!r} 没有出现在表达式里")
        for text, _binding in expand(spec):
            try:
                node = expr.parse(text)
            except expr.ExprError as exc:
                raise source.fail(f"规则 {spec.id}: 表达式 {text!r} 有误：{exc}") from exc
            unknown = [c for c in expr.cells_of(node) if c not in source.cells and c.removeprefix(PREV)
                       not in source.cells]
            if unknown:
                raise source.fail(f"规则 {spec.id}: 引用了不存在的单元格 {', '.join(unknown)}")
        return spec

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        out = []
        for text, binding in expand(spec):
            node = expr.parse(text)
            key = spec.id if not binding else f"{spec.id}[{','.join(binding.values())}]"
            title = spec.message
            for var, ident in binding.items():
                title = title.replace("{" + var + "}", _label_for(template, ident))
            out.append(Instance(key, spec, expr.cells_of(node), node, title, self))
        return out

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        assert inst.node is not None
        holds = expr.compile_cond(inst.node)
        needed = frozenset(inst.cells)
        if inst.spec.blank == "skip":
            return lambda values, nums: not needed <= nums.keys() or holds(nums)
        if inst.spec.blank == "solve":
            # two or more blanks: nothing to solve for; none: the plain test
            return lambda values, nums: len(needed - nums.keys()) >= 2 or (needed <= nums.keys() and holds(nums))
        return lambda values, nums: holds(nums)

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        spec = inst.spec
        assert inst.node is not None
        raw = [values.get(c) for c in inst.cells]
        if spec.blank == "solve" and any(v is None for v in raw):
            return _solve(inst, raw, names)
        if spec.blank == "skip" and any(v is None for v in raw):
            return None
        numbers: dict[str, Number] = {
            c: _SLASH if v is NA else as_number(v) for c, v in zip(inst.cells, raw, strict=False)}
        if expr.holds(inst.node, numbers):
            return None
        detail = expr.explain(inst.node, numbers, names.label)
        # last year's cells are named in the message but are not cells of this document
        shown = [(c, v) for c, v in zip(inst.cells, raw, strict=True) if not c.startswith(PREV)]
        return Finding(inst.key, spec.id, spec.severity, f"{inst.title}：{detail}",
                       tuple(c for c, _ in shown), tuple(v for _, v in shown))

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        assert inst.node is not None
        spec = inst.spec
        if spec.blank == "skip" and any(cols.empty(c) for c in inst.cells):
            return ()  # a cell blank in every document (last year's, when nothing is linked): skipped for all
        if spec.blank == "solve" and sum(1 for c in inst.cells if cols.empty(c)) >= 2:
            return ()  # two cells blank everywhere: nothing to solve for in any document
        # blanks count as 0 here: where one blank cell would have to be 0 the engine reports nothing either
        ok = cols.holds(inst.node)
        return () if all(ok) else [i for i, h in enumerate(ok) if not h]


def _solve(inst: Instance, raw: list[Value], names: Names) -> Finding | None:
    """One blank cell in an equation: say what it would have to be for the equation to hold.

    A total left blank beside filled parts is the common case ("总计未填，各项之和为 22"); a blank part under a
    filled total gets the figure it would need. A needed 0 is no finding: printing the blank as 0 adds up, and
    the blank itself is reported as 未填.
    """
    node = inst.node
    blanks = [c for c, v in zip(inst.cells, raw, strict=True) if v is None]
    if len(blanks) != 1 or not isinstance(node, expr.Cmp) or node.op != "==" or blanks[0].startswith(PREV):
        return None
    blank = blanks[0]
    pos: list[str] = []
    neg: list[str] = []
    numbers: dict[str, Number] = {c: _SLASH if v is NA else as_number(v) for c, v in zip(inst.cells, raw,
                                                                                          strict=True)}
    numbers[blank] = 0
    rest = expr.linear(node.left, 1, pos, neg) + expr.linear(node.right, -1, pos, neg)
    coefficient = pos.count(blank) - neg.count(blank)
    if coefficient not in (1, -1):
        return None
    rest += sum(numbers[c] for c in pos) - sum(numbers[c] for c in neg)
    needed = -rest * coefficient  # coefficient · x + rest = 0
    if needed == 0:
        return None
    label = names.label
    name = label(blank)
    # a total equal to a sum of parts (most rules): the blank is the total, or one of the parts
    total, parts = ((node.left, node.right) if isinstance(node.left, expr.Ref) and isinstance(node.right, expr.Sum)
                    else (node.right, node.left) if isinstance(node.right, expr.Ref)
                    and isinstance(node.left, expr.Sum) else (None, None))
    if isinstance(total, expr.Ref) and parts is not None and total.cell == blank:
        parts_text = expr.render_arith(parts, numbers, label)
        detail = f"{name}未填，各项之和为 {format_number(needed)}（{parts_text}）"
    elif isinstance(total, expr.Ref) and parts is not None:
        others = expr.value_of(parts, numbers)
        detail = (f"{name}未填，按{label(total.cell)} {format_number(numbers[total.cell])}"
                  f" 减去其余各项 {format_number(others)}，应为 {format_number(needed)}")
    else:
        detail = f"{name}未填，按本式其余各格应为 {format_number(needed)}"
    if needed < 0:
        detail += "（是负数，说明其他格有误）"
    shown = [(c, v) for c, v in zip(inst.cells, raw, strict=True) if not c.startswith(PREV)]
    return Finding(inst.key, inst.spec.id, inst.spec.severity, f"{inst.title}：{detail}",
                   (blank, *(c for c, _ in shown if c != blank)),
                   (None, *(v for c, v in shown if c != blank)))
