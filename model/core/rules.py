"""The rule engine: template rule specs compiled to instances, checked in full or after an edit. No Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from model.core import expr
from model.core.templates import PREV, Cell, RuleSpec, Template, expand
from model.core.values import DECIMAL, NA, Number, Value, as_number, format_number

SEVERITY_ORDER = {"error": 0, "warning": 1, "blank": 2}


@dataclass(frozen=True)
class Context:
    """What rules may read about a document besides its values: its report year and its unit's 行政层级."""

    year: int | None = None
    level: str = ""


NO_CONTEXT = Context()


@dataclass(frozen=True)
class Finding:
    """A failed rule instance: what the user sees in the problems list and tooltips."""

    key: str  # unique per instance: "R01", "K1[zrr]", "V4:A1"
    rule: str
    severity: str
    message: str
    cells: tuple[str, ...]
    values: tuple[Value, ...]

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (SEVERITY_ORDER[self.severity], 0, self.key)


@dataclass(frozen=True)
class Instance:
    key: str
    spec: RuleSpec
    cells: tuple[str, ...]
    node: expr.Cond | None
    title: str  # spec message with the foreach names filled in
    # A fast test that is True only when the instance certainly holds; False means "evaluate it" (see _quick_test).
    quick: Callable[[Mapping[str, Value], Mapping[str, Number]], bool] | None = field(
        default=None, compare=False, repr=False)


class _SlashZero(int):
    """A "/" cell inside a message: counts as 0 but is shown as the clerk wrote it (`网络申请数 / + …`)."""

    def __str__(self) -> str:
        return "/"

    __repr__ = __str__


_SLASH = _SlashZero(0)


class _Numbers(dict[str, Number]):
    """Cell values for arithmetic: "/" is 0, blank cells are absent (and read as 0 where a rule counts them so)."""

    def __missing__(self, key: str) -> Number:
        return 0


def _numbers(values: Mapping[str, Value]) -> _Numbers:
    out = _Numbers()
    for c, v in values.items():
        kind = type(v)
        if kind is int or kind is Decimal:
            out[c] = v  # type: ignore[assignment]
        elif v is NA:
            out[c] = 0
        elif isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            out[c] = v
    return out


QuickTest = Callable[[Mapping[str, Value], Mapping[str, Number]], bool]


def _quick_test(inst: Instance, cell: Cell | None) -> QuickTest | None:
    """A predicate that says "holds" without building a message; the engine evaluates only what it cannot clear.

    Each test is a sufficient condition for `Checker.evaluate` returning None, so findings and messages are
    defined in one place only.
    """
    spec = inst.spec
    if not inst.cells:
        return None  # about the document (its year), not a cell: always evaluated
    cid = inst.cells[0]
    if spec.check == "expr":
        assert inst.node is not None
        holds = expr.compile_cond(inst.node)
        needed = frozenset(inst.cells)
        if spec.blank == "skip":
            return lambda values, nums: not needed <= nums.keys() or holds(nums)
        if spec.blank == "solve":
            # two or more blanks: nothing to solve for; none: the plain test
            return lambda values, nums: len(needed - nums.keys()) >= 2 or (needed <= nums.keys() and holds(nums))
        return lambda values, nums: holds(nums)
    if spec.check == "filled":
        return lambda values, nums: values.get(cid) is not None
    if spec.check == "empty":
        return lambda values, nums: values.get(cid) is None
    if spec.check == "type":
        if cell is not None and cell.type == DECIMAL:
            return lambda values, nums: (v := values.get(cid)) is None or v is NA or (
                type(v) in (int, Decimal) and v >= 0)
        return lambda values, nums: (v := values.get(cid)) is None or v is NA or (type(v) is int and v >= 0)
    if spec.check == "decimals":
        return lambda values, nums: type(values.get(cid)) is not Decimal
    if spec.check == "digits":
        limit = 10 ** digit_bound(spec, cell)
        return lambda values, nums: type(v := values.get(cid)) not in (int, Decimal) or v < limit
    return None  # other checks (cross-year, year) are always evaluated


