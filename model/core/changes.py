"""What differs between two versions of a document, as a clerk reads it: `label：old → new`. No Qt.

Used for a file changed on disk before a save, a restored copy against the file, and a re-aggregation.
"""

from __future__ import annotations

from decimal import Decimal

from model.core.document import UNIT_LABELS, Document
from model.core.rules import checker_for
from model.core.values import DECIMAL, INTEGER, Value, format_value


def value_text(v: Value, kind: str = INTEGER) -> str:
    """A value as a change list shows it: 万元 with two decimals, blank spelled out."""
    if v is None:
        return "（未填）"
    if kind == DECIMAL or isinstance(v, Decimal):
        return format_value(v, DECIMAL)
    return format_value(v, kind)


def _same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and a == b


def changed_cells(old: Document, new: Document) -> list[str]:
    return [c for c in new.template.cells if not _same(old.value(c), new.value(c))]


def changes(old: Document, new: Document, limit: int = 12) -> list[str]:
    """One line per changed unit field, year and cell (at most `limit` cell lines, then how many more)."""
    lines: list[str] = []
    if old.template.id != new.template.id:
        return [f"表格式：{old.template.name.hans} → {new.template.name.hans}"]
    if old.year != new.year:
        lines.append(f"年度：{old.year} → {new.year}")
    for key, field_label in UNIT_LABELS.items():
        a, b = old.unit.get(key), new.unit.get(key)
        if a != b:
            lines.append(f"{field_label}：{a or '（空）'} → {b or '（空）'}")
    if old.unit.level != new.unit.level:
        lines.append(f"行政层级：{old.unit.level_label or '（未选）'} → {new.unit.level_label or '（未选）'}")
    label = checker_for(new.template).label
    cells = changed_cells(old, new)
    for c in cells[:limit]:
        kind = new.template.cells[c].type
        lines.append(f"{label(c)}：{value_text(old.value(c), kind)} → {value_text(new.value(c), kind)}")
    if len(cells) > limit:
        lines.append(f"……另有 {len(cells) - limit} 项数字不同")
    if set(old.justifications) != set(new.justifications) or any(
            old.justifications[k] != new.justifications[k] for k in old.justifications if k in new.justifications):
        lines.append("理由说明有改动")
    lines += text_changes(old, new)
    return lines


def text_changes(old: Document, new: Document) -> list[str]:
    """Which sections of the report's text differ (by heading), so a saved edit of the text is never lost unseen."""
    before = {(s.heading, s.table): s for s in old.text.sections}
    after = {(s.heading, s.table): s for s in new.text.sections}
    lines = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        heading = key[0] or "（开头）"
        if a is None:
            lines.append(f"报告正文：新增“{heading}”")
        elif b is None:
            lines.append(f"报告正文：删除了“{heading}”")
        elif a.body != b.body:
            lines.append(f"报告正文“{heading}”有改动（{len(a.paragraphs())} 段 → {len(b.paragraphs())} 段）")
    return lines
