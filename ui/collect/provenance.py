"""The 来源 dock: for the current cell of an aggregate, each unit's contribution (sortable), and last year's value.

A pure view: `ProvenanceDock.show_cell(doc, cell_id, aggregate)` is called by
ui.collect.aggregate_dialog.AggregationActions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from model.collect.aggregate import Aggregate, Contribution, file_name, provenance, share_text
from model.collect.previous_year import previous_values
from model.core.changes import value_text
from model.core.document import Document
from model.core.rules import checker_for
from model.core.script import in_script
from model.core.values import INTEGER, NA, Value, format_number
from ui.common.script import convert_tree, script_of, shown
from ui.common.sort_arrow import use_clerks_arrows
from ui.grid.table_model import AnyIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("单位", "数值", "占比", "文件")
OTHER = "（汇总后改动）"


def _number(v: Value) -> float:
    return float(v) if isinstance(v, (int, Decimal)) else -1.0  # blank and "/" sort below 0


class _ListModel(QAbstractTableModel):
    """A read-only table: one row per item of `rows`, one column per header."""

    headers: tuple[str, ...] = ()
    rows: list[Any]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return shown(self.headers[section], script_of(self.parent()))
        return None


def _sorted_table(parent: QWidget, model: _ListModel, column: int,
                  order: Qt.SortOrder) -> tuple[QSortFilterProxyModel, QTableView]:
    """A row-selecting table over `model`, sorted by SORT_ROLE (numbers as numbers) when a header is clicked."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)  # unit names in the clerk's collation (pinyin for zh_CN), not code points
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    use_clerks_arrows(table.horizontalHeader())  # ▼ when sorted high to low
    table.sortByColumn(column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(model.headers)):
        table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return proxy, table


class ProvenanceModel(_ListModel):
    """Rows: one per unit (and one for a difference typed into the aggregate after summing)."""

    headers = HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Contribution] = []
        self.kind = INTEGER

    def set_rows(self, rows: list[Contribution], kind: str = INTEGER) -> None:
        self.beginResetModel()
        self.rows = rows
        self.kind = kind
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            unit = c.unit or in_script("（未填单位名称）", script_of(self.parent()))
            return (unit, value_text(c.value, self.kind), share_text(c), file_name(c.path))[col]
        if role == SORT_ROLE:
            return (c.unit, _number(c.value), c.share if c.share is not None else -1.0, c.path)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.path
        return None


class ProvenanceDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("来源与上年", parent)
        self.setObjectName("provenanceDock")
        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(body)
        self.summary.setObjectName("provenanceSummary")
        self.summary.setWordWrap(True)
        self.report_button = QPushButton("汇总报告…", body)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.report_button)
        self.title = QLabel(body)
        self.title.setObjectName("provenanceTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.model = ProvenanceModel(self)
        self.proxy, self.table = _sorted_table(body, self.model, 1, Qt.SortOrder.DescendingOrder)
        self.total = QLabel(body)
        self.total.setObjectName("provenanceTotal")
        self.previous = QLabel(body)
        self.previous.setObjectName("provenancePrevious")
        self.previous.setWordWrap(True)
        box.addLayout(top)
        box.addWidget(self.title)
        box.addWidget(self.table, 1)
        box.addWidget(self.total)
        box.addWidget(self.previous)
        self.setWidget(body)
        self.show_cell(None, None, None)

    def show_cell(self, doc: Document | None, cell_id: str | None, aggregate: Aggregate | None) -> None:
        """Fill the dock for one cell: units' contributions when `doc` is an aggregate, last year when linked."""
        self.summary.setText(_summary(aggregate))
        self.report_button.setVisible(aggregate is not None)
        if doc is None or cell_id is None or cell_id not in doc.template.cells:
            self.title.setText("选中一个数字格，这里显示它由哪些单位汇总而来，以及上年的数。")
            self.model.set_rows([])
            self.total.setText("")
            self.previous.setText("")
            convert_tree(self, script_of(self))
            return
        label = checker_for(doc.template).label(cell_id)
        value = doc.value(cell_id)
        kind = doc.template.cells[cell_id].type
        self.title.setText(f"{label}：{value_text(value, kind)}")
        rows = provenance(aggregate, cell_id) if aggregate is not None else []
        if aggregate is not None:
            parts = [c.value for c in rows if isinstance(c.value, (int, Decimal))]
            summed: Any = sum(parts) if parts else None
            if isinstance(value, (int, Decimal)) and summed != value:
                rest = value - (summed or 0)
                rows.append(Contribution(OTHER, "", rest, float(rest) / float(value) if value else None))
                summed = value
            blanks = sum(1 for c in rows if c.value is None)
            self.total.setText(
                f"共 {len(aggregate.units)} 个单位，合计 {value_text(summed, kind) if summed is not None else '（空）'}"
                + (f"；{blanks} 个单位未填" if blanks else ""))
        else:
            self.total.setText("本表不是汇总表（用“文件 → 汇总…”生成）。")
        self.model.set_rows(rows, kind)
        self.table.resizeRowsToContents()
        self.previous.setText(_previous_text(doc, cell_id, value, kind))
        convert_tree(self, script_of(self))  # the texts just set, in the window's script


def _summary(aggregate: Aggregate | None) -> str:
    if aggregate is None:
        return ""
    parts = [f"汇总表：{aggregate.office}，{len(aggregate.units)} 个单位"]
    if aggregate.refused:
        parts.append(f"{len(aggregate.refused)} 个文件未汇总")
    if aggregate.flagged:
        parts.append(f"{len(aggregate.flagged)} 个单位仍有问题")
    return " · ".join(parts)


def _previous_text(doc: Document, cell_id: str, value: Value, kind: str) -> str:
    if doc.previous is None:
        return "未链接上年文件（文件 → 链接上年文件…）。"
    before = previous_values(doc).get(cell_id)
    if before is None:
        return "上年：（未填或上年文件无法读取）"
    text = f"上年：{value_text(before, kind)}"
    if isinstance(value, (int, Decimal)) and isinstance(before, (int, Decimal)) and value is not NA:
        diff = value - before
        text += f"　本年比上年 {'+' if diff > 0 else ''}{format_number(diff)}"
    return text


COMPARE_HEADERS = ("项目", "本年", "上年", "变化")


class CompareModel(_ListModel):
    """Every cell of the document beside last year's value: the 上年 column, as a sortable list."""

    headers = COMPARE_HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, Value, Value]] = []  # cell id, label, this year, last year
        self.kinds: dict[str, str] = {}

    def set_document(self, doc: Document | None) -> None:
        self.beginResetModel()
        self.rows = []
        if doc is not None and doc.previous is not None:
            before = previous_values(doc)
            label = checker_for(doc.template).label
            self.rows = [(c, label(c), doc.value(c), before.get(c)) for c in doc.template.cells]
            self.kinds = {c: cell.type for c, cell in doc.template.cells.items()}
        self.endResetModel()

    @staticmethod
    def change(now: Value, before: Value) -> Any:
        if isinstance(now, (int, Decimal)) and isinstance(before, (int, Decimal)):
            return now - before
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        cid, label, now, before = self.rows[index.row()]
        col = index.column()
        diff = self.change(now, before)
        if role == Qt.ItemDataRole.DisplayRole:
            shown = "" if diff is None else f"{'+' if diff > 0 else ''}{format_number(diff)}"
            kind = self.kinds.get(cid, INTEGER)
            return (in_script(label, script_of(self.parent())), value_text(now, kind), value_text(before, kind),
                    shown)[col]
        if role == SORT_ROLE:
            return (index.row(), _number(now), _number(before), float(diff) if diff is not None else 0.0)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return cid
        return None


class CompareDock(QDockWidget):
    """上年对照: this year's and last year's value of every cell; activating a row selects the cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("上年对照", parent)
        self.setObjectName("compareDock")
        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 4, 4)
        self.note = QLabel(body)
        self.note.setWordWrap(True)
        self.model = CompareModel(self)
        self.proxy, self.table = _sorted_table(body, self.model, 0, Qt.SortOrder.AscendingOrder)
        box.addWidget(self.note)
        box.addWidget(self.table, 1)
        self.setWidget(body)

    def show_document(self, doc: Document | None) -> None:
        self.model.set_document(doc)
        if doc is None or doc.previous is None:
            self.note.setText("未链接上年文件（文件 → 链接上年文件…）。")
        elif not self.model.rows or all(r[3] is None for r in self.model.rows):
            self.note.setText("上年文件暂时无法读取。")
        else:
            self.note.setText(f"上年文件：{doc.previous.link.replace(chr(92), '/').rsplit('/', 1)[-1]}"
                              "（点表头排序；双击一行跳到该格）")
        convert_tree(self, script_of(self))

    def cell_at(self, index: QModelIndex) -> str | None:
        source = self.proxy.mapToSource(index)
        return self.model.data(self.model.index(source.row(), 0), Qt.ItemDataRole.UserRole)
