"""A document's check result as the user reads it: grouped findings, plain Chinese text, and JSON. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from model.core.document import Document, check_context, is_open, justification_state, rule_values
from model.core.fingerprint import fingerprint
from model.core.rules import Finding, checker_for
from model.core.templates import HANS
from model.core.text_check import TextFinding, text_coverage, text_findings
from model.core.values import NA, Value


@dataclass(frozen=True)
class CheckReport:
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]  # open warnings (not validly justified)
    justified: tuple[Finding, ...]
    blanks: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def final(self) -> bool:
        """定稿: no error and no blank data cell (a cell that does not apply holds "/"). Open warnings are allowed:
        they are printed in the appendix, with their reasons where given."""
        return not self.errors and not self.blanks

    def state_text(self) -> str:
        """"定稿" or why not, as the status bar, the print dialog and the draft mark say it."""
        if self.final:
            return "定稿（无错误、无未填）"
        return f"草稿：{self.reason_text()}"

    def reason_text(self) -> str:
        in_text = sum(1 for f in self.errors if isinstance(f, TextFinding))
        # the statistics table printed alone is checked without the text: say which errors are the text's
        where = ("，均在报告正文" if in_text == len(self.errors) else f"，其中报告正文 {in_text} 处") if in_text else ""
        parts = [f"{len(self.errors)} 处错误{where}"] if self.errors else []
        if self.blanks:
            parts.append(f"{len(self.blanks)} 格未填")
        return "、".join(parts)

    def counts_text(self) -> str:
        return f"错误 {len(self.errors)} · 警告 {len(self.warnings)} · 未填 {len(self.blanks)}"


def document_text_findings(doc: Document) -> list[TextFinding]:
    """What the report's text says against the table (and against last year's text when linked)."""
    last = doc.previous.text if doc.previous is not None else None
    return text_findings(doc.template, doc.text, doc.values, last)


def check_document(doc: Document, findings: dict[str, Finding] | None = None, with_text: bool = True) -> CheckReport:
    """The check of the table and (`with_text`) the report text. With `findings` (the window's, kept current) the
    table's rules are not run again; text findings found in them are taken as they are. The statistics table
    printed alone (the form signed and sealed) is checked without the text."""
    checker = checker_for(doc.template)
    if findings is None:
        findings = checker.check(rule_values(doc), check_context(doc))
        if with_text:
            findings.update((f.key, f) for f in document_text_findings(doc))
    elif not with_text:
        findings = {k: f for k, f in findings.items() if not isinstance(f, TextFinding)}
    found = checker.ordered(findings.values())
    errors = tuple(f for f in found if f.severity == "error")
    warnings = tuple(f for f in found if f.severity == "warning" and is_open(doc, f))
    justified = tuple(f for f in found if f.severity == "warning" and not is_open(doc, f))
    blanks = tuple(f for f in found if f.severity == "blank")
    return CheckReport(errors, warnings, justified, blanks)


def _json_number(v: Value) -> int | float | None:
    if v is None or v is NA:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def cell_json(doc: Document, cell_id: str, script: str = HANS) -> dict[str, Any]:
    cell = doc.template.cells.get(cell_id)
    v = doc.value(cell_id)
    if cell is None:  # a heading row
        row = next((r for t in doc.template.tables for r in t.rows if r.id == cell_id), None)
        return {"cell": cell_id, "row": row.label.get(script) if row else cell_id, "column": None,
                "value": _json_number(v)}
    row_text = cell.row_label.get(script) or doc.template.table(cell.table).title.get(script)
    column = cell.column_label.get(script) if cell.column_label else None
    if column is not None and not cell.row_label.get(script):
        column = cell.short
    out: dict[str, Any] = {"cell": cell_id, "row": row_text, "column": column, "value": _json_number(v)}
    if v is NA:
        out["text"] = "/"
    return out


def finding_json(doc: Document, f: Finding, script: str = HANS) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "message": f.message,
        "cells": [cell_json(doc, c, script) for c in f.cells],
    }
    if f.severity == "warning":
        state = justification_state(doc, f)
        if state != "none":
            out["justification"] = {"reason": doc.justifications[f.key].reason, "state": state}
    if isinstance(f, TextFinding) and f.spot is not None:  # where in the report's text: section, offsets, sentence
        section = doc.text.sections[f.spot.section] if f.spot.section < len(doc.text.sections) else None
        out["text"] = {"section": section.heading if section else "", "start": f.spot.start, "end": f.spot.end,
                       "quote": f.quote}
    return out


def report_json(doc: Document, report: CheckReport, script: str = HANS) -> dict[str, Any]:
    out: dict[str, Any] = {
        "template": doc.template.id,
        "year": doc.year,
        "unit": doc.unit.name,
        "level": doc.unit.level,
        "final": report.final,
        "state": report.state_text(),
    }
    if report.final:  # the 校验码 a final print carries in its footer
        out["fingerprint"] = fingerprint(doc)
    if not doc.text.empty:  # how much of the text's figures a reviewer can rely on the check for
        out["text_coverage"] = text_coverage(doc.template, doc.text)
    return out | {
        "errors": [finding_json(doc, f, script) for f in report.errors],
        "warnings": [finding_json(doc, f, script) for f in report.warnings],
        "justified": [finding_json(doc, f, script) for f in report.justified],
        "blanks": [finding_json(doc, f, script) for f in report.blanks],
    }


def report_text(doc: Document, report: CheckReport, name: str = "") -> str:
    lines = [
        f"{name or '文档'}：{doc.template.name.hans}，{doc.year}年度，填报单位：{doc.unit.name or '（未填）'}",
        f"校验结果：{report.counts_text()}"
        + (f"（另有已说明理由的警告 {len(report.justified)} 条）" if report.justified else ""),
        f"状态：{report.state_text()}" + (f"，校验码 {fingerprint(doc)}" if report.final else ""),
    ]
    if not doc.text.empty:
        coverage = text_coverage(doc.template, doc.text)
        lines.append(f"报告正文：与表核对了 {coverage['checked']} 处数字，"
                     f"另有 {coverage['unchecked']} 处数字说的不是表中的项目（无法核对）")
    for title, items in (("错误", report.errors), ("警告", report.warnings)):
        if items:
            lines.append("")
            lines.append(f"【{title}】")
            lines.extend(f"  {n}. [{f.rule}] {f.message}" for n, f in enumerate(items, 1))
    if report.justified:
        lines.append("")
        lines.append("【已说明理由的警告】")
        for n, f in enumerate(report.justified, 1):
            lines.append(f"  {n}. [{f.rule}] {f.message}")
            lines.append(f"     理由：{doc.justifications[f.key].reason}")
    if report.blanks:
        lines.append("")
        shown = "、".join(checker_for(doc.template).label(f.cells[0]) for f in report.blanks[:20])
        more = f" 等 {len(report.blanks)} 项" if len(report.blanks) > 20 else ""
        lines.append(f"【未填】{shown}{more}")
    if report.ok and not report.warnings and not report.blanks:
        lines.append("全部校验通过。")
    return "\n".join(lines) + "\n"
