"""汇总 in the window: the dialog that picks unit files and shows refusals and flagged units, plus the actions
文件 → 汇总… / 重新汇总 / 链接上年文件… / 取消上年链接 and the 来源与上年 dock that follows the current cell.

Uses the window through `AggregationHost` (its docks, grids and undo stack); its actions are declared in the
window's action table (ui/window/main_window.py ACTIONS) and placed by its menus.
Dialogs sit behind methods tests monkeypatch: `AggregateDialog.ask_files`, `AggregationActions.ask_aggregate`,
`ask_previous_path`, `show_report`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QBrush, QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from model.collect.aggregate import (
    Aggregate,
    aggregate_files,
    aggregate_of,
    changes_text,
    reaggregate,
    report_text,
)
from model.collect.aggregate_save import aggregate_bytes
from model.collect.previous_year import attach_previous, last_year_of
from model.core.document import MAX_YEAR, MIN_YEAR, LastYear
from model.core.templates import LEVELS
from model.exchange import formats
from model.exchange.links import unfollowed_reason
from model.exchange.store import DocumentError
from ui.collect.provenance import CompareDock, ProvenanceDock
from ui.common import file_dialogs
from ui.common.background import CANCELLED, Operation, export_operation
from ui.common.script import script_of, shown
from ui.files.unit_info import NO_LEVEL

if TYPE_CHECKING:
    from model.core.document import Document
    from ui.checks.cell_rules import CellRulesDock
    from ui.grid.grid_view import FormView
    from ui.grid.table_model import GridModel


class AggregationHost(Protocol):
    """What 汇总 and the link to last year need of the window."""

    document: Document
    path: Path | None
    actions_by_name: dict[str, QAction]
    models: list[GridModel]
    views: list[FormView]
    cell_rules: CellRulesDock
    tabs: QTabWidget
    undo_stack: QUndoStack
    document_changed: SignalInstance
    findings_changed: SignalInstance
    file_saved: SignalInstance

    def set_document(self, doc: Document, path: str | Path | None = None) -> None: ...
    def push_command(self, cmd: QUndoCommand) -> None: ...
    def recheck_all(self) -> None: ...
    def maybe_save(self) -> bool: ...
    def current_cell(self) -> str | None: ...
    def select_cells(self, cell_ids: tuple[str, ...] | list[str]) -> None: ...
    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...
    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...



def unit_filter() -> str:
    """汇总 reads units' tables: the native file, workbooks, and the tables of whole reports (a unit's published
    PDF, its Word file or web page)."""
    return formats.open_filter(formats.readable(), "各单位的统计表和报告")
STATUS_TIMEOUT = 8000


class AggregateDialog(QDialog):
    """Pick unit files and the collecting office, run 汇总, read the report, then open the result."""

    def __init__(self, parent: QWidget | None = None, files: list[str] | None = None, office: str = "",
                 year: int | None = None, level: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总各单位统计表")
        self.resize(760, 600)
        self.result_aggregate: Aggregate | None = None
        self.files = QListWidget(self)
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.add_paths(files or [])
        add = QPushButton("添加文件…", self)
        add.clicked.connect(self.add_files)
        add_dir = QPushButton("添加文件夹…", self)
        add_dir.clicked.connect(self.add_folder)
        remove = QPushButton("移除所选", self)
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton("清空", self)
        clear.clicked.connect(self.files.clear)
        row = QHBoxLayout()
        for b in (add, add_dir, remove, clear):
            row.addWidget(b)
        row.addStretch(1)
        self.office = QLineEdit(office, self)
        self.office.setPlaceholderText("例如：某某县人民政府办公室")
        self.level = QComboBox(self)
        self.level.addItem(NO_LEVEL, "")
        for key, label in LEVELS:
            self.level.addItem(label, key)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.year = QSpinBox(self)
        self.year.setRange(MIN_YEAR - 1, MAX_YEAR)
        self.year.setSpecialValueText("按各单位文件")  # the lowest value: take the year the files state
        self.year.setValue(year if year is not None else MIN_YEAR - 1)
        self.year.setSuffix(" 年度")
        self.year.setGroupSeparatorShown(False)
        self.year.setToolTip("各单位文件都写明了年度时不必填写；有工作簿没有写明年度时，填写本次汇总的年度，"
                             "这些工作簿按此年度计入，并在汇总报告和来源中注明。")
        form = QFormLayout()
        form.addRow("汇总单位：", self.office)
        form.addRow("行政层级：", self.level)
        form.addRow("年度：", self.year)
        self.run_button = QPushButton("汇总", self)
        self.run_button.clicked.connect(self.run)
        self.drop_twins = QPushButton("去掉数字相同的后一个单位并重新汇总", self)
        self.drop_twins.setToolTip("全部数字相同的两个单位可能是同一张表换了单位名称：去掉每对中后一个文件，再汇总一次。"
                                   "如果确是两个单位（例如各收到一件申请的两个小单位），不要点它。")
        self.drop_twins.clicked.connect(self.leave_out_twins)
        self.drop_twins.setVisible(False)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("添加各单位的统计表文件（同一表格式、同一年度），然后点“汇总”。")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("打开汇总结果")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("各单位的统计表文件（.xxgk、.json 或 .xlsx；同一表格式、同一年度，每个单位一个文件）：",
                             self))
        box.addWidget(self.files, 2)
        box.addLayout(row)
        box.addLayout(form)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.drop_twins)
        run_row.addStretch(1)
        box.addLayout(run_row)
        box.addWidget(self.report, 3)
        box.addWidget(self.buttons)

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def ask_files(self) -> list[str]:
        return file_dialogs.open_files(self, "选择各单位的统计表", unit_filter())

    def ask_folder(self) -> str | None:
        return file_dialogs.open_folder(self, "选择存放各单位统计表的文件夹")

    def add_paths(self, paths: list[str]) -> None:
        have = set(self.paths())
        for p in paths:
            if p not in have:
                have.add(p)
                self.files.addItem(p)

    def add_files(self) -> None:
        self.add_paths(self.ask_files())

    def add_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            units = formats.readable()
            found = sorted(str(p) for p in Path(folder).iterdir()
                           if p.is_file() and formats.for_suffix(p.suffix) in units)
            self.add_paths(found)

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def run(self) -> Aggregate | None:
        paths = self.paths()
        if not paths:
            self.report.setPlainText(shown("请先添加要汇总的文件。", script_of(self)))
            return None
        office, year, level = self.office.text(), self.chosen_year(), str(self.level.currentData() or "")
        agg = Operation("汇总", lambda progress: aggregate_files(paths, office, year=year, level=level,
                                                                 progress=progress), label="正在读取",
                        cancelled=lambda: self.report.setPlainText(shown("已取消汇总，没有生成汇总表。",
                                                                         script_of(self)))).run(self)
        if agg is CANCELLED:
            return None
        assert isinstance(agg, Aggregate)
        self.result_aggregate = agg if agg.document is not None else None
        self.report.setPlainText(shown(report_text(agg), script_of(self)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.result_aggregate is not None)
        self._mark_twins(agg)
        return agg

    def chosen_year(self) -> int | None:
        return None if self.year.value() < MIN_YEAR else self.year.value()

    def _mark_twins(self, agg: Aggregate) -> None:
        """Files whose figures equal an earlier unit's: shaded in the list, named in their tooltip."""
        twins = {agg.units[b].path: agg.units[a] for a, b in agg.identical}
        for i in range(self.files.count()):
            item = self.files.item(i)
            first = twins.get(item.text())
            item.setBackground(QBrush(QColor("#ffe9b3")) if first else QBrush())
            item.setToolTip(shown(f"全部数字与 {first.shown} 相同", script_of(self)) if first else "")
        self.drop_twins.setVisible(bool(twins))

    def leave_out_twins(self) -> Aggregate | None:
        """One click: drop the later file of each identical pair, then 汇总 again."""
        agg = self.result_aggregate
        if agg is None or not agg.identical:
            return None
        later = {agg.units[b].path for _a, b in agg.identical}
        for i in reversed(range(self.files.count())):
            if self.files.item(i).text() in later:
                self.files.takeItem(i)
        return self.run()