def digit_bound(spec: RuleSpec, cell: Cell | None) -> int:
    bounds = dict(spec.bounds)
    unit = cell.unit.hans if cell is not None and cell.unit is not None else ""
    return bounds.get(unit, bounds.get("*", 15))


def _label_for(template: Template, ident: str) -> str:
    for table in template.tables:
        for c in table.columns:
            if c.id == ident:
                return c.label.hans
        for r in table.rows:
            if r.id == ident:
                return r.short
    return ident


def _per_cell_targets(template: Template, spec: RuleSpec) -> list[str]:
    if spec.check == "year":
        return []
    if spec.check == "empty":
        return list(template.headings)
    return [c.id for c in template.cells.values() if not spec.types or c.type in spec.types]


class Checker:
    """Compiled rules of one template. Stateless about documents: pass the values in."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.instances: list[Instance] = []
        for spec in template.rules:
            if spec.check == "expr":
                for text, binding in expand(spec):
                    node = expr.parse(text)
                    key = spec.id if not binding else f"{spec.id}[{','.join(binding.values())}]"
                    title = spec.message
                    for var, ident in binding.items():
                        title = title.replace("{" + var + "}", _label_for(template, ident))
                    self.instances.append(Instance(key, spec, expr.cells_of(node), node, title))
            elif spec.check == "year":
                self.instances.append(Instance(spec.id, spec, (), None, spec.message))
            elif spec.check == "identical_to_previous":
                every = tuple(template.cells)
                self.instances.append(Instance(spec.id, spec, every + tuple(PREV + c for c in every), None,
                                               spec.message))
            else:
                for cid in _per_cell_targets(template, spec):
                    cells = (cid, PREV + cid) if spec.check == "swing" else (cid,)
                    self.instances.append(Instance(f"{spec.id}:{cid}", spec, cells, None, spec.message))
        self.instances = [
            replace(inst, quick=_quick_test(inst, template.cells.get(inst.cells[0]) if inst.cells else None))
            for inst in self.instances
        ]
        # instances that depend on the document's context, not on any cell: re-run when the year or level changes
        self.contextual = [i for i, inst in enumerate(self.instances) if not inst.cells or inst.spec.skip_levels]
        self.by_cell: dict[str, list[int]] = {}
        for i, inst in enumerate(self.instances):
            for c in inst.cells:
                self.by_cell.setdefault(c, []).append(i)
        self.by_key = {inst.key: inst for inst in self.instances}
        order = {cid: cell.order for cid, cell in template.cells.items()}
        for n, h in enumerate(template.headings):
            order.setdefault(h, -1 - n)
        self._order = order
        self._row_labels = {r.id: r.short for t in template.tables for r in t.rows if r.id}

    def label(self, cell_id: str) -> str:
        """The name of a cell (or of a heading row) as messages show it."""
        if cell_id.startswith(PREV):
            return f"上年“{self.label(cell_id[len(PREV):])}”"
        cell = self.template.cells.get(cell_id)
        return cell.short if cell else self._row_labels.get(cell_id, cell_id)

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context = NO_CONTEXT) -> Finding | None:
        spec = inst.spec
        if spec.skip_levels and context.level in spec.skip_levels:
            return None
        if spec.check == "year":
            return self._year(inst, context)
        if spec.check == "expr":
            assert inst.node is not None
            raw = [values.get(c) for c in inst.cells]
            if spec.blank == "solve" and any(v is None for v in raw):
                return self._solve(inst, raw)
            if spec.blank == "skip" and any(v is None for v in raw):
                return None
            numbers: dict[str, Number] = {
                c: _SLASH if v is NA else as_number(v) for c, v in zip(inst.cells, raw, strict=False)}
            if expr.holds(inst.node, numbers):
                return None
            detail = expr.explain(inst.node, numbers, self.label)
            # last year's cells are named in the message but are not cells of this document
            shown = [(c, v) for c, v in zip(inst.cells, raw, strict=True) if not c.startswith(PREV)]
            return Finding(inst.key, spec.id, spec.severity, f"{inst.title}：{detail}",
                           tuple(c for c, _ in shown), tuple(v for _, v in shown))
        if spec.check == "identical_to_previous":
            return self._identical(inst, values)
        if spec.check == "swing":
            return self._swing(inst, values)
        cid = inst.cells[0]
        v = values.get(cid)
        cell = self.template.cells.get(cid)
        problem = _digits_problem(spec, cell, v) if spec.check == "digits" else _cell_problem(spec, cell, v)
        if problem is None:
            return None
        return Finding(inst.key, spec.id, spec.severity, f"{self.label(cid)}：{problem}", (cid,), (v,))

    def _solve(self, inst: Instance, raw: list[Value]) -> Finding | None:
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
        name = self.label(blank)
        # a total equal to a sum of parts (most rules): the blank is the total, or one of the parts
        total, parts = ((node.left, node.right) if isinstance(node.left, expr.Ref) and isinstance(node.right, expr.Sum)
                        else (node.right, node.left) if isinstance(node.right, expr.Ref)
                        and isinstance(node.left, expr.Sum) else (None, None))
        if isinstance(total, expr.Ref) and parts is not None and total.cell == blank:
            parts_text = expr.render_arith(parts, numbers, self.label)
            detail = f"{name}未填，各项之和为 {format_number(needed)}（{parts_text}）"
        elif isinstance(total, expr.Ref) and parts is not None:
            others = expr.value_of(parts, numbers)
            detail = (f"{name}未填，按{self.label(total.cell)} {format_number(numbers[total.cell])}"
                      f" 减去其余各项 {format_number(others)}，应为 {format_number(needed)}")
        else:
            detail = f"{name}未填，按本式其余各格应为 {format_number(needed)}"
        if needed < 0:
            detail += "（是负数，说明其他格有误）"
        shown = [(c, v) for c, v in zip(inst.cells, raw, strict=True) if not c.startswith(PREV)]
        return Finding(inst.key, inst.spec.id, inst.spec.severity, f"{inst.title}：{detail}",
                       (blank, *(c for c, _ in shown if c != blank)),
                       (None, *(v for c, v in shown if c != blank)))

    def _year(self, inst: Instance, context: Context) -> Finding | None:
        t = self.template
        if context.year is None or t.applies_to(context.year):
            return None
        text = (f"{inst.title}：本表为 {context.year} 年度，而《{t.name.hans}》用于 {t.years_text()}的报告")
        return Finding(inst.key, inst.spec.id, inst.spec.severity, text, (), ())

    def _identical(self, inst: Instance, values: Mapping[str, Value]) -> Finding | None:
        cells = inst.cells[: len(inst.cells) // 2]
        now = tuple(values.get(c) for c in cells)
        before = tuple(values.get(PREV + c) for c in cells)
        # not linked (no last-year values), or nothing but zeros: no copied report to warn about
        if now != before or not any(v is not None and v is not NA and v != 0 for v in now):
            return None
        filled = sum(1 for v in now if v is not None)
        return Finding(inst.key, inst.spec.id, inst.spec.severity,
                       f"{inst.title}：本年 {filled} 项数字与上年逐项相同", cells, now)

    def _swing(self, inst: Instance, values: Mapping[str, Value]) -> Finding | None:
        cid = inst.cells[0]
        now, before = values.get(cid), values.get(inst.cells[1])
        if now is None or before is None or now is NA or before is NA:
            return None
        assert isinstance(now, (int, Decimal)) and isinstance(before, (int, Decimal))
        spec = inst.spec
        high, low = max(now, before), min(now, before)
        if high < spec.floor or (low > 0 and high < spec.factor * low):
            return None
        if low == 0:
            change = "上年为 0" if before == 0 else "本年为 0"
        else:
            ratio = Decimal(high) / Decimal(low)
            shown = format_number(ratio.to_integral_value() if ratio == ratio.to_integral_value()
                                  else ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            change = f"×{shown}" if now > before else f"÷{shown}"
        text = f"{self.label(cid)} 本年 {format_number(now)}，上年 {format_number(before)}（{change}），{inst.title}"
        return Finding(inst.key, spec.id, spec.severity, text, (cid,), (now,))

    def check(self, values: Mapping[str, Value], context: Context = NO_CONTEXT) -> dict[str, Finding]:
        """Every finding of the document, keyed by instance."""
        out: dict[str, Finding] = {}
        nums = _numbers(values)
        for inst in self.instances:
            quick = inst.quick
            if quick is not None and quick(values, nums):
                continue
            f = self.evaluate(inst, values, context)
            if f is not None:
                out[inst.key] = f
        return out

    def recheck(self, values: Mapping[str, Value], changed: Iterable[str], findings: dict[str, Finding],
                context: Context = NO_CONTEXT) -> None:
        """Update `findings` in place after the cells in `changed` were edited; only their rules run."""
        self._rerun(values, sorted({i for cid in changed for i in self.by_cell.get(cid, ())}), findings, context)

    def recheck_context(self, values: Mapping[str, Value], findings: dict[str, Finding], context: Context) -> None:
        """Update `findings` in place after the year or the unit's level changed."""
        self._rerun(values, self.contextual, findings, context)

    def _rerun(self, values: Mapping[str, Value], indexes: Iterable[int], findings: dict[str, Finding],
               context: Context) -> None:
        nums = _numbers(values)
        for i in indexes:
            inst = self.instances[i]
            quick = inst.quick
            f = None if quick is not None and quick(values, nums) else self.evaluate(inst, values, context)
            if f is None:
                findings.pop(inst.key, None)
            else:
                findings[inst.key] = f

    def instances_of(self, cell_id: str) -> list[Instance]:
        """Every rule instance that involves a cell (for the "selected cell" view)."""
        return [self.instances[i] for i in self.by_cell.get(cell_id, ())]

    def ordered(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings grouped by severity, then in table order of their first cell."""
        return sorted(
            findings,
            key=lambda f: (SEVERITY_ORDER[f.severity], min((self._order.get(c, 0) for c in f.cells), default=0), f.key),
        )


def _digits_problem(spec: RuleSpec, cell: Cell | None, v: Value) -> str | None:
    if type(v) not in (int, Decimal):
        return None
    assert isinstance(v, (int, Decimal))
    bound = digit_bound(spec, cell)
    if v < 10**bound:
        return None
    digits = len(str(int(v)))
    return f"{format_number(v)} 有 {digits} 位整数，{spec.message}（本项通常不超过 {bound} 位）"


def _cell_problem(spec: RuleSpec, cell: Cell | None, v: Value) -> str | None:
    if spec.check == "filled":
        return "未填写" if v is None else None
    if spec.check == "empty":
        return spec.message if v is not None else None
    if v is None or v is NA:
        return None
    if spec.check == "type":
        is_decimal = cell is not None and cell.type == DECIMAL
        ok = isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v >= 0
        if ok and not is_decimal:
            ok = isinstance(v, int) or (isinstance(v, Decimal) and v == v.to_integral_value())
        return None if ok else f"{spec.message}（现为 {v}）"
    if spec.check == "decimals" and isinstance(v, Decimal):
        exponent = v.normalize().as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return f"{spec.message}（现为 {v:f}）" if places > spec.max else None
    return None


_checkers: dict[tuple[str, int], Checker] = {}


def checker_for(template: Template) -> Checker:
    """One compiled checker per template (templates are immutable)."""
    key = (template.id, template.version)
    if key not in _checkers or _checkers[key].template is not template:
        _checkers[key] = Checker(template)
    return _checkers[key]
