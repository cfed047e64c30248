"""The one QAbstractTableModel adapter: a model.core.layout Grid over a Document, with check highlights."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand

from model.collect.previous_column import PREVIOUS, can_show, with_previous_column
from model.collect.previous_year import previous_values
from model.core import layout
from model.core.document import Document
from model.core.layout import Grid, GridCell
from model.core.script import in_script
from model.core.values import ValueParseError, format_value, parse_value
from model.exchange.files import source_page
from ui.grid import highlight
from ui.grid.commands import SetCells, edit_text
from ui.grid.highlight import CellMarks

CELL_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # value cell id, or None
GRID_ROLE = Qt.ItemDataRole.UserRole + 2  # layout role: "value", "label", "header", ...
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3  # indentation depth of labels
OUTLINE_ROLE = Qt.ItemDataRole.UserRole + 4  # QColor of the outline for cells of a failed rule
STATE_ROLE = Qt.ItemDataRole.UserRole + 5  # the cell's own state: error/warning/justified/blank/None
PREVIOUS_ROLE = Qt.ItemDataRole.UserRole + 6  # last year's value as text, while 视图 → 表中显示上年数 is on
# the 上年数 column: grey on a light fill, so it does not read as a cell to fill in
PREVIOUS_TEXT = QColor(105, 105, 105)
PREVIOUS_FILL = QColor("#f1f1ee")

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods
_CENTRED = (layout.HEADER, layout.COLHEADER, layout.UNIT)
_BOLD = (layout.HEADER, layout.COLHEADER, layout.CAPTION, layout.SECTION)
_ALL_ROLES = [
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole, OUTLINE_ROLE, STATE_ROLE,
]


class GridModel(QAbstractTableModel):
    """Header rows are model rows (the view hides its own headers and sets the grid's spans).

    Only undo commands write values: setData builds a SetCells and hands it to `push`.
    """

    def __init__(self, grid: Grid, doc: Document, marks: Callable[[str], CellMarks | None],
                 push: Callable[[QUndoCommand], None], notify: Callable[[list[str]], None], parent: Any = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.base_grid = grid  # without the 上年数 column (self.grid has it while shown)
        self.doc = doc
        self._marks = marks
        self._push = push
        self._notify = notify
        self.last_error = ""  # reason the last setData was refused, for the editor to show
        self.show_previous = False  # switched by ui.collect.aggregate_dialog (视图 → 表中显示上年数)
        self._bold = QFont()
        self._bold.setBold(True)
        has_sections = any(c.role == layout.SECTION for c in grid.cells)
        self._bold_levels = has_sections  # in the 2015 table, top-level items are as prominent as sections

    # --- Qt model contract
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.grid.n_rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.n_cols

    def anchor(self, index: AnyIndex) -> GridCell | None:
        if not index.isValid():
            return None
        return self.grid.at(index.row(), index.column())

    def cell_id(self, index: AnyIndex) -> str | None:
        a = self.anchor(index)
        return a.cell_id if a is not None and a.role == layout.VALUE else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        a = self.anchor(index)
        if a is None or (a.row, a.col) != (index.row(), index.column()):
            return Qt.ItemFlag.ItemIsEnabled
        if a.role == layout.VALUE:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        if a.role == PREVIOUS:  # selectable, so a copied block may include last year's figures
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if a.role in (layout.HEADER, layout.COLHEADER, layout.CAPTION, layout.NOTE, layout.EMPTY):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.anchor(index)
        if a is None or (a.row, a.col) != (index.row(), index.column()):
            return None
        if a.role == PREVIOUS:
            return self._previous_data(a, role)
        cid = a.cell_id if a.role == layout.VALUE else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if cid is None:
                return a.text
            return format_value(self.doc.value(cid), self.doc.template.cells[cid].type)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if a.role == layout.VALUE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if a.role in _CENTRED or (a.role == layout.GROUP and a.rowspan > 1):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            top = a.level == 0 and a.role in (layout.LABEL, layout.GROUP, layout.HEADING)
            if a.role in _BOLD or (top and (self._bold_levels or a.role == layout.GROUP)):
                return self._bold
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return highlight.READ_ONLY_TEXT if a.role in (layout.UNIT, layout.NOTE) else None
        if role == CELL_ID_ROLE:
            return cid
        if role == GRID_ROLE:
            return a.role
        if role == LEVEL_ROLE:
            return a.level if self.grid.label_cols <= 1 else 0  # several label columns show the depth already
        if cid is None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return highlight.role_fill(a.role)
            if role == Qt.ItemDataRole.ToolTipRole and a.role in (layout.LABEL, layout.NOTE, layout.HEADING):
                return a.text if len(a.text) > 20 else None
            return None
        if role == PREVIOUS_ROLE:
            in_cell = self.show_previous and self.grid is self.base_grid  # not beside a 上年数 column
            before = previous_values(self.doc).get(cid) if in_cell else None
            return None if before is None else format_value(before, self.doc.template.cells[cid].type)
        marks = self._marks(cid)
        if role == Qt.ItemDataRole.BackgroundRole:
            return highlight.fill(marks.fill) if marks else None
        if role == STATE_ROLE:
            return marks.fill if marks else None
        if role == OUTLINE_ROLE:
            return highlight.OUTLINE[marks.outline] if marks and marks.outline and not marks.fill else None
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.doc.template.cells[cid].short
            lines = [name, *(marks.messages if marks else [])]
            if (source := source_page(self.doc, cid)) is not None:
                lines.append(f"导入时取自“{source[0]}”第 {source[1]} 页")
            return in_script("\n".join(lines), self.grid.script)
        return None

    def _previous_data(self, a: GridCell, role: int) -> Any:
        assert a.cell_id is not None
        if role == Qt.ItemDataRole.DisplayRole:
            before = previous_values(self.doc).get(a.cell_id)
            return "" if before is None else format_value(before, self.doc.template.cells[a.cell_id].type)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return PREVIOUS_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(PREVIOUS_FILL)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.doc.template.cells[a.cell_id].short
            return in_script(f"{name}：上年数（来自链接的上年文件，不能在这里修改）", self.grid.script)
        if role == GRID_ROLE:
            return a.role
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return None  # the form's own header rows are model rows; the view hides both headers

    def problem(self, index: AnyIndex, text: str) -> str | None:
        """Why `text` cannot go into this cell (Chinese), or None when it can."""
        cid = self.cell_id(index)
        if cid is None:
            return "这里不是填数的格子"
        try:
            parse_value(text, self.doc.template.cells[cid].type, self.doc.template.allow_na)
        except ValueParseError as exc:
            return str(exc)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cid = self.cell_id(index)
        if cid is None or role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.doc.template.cells[cid]
        try:
            new = parse_value("" if value is None else str(value), cell.type, self.doc.template.allow_na)
        except ValueParseError as exc:
            self.last_error = f"{cell.short}：{exc}"
            return False
        self.last_error = ""
        if new == self.doc.value(cid) and type(new) is type(self.doc.value(cid)):
            return True
        # push() calls redo() at once, so setData must not write the value itself
        verb = "清除" if new is None else "修改"
        self._push(SetCells(self.doc, {cid: new}, edit_text(verb, [cell.short]), self._notify))
        return True

    # --- used by the window
    def set_show_previous(self, on: bool) -> bool:
        """视图 → 表中显示上年数. A table with one value column gets a 上年数 column (model reset: columns change)
        when last year's file is linked; other tables show last year's value inside each cell. True if the
        columns changed."""
        self.show_previous = on
        linked = bool(previous_values(self.doc))
        want = on and linked and can_show(self.base_grid)
        if want == (self.grid is not self.base_grid):
            return False
        self.beginResetModel()
        self.grid = with_previous_column(self.base_grid) if want else self.base_grid
        self.endResetModel()
        return True

    def refresh(self) -> None:
        """Values or findings changed: repaint every cell (a few hundred cells at most)."""
        if self.grid.n_rows and self.grid.n_cols:
            self.dataChanged.emit(self.index(0, 0), self.index(self.grid.n_rows - 1, self.grid.n_cols - 1),
                                  _ALL_ROLES)

    def refresh_cells(self, cell_ids: set[str]) -> None:
        """Repaint these value cells only (after an edit: the edited cells and those whose highlight changed)."""
        places = [self.grid.positions[c] for c in cell_ids if c in self.grid.positions]
        if not places:
            return
        rows = [r for r, _c in places]
        cols = [c for _r, c in places]
        # one range: dataChanged per cell costs more than repainting the few cells in between
        self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)), _ALL_ROLES)

    def index_of(self, cell_id: str) -> QModelIndex:
        pos = self.grid.positions.get(cell_id)
        return self.index(*pos) if pos else QModelIndex()
