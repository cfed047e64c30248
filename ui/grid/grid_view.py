"""The form view: a QTableView over a GridModel with the grid's spans and Excel-like movement."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

from model.core import layout
from ui.grid.delegates import INDENT_EM, INDENTED, CellEditor, GridDelegate
from ui.grid.table_model import LEVEL_ROLE, GridModel

LABEL_WIDTHS = {1: (430,), 2: (120, 300), 3: (84, 118, 280)}  # label columns at a 16px line height
UNIT_WIDTH = 52
VALUE_WIDTH = 96
NARROW_VALUE_WIDTH = 74  # tables with many value columns (2021 table 四)
_STEPS = {
    QAbstractItemView.CursorAction.MoveUp: (-1, 0),
    QAbstractItemView.CursorAction.MoveDown: (1, 0),
    QAbstractItemView.CursorAction.MoveLeft: (0, -1),
    QAbstractItemView.CursorAction.MoveRight: (0, 1),
}
_JUMP_KEYS = (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)


MAX_FROZEN_SHARE = 0.6  # of the view's width, at most, for the frozen label columns


class FrozenStrip(QTableView):
    """Part of the table drawn over its view so it stays while the figures scroll: the column-header rows along
    the top (`rows`), the label columns down the left (`cols`), or with both the corner where the two meet (Qt's
    "frozen column" pattern: the same model and selection, no scroll bars, no keyboard focus)."""

    def __init__(self, view: FormView, rows: bool = True, cols: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.rows, self.cols = rows, cols
        self.setModel(view.model())
        self.setSelectionModel(view.selectionModel())
        # a delegate of its own: a shared one would send the view's editor signals (Tab → next item) here too
        self.setItemDelegate(GridDelegate(self))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAutoScroll(False)
        self.setObjectName({(True, False): "frozenHeader", (False, True): "frozenLabels"}.get((rows, cols),
                                                                                             "frozenCorner"))
        view.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.viewport().installEventFilter(self)

    def _extent(self) -> tuple[int, int]:
        """The header rows and label columns this strip shows (all of them along the other direction)."""
        grid = self.view.grid_model().grid
        return (grid.header_rows if self.rows else grid.n_rows), (grid.label_cols if self.cols else grid.n_cols)

    def apply_spans(self) -> None:
        n_rows, n_cols = self._extent()
        self.clearSpans()
        for c in self.view.grid_model().grid.spans():
            if c.row < n_rows and c.col < n_cols:
                rowspan, colspan = min(c.rowspan, n_rows - c.row), min(c.colspan, n_cols - c.col)
                if rowspan > 1 or colspan > 1:  # cut at the strip's edge, so the text is laid out in what shows
                    self.setSpan(c.row, c.col, rowspan, colspan)

    def frozen_columns(self) -> tuple[int, int, int]:
        """(first column, its left edge, width) of the label columns kept: the innermost ones that fit in
        MAX_FROZEN_SHARE of the view, so the row's own label always stays and the figures keep most of the room."""
        grid = self.view.grid_model().grid
        widths = [self.view.columnWidth(c) for c in range(grid.label_cols)]
        room = self.view.viewport().width() * MAX_FROZEN_SHARE
        first, width = grid.label_cols, 0
        while first > 0 and width + widths[first - 1] <= room:
            first -= 1
            width += widths[first]
        return first, sum(widths[:first]), width

    def follow(self) -> None:
        """Same widths and heights as the view; placed over its viewport's top or left edge."""
        grid = self.view.grid_model().grid
        n_rows, _n_cols = self._extent()
        for c in range(grid.n_cols):
            self.setColumnWidth(c, self.view.columnWidth(c))
        for r in range(n_rows):
            self.setRowHeight(r, self.view.rowHeight(r))
        viewport = self.view.viewport().geometry()
        width = self.frozen_columns()[2] if self.cols else viewport.width()
        height = sum(self.view.rowHeight(r) for r in range(n_rows)) if self.rows else viewport.height()
        self.setGeometry(viewport.x(), viewport.y(), min(width, viewport.width()), min(height, viewport.height()))
        self._on_scrolled()

    def _on_scrolled(self, _value: int = 0) -> None:
        across, down = self.view.horizontalScrollBar().value(), self.view.verticalScrollBar().value()
        _first, left, width = self.frozen_columns() if self.cols else (0, 0, 0)
        self.horizontalScrollBar().setValue(left if self.cols else across)
        if not self.rows:
            self.verticalScrollBar().setValue(down)
        grid = self.view.grid_model().grid
        # shown only once that part has scrolled away: before, the view's own header rows and labels are there
        needed = (not self.rows or (down > 0 and grid.header_rows > 0)) and (
            not self.cols or (across > left and width > 0))
        self.setVisible(needed)
        if needed and self.rows and self.cols:
            self.raise_()  # the corner over both strips

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Never by itself: the shared current cell lies elsewhere, and the strip follows the view's scroll bars."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:  # the wheel scrolls the figures, not this strip
            QApplication.sendEvent(self.view.viewport(), event)
            return True
        return super().eventFilter(obj, event)


