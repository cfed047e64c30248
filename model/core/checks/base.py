"""What every check kind shares: the finding it reports, the instances it checks, and the interface it fills in.

A check kind is what a template rule names in `"check"` (an equation, a cell that must be filled, a swing
against last year…). Each kind is one module of this package with one `CheckKind` subclass, registered in
model/core/checks/registry.py; the rule engine (model/core/rules.py) and the template loader ask the kind, never
test the name. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from model.core import expr
from model.core.columns import Columns
from model.core.template_types import PREV, Cell, RuleSpec, Template, TemplateError
from model.core.values import Number, Value

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


# A fast test that is True only when an instance certainly holds; False means "evaluate it".
QuickTest = Callable[[Mapping[str, Value], Mapping[str, Number]], bool]


@dataclass(frozen=True)
class Instance:
    key: str
    spec: RuleSpec
    cells: tuple[str, ...]
    node: expr.Cond | None
    title: str  # spec message with the foreach names filled in
    kind: CheckKind = field(compare=False, repr=False)
    quick: QuickTest | None = field(default=None, compare=False, repr=False)


class Names(Protocol):
    """What a kind reads from the engine while it explains a finding: the template and how cells are named."""

    @property
    def template(self) -> Template: ...

    def label(self, cell_id: str) -> str: ...


@dataclass(frozen=True)
class RuleSource:
    """What a kind may consult while it reads its options from a rule of a template file."""

    raw: Mapping[str, Any]  # the rule as written
    cells: Mapping[str, Cell]
    units: frozenset[str]  # the template's units (件, 条, 万元…)
    fail: Callable[[str], TemplateError]  # an error naming the file and the rule's line

    def whole(self, key: str, default: int, minimum: int, text: str, spec: RuleSpec) -> int:
        """An option that must be a whole number of at least `minimum`."""
        value = self.raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(f"规则 {spec.id}: {text}")
        return value


class CheckKind:
    """One kind of check. Subclasses set the class attributes and override what differs from a per-cell check."""

    name: ClassVar[str]  # what a rule says in "check"
    summary: ClassVar[str]  # what it checks, in Chinese (the template authors' reference, the schema's description)
    # what "blank" may say for this kind, the first being the default; a kind that never sees blank cells as a
    # problem of its own (type, decimals…) accepts only "skip": blank cells are not checked
    blank_modes: ClassVar[tuple[str, ...]] = ("skip",)
    # the rule keys this kind reads besides the common ones, each with its JSON schema (the template schema's)
    options: ClassVar[dict[str, dict[str, Any]]] = {}

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        """The spec with this kind's own options read from the rule and checked (raise `source.fail(…)`)."""
        return spec

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        """One instance per value cell (of the rule's `types`, if it names any): the default of per-cell kinds."""
        return [Instance(f"{spec.id}:{c.id}", spec, (c.id,), None, spec.message, self)
                for c in template.cells.values() if not spec.types or c.type in spec.types]

    def quick(self, inst: Instance, cell: Cell | None) -> QuickTest | None:
        """A sufficient test for "holds" (no message built); None: always evaluate."""
        return None

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        """The finding, with the numbers involved in its message, or None when the instance holds."""
        raise NotImplementedError

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        """Of many documents (汇总), those where the instance may fail; the others certainly pass (see batch_check).
        `linked`: some document has last year's values."""
        return range(cols.n)


def cell_finding(inst: Instance, values: Mapping[str, Value], names: Names, problem: str | None) -> Finding | None:
    """The finding of a per-cell kind: "<cell>：<problem>", or None without a problem."""
    if problem is None:
        return None
    cid = inst.cells[0]
    return Finding(inst.key, inst.spec.id, inst.spec.severity, f"{names.label(cid)}：{problem}", (cid,),
                   (values.get(cid),))


def with_previous(inst: Instance) -> list[str]:
    """The instance's cells that hold last year's values."""
    return [c for c in inst.cells if c.startswith(PREV)]
