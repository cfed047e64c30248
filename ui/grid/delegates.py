"""Item delegates: the value editor that refuses bad input at the cell, and label/outline painting."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from model.core import layout
from ui.common.script import script_of, shown
from ui.grid import highlight
from ui.grid.table_model import (
    GRID_ROLE,
    LEVEL_ROLE,
    OUTLINE_ROLE,
    PREVIOUS_ROLE,
    PREVIOUS_TEXT,
    STATE_ROLE,
    GridModel,
)

INDENT_EM = 1.2  # indentation per label level, in multiples of the font height
INDENTED = (layout.LABEL, layout.HEADING, layout.SECTION, layout.GROUP)
# keys that leave the editor with its text stored (↑↓ and page keys: the view moves and commits it)
_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class CellEditor(QLineEdit):
    """A line editor that can show why its text is refused: red border, tooltip and a label under the cell."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.error = ""
        self.error_label = QLabel(parent)
        self.error_label.setObjectName("cellError")
        self.error_label.setStyleSheet(
            f"QLabel {{ background: #fff4f4; color: {highlight.EDITOR_ERROR.name()};"
            f" border: 1px solid {highlight.EDITOR_ERROR.name()}; padding: 2px 4px; }}"
        )
        self.error_label.hide()
        self.textEdited.connect(self._clear_error)

    def show_error(self, reason: str) -> None:
        self.error = reason
        self.setStyleSheet(f"QLineEdit {{ border: 2px solid {highlight.EDITOR_ERROR.name()}; }}")
        shown_reason = shown(reason, script_of(self))  # the reason is kept as given, shown in the window's script
        self.setToolTip(shown_reason)
        self.error_label.setText(shown_reason)
        self.error_label.adjustSize()
        pos = self.geometry().bottomLeft() + QPoint(0, 2)
        parent = self.error_label.parentWidget()
        if parent is not None and pos.x() + self.error_label.width() > parent.width():
            pos.setX(max(0, parent.width() - self.error_label.width()))
        self.error_label.move(pos)
        self.error_label.show()
        self.error_label.raise_()

    def _clear_error(self) -> None:
        if self.error:
            self.error = ""
            self.setStyleSheet("")
            self.setToolTip("")
            self.error_label.hide()

    def hideEvent(self, event: QEvent) -> None:
        self.error_label.hide()
        super().hideEvent(event)


class GridDelegate(QStyledItemDelegate):
    """Creates value editors and paints label indentation and the outline of cells of a failed rule."""

    refused = Signal(str)  # a value could not be stored (editor closed by focus loss); Chinese reason

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = CellEditor(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        if not model.setData(index, editor.text(), Qt.ItemDataRole.EditRole) and isinstance(model, GridModel):
            self.refused.emit(model.last_error)

    def destroyEditor(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, CellEditor):
            editor.error_label.deleteLater()
        super().destroyEditor(editor, index)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Refuse a bad value before Qt commits and closes the editor: the clerk sees why and can fix it.
        if isinstance(obj, CellEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _COMMIT_KEYS:
                reason = self.problem(obj)
                if reason:
                    obj.show_error(reason)
                    return True
        # Focus leaving for another widget (a dock, the menu bar): a bad entry stays in its open editor, with why,
        # instead of being dropped when Qt commits and closes it
        if isinstance(obj, CellEditor) and event.type() == QEvent.Type.FocusOut and obj.isVisible():
            reason = self.problem(obj)
            if reason:
                obj.show_error(reason)
                return True
        return super().eventFilter(obj, event)

    def problem(self, editor: CellEditor, index: QModelIndex | QPersistentModelIndex | None = None) -> str | None:
        """Why the editor's text cannot be stored in `index` (default: the view's current cell), or None."""
        view = self.parent()
        if index is None:
            index = getattr(view, "currentIndex", lambda: QModelIndex())()
        model = index.model()
        if not isinstance(model, GridModel):
            return None
        return model.problem(index, editor.text())

    # --- painting
    def _indent(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        level = index.data(LEVEL_ROLE) or 0
        if not level or index.data(GRID_ROLE) not in INDENTED:
            return 0
        return int(level * INDENT_EM * option.fontMetrics.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        indent = self._indent(opt, index)
        if indent:
            if opt.backgroundBrush.style() != Qt.BrushStyle.NoBrush:
                painter.fillRect(option.rect, opt.backgroundBrush)
            opt.backgroundBrush = QBrush()
            opt.rect = option.rect.adjusted(indent, 0, 0, 0)
        state = index.data(STATE_ROLE)
        selected_state = bool(state) and bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected_state:
            # keep the check colour visible under the selection: draw the tint, mark the selection by a frame
            opt.state &= ~QStyle.StateFlag.State_Selected
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if selected_state:
            painter.save()
            painter.setPen(QPen(opt.palette.color(QPalette.ColorRole.Highlight), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()
        previous = index.data(PREVIOUS_ROLE)
        if previous is not None:  # last year's value, small and grey at the top left (the value is right-aligned)
            painter.save()
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 0.8)
            painter.setFont(font)
            painter.setPen(PREVIOUS_TEXT)
            top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            painter.drawText(option.rect.adjusted(3, 1, -3, -1), top_left, f"上年 {previous}")
            painter.restore()
        outline = index.data(OUTLINE_ROLE)
        if outline is not None:
            painter.save()
            painter.setPen(QPen(outline, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        indent = self._indent(option, index)
        if not indent:
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        opt.rect = option.rect.adjusted(indent, 0, 0, 0)  # wrapped labels need the height at the indented width
        size = super().sizeHint(opt, index)
        return QSize(size.width() + indent, size.height())