class FormView(QTableView):
    """Shows one table of the form. Enter moves down and Tab moves right to the next value cell."""

    zoom_requested = Signal(int)  # Ctrl+wheel: a step in percent (the window zooms every table alike)

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
        self._base_point_size = self.font().pointSizeF()  # zoom is a percentage of the window's font
        self.frozen = FrozenStrip(self)  # the header rows
        self.frozen_labels = FrozenStrip(self, rows=False, cols=True)  # the label columns of a wide table
        self.frozen_corner = FrozenStrip(self, rows=True, cols=True)
        self.apply_layout()
        self._kept_cell: str | None = None
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)  # the 上年数 column comes and goes
        cells = sorted(model.grid.positions.values())
        if cells:  # typing goes straight into the first cell of the form
            self.setCurrentIndex(model.index(*cells[0]))

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
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for strip in self.strips():
            strip.apply_spans()
        if self.isVisible():
            self.fit_columns()  # a hidden view is fitted by its first resize event, at its real width

    def _before_reset(self) -> None:
        self._kept_cell = self.grid_model().cell_id(self.currentIndex())

    def _after_reset(self) -> None:
        self.apply_layout()
        if self._kept_cell:
            self.setCurrentIndex(self.grid_model().index_of(self._kept_cell))

    def fit_columns(self) -> None:
        """Preferred widths; the widest label column takes the room left in the viewport (within limits),
        and a table of value columns only is narrowed to fit. Then the row heights follow the wrapped text."""
        grid = self.grid_model().grid
        scale = max(1.0, self.fontMetrics().height() / 16)
        labels = [int(w * scale) for w in LABEL_WIDTHS.get(grid.label_cols, (300,) * grid.label_cols)]
        units = [int(UNIT_WIDTH * scale)] if grid.table.unit_column else []
        n_values = grid.n_cols - len(labels) - len(units)
        value = int((NARROW_VALUE_WIDTH if n_values > 8 else VALUE_WIDTH) * scale)
        room = self.viewport().width() - 2
        spare = room - (sum(labels) + sum(units) + value * n_values)
        if spare < 0 and n_values:  # too narrow: narrower value columns first, then the label column
            value = max(int(56 * scale), value + spare // n_values)
            spare = room - (sum(labels) + sum(units) + value * n_values)
        if labels:
            wide = labels.index(max(labels))
            labels[wide] = max(int(labels[wide] * 0.6), min(int(labels[wide] * 1.5), labels[wide] + spare))
        widths = labels + units + [value] * n_values
        left = room - sum(widths)
        if left > 0:  # a wide window: every column grows in proportion, so no blank strip right of the table
            total = sum(widths)
            widths = [w + left * w // total for w in widths]
            widths[wide if labels else -1] += room - sum(widths)
        if widths == [self.columnWidth(c) for c in range(grid.n_cols)]:
            return
        for col, w in enumerate(widths[: grid.n_cols]):
            self.setColumnWidth(col, w)
        self.fit_rows()

    def set_zoom(self, percent: int) -> None:
        """The grid's text at `percent` of the window's font; columns and rows follow (fit_columns scales)."""
        font = self.font()
        font.setPointSizeF(self._base_point_size * percent / 100)
        self.setFont(font)
        self.fit_columns()
        self.fit_rows()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(10 if delta > 0 else -10)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        if hasattr(self, "frozen_corner"):
            for strip in self.strips():
                strip.follow()

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        super().scrollTo(index, hint)
        if not hasattr(self, "frozen_corner"):
            return  # Qt scrolls while the view is being set up
        # a cell scrolled to just below the frozen header, or just right of the frozen labels, would sit behind
        # it: scroll it out from under
        rect = self.visualRect(self.model().index(index.row(), index.column()))
        for strip, hidden, bar in ((self.frozen, self.frozen.height() - rect.top(), self.verticalScrollBar()),
                                   (self.frozen_labels, self.frozen_labels.width() - rect.left(),
                                    self.horizontalScrollBar())):
            if strip.isVisible() and hidden > 0 and bar.value() > 0:
                bar.setValue(max(0, bar.value() - hidden))

    def fit_rows(self) -> None:
        """Row heights from the wrapped text of each anchor cell, spread over the rows it spans.

        Computed from font metrics instead of resizeRowsToContents, which asks the style for every cell
        and costs a noticeable part of the start-up time.
        """
        m = self.grid_model()
        grid = m.grid
        plain = self.fontMetrics()
        bold: QFontMetrics | None = None
        line = plain.height()
        minimum = int(line * 1.7)
        heights = [minimum] * grid.n_rows
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        for c in grid.cells:
            if not c.text:
                continue
            font = m.data(m.index(c.row, c.col), Qt.ItemDataRole.FontRole)
            fm = plain
            if font is not None:
                fm = bold = bold or QFontMetrics(font)
            # the painted indentation (LEVEL_ROLE: none where several label columns show the depth)
            level = m.data(m.index(c.row, c.col), LEVEL_ROLE) or 0
            indent = int(level * INDENT_EM * line) if c.role in INDENTED else 0
            width = sum(self.columnWidth(k) for k in range(c.col, c.col + c.colspan)) - indent - 10
            needed = fm.boundingRect(QRect(0, 0, max(width, 20), 100000), flags, c.text).height() + int(line * 0.7)
            share = -(-needed // c.rowspan)
            for r in range(c.row, c.row + c.rowspan):
                heights[r] = max(heights[r], share)
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)
        for strip in self.strips():
            strip.follow()

    def strips(self) -> tuple[FrozenStrip, ...]:
        """What stays while scrolling: the header rows, the label columns, their corner (drawn last, on top)."""
        return (self.frozen, self.frozen_labels, self.frozen_corner)

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
        """Make `index` the current cell and the only selected one. setCurrentIndex() would read the keyboard's
        modifiers: with Ctrl held (Ctrl+Tab) it toggles, leaving the highlight on the old cell while typing goes
        into the new one."""
        if index.isValid():
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
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
            current = self.currentIndex()
            if key == Qt.Key.Key_Backspace and self.grid_model().cell_id(current):
                # Excel/WPS: Backspace empties the cell and starts typing there (Delete clears without editing)
                if self.edit(current, QAbstractItemView.EditTrigger.EditKeyPressed, event):
                    editor = self.indexWidget(current)
                    if isinstance(editor, QLineEdit):
                        editor.clear()
                return
        super().keyPressEvent(event)

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Every key lands on a cell that takes a figure, as Enter and Tab do: never on a section title or a
        column-header row, where typing would go nowhere (Excel's Ctrl+arrow: the last figure that way)."""
        m = self.grid_model()
        cells = sorted(m.grid.positions.values())
        here = self.currentIndex()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        action = QAbstractItemView.CursorAction
        if not cells:
            return super().moveCursor(cursorAction, modifiers)
        if cursorAction in (action.MoveHome, action.MoveEnd):
            home = cursorAction == action.MoveHome
            row = [p for p in cells if p[0] == here.row()] if here.isValid() and not ctrl else []
            return m.index(*(row or cells)[0 if home else -1])  # Ctrl: the first / last figure of the form
        step = _STEPS.get(cursorAction)
        if step is not None and here.isValid():
            return self._value_towards(here, *step, far=ctrl)
        target = super().moveCursor(cursorAction, modifiers)
        if cursorAction in (action.MovePageUp, action.MovePageDown) and target.isValid():
            down = cursorAction == action.MovePageDown
            return self._nearest_value(target, first_down=down)
        return target

    def _value_towards(self, here: QModelIndex, dr: int, dc: int, far: bool) -> QModelIndex:
        m = self.grid_model()
        grid = m.grid
        start = grid.at(here.row(), here.column())
        anchor = (start.row, start.col) if start is not None else (here.row(), here.column())
        found = here
        r, c = here.row() + dr, here.column() + dc
        while 0 <= r < grid.n_rows and 0 <= c < grid.n_cols:
            a = grid.at(r, c)
            if a is not None and a.role == layout.VALUE and (a.row, a.col) != anchor:
                found = m.index(a.row, a.col)
                if not far:
                    break
                anchor = (a.row, a.col)
            r, c = r + dr, c + dc
        return found

    def _nearest_value(self, index: QModelIndex, first_down: bool) -> QModelIndex:
        """The value cell in index's column nearest to it, looking first down (or up), then the other way."""
        m = self.grid_model()
        grid = m.grid
        rows = range(index.row(), grid.n_rows) if first_down else range(index.row(), -1, -1)
        back = range(index.row(), -1, -1) if first_down else range(index.row(), grid.n_rows)
        for r in (*rows, *back):
            a = grid.at(r, index.column())
            if a is not None and a.role == layout.VALUE:
                return m.index(a.row, a.col)
        return self.currentIndex()

    def selectionCommand(self, index: QModelIndex | QPersistentModelIndex,
                         event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        # Qt's extended selection moves only the cursor on Ctrl+arrow/Home/End; Excel selects where it lands
        if (isinstance(event, QKeyEvent) and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier and event.key() in _JUMP_KEYS):
            return QItemSelectionModel.SelectionFlag.ClearAndSelect
        return super().selectionCommand(index, event)

    def edit(self, index: QModelIndex, trigger: QAbstractItemView.EditTrigger | None = None,
             event: QEvent | None = None) -> bool:
        if trigger is None:
            return super().edit(index)
        opened = super().edit(index, trigger, event)
        # Qt selects the editor's text, so a key typed after F2 or a double click would replace the number;
        # in Excel and WPS both edit in place, the cursor after the last digit
        if opened and trigger in (QAbstractItemView.EditTrigger.EditKeyPressed,
                                  QAbstractItemView.EditTrigger.DoubleClicked):
            editor = self.indexWidget(index)
            if isinstance(editor, QLineEdit):
                editor.deselect()
                editor.end(False)
        return opened

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

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        # A click on another cell while the editor holds a bad entry ("1.5" in a 件 row): Qt would commit (refused)
        # and close it, and the figure would be gone. The cell stays current, its editor open with the reason.
        editor = self.indexWidget(previous) if previous.isValid() else None
        if isinstance(editor, CellEditor) and current != previous:
            reason = self.delegate.problem(editor, previous)
            if reason:
                self.move_to(previous)
                editor.setFocus()
                editor.show_error(reason)
                return
        super().currentChanged(current, previous)

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
