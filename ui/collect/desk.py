"""文件 → 上报情况…: the collecting office's desk. One table of every expected unit (model/collect/status.py) with
the counts on top, sortable and filterable; 收取新文件 (from a shared folder or a USB stick, versions kept), 核对校验码
(the code on a unit's paper copy), 催报清单 (PDF or workbook), 汇总名单上的单位; a double-click shows the unit's table
as printed (read-only). Reading the files runs in the background with progress."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from model.collect.roster import (
    SUFFIX,
    Workspace,
    load_workspace,
    roster_from_file,
    roster_from_names,
    save_workspace,
)
from model.collect.status import StatusTable, UnitStatus, statuses
from model.core.template_types import LEVEL_LABELS
from model.exchange.store import DocumentError, write_file
from ui.common import file_dialogs
from ui.common.background import CANCELLED, STATUS_TIMEOUT, Operation
from ui.common.choice import ask_choice
from ui.common.script import script_of, shown

COLUMNS = ("单位", "层级", "上级", "状态", "说明", "文件", "收到", "汇总后改动", "正文", "校验码")
STATE_ORDER = {"未报": 0, "待确认": 1, "不在名单": 2, "读不出": 3, "导入有问题": 4, "草稿": 5, "定稿": 6}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def _cells(r: UnitStatus) -> list[str]:
    f = r.file
    level = LEVEL_LABELS.get(r.unit.level, "") if r.unit is not None else ""
    return [r.name, level, r.unit.parent if r.unit else "", r.state, r.detail, f.path.name if f else "",
            f.received if f else "", "是" if r.changed else "", "有" if f and f.has_text else "", f.code if f else ""]


class DeskDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.table = StatusTable([])
        self.setWindowTitle(f"上报情况 — {ws.office or ws.path.name if ws.path else ''}")
        self.resize(1100, 640)
        self.counts = QLabel()
        self.counts.setObjectName("deskCounts")
        font = self.counts.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.counts.setFont(font)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按单位名称筛选")
        self.filter.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.addItems(["全部", *STATE_ORDER])
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([shown(c, script_of(parent)) for c in COLUMNS])
        self.by_state = QSortFilterProxyModel(self)  # 状态 chosen, then the name typed
        self.by_state.setSourceModel(self.model)
        self.by_state.setFilterKeyColumn(3)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.by_state)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(self.show_unit)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.state.currentTextChanged.connect(self._filter_state)
        buttons = QHBoxLayout()
        self.intake = QPushButton("收取新文件(&I)…")
        self.intake.clicked.connect(lambda _checked=False: self.take_in())
        for text, slot in (("刷新(&R)", self.refresh), ("编辑名单(&E)…", self.edit_roster), (None, None),
                           ("更换收取文件夹…", self.choose_watched),
                           ("核对校验码(&K)…", self.check_code), ("催报清单(&C)…", self.chase),
                           ("汇总名单上的单位(&S)", self.sum_units), ("同比(&Y)…", self.year_on_year),
                           ("关闭", self.close)):
            if text is None:
                buttons.addWidget(self.intake)
                continue
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel("状态："))
        top.addWidget(self.state)
        top.addWidget(self.filter)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.view, 1)
        box.addLayout(buttons)

    # --- the table
    def refresh(self) -> bool:
        ws = self.ws
        got = Operation("上报情况", lambda progress: statuses(ws, progress), label="正在读取各单位的文件",
                        cancelled="已取消读取。").run(self)
        if got is CANCELLED:
            return False
        self.show_table(cast(StatusTable, got))
        return True

    def show_table(self, table: StatusTable) -> None:
        self.table = table
        script = script_of(self)
        self.counts.setText(shown(table.counts_text(), script))
        self.intake.setText(shown(f"收取新文件（新到 {n} 份）(&I)…" if (n := self.pending()) else "收取新文件(&I)…",
                                  script))
        self.model.removeRows(0, self.model.rowCount())
        for r in table.rows:
            items = []
            for c, text in enumerate(_cells(r)):
                item = QStandardItem(text if c in (0, 2, 5, 9) else shown(text, script))  # names stay as written
                item.setData(STATE_ORDER.get(text, 9) if c == 3 else text, Qt.ItemDataRole.UserRole)
                item.setData(r, ROW_ROLE)
                if c == 3 and r.state != "定稿":
                    item.setForeground(Qt.GlobalColor.darkRed)
                items.append(item)
            self.model.appendRow(items)
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.view.resizeColumnsToContents()

    def edit_roster(self, text: str | None = None) -> bool:
        """The roster typed or pasted, one unit per line (a column copied from Excel: its first cell is the name);
        the levels, parents and contacts of the units kept are kept."""
        if text is None:
            text = self.ask_roster_text("\n".join(u.name for u in self.ws.units))
            if text is None:
                return False
        typed = roster_from_names(text)
        if not typed:
            QMessageBox.warning(self, "编辑名单", "名单不能为空。")
            return False
        known = {u.name: u for u in self.ws.units}
        self.ws.units = [known.get(u.name, u) for u in typed]
        self._save()
        return self.refresh()

    def ask_roster_text(self, current: str) -> str | None:
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

        dialog = QDialog(self)
        dialog.setWindowTitle("编辑应报单位名单")
        edit = QPlainTextEdit(current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        box = QVBoxLayout(dialog)
        box.addWidget(QLabel("每行一个单位（可从 Excel 复制一列粘贴）："))
        box.addWidget(edit, 1)
        box.addWidget(buttons)
        dialog.resize(420, 520)
        return edit.toPlainText() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_watched(self) -> str | None:
        return file_dialogs.open_folder(self, "选择各单位送来文件的文件夹（共享文件夹或 U 盘）")

    def choose_watched(self) -> int:
        """Another folder to take in from (the USB stick instead of the shared folder): remembered from now."""
        folder = self.ask_watched()
        return self.take_in(folder) if folder else 0

    def pending(self) -> int:
        """How many files wait in the remembered watched folder (新到 n 份)."""
        from model.collect.intake import pending

        if not self.ws.watched or not Path(self.ws.watched).is_dir():
            return 0
        try:
            return len(pending(self.ws, Path(self.ws.watched)))
        except (DocumentError, OSError):
            return 0

    def _filter_state(self, text: str) -> None:
        self.by_state.setFilterRegularExpression("" if self.state.currentIndex() == 0 else f"^{re.escape(text)}$")

    def selected(self) -> UnitStatus | None:
        index = self.view.currentIndex()
        return cast(UnitStatus | None, index.data(ROW_ROLE)) if index.isValid() else None

    # --- actions
    def show_unit(self, index: Any = None) -> None:
        """A unit's table as printed: read-only, as the clerk would see the paper."""
        from print import pdf
        from ui.printout.pdf_pages import PdfPages
        from ui.printout.preview import PreviewDialog

        row = cast(UnitStatus | None, index.data(ROW_ROLE)) if index is not None else self.selected()
        if row is None or row.file is None:
            return
        if row.state == "待确认" and self.choose_unit(row):
            return
        from model.exchange.files import import_document

        try:
            doc = import_document(row.file.path).document
            data, _result = pdf.render_bytes(doc)
        except DocumentError as exc:
            QMessageBox.warning(self, "上报情况", str(exc))
            return
        dialog = PreviewDialog(PdfPages(data), f"{row.name}（{row.file.path.name}，只读）", None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(dialog.pages.close)
        dialog.open()

    def choose_unit(self, row: UnitStatus) -> bool:
        """An ambiguous file: the clerk says whose it is (never guessed)."""
        names = [c.name for c in row.candidates]
        name, ok = QInputDialog.getItem(self, "这份文件是哪个单位的？", row.detail, names, 0, False)
        if ok and name and row.file is not None:
            self.ws.assigned[row.file.path.name] = name  # kept in the workspace: asked once, not every time
            self._save()
            self.refresh()
            return True
        return False

    def _save(self) -> None:
        if self.ws.path is not None:
            try:
                save_workspace(self.ws, self.ws.path)
            except DocumentError as exc:
                QMessageBox.warning(self, "上报情况", str(exc))

    def take_in(self, watched: str | None = None) -> int:
        from model.collect.intake import pending, take_in

        remembered = self.ws.watched if self.ws.watched and Path(self.ws.watched).is_dir() else None
        folder = watched or remembered or self.ask_watched()
        if not folder:
            return 0
        if folder != self.ws.watched:
            self.ws.watched = folder
            self._save()
        try:
            new = pending(self.ws, Path(folder))
            if not new:
                self._say("没有新到的文件。")
                return 0
            taken = take_in(self.ws, Path(folder))
        except DocumentError as exc:
            QMessageBox.warning(self, "收取新文件", str(exc))
            return 0
        kept = sum(1 for t in taken if t.replaced)
        self.refresh()
        replaced = f"；{kept} 份替换了旧版本，旧版本保存在“历次版本”中" if kept else ""
        self._say(f"新到 {len(taken)} 份，已收取{replaced}。")
        return len(taken)

    def check_code(self, code: str | None = None) -> str:
        from model.collect.paper_check import check_code

        row = self.selected()
        unit = row.unit.name if row is not None and row.unit is not None else ""
        if code is None:
            prompt = f"输入“{unit}”纸质件上的校验码：" if unit else "输入纸质件上的校验码："
            code, ok = QInputDialog.getText(self, "核对校验码", prompt)
            if not ok:
                return ""
        result = check_code(self.ws, self.table, code, unit)
        box = QMessageBox(QMessageBox.Icon.Information if result.ok else QMessageBox.Icon.Warning, "核对校验码",
                          result.message, parent=self)
        box.open()
        return result.message

    def chase(self, path: str | None = None) -> bool:
        from model.collect.chase import chase_title, chase_workbook

        name = chase_title(self.ws.office, self.ws.year) + ".pdf"
        start = self.ws.folder_path() / name
        path = path or file_dialogs.save_file(self, "保存催报清单", start, "PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)")
        if not path:
            return False
        ws, table = self.ws, self.table
        if Path(path).suffix.lower() == ".xlsx":
            def make(_progress: object) -> bytes:
                return chase_workbook(table, ws.office, ws.year)
        else:
            def make(_progress: object) -> bytes:
                from print.chase_pdf import chase_pdf

                return chase_pdf(table, ws.office, ws.year)
        done = Operation("催报清单", make, label="正在生成催报清单",
                         success=lambda data: write_file(path, data, "保存"),
                         done=f"催报清单已保存到“{Path(path).name}”。").run(self)
        return done is not CANCELLED

    def sum_units(self) -> None:
        parent = self.parent()
        aggregation = getattr(parent, "aggregation", None)
        files = self.table.files()
        if aggregation is None or not files:
            self._say("名单上还没有收到可以汇总的文件。")
            return
        aggregation.sum_files(files, self.ws)

    def year_on_year(self) -> object:
        """The aggregate in the window against last year's from the workspace's history (asked for when it has
        none), every earlier year it knows on the chart's line."""
        from model.collect.aggregate import load_aggregate
        from model.collect.roster import history_aggregates
        from ui.collect.year_on_year_dialog import YearOnYearDialog, open_year_on_year

        now = getattr(getattr(self.parent(), "aggregation", None), "aggregate", None)
        if now is None or now.document is None:
            self._say("请先“汇总名单上的单位”，或打开本年的汇总表。")
            return None
        known = history_aggregates(self.ws, now.document.year)
        if not known or known[-1][0] != now.document.year - 1:
            return open_year_on_year(self.parent(), now)
        try:
            aggregates = [load_aggregate(p) for _y, p in known]
        except DocumentError as exc:
            QMessageBox.warning(self, "同比", str(exc))
            return None
        found = [a for a in aggregates if a is not None and a.document is not None
                 and a.document.template.id == now.document.template.id]  # a year of another format: not compared
        last_year = found[-1].document if found else None
        if last_year is None or last_year.year != now.document.year - 1:
            return open_year_on_year(self.parent(), now)
        dialog = YearOnYearDialog(now, found[-1], self, earlier=found[:-1])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _say(self, text: str) -> None:
        text = shown(text, script_of(self))
        self.counts.setToolTip(text)
        bar = getattr(self.parent(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, STATUS_TIMEOUT)
        self.setWindowTitle(f"上报情况 — {text}")


# --- opening or making a workspace


def ask_workspace(parent: QWidget) -> Workspace | None:
    choice = ask_choice(parent, "上报情况", "打开已有的汇总工作区，还是新建一个？",
                        (("open", "打开工作区(&O)…", QMessageBox.ButtonRole.AcceptRole),
                         ("new", "新建工作区(&N)…", QMessageBox.ButtonRole.ActionRole)),
                        informative=f"汇总工作区（{SUFFIX}）记着应报单位名单，放在各单位文件所在的文件夹里。")
    try:
        if choice == "open":
            path = file_dialogs.open_file(parent, "打开汇总工作区", f"汇总工作区 (*{SUFFIX})")
            return load_workspace(path) if path else None
        if choice == "new":
            return new_workspace(parent)
    except DocumentError as exc:
        QMessageBox.warning(parent, "上报情况", str(exc))
    return None


def new_workspace(parent: QWidget, folder: str | None = None, source: str | None = None) -> Workspace | None:
    folder = folder or file_dialogs.open_folder(parent, "选择存放（或将要存放）各单位文件的文件夹")
    if not folder:
        return None
    source = source or file_dialogs.open_file(parent, "选择应报单位名单：工作簿、上年的汇总表或每行一个单位名的文本",
                                              "名单 (*.xlsx *.xlsm *.json *.xxgk *.txt)")
    if not source:
        return None
    units = roster_from_file(source)
    office = getattr(getattr(parent, "document", None), "unit", None)
    ws = Workspace(office.name if office is not None else "", None, units)
    save_workspace(ws, Path(folder) / f"汇总{SUFFIX}")
    return ws


def open_desk(window: QWidget, ws: Workspace | None = None) -> DeskDialog | None:
    ws = ws or ask_workspace(window)
    if ws is None:
        return None
    dialog = DeskDialog(ws, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.refresh()
    return dialog
