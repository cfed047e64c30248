"""`"check": "year"` — the document's report year is one the format applies to (`years` of the template): a 2015-style
table for 2021 is the wrong form. About the document, not a cell: re-run when the year changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from model.core.checks.base import CheckKind, Context, Finding, Instance, Names
from model.core.template_types import RuleSpec, Template
from model.core.values import Value


class Year(CheckKind):
    name: ClassVar[str] = "year"
    summary: ClassVar[str] = "报告年度在本表格式适用的年度内（模板的 years）"

    def instances(self, template: Template, spec: RuleSpec) -> list[Instance]:
        return [Instance(spec.id, spec, (), None, spec.message, self)]

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        t = names.template
        if context.year is None or t.applies_to(context.year):
            return None
        text = f"{inst.title}：本表为 {context.year} 年度，而《{t.name.hans}》用于 {t.years_text()}的报告"
        return Finding(inst.key, inst.spec.id, inst.spec.severity, text, (), ())
