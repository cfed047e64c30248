"""The form view: a QTableView over a GridModel with the grid's spans and Excel-like movement."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget

from model import layout
from ui.delegates import GridDelegate
from ui.table_model import GridModel

LABEL_WIDTHS = {1: (430,), 2: (120, 300), 3: (84, 118, 300)}  # label columns, in units of a 12px-ish font
UNIT_WIDTH = 52
VALUE_WIDTH = 96
NARROW_VALUE_WIDTH = 74  # tables with many value columns (2021 table 四)


class FormView(QTableView):
    """Shows one table of the form. Enter moves down and Tab moves right to the next value cell."""

    def __init__(self, model: GridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = GridDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.apply_layout()

    def grid_model(self) -> GridModel:
        m = self.model()
        assert isinstance(m, GridModel)
        return m

    def apply_layout(self) -> None:
        """Spans, column widths and row heights from the grid."""
        grid = self.grid_model().grid
        self.clearSpans()
        for c in grid.spans():
            self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        scale = max(1.0, self.fontMetrics().height() / 16)
        widths = list(LABEL_WIDTHS.get(grid.label_cols, (300,) * grid.label_cols))
        if grid.table.unit_column:
            widths.append(UNIT_WIDTH)
        n_values = grid.n_cols - len(widths)
        value_width = NARROW_VALUE_WIDTH if n_values > 8 else VALUE_WIDTH
        widths += [value_width] * n_values
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, w in enumerate(widths[: grid.n_cols]):
            self.setColumnWidth(col, int(w * scale))
        self.resizeRowsToContents()
        minimum = int(self.fontMetrics().height() * 1.7)
        for row in range(grid.n_rows):
            if self.rowHeight(row) < minimum:
                self.setRowHeight(row, minimum)

    def total_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.grid_model().columnCount())) + 2 * self.frameWidth()

    # --- Excel-like movement between value cells
    def next_value(self, index: QModelIndex, step: str) -> QModelIndex:
        """The next value cell "down" (same column), "right"/"left" (reading order) from index."""
        m = self.grid_model()
        grid = m.grid
        r, c = index.row(), index.column()
        if step == "down":
            for row in range(r + 1, grid.n_rows):
                a = grid.at(row, c)
                if a is not None and a.role == layout.VALUE:
                    return m.index(a.row, a.col)
            return index
        order = sorted(grid.positions.values())
        here = (r, c)
        if step == "right":
            later = [p for p in order if p > here]
            return m.index(*later[0]) if later else index
        earlier = [p for p in order if p < here]
        return m.index(*earlier[-1]) if earlier else index

    def move_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_to(self.next_value(self.currentIndex(), "down"))
                return
            if key == Qt.Key.Key_Tab:
                self.move_to(self.next_value(self.currentIndex(), "right"))
                return
            if key == Qt.Key.Key_Backtab:
                self.move_to(self.next_value(self.currentIndex(), "left"))
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        # Tab belongs to the grid (move right), not to focus navigation between widgets.
        if self.state() == QAbstractItemView.State.EditingState:
            return False
        self.move_to(self.next_value(self.currentIndex(), "right" if next else "left"))
        return True

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        current = self.currentIndex()
        step = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: "down",
            QAbstractItemDelegate.EndEditHint.EditNextItem: "right",
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: "left",
        }.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if step:
            self.move_to(self.next_value(current, step))

    def select_indexes(self, indexes: list[QModelIndex]) -> None:
        """Select these cells, make the first current and scroll to it."""
        sel = QItemSelection()
        for ix in indexes:
            sel.select(ix, ix)
        if not indexes:
            return
        self.setCurrentIndex(indexes[0])
        self.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(indexes[0], QAbstractItemView.ScrollHint.PositionAtCenter)
