"""The problems dock: findings grouped by severity, in table order; activating one selects its cells."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from model.core.document import Document, justification_state
from model.core.report import CheckReport
from model.core.rules import Finding
from ui.common.script import SKIP, script_of, shown
from ui.grid import highlight

GROUPS = (
    ("errors", "错误", highlight.ERROR),
    ("warnings", "警告", highlight.WARNING),
    ("justified", "已说明理由", highlight.JUSTIFIED),
    ("blanks", "未填", highlight.BLANK),
)
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # "errors", "warnings", ... on a group's item


class _WrapDelegate(QStyledItemDelegate):
    """Row heights for wrapped messages (QTreeView does not wrap long CJK text on its own)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QTreeWidget):
            return size
        depth, p = 0, index.parent()
        while p.isValid():
            depth, p = depth + 1, p.parent()
        width = max(60, view.viewport().width() - view.indentation() * (depth + 1) - 24)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), flags, str(index.data() or ""))
        return QSize(width, max(size.height(), rect.height() + 6))


class _WrappingTree(QTreeWidget):
    viewport_resized: Callable[[QSize], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # new width, new wrapped heights
        if self.viewport_resized is not None:
            self.viewport_resized(self.viewport().size())


def _swatch(colour: QColor) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(colour)
    return QIcon(pix)


class ProblemsDock(QDockWidget):
    """Lists the findings; `finding_activated` when the clerk clicks one."""

    finding_activated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("问题", parent)
        self.setObjectName("problemsDock")
        self.tree = _WrappingTree(self)
        self.tree.setItemDelegate(_WrapDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        self.setWidget(self.tree)
        # an empty list looks like a check that did not run: say that it found nothing
        self.empty_note = QLabel("没有发现问题。", self.tree.viewport())
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setStyleSheet("color: #6b6b6b;")
        self.empty_note.setProperty(SKIP, True)  # set_report writes it in the window's script
        self.tree.viewport_resized = self.empty_note.resize
        self._order: list[Finding] = []
        self._items: dict[str, QTreeWidgetItem] = {}

    def set_report(self, doc: Document, report: CheckReport) -> None:
        current = self.current_finding()
        script = script_of(self)  # messages in the window's script; the clerk's reasons as written
        # the list is rebuilt after every edit: keep the groups as the clerk opened or closed them, and the place
        was_expanded = {it.data(0, GROUP_ROLE): it.isExpanded()
                        for it in map(self.tree.topLevelItem, range(self.tree.topLevelItemCount()))}
        scrolled = self.tree.verticalScrollBar().value()
        self.tree.clear()
        self._order = []
        self._items = {}
        for attr, title, state in GROUPS:
            findings: tuple[Finding, ...] = getattr(report, attr)
            if not findings:
                continue
            group = QTreeWidgetItem(self.tree, [shown(f"{title}（{len(findings)}）", script)])
            group.setIcon(0, _swatch(highlight.OUTLINE[state]))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setData(0, GROUP_ROLE, attr)
            for f in findings:
                text = f.message if f.severity != "blank" else doc.template.cells[f.cells[0]].short \
                    if f.cells[0] in doc.template.cells else f.message
                text, message = shown(text, script), shown(f.message, script)
                item = QTreeWidgetItem(group, [text])
                item.setToolTip(0, message)
                justified = justification_state(doc, f) if f.severity == "warning" else "none"
                if justified != "none":  # the reason in the tooltip; a stale one also said in the text
                    stale = shown("（数字已改变，理由需重新确认）", script) if justified == "stale" else ""
                    item.setText(0, text + stale)
                    item.setToolTip(0, f"{message}\n{shown('理由', script)}{stale}：{doc.justifications[f.key].reason}")
                item.setIcon(0, _swatch(highlight.FILL[state]))
                item.setData(0, FINDING_ROLE, f.key)
                self._order.append(f)
                self._items[f.key] = item
            group.setExpanded(was_expanded.get(attr, attr != "blanks" or len(findings) <= 12))
        if current is not None and current.key in self._items:
            self.tree.setCurrentItem(self._items[current.key])
        self.empty_note.setText(shown("没有发现问题。", script))
        self.empty_note.setVisible(not self._order)
        if scrolled:
            self.tree.doItemsLayout()  # the scroll range of the new items, before going back to the old place
            self.tree.verticalScrollBar().setValue(scrolled)

    def findings(self) -> list[Finding]:
        """The findings in the order shown (what F8 walks through)."""
        return list(self._order)

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        key = item.data(0, FINDING_ROLE) if item is not None else None
        return next((f for f in self._order if f.key == key), None)

    def show_finding(self, finding: Finding) -> None:
        item = self._items.get(finding.key)
        if item is not None:
            if item.parent() is not None:
                item.parent().setExpanded(True)
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, FINDING_ROLE)
        f = next((f for f in self._order if f.key == key), None)
        if f is not None:
            self.finding_activated.emit(f)
