"""`"check": "identical_to_previous"` — this year's figures equal last year's one by one: a copied report.
Needs last year's file linked; a table of nothing but zeros is not warned about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, with_previous
from model.core.columns import Columns
from model.core.template_types import PREV, RuleSpec, Template
from model.core.values import NA, Value


class IdenticalToPrevious(CheckKind):
    name: ClassVar[str] = "identical_to_previous"
    summary: ClassVar[str] = "本年各项数字与上年逐项相同（疑似照抄上年）；需链接上年文件"

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        every = tuple(template.cells)
        return [Instance(spec.id, spec, every + tuple(PREV + c for c in every), None, spec.message, self)]

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        cells = inst.cells[: len(inst.cells) // 2]
        now = tuple(values.get(c) for c in cells)
        before = tuple(values.get(PREV + c) for c in cells)
        # not linked (no last-year values), or nothing but zeros: no copied report to warn about
        if now != before or not any(v is not None and v is not NA and v != 0 for v in now):
            return None
        filled = sum(1 for v in now if v is not None)
        return Finding(inst.key, inst.spec.id, inst.spec.severity,
                       f"{inst.title}：本年 {filled} 项数字与上年逐项相同", cells, now)

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        return range(cols.n) if linked and not all(cols.empty(c) for c in with_previous(inst)) else ()
