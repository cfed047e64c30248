"""The main window, assembled from its parts (ui/<feature>/): the form's tables as grids, live checking, undo, files.

Hooks for other parts of the UI (keep them stable):
- `MainWindow.document` / `.path`: the open Document and its file (None when never saved).
- `MainWindow.set_document(doc, path=None)`: show another document (clears undo, checks in full).
- `MainWindow.findings`: dict key → Finding of the open document, always current.
- Signals: `document_changed()` after set_document; `findings_changed()` after every check;
  `values_changed(list)` with the changed cell ids; `file_opened(str)` and `file_saved(str)` with the path
  (recent files, recovery); `closed()` when the window closes for good.
- `MainWindow.update_heading()`: after the year or template title changed.
- `MainWindow.push_command(cmd)`: push a QUndoCommand (one undo step). Commands that change values should call
  `window.cells_changed(cell_ids)` from redo/undo (see ui.grid.commands.SetCells); commands that change only
  justifications or unit information call `window.refresh_checks()` (repaints every cell).
- Actions and menus are data: every action is declared once in ui/window/actions.py (`ACTIONS`; its slot is the
  window's method or a controller's, "printing.preview", resolved at start-up), the menus in `MENUS`/`SUBMENUS`,
  the toolbar in `TOOLBAR`, the cell menu in `CELL_MENU`; ui/window/menus.py makes them. Controllers add only
  what Qt makes for them: their docks' toggles (`actions_by_name["dock_unit"]`) and a submenu whose items change
  (`submenus["@recent"]`); each uses the window through a typed interface of its own (EditingHost, ExcelHost,
  ExportHost, PrintHost, AggregationHost, ReportHost, LifecycleHost, HelpHost, GuardHost, FindHost, PaneHost,
  LayoutHost); none imports this module.
  `MainWindow.menu(name)` is the menu with that title (mnemonic optional); `actions_by_name[name]` every action.
- 简体/繁體 (`MainWindow.script`, 视图 menu): write every text in Simplified. Menus, actions, docks, dialogs, message
  boxes and status-bar messages are converted by ui/common/script.py; a text that a long-lived widget sets later (a
  label, a tooltip, a list item) goes through `ui.common.script.shown(text, script_of(widget))`.
- Dialogs are behind methods tests monkeypatch: `ask_save_changes`, `ask_open_path`, `ask_save_path`,
  `ask_new_document`, `show_error`.
- `MainWindow.current_cell()` → selected value cell id; `MainWindow.current_view()` (FormView of the shown table);
  `MainWindow.select_cells(ids)`; `MainWindow.editing.paste_text(tsv)` (ui/grid/editing.py: all-or-nothing paste);
  `MainWindow.problems` (ProblemsDock, `current_finding()`), `MainWindow.cell_rules` (CellRulesDock).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from model.core.document import Document, check_context, new_document, proposed_document, rule_values
from model.core.fingerprint import fingerprint
from model.core.layout import build_grid
from model.core.report import CheckReport, check_document
from model.core.rules import Finding, checker_for
from model.core.templates import HANS, HANT, get_template
from model.core.text_check import TextFinding
from model.exchange import formats
from model.exchange.files import open_document
from model.exchange.store import SUFFIX, DocumentError, ReadOnlyFileError, is_native, remove_stale_temps, save
from print.pdf import file_name as pdf_file_name
from ui.checks.cell_rules import CellRulesDock
from ui.checks.problems import ProblemsDock
from ui.collect.aggregate_dialog import AggregationActions
from ui.common import background, file_dialogs
from ui.common.choice import CANCEL as CANCEL  # re-exported: the answers of ask_save_changes
from ui.common.choice import ask_choice
from ui.common.file_dialogs import documents_folder
from ui.common.script import ScriptStatusBar, apply_script, shown
from ui.common.settings import ZOOM_STEP, load_settings
from ui.files.excel_actions import ExcelActions
from ui.files.exports import Exports
from ui.files.file_guard import COPY, OVERWRITE, SAVE_AS, FileGuard, same_file
from ui.files.lifecycle import Lifecycle
from ui.files.new_dialog import ask_new
from ui.grid.editing import Editing
from ui.grid.grid_view import FormView
from ui.grid.highlight import CellMarks, cell_marks
from ui.grid.table_model import GridModel
from ui.printout.printing import PrintActions
from ui.report.report_actions import ReportActions
from ui.window.actions import CELL_MENU, TOOLBAR
from ui.window.find_bar import FindBar
from ui.window.help_menu import HelpActions
from ui.window.menus import make_actions, make_menus, menu_titled, resolve_all
from ui.window.panes import STYLE as PANE_STYLE
from ui.window.panes import Panes
from ui.window.window_layout import clamp_zoom, remember

APP_TITLE = "政府信息公开统计表"
STATUS_TIMEOUT = 8000
SAVE, DISCARD = "save", "discard"  # or CANCEL, what Esc answers


class MainWindow(QMainWindow):
    document_changed = Signal()
    findings_changed = Signal()
    values_changed = Signal(list)
    file_opened = Signal(str)
    file_saved = Signal(str)
    closed = Signal()

    def __init__(self, doc: Document | None = None, path: str | Path | None = None) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        # never bigger than the screen (a 1366×768 laptop, or a large scale factor); room left for the title bar
        room = self.screen().availableGeometry()
        self.resize(min(1180, room.width() - 16), min(820, room.height() - 48))
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.document: Document = doc or proposed_document()
        self.path: Path | None = Path(path) if path else None
        self.script = HANS
        self.findings: dict[str, Finding] = {}
        self.marks: dict[str, CellMarks] = {}
        self.report: CheckReport | None = None
        self.models: list[GridModel] = []
        self.views: list[FormView] = []

        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(6, 6, 6, 0)
        self.heading = QLabel(central)
        self.heading.setObjectName("formHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget(central)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.find_bar = FindBar(self)
        box.addWidget(self.heading)
        box.addWidget(self.find_bar)
        box.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.problems = ProblemsDock(self)
        self.problems.finding_activated.connect(self.go_to_finding)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.problems)
        self.cell_rules = CellRulesDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.cell_rules)
        self.counts = QLabel(self)
        self.counts.setObjectName("checkCounts")
        self.setStatusBar(ScriptStatusBar(self))  # messages from every part of the UI in the chosen script
        self.statusBar().addPermanentWidget(self.counts)
        self.state = QLabel(self)
        self.state.setObjectName("finalState")
        self.statusBar().addPermanentWidget(self.state)

        self.toolbar = QToolBar("工具栏", self)
        self.toolbar.setObjectName("mainToolbar")  # saveState() names it
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.settings = load_settings()
        self.zoom = clamp_zoom(self.settings.zoom)
        self.panes = Panes(self)
        self.setStyleSheet(PANE_STYLE)
        self.editing = Editing(self, self)  # copy, paste, clear, fills (ui/grid/editing.py)
        self.report_text = ReportActions(self)  # 报告正文 dock, its edits, 生成初稿, the whole report out
        self.resizeDocks([self.report_text.dock], [max(320, self.width() * 3 // 10)], Qt.Orientation.Horizontal)
        # the table comes first: the text is a click away (toolbar, 报告 menu) and opens by itself for 生成初稿 or
        # a report brought in; the window remembers the clerk's choice
        self.report_text.dock.hide()
        self.actions_by_name: dict[str, QAction] = {}
        self.submenus: dict[str, QMenu] = {}  # "@recent" and the like, given by the controllers
        self._menus: dict[str, QMenu] = {}
        self._make_actions()
        self.guard = FileGuard(self)  # the lock beside the file, read-only windows, the check before a save
        claim = None
        if self.path is not None and is_native(self.path):  # started with a file: claim it first
            claim = self.guard.claim(self.path)
            if claim is None:  # being edited elsewhere, and the clerk chose not to open it
                self.document, self.path = proposed_document(), None
            elif claim.mode == COPY:
                self.path = None
        self.set_document(self.document, self.path)
        if claim is not None and self.path is not None:
            self.guard.attach(claim, self.path)
        # recent files, autosave, the unit information dock, justifications (ui/files/lifecycle.py)
        self.lifecycle = Lifecycle(self, self.settings)
        self.excel = ExcelActions(self)  # workbooks and whole reports opened in a worker with a problem report
        self.exports = Exports(self)  # 导出 Excel…, 导出 Word 文档…, 导出网页…: the formats with a writer
        self.printing = PrintActions(self)  # 打印预览, 打印…, 导出 PDF…, 用系统阅读器打开 (ui/printout/printing.py)
        self.aggregation = AggregationActions(self)  # 汇总…, 上年链接, 来源与上年 dock (ui/collect/aggregate_dialog.py)
        self.help = HelpActions(self)  # 帮助 → 快捷键, 关于 (ui/window/help_menu.py)
        self._make_menus()  # once every controller gave its docks' toggles and submenus
        if self.script != HANS:  # the script the clerk chose last time was applied before the menus existed
            apply_script(self, self.script)
        if self.aggregation.aggregate is None:  # 来源与上年 (tabified last, so in front) matters for an aggregate only
            self.cell_rules.raise_()
        for name in TOOLBAR:
            if name == "-":
                self.toolbar.addSeparator()
            elif name in self.actions_by_name:
                action = self.actions_by_name[name]
                action.setIconText(re.sub(r"\(&\w\)|…", "", action.text()))  # the button: 新建, not 新建(N)…
                self.toolbar.addAction(action)

    # --- actions and menus (data-driven)
    def _make_actions(self) -> None:
        make_actions(self)
        self.actions_by_name["hans"].setChecked(True)
        self.actions_by_name["dock_problems"] = self.problems.toggleViewAction()
        self.actions_by_name["dock_cell"] = self.cell_rules.toggleViewAction()
        self.actions_by_name["dock_report"] = self.report_text.dock.toggleViewAction()
        self.actions_by_name["dock_report"].setText("报告正文")
        self.actions_by_name["toolbar"] = self.toolbar.toggleViewAction()
        self.actions_by_name["toolbar"].setText("工具栏")
        self.actions_by_name["dock_problems"].setText("问题列表")
        self.actions_by_name["dock_cell"].setText("当前单元格")

    def _make_menus(self) -> None:
        resolve_all(self)  # a renamed method fails here, at start-up, not when clicked
        make_menus(self)

    def menu(self, name: str) -> QMenu:
        """The menu titled `name` (mnemonic optional), created before 帮助 if missing."""
        return menu_titled(self, self._menus, name)

    def push_command(self, cmd: QUndoCommand) -> None:
        self.undo_stack.push(cmd)

    # --- document
    def set_document(self, doc: Document, path: str | Path | None = None) -> None:
        """Show `doc` (from `path`, if any): rebuild the grids, check everything, start a clean undo history.

        A document shown without a path of its own gives up this window's claim on its previous file."""
        self.document = doc
        self.path = Path(path) if path else None
        if self.path is None or not same_file(self.path, self.guard.disk.path if self.guard.disk else None):
            self.guard.detach()
        self.undo_stack.clear()
        self.findings = checker_for(doc.template).check(rule_values(doc), check_context(doc))
        self._build_tabs()
        self.refresh_checks()
        self.undo_stack.setClean()
        self.update_title()
        self.document_changed.emit()

    def _build_tabs(self) -> None:
        current_tab = max(self.tabs.currentIndex(), 0)
        self.tabs.clear()
        for view in self.views:
            view.deleteLater()
        self.models, self.views = [], []
        template = self.document.template
        self.update_heading()
        for table in template.tables:
            grid = build_grid(template, table, self.script)
            model = GridModel(grid, self.document, self.marks.get, self.push_command, self.cells_changed, self)
            page = QWidget()
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            view = FormView(model, page)
            view.set_zoom(self.zoom)
            view.zoom_requested.connect(self.zoom_by)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(partial(self._cell_menu, view))
            view.selectionModel().currentChanged.connect(self._on_current_changed)
            view.delegate.refused.connect(self._on_refused)
            box.addWidget(view, 1)
            notes = [n.get(self.script) for n in table.notes]
            if notes:
                label = QLabel("\n".join(notes), page)
                label.setWordWrap(True)
                label.setObjectName("tableNotes")
                box.addWidget(label)
            self.models.append(model)
            self.views.append(view)
            self.tabs.addTab(page, table.title.get(self.script) or template.name.get(self.script))
        if self.views:
            self.tabs.setCurrentIndex(min(current_tab, len(self.views) - 1))

    def update_heading(self) -> None:
        title = self.document.template.title.get(self.script)
        self.heading.setText(f"{title}（{self.document.year}年度）")

    def update_title(self) -> None:
        name = self.path.name if self.path else shown("未命名", self.script)
        if self.path and self.guard.read_only:
            name += shown("（只读）", self.script)
        template_name = self.document.template.name.get(self.script)
        self.setWindowTitle(f"{name}[*] - {template_name} - {shown(APP_TITLE, self.script)}")
        self.setWindowModified(not self.undo_stack.isClean())

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # --- checking
    def cells_changed(self, cell_ids: list[str]) -> None:
        """Called by undo commands after they wrote values: recheck only the rules of those cells."""
        checker_for(self.document.template).recheck(rule_values(self.document), cell_ids, self.findings,
                                                    check_context(self.document))
        self.refresh_checks(cell_ids)
        self.values_changed.emit(list(cell_ids))

    def recheck_all(self) -> None:
        self.findings = checker_for(self.document.template).check(rule_values(self.document),
                                                                  check_context(self.document))
        self.refresh_checks()

    def context_changed(self) -> None:
        """The year or the unit's 行政层级 changed: rerun the rules that depend on them."""
        checker_for(self.document.template).recheck_context(rule_values(self.document), self.findings,
                                                            check_context(self.document))
        self.refresh_checks()

    def refresh_checks(self, edited: list[str] | None = None) -> None:
        """Findings or justifications changed: recompute highlights, problems, counts and the cell view.

        With `edited` (cells whose values changed) only those and the cells whose highlight changed are
        repainted; without it, every cell.
        """
        # the text's findings follow the figures and the text: recomputed here, after every change of either
        for key in [k for k, f in self.findings.items() if isinstance(f, TextFinding)]:
            del self.findings[key]
        text_findings = self.report_text.text_findings()
        self.findings.update((f.key, f) for f in text_findings)
        self.report_text.show(text_findings)
        old = dict(self.marks)
        self.marks.clear()
        self.marks.update(cell_marks(self.document, self.findings.values()))
        self.report = check_document(self.document, self.findings)
        text = self.report.counts_text()
        if self.report.justified:
            text += f" · 已说明理由 {len(self.report.justified)}"
        self.counts.setText(shown(text, self.script))
        state = self.report.state_text()
        if self.report.final:
            state = f"定稿 · 校验码 {fingerprint(self.document)}"
        self.state.setText(shown(state, self.script))
        self.state.setToolTip(shown("定稿：没有错误，也没有未填的格（不适用的格填“/”）。定稿的打印件页脚印有校验码，"
                                    "与文件中的数字一一对应；草稿的每一页印有“草稿”。", self.script))
        self.state.setProperty("final", self.report.final)
        self.state.setStyleSheet("color: #1b5e20;" if self.report.final else "color: #b00020;")
        self.problems.set_report(self.document, self.report)
        if edited is None:
            for m in self.models:
                m.refresh()
        else:
            touched = set(edited) | {c for c in old.keys() | self.marks.keys() if old.get(c) != self.marks.get(c)}
            for m in self.models:
                m.refresh_cells(touched)
        self.cell_rules.show_cell(self.document, self.current_cell(), self.findings)
        self.findings_changed.emit()

    # --- selection helpers
    def current_view(self) -> FormView | None:
        i = self.tabs.currentIndex()
        return self.views[i] if 0 <= i < len(self.views) else None

    def current_cell(self) -> str | None:
        view = self.current_view()
        return view.grid_model().cell_id(view.currentIndex()) if view is not None else None

    def view_of(self, cell_id: str) -> FormView | None:
        return next((v for v in self.views if cell_id in v.grid_model().grid.positions), None)

    def select_cells(self, cell_ids: tuple[str, ...] | list[str]) -> None:
        """Switch to the table of the first cell, select the cells of that table, scroll to them."""
        if not cell_ids:
            return
        view = self.view_of(cell_ids[0])
        if view is None:
            return
        self.tabs.setCurrentIndex(self.views.index(view))
        model = view.grid_model()
        indexes = [model.index_of(c) for c in cell_ids if c in model.grid.positions]
        view.select_indexes(indexes)
        view.setFocus()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.cell_rules.show_cell(self.document, self.current_cell(), self.findings)

    def _on_tab_changed(self, _index: int) -> None:
        self.cell_rules.show_cell(self.document, self.current_cell(), self.findings)

    def _on_refused(self, reason: str) -> None:
        if reason:
            self.statusBar().showMessage(f"未填入：{reason}", STATUS_TIMEOUT)

    # --- problems navigation
    def show_report_text(self) -> None:
        """The 报告正文 dock shown and in front."""
        self.report_text.dock.show()
        self.report_text.dock.raise_()

    def text_changed(self) -> None:
        """Called by the text's undo commands: recheck the text against the table, repaint the cells it marks."""
        self.refresh_checks([])

    def go_to_finding(self, finding: Finding) -> None:
        if finding.cells:
            self.select_cells(finding.cells)
        if isinstance(finding, TextFinding):
            self.report_text.go_to(finding)  # the sentence, with its cells selected in the grid beside it
        self.problems.show_finding(finding)
        self.statusBar().showMessage(finding.message, STATUS_TIMEOUT)

    def _step_problem(self, step: int) -> None:
        order = self.problems.findings()
        if not order:
            self.statusBar().showMessage("没有问题。", STATUS_TIMEOUT)
            return
        current = self.problems.current_finding()
        keys = [f.key for f in order]
        if current is not None and current.key in keys:
            pos = (keys.index(current.key) + step) % len(order)
        else:
            pos = 0 if step > 0 else len(order) - 1
        self.go_to_finding(order[pos])

    def next_problem(self) -> None:
        self._step_problem(1)

    def previous_problem(self) -> None:
        self._step_problem(-1)

    # --- finding, tables, panes, zoom
    def find(self) -> None:
        self.find_bar.open()

    def next_table(self) -> None:
        self._step_table(1)

    def previous_table(self) -> None:
        self._step_table(-1)

    def _step_table(self, step: int) -> None:
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
            view = self.current_view()
            if view is not None:
                view.setFocus()  # the keyboard follows the table shown: typing goes into its current cell

    def next_pane(self) -> None:
        self.panes.step(True)

    def previous_pane(self) -> None:
        self.panes.step(False)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(-ZOOM_STEP)

    def zoom_reset(self) -> None:
        self.zoom_by(100 - self.zoom)

    def zoom_by(self, step: int) -> None:
        zoom = clamp_zoom(self.zoom + step)
        if zoom == self.zoom:
            return
        self.zoom = zoom
        for view in self.views:
            view.set_zoom(zoom)
        self.statusBar().showMessage(f"缩放：{zoom}%", 2000)

    def show_cell_rules(self) -> None:
        self.cell_rules.show()
        self.cell_rules.raise_()

    def _cell_menu(self, view: FormView, pos: QPoint) -> None:
        self.cell_menu(view, pos).exec(view.viewport().mapToGlobal(pos))

    def cell_menu(self, view: FormView, pos: QPoint) -> QMenu:
        """The right-click menu at `pos` (the cell there becomes current unless it is part of the selection)."""
        index = view.indexAt(pos)
        if index.isValid() and not view.selectionModel().isSelected(index):
            view.move_to(index)
        menu = QMenu(self)
        for name in CELL_MENU:
            if name == "-":
                menu.addSeparator()
            elif name in self.actions_by_name:
                menu.addAction(self.actions_by_name[name])
        apply_script(menu, self.script)
        return menu

    # --- script
    def set_script(self, script: str) -> None:
        if script == self.script:
            return
        view = self.current_view()
        current = view.currentIndex() if view is not None else QModelIndex()
        pos = (current.row(), current.column())
        self.script = script
        self.actions_by_name["hant" if script == HANT else "hans"].setChecked(True)
        apply_script(self, script)  # menus, docks, dialogs; the problems list and counts follow below
        self._build_tabs()
        self.refresh_checks()
        self.update_title()
        view = self.current_view()
        if view is not None and pos[0] >= 0:
            view.setCurrentIndex(view.model().index(*pos))

    def use_hans(self) -> None:
        self.set_script(HANS)

    def use_hant(self) -> None:
        self.set_script(HANT)

    # --- files
    def ask_save_changes(self) -> str:
        """保存 / 不保存 / 取消 for unsaved changes: SAVE, DISCARD or CANCEL."""
        # Alt+S / Alt+N / Alt+C, as Word and WPS offer them: the keyboard answers without the mouse
        return ask_choice(self, APP_TITLE, f"“{self.path.name if self.path else '未命名'}”已修改，是否保存？",
                          ((SAVE, "保存(&S)", QMessageBox.ButtonRole.AcceptRole),
                           (DISCARD, "不保存(&N)", QMessageBox.ButtonRole.DestructiveRole)),
                          icon=QMessageBox.Icon.Warning)

    def ask_open_path(self) -> str | None:
        folder = str(self.path.parent) if self.path else str(documents_folder())
        return file_dialogs.open_file(self, "打开统计表", formats.open_filter(formats.readable(), "统计表和报告"),
                                      folder)

    def ask_save_path(self) -> str | None:
        # a document opened from .json keeps its name; a new one or an imported workbook gets the tool's own type
        if self.path is not None and is_native(self.path):
            suggested = self.path
        elif self.path is not None:
            suggested = self.path.with_suffix(SUFFIX)
        else:  # the unit and the year, characters no file system allows made safe (as for the PDF)
            suggested = documents_folder() / Path(pdf_file_name(self.document)).with_suffix(SUFFIX).name
        path = file_dialogs.save_file(self, "保存统计表", suggested, f"统计表文件 (*{SUFFIX})")
        if path and not is_native(path):
            path += SUFFIX
        return path or None

    def ask_new_document(self) -> Document | None:
        """新建: the clerk picks the table format and the year (remembered in the settings)."""
        choice = ask_new(self, self.settings)
        return new_document(get_template(choice[0]), choice[1]) if choice else None

    def show_error(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        """A Chinese message about a file; window-modal but not blocking (tests never wait on it)."""
        box = QMessageBox(icon, APP_TITLE, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def tell_read_notes(self, doc: Document, name: str) -> None:
        """What reading the file changed in it (model/core/clean.py), said once; the file itself stays as it was
        until the clerk saves."""
        if doc.notes:
            self.show_error(f"“{name}”已打开。\n\n" + "\n".join(doc.notes)
                            + "\n\n文件本身没有改动；保存后才会按现在的内容写入。", QMessageBox.Icon.Information)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded, or unchanged)."""
        if self.undo_stack.isClean():
            return True
        answer = self.ask_save_changes()
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    def new_file(self) -> None:
        if not self.maybe_save():
            return
        doc = self.ask_new_document()
        if doc is not None:
            self.set_document(doc, None)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path = self.ask_open_path()
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a file into the window; on failure say why and keep the current document."""
        if self.excel.handles(path):
            return self.excel.start_import(path)  # read off the UI thread; the document changes when done
        try:
            doc = open_document(path)
        except DocumentError as exc:
            self.show_error(str(exc))
            return False
        native = is_native(path)
        claim = self.guard.claim(path) if native else None
        if native and claim is None:
            return False  # being edited elsewhere, and the clerk cancelled
        if claim is not None and claim.mode == COPY:
            self.set_document(doc, None)  # a copy: Save asks for a new name
            self.statusBar().showMessage(f"已打开“{Path(path).name}”的副本，请另存为新文件。", STATUS_TIMEOUT)
            return True
        # An imported workbook is not saved over: Save asks for a name of the tool's own file type.
        self.set_document(doc, path if native else None)
        if claim is not None:
            self.guard.attach(claim, path)
            remove_stale_temps(path)  # what a save killed earlier left beside the file
        self.file_opened.emit(str(path))
        note = claim.note() if claim is not None else ""
        self.statusBar().showMessage(f"已打开“{Path(path).name}”{note}。", STATUS_TIMEOUT)
        self.tell_read_notes(doc, Path(path).name)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path: str | Path) -> bool:
        """Atomic save; on failure the document stays open and modified, the file on disk untouched.

        Never over a file someone else saved since this window read it, nor over one being edited elsewhere or
        marked read-only, without the clerk choosing so."""
        verdict = self.guard.check_save(path)
        if verdict == SAVE_AS:
            return self.save_as()
        if verdict != OVERWRITE:
            return False
        try:
            save(self.document, path)
        except ReadOnlyFileError as exc:
            return self.guard.ask_read_only_save(str(exc)) and self.save_as()
        except DocumentError as exc:
            self.show_error(str(exc))
            return False
        self.path = Path(path)
        self.guard.saved(path)
        self.undo_stack.setClean()
        self.update_title()
        self.file_saved.emit(str(path))
        self.statusBar().showMessage(f"已保存到“{self.path.name}”。", STATUS_TIMEOUT)
        return True

    def close_document(self) -> None:
        if self.maybe_save():
            self.set_document(new_document(self.document.template, self.document.year), None)

    def closeEvent(self, event: QCloseEvent) -> None:
        if background.running():  # an operation's progress dialog is up: it ends (or is cancelled) first
            event.ignore()
            return
        if self.maybe_save():
            remember(self)
            event.accept()
            self.closed.emit()
        else:
            event.ignore()

    # --- drag and drop a file onto the window
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event.mimeData().urls())
        if path:
            event.acceptProposedAction()
            if self.maybe_save():
                self.open_path(path)


def _dropped_file(urls: list[QUrl]) -> str | None:
    local = [u.toLocalFile() for u in urls if u.isLocalFile()]
    return local[0] if local else None


