"""A tree whose last (explanation) column wraps long Chinese text, with row heights to match."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QWidget


class _WrapColumn(QStyledItemDelegate):
    """Row heights for a wrapped column: QTreeView does not size rows for wrapped CJK text on its own."""

    def __init__(self, column: int, view: QTreeWidget) -> None:
        super().__init__(view)
        self.column = column

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        if index.column() != self.column or not isinstance(view, QTreeWidget):
            return size
        width = max(60, view.columnWidth(self.column) - 8)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), flags, str(index.data() or ""))
        return QSize(size.width(), max(size.height(), rect.height() + 4))


class WrappingTree(QTreeWidget):
    """A flat list with `columns` headers; the last column stretches and wraps."""

    def __init__(self, columns: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(columns)
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegate(_WrapColumn(len(columns) - 1, self))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # the last column stretches: new width, new wrapped heights