class LinkPrevious(QUndoCommand):
    """Link (or unlink, with None) last year's file, as read by the model's `last_year_of`: one undo step."""

    def __init__(self, window: AggregationHost, last_year: LastYear | None) -> None:
        super().__init__("链接上年文件" if last_year else "取消上年链接")
        self.window = window
        self.doc = window.document
        self.new = last_year
        self.old = self.doc.previous

    def _apply(self, state: LastYear | None) -> None:
        self.doc.previous = state
        if self.window.document is self.doc:
            self.window.recheck_all()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class AggregationActions(QObject):
    def __init__(self, window: AggregationHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.aggregate: Aggregate | None = None
        self._docks_for_aggregate = False  # which right-hand dock was last brought to the front
        self.dock = ProvenanceDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if getattr(window, "cell_rules", None) is not None:
            window.tabifyDockWidget(window.cell_rules, self.dock)
        toggle = self.dock.toggleViewAction()
        toggle.setText("来源与上年")
        window.actions_by_name["dock_provenance"] = toggle  # the menus (ui/window/main_window.py MENUS) name it
        self.compare = CompareDock(window)  # the 上年 column: every cell beside last year's value
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.compare)
        self.compare.hide()
        self.compare.table.doubleClicked.connect(self._go_to_compared)
        toggle = self.compare.toggleViewAction()
        toggle.setText("上年对照表")
        window.actions_by_name["dock_compare"] = toggle
        self.in_grid = window.actions_by_name["previous_in_grid"]  # declared in the window's action table
        self.dock.report_button.clicked.connect(self.show_aggregate_report)
        self.compare.visibilityChanged.connect(self._on_compare_visibility)
        window.document_changed.connect(self._on_document_changed)
        window.findings_changed.connect(self._on_findings_changed)
        window.tabs.currentChanged.connect(self.update_dock)
        self._on_document_changed()

    # --- dialogs (tests monkeypatch these)
    def ask_aggregate(self) -> Aggregate | None:
        agg = self.aggregate
        files = list(agg.files) if agg is not None else []
        office = agg.office if agg is not None else ""
        level = agg.document.unit.level if agg is not None and agg.document is not None else ""
        dialog = AggregateDialog(self.window, files, office, level=level)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_aggregate

    def ask_summary_path(self) -> str | None:
        base = self.window.path.with_suffix(".xlsx") if self.window.path else Path("汇总表.xlsx")
        name = file_dialogs.save_file(self.window, "导出汇总表", base, "Excel 工作簿 (*.xlsx)")
        if name and not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        return name or None

    def ask_previous_path(self) -> str | None:
        start = self.window.path.parent if self.window.path else None  # last year's file usually lies beside
        return file_dialogs.open_file(self.window, "选择上年的统计表", unit_filter(), start)

    def confirm_previous(self, link: str, reason: str) -> bool:
        """A file's link to last year points outside its folder (or to another computer): open it only if the clerk
        says so. Tests monkeypatch this."""
        script = script_of(self.window)
        answer = QMessageBox.question(
            self.window, shown("打开链接的上年文件？", script),
            shown(f"这个文件链接了上年的统计表：\n{link}\n\n{reason}。文件是别人发来的时，它指向的位置不一定可信。"
                  "要打开这个上年文件进行跨年度检查吗？", script),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def show_report(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text.split("\n\n")[0], parent=self.window)
        box.setDetailedText(text)
        box.open()  # not modal-blocking: the clerk reads it beside the new aggregate

    # --- 汇总
    def open_dialog(self) -> None:
        if not self.window.maybe_save():
            return
        agg = self.ask_aggregate()
        if agg is not None and agg.document is not None:
            self.show_aggregate(agg)

    def show_aggregate(self, agg: Aggregate, path: str | Path | None = None) -> None:
        assert agg.document is not None
        self.aggregate = agg  # before set_document, so that the document change keeps it
        self.window.set_document(agg.document, path)
        self.window.undo_stack.resetClean()  # new figures not yet on disk: closing asks to save them
        self.window.statusBar().showMessage(
            f"已汇总 {len(agg.units)} 个单位" + (f"，{len(agg.refused)} 个文件未汇总" if agg.refused else "")
            + "。选中一个格子可在“来源与上年”中查看各单位的数。", STATUS_TIMEOUT)

    def show_aggregate_report(self) -> None:
        if self.aggregate is not None:
            self.show_report("汇总报告", report_text(self.aggregate))

    def export_summary(self) -> bool:
        agg = self.aggregate
        if agg is None:
            self.window.show_error("当前文件不是汇总表。请先用“文件 → 汇总…”汇总各单位的统计表。")
            return False
        path = self.ask_summary_path()
        if not path:
            return False
        if any(Path(f).resolve() == Path(path).resolve() for f in agg.files):
            self.window.show_error(f"“{Path(path).name}”是要汇总的单位文件之一，请换一个文件名。")
            return False
        summary, script = dataclasses.replace(agg, document=self.window.document), script_of(self.window)
        return export_operation("导出汇总表", lambda _progress: aggregate_bytes(summary, path, script), path,
                                label="正在生成工作簿",
                                done=f"已导出“{Path(path).name}”（含“汇总表”工作表）。").run(self.window) is True

    def open_desk(self) -> None:
        from ui.collect.desk import open_desk

        open_desk(self.window)

    def sum_files(self, files: list[str], ws: Any) -> Aggregate | None:
        """汇总 of the roster's units (from 上报情况): the result shown like any 汇总, what was read remembered."""
        from model.collect.roster import record_aggregate, save_workspace
        from model.collect.status import record_sum

        if not self.window.maybe_save():
            return None
        office, year = ws.office, ws.year
        agg = Operation("汇总", lambda progress: aggregate_files(files, office, year=year, progress=progress),
                        label="正在读取", cancelled="已取消汇总。").run(self.window)
        if agg is CANCELLED or not isinstance(agg, Aggregate) or agg.document is None:
            return None
        self.show_aggregate(agg)
        try:
            record_sum(ws, files)
            if ws.path is not None:
                save_workspace(ws, ws.path)
        except (DocumentError, OSError) as exc:
            self.window.show_error(f"汇总工作区未能更新：{exc}")
        year = agg.document.year

        def saved(path: str) -> None:  # where the clerk saves this aggregate: the workspace's history of years
            self.window.file_saved.disconnect(saved)
            if self.aggregate is agg and ws.path is not None:
                record_aggregate(ws, year, path)
                try:
                    save_workspace(ws, ws.path)
                except DocumentError as exc:
                    self.window.show_error(f"汇总工作区未能更新：{exc}")

        self.window.file_saved.connect(saved)
        self.show_report("汇总报告", report_text(agg))
        return agg

    def year_on_year(self) -> None:
        from ui.collect.year_on_year_dialog import open_year_on_year

        open_year_on_year(self.window, self.aggregate)

    def review_reports(self) -> None:
        from ui.collect.review_reports import review_reports

        review_reports(self.window)

    def resum(self) -> None:
        if self.aggregate is None:
            self.window.show_error("当前文件不是汇总表，无法重新汇总。请用“文件 → 汇总…”。")
            return
        if not self.window.maybe_save():
            return
        before, previous = self.window.document, self.aggregate
        agg = Operation("重新汇总", lambda progress: reaggregate(previous, progress), label="正在读取",
                        cancelled="已取消重新汇总，汇总表没有改动。").run(self.window)
        if not isinstance(agg, Aggregate):
            return
        if agg.document is None:
            self.show_report("重新汇总", report_text(agg))
            return
        self.show_aggregate(agg, self.window.path)
        self.show_report("重新汇总", changes_text(before, agg.document) + "\n" + report_text(agg))

    # --- last year
    def link_previous(self) -> None:
        path = self.ask_previous_path()
        if not path:
            return
        try:
            last_year = last_year_of(self.window.document, path)
        except DocumentError as exc:
            self.window.show_error(str(exc))
            return
        self.window.push_command(LinkPrevious(self.window, last_year))
        self.window.statusBar().showMessage(f"已链接上年文件“{Path(path).name}”，跨年度检查已运行。", STATUS_TIMEOUT)

    def unlink_previous(self) -> None:
        if self.window.document.previous is None:
            return
        self.window.push_command(LinkPrevious(self.window, None))

    # --- following the window
    def _on_document_changed(self) -> None:
        doc = self.window.document
        if self.aggregate is None or self.aggregate.document is not doc:
            self.aggregate = aggregate_of(doc)
        if (self.aggregate is not None) != self._docks_for_aggregate:
            # an aggregate is read by its sources (来源与上年), a unit's form by its rules (当前单元格)
            self._docks_for_aggregate = self.aggregate is not None
            (self.dock if self.aggregate is not None else self.window.cell_rules).raise_()
        if doc.previous is not None and not doc.previous.values and not doc.previous.problem:  # not read yet
            reason = unfollowed_reason(doc.previous.link, self.window.path)
            confirmed = reason is not None and self.confirm_previous(doc.previous.link, reason)
            notice = attach_previous(doc, self.window.path, confirmed=confirmed)
            if notice:
                self.window.statusBar().showMessage(notice, STATUS_TIMEOUT)
            else:
                self.window.recheck_all()
        self.window.actions_by_name["resum"].setEnabled(self.aggregate is not None)
        self.window.actions_by_name["export_sum"].setEnabled(self.aggregate is not None)
        self.window.actions_by_name["year_on_year"].setEnabled(self.aggregate is not None)
        self.update_dock()

    def _on_findings_changed(self) -> None:
        for view in self.window.views:
            if not view.property("provenanceHooked"):
                view.setProperty("provenanceHooked", True)
                view.selectionModel().currentChanged.connect(self.update_dock)
        self.window.actions_by_name["unlink_prev"].setEnabled(self.window.document.previous is not None)
        for model in self.window.models:  # grids are rebuilt on a new document or script: keep the 上年 display
            model.set_show_previous(self.in_grid.isChecked())  # (and a link or unlink adds or drops the column)
        self.update_dock()
        if self.compare.isVisible():
            self.compare.show_document(self.window.document)

    def show_previous_in_grid(self, on: bool) -> None:
        for model in self.window.models:
            if model.show_previous != on and not model.set_show_previous(on):
                model.refresh()  # last year's value inside the cells of a many-column table

    def _on_compare_visibility(self, visible: bool) -> None:
        if visible:
            self.compare.show_document(self.window.document)

    def _go_to_compared(self, index: object) -> None:
        cell = self.compare.cell_at(index)
        if cell:
            self.window.select_cells([cell])

    def update_dock(self, *_args: object) -> None:
        self.dock.show_cell(self.window.document, self.window.current_cell(), self.aggregate)
