"""The "当前单元格" dock: every rule that involves the selected cell, and its state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.core.document import Document, justification_state, rule_values
from model.core.rules import Finding, Instance, checker_for
from model.core.templates import PREV
from model.core.values import format_value
from ui.checks.problems import FINDING_ROLE
from ui.common.script import SKIP, script_of, shown
from ui.common.wrapping import WrappingTree

PASSED, ERROR, WARNING, JUSTIFIED, BLANK, SKIPPED = "通过", "错误", "警告", "已说明理由", "未填写", "跳过"


def rule_state(doc: Document, inst: Instance, findings: dict[str, Finding]) -> str:
    """The state of one rule instance as the clerk reads it."""
    f = findings.get(inst.key)
    if f is not None:
        if f.severity == "warning":
            return JUSTIFIED if justification_state(doc, f) == "valid" else WARNING
        return {"error": ERROR, "blank": BLANK}.get(f.severity, WARNING)
    if inst.spec.skip_levels and doc.unit.level in inst.spec.skip_levels:
        return SKIPPED  # does not apply to units of this 行政层级
    values = rule_values(doc)
    if inst.spec.check == "expr" and inst.spec.blank != "zero" and any(values.get(c) is None for c in inst.cells):
        return SKIPPED  # the rule waits until all of its cells are filled (one blank that must be 0 too)
    last_year = [c for c in inst.cells if c.startswith(PREV)]
    if last_year and all(values.get(c) is None for c in last_year):
        return SKIPPED  # a cross-year check with nothing from last year to compare: not linked, or blank there
    return PASSED


class CellRulesDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("当前单元格", parent)
        self.setObjectName("cellRulesDock")
        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel("（未选中填数的格子）", body)
        self.title.setWordWrap(True)
        self.title.setProperty(SKIP, True)  # show_cell writes it in the window's script
        self.tree = WrappingTree(["规则", "状态", "说明"], body)
        box.addWidget(self.title)
        box.addWidget(self.tree)
        self.setWidget(body)
        self.cell_id: str | None = None

    def show_cell(self, doc: Document, cell_id: str | None, findings: dict[str, Finding]) -> None:
        self.cell_id = cell_id
        self.tree.clear()
        script = script_of(self)
        cell = doc.template.cells.get(cell_id) if cell_id else None
        if cell is None:
            self.title.setText(shown("（未选中填数的格子）", script))
            return
        value = format_value(doc.value(cell.id), cell.type) or "（空）"
        unit = cell.unit.hans if cell.unit else ""
        self.title.setText(shown(f"{cell.short}：{value} {unit}".rstrip(), script))
        checker = checker_for(doc.template)
        for inst in checker.instances_of(cell.id):
            state = rule_state(doc, inst, findings)
            f = findings.get(inst.key)
            text = f.message if f is not None else inst.title
            if f is None and inst.key != inst.spec.id and inst.spec.check == "expr":
                # one rule written for many rows/columns: say which of them this instance is about
                others = [checker.label(c) for c in inst.cells if c != cell.id][:3]
                text += f"（与 {'、'.join(others)}）" if others else ""
            text = shown(text, script)
            item = QTreeWidgetItem(self.tree, [inst.spec.id, shown(state, script), text])
            item.setData(0, FINDING_ROLE, inst.key)
            item.setToolTip(2, text + (shown(f"\n依据：{inst.spec.basis}", script) if inst.spec.basis else ""))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        for col in (0, 1):
            self.tree.resizeColumnToContents(col)

    def states(self) -> dict[str, str]:
        """Rule instance → state text, as listed (for tests and the justification dialog)."""
        out: dict[str, str] = {}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out.setdefault(item.text(0), item.text(1))
        return out
