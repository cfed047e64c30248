"""The rule engine: a template's rules as instances, checked in full or after an edit. No Qt.

What each kind of rule checks and how it explains itself is the kind's own (model/core/checks/); the engine
expands, indexes by cell and runs them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from model.core.checks.base import NO_CONTEXT, SEVERITY_ORDER, Context, Finding, Instance
from model.core.checks.registry import KINDS
from model.core.template_types import PREV, Template
from model.core.values import NA, Number, Value

__all__ = ["NO_CONTEXT", "SEVERITY_ORDER", "Checker", "Context", "Finding", "Instance", "checker_for"]

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


class Checker:
    """Compiled rules of one template. Stateless about documents: pass the values in."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.instances: list[Instance] = [
            replace(inst, quick=inst.kind.quick(inst, template.cells.get(inst.cells[0]) if inst.cells else None))
            for spec in template.rules for inst in KINDS[spec.check].instances(template, spec)
        ]
        # instances that depend on the document's context, not on any cell: re-run when the year or level changes
        self.contextual = [i for i, inst in enumerate(self.instances) if not inst.cells or inst.spec.skip_levels]
        self.by_cell: dict[str, list[int]] = {}
        for i, inst in enumerate(self.instances):
            for c in inst.cells:
                self.by_cell.setdefault(c, []).append(i)
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
        if inst.spec.skip_levels and context.level in inst.spec.skip_levels:
            return None
        return inst.kind.evaluate(inst, values, context, self)

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


_checkers: dict[tuple[str, int], Checker] = {}


def checker_for(template: Template) -> Checker:
    """One compiled checker per template (templates are immutable)."""
    key = (template.id, template.version)
    if key not in _checkers or _checkers[key].template is not template:
        _checkers[key] = Checker(template)
    return _checkers[key]
