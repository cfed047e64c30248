"""How the grid looks: severity → brush/outline colour and grid role → fill, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtGui import QBrush, QColor

from model.core import layout
from model.core.document import Document, justification_state
from model.core.rules import Finding

# Severity states a cell can be in; "justified" is a warning with a valid reason.
ERROR, WARNING, JUSTIFIED, BLANK = "error", "warning", "justified", "blank"
STATE_RANK = {ERROR: 0, WARNING: 1, JUSTIFIED: 2, BLANK: 3}

FILL = {
    ERROR: QColor("#f6c6c6"),
    WARNING: QColor("#fde3a7"),
    JUSTIFIED: QColor("#dbe7f3"),
    BLANK: QColor("#f7f5ec"),
}
OUTLINE = {
    ERROR: QColor("#c62828"),
    WARNING: QColor("#d08a00"),
    JUSTIFIED: QColor("#5b86b0"),
    BLANK: QColor("#b0aa90"),
}
ROLE_FILL = {
    layout.HEADER: QColor("#e8ebf0"),
    layout.COLHEADER: QColor("#e8ebf0"),
    layout.CAPTION: QColor("#dfe4ec"),
    layout.NOTE: QColor("#f4f5f7"),
    layout.SECTION: QColor("#e3e8ef"),
    layout.GROUP: QColor("#f0f2f5"),
    layout.HEADING: QColor("#f4f6f8"),
}
READ_ONLY_TEXT = QColor("#555b66")
EDITOR_ERROR = QColor("#c62828")


def fill(state: str | None) -> QBrush | None:
    return QBrush(FILL[state]) if state in FILL else None


def role_fill(role: str) -> QBrush | None:
    colour = ROLE_FILL.get(role)
    return QBrush(colour) if colour is not None else None


def worst(states: list[str]) -> str | None:
    return min(states, key=STATE_RANK.__getitem__) if states else None


@dataclass
class CellMarks:
    """What one value cell shows: its own state (fill), the state of rules it takes part in (outline), messages."""

    fill: str | None = None
    outline: str | None = None
    messages: list[str] = field(default_factory=list)


def finding_state(doc: Document, finding: Finding) -> str:
    if finding.severity == "warning" and justification_state(doc, finding) == "valid":
        return JUSTIFIED
    return finding.severity


def cell_marks(doc: Document, findings: Iterable[Finding]) -> dict[str, CellMarks]:
    """Per cell: the first cell of a failed rule (its subject: the total, the 其中 item) is tinted,
    the other cells of the rule are outlined; every involved cell's tooltip carries the message."""
    marks: dict[str, CellMarks] = {}
    for f in findings:
        state = finding_state(doc, f)
        text = f.message
        if f.severity == "warning":
            j = justification_state(doc, f)
            if j == "valid":
                text += f"\n已说明理由：{doc.justifications[f.key].reason}"
            elif j == "stale":
                text += "\n（已写的理由是针对旧数字的，数字变了，请重新说明）"
        for n, cid in enumerate(f.cells):
            m = marks.setdefault(cid, CellMarks())
            m.messages.append(f"[{f.rule}] {text}")
            if n == 0:
                m.fill = worst([s for s in (m.fill, state) if s])
            else:
                m.outline = worst([s for s in (m.outline, state) if s])
    return marks
