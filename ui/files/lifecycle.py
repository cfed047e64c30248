"""What a window needs around the grid: settings and recent files, autosave, unit information, justifications.

Uses the window through `LifecycleHost` (its signals, undo stack, docks and file guard), so the grid code does not
know about any of it; its 说明理由 action is declared in the window's action table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QTreeWidgetItem

from model.core.changes import changes
from model.core.document import Document
from model.core.rules import Finding
from model.core.templates import HANS, HANT
from model.exchange.store import DocumentError
from ui.checks import justify
from ui.checks.problems import FINDING_ROLE
from ui.common.env import install_translations
from ui.common.settings import Settings, add_recent, save_settings
from ui.files.file_guard import EDIT, same_file
from ui.files.recent import RecentMenu
from ui.files.recovery import Autosaver, Recovery, offer_recoveries
from ui.files.unit_info import CONTEXT_KEYS, YEAR, UnitInfoDock

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QDockWidget, QStatusBar

    from ui.checks.cell_rules import CellRulesDock
    from ui.checks.problems import ProblemsDock
    from ui.files.file_guard import FileGuard


class LifecycleHost(Protocol):
    """What recent files, autosave, the unit dock and justifications need of the window."""

    document: Document
    path: Path | None
    findings: dict[str, Finding]
    actions_by_name: dict[str, QAction]
    submenus: dict[str, QMenu]
    undo_stack: QUndoStack
    guard: FileGuard
    problems: ProblemsDock
    cell_rules: CellRulesDock
    document_changed: SignalInstance
    findings_changed: SignalInstance
    file_opened: SignalInstance
    file_saved: SignalInstance

    def set_document(self, doc: Document, path: str | Path | None = None) -> None: ...
    def set_script(self, script: str) -> None: ...
    def open_path(self, path: str | Path) -> bool: ...
    def maybe_save(self) -> bool: ...
    def refresh_checks(self, edited: list[str] | None = None) -> None: ...
    def current_cell(self) -> str | None: ...
    def go_to_finding(self, finding: Finding) -> None: ...
    def show_error(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def setWindowModified(self, modified: bool) -> None: ...
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...
    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...

KEY_ROLE = FINDING_ROLE  # the finding key, on problem items and on cell-rule items alike


class Lifecycle(QObject):
    def __init__(self, window: LifecycleHost, settings: Settings) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.settings = settings
        self.autosaver = Autosaver(self._document, self._original, self._is_dirty, self,
                                   original_digest=self._original_digest)
        self.autosaver.failed.connect(self._show_status)
        window.undo_stack.indexChanged.connect(self._on_index_changed)
        window.undo_stack.cleanChanged.connect(self._on_clean_changed)
        window.document_changed.connect(self._on_document_changed)
        window.file_opened.connect(self._remember_file)
        window.file_saved.connect(self._remember_file)
        closed = getattr(window, "closed", None)
        if closed is not None:
            closed.connect(self.autosaver.discard)

        self.recent_menu = RecentMenu(settings, window)
        self.recent_menu.file_chosen.connect(self.open_recent)
        window.submenus["@recent"] = self.recent_menu  # the 文件 menu (ui/window/main_window.py MENUS) places it

        self.unit_dock = UnitInfoDock(window.document, window.undo_stack, window, self._unit_changed)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.unit_dock)
        window.tabifyDockWidget(window.cell_rules, self.unit_dock)
        window.cell_rules.raise_()
        toggle = self.unit_dock.toggleViewAction()
        toggle.setText("单位信息")
        window.actions_by_name["dock_unit"] = toggle

        self.justify_action = window.actions_by_name["justify"]  # declared in the window's action table

        tree = window.problems.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._problems_menu)
        tree.itemDoubleClicked.connect(self._on_problem_double_clicked)
        window.cell_rules.tree.itemDoubleClicked.connect(self._on_rule_double_clicked)
        self.cell_justify_button = QPushButton("说明理由…", window.cell_rules)
        self.cell_justify_button.setToolTip("为这个格子的警告写明理由")
        self.cell_justify_button.clicked.connect(self.justify_current_cell)
        window.cell_rules.widget().layout().addWidget(self.cell_justify_button)
        window.findings_changed.connect(self._update_justify_enabled)
        window.cell_rules.tree.currentItemChanged.connect(self._update_justify_enabled)
        # the cell dock refills its list whenever another cell becomes current
        window.cell_rules.tree.model().rowsInserted.connect(self._update_justify_enabled)
        window.cell_rules.tree.model().rowsRemoved.connect(self._update_justify_enabled)
        window.problems.tree.currentItemChanged.connect(self._update_justify_enabled)
        for name, script in (("hans", HANS), ("hant", HANT)):
            action = window.actions_by_name.get(name)
            if action is not None:
                action.toggled.connect(self._on_script_toggled)
                action.setData(script)
        self._update_justify_enabled()
        if settings.script == HANT and getattr(window, "script", HANS) != HANT:
            window.set_script(HANT)  # the labels the clerk chose last time

    # --- autosave
    def _document(self) -> Document:
        return self.window.document

    def _original(self) -> str | None:
        return str(self.window.path) if self.window.path else None

    def _original_digest(self) -> str | None:
        disk = self.window.guard.disk
        return disk.digest if disk is not None else None

    def _is_dirty(self) -> bool:
        return shiboken6.isValid(self.window.undo_stack) and not self.window.undo_stack.isClean()

    def _on_index_changed(self, _index: int) -> None:
        # the stack also signals while the window is being destroyed; then there is nothing to save
        if shiboken6.isValid(self.autosaver) and self._is_dirty():
            self.autosaver.changed()

    def _on_clean_changed(self, clean: bool) -> None:
        # saved, or undone to the saved state; but not the stack clearing itself as the window is destroyed
        if clean and shiboken6.isValid(self.window.undo_stack) and shiboken6.isValid(self.autosaver):
            self.autosaver.discard()

    def _on_document_changed(self) -> None:
        self.autosaver.discard()
        self.unit_dock.set_document(self.window.document)
        self._update_justify_enabled()

    def restore(self, recovery: Recovery) -> None:
        """Show a recovered document, marked as modified and autosaved again at once: under its original path when
        that file is as it was at the autosave and free; as an untitled document, with what differs, when someone
        saved the file since (or has it open), so saving the restored work can never overwrite theirs."""
        original = recovery.original
        now = recovery.original_now()
        changed = now is not None
        claim = self.window.guard.claim(original) if original and not changed else None
        if original and not changed and claim is not None and claim.mode == EDIT:
            self.window.set_document(recovery.document, original)
            self.window.guard.attach(claim, original)
            note = f"已恢复“{recovery.title}”未保存的修改，请检查后保存。"
        else:
            self.window.set_document(recovery.document, None)
            note = f"已恢复“{recovery.title}”未保存的修改，作为未命名文档打开，请另存为。"
            if changed and now is not None:
                try:
                    lines = changes(now.document, recovery.document)
                except DocumentError:
                    lines = ["（原文件现在的内容无法逐项比较）"]
                self.tell_restored_beside_changed_file(recovery, lines)
        self.window.undo_stack.resetClean()
        self.window.setWindowModified(True)
        self.autosaver.save_now()
        self._show_status(note)

    def tell_restored_beside_changed_file(self, recovery: Recovery, lines: list[str]) -> None:
        """Say why a restored copy is untitled; tests monkeypatch this."""
        self.window.show_error(
            f"“{recovery.title}”在自动保存之后又被保存过（可能是同事或另一个窗口），所以恢复的内容作为未命名文档打开，"
            f"原文件没有改动。请核对后另存为，或把需要的数字填回原文件。\n\n恢复的内容与原文件现在的不同之处：\n"
            + "\n".join(lines[:12]) + ("\n……" if len(lines) > 12 else ""))

    # --- settings and recent files
    def _remember_file(self, path: str) -> None:
        add_recent(self.settings, path)
        save_settings(self.settings)

    def open_recent(self, path: str) -> None:
        if self.window.maybe_save():
            self.window.open_path(path)

    def _on_script_toggled(self, checked: bool) -> None:
        action = self.sender()
        if not checked or not isinstance(action, QAction):
            return
        script = action.data()
        if script in (HANS, HANT) and script != self.settings.script:
            self.settings.script = script
            save_settings(self.settings)
            install_translations(script)

    # --- unit information
    def _unit_changed(self, key: str) -> None:
        if key == YEAR:
            update = getattr(self.window, "update_heading", None)
            if update is not None:
                update()
        # the year and the level decide which rules apply; the unit's name is part of the 校验码
        if key in (*CONTEXT_KEYS, "name"):
            rerun = getattr(self.window, "context_changed", None)
            if rerun is not None:
                rerun()

    # --- justifications
    def _finding(self, key: str | None) -> Finding | None:
        return self.window.findings.get(key) if key else None

    def current_warning(self) -> Finding | None:
        """The warning the clerk is looking at: selected in the problems list (when it has the focus),
        else one of the selected cell, else the one selected in the problems list."""
        problems = self.window.problems.tree
        selected = self._warning_of(problems.currentItem())
        if problems.hasFocus() and selected is not None:
            return selected
        return self.cell_warning() or selected

    def _warning_of(self, item: QTreeWidgetItem | None) -> Finding | None:
        f = self._finding(item.data(0, KEY_ROLE)) if item is not None else None
        return f if f is not None and f.severity == "warning" else None

    def cell_warning(self) -> Finding | None:
        f = self._warning_of(self.window.cell_rules.tree.currentItem())
        if f is not None:
            return f
        cell = self.window.current_cell()
        warnings = [f for f in self.window.findings.values() if f.severity == "warning" and cell in f.cells]
        return min(warnings, key=lambda f: f.sort_key) if warnings else None

    def justify_finding(self, finding: Finding | None) -> bool:
        if finding is None or finding.severity != "warning":
            self._show_status("请先选中一条警告（错误必须改正，不能用理由代替）。")
            return False
        return justify.justify(self.window, self.window.document, finding, self.window.undo_stack,
                               self.window.refresh_checks)

    def justify_current(self) -> bool:
        return self.justify_finding(self.current_warning())

    def justify_current_cell(self) -> bool:
        return self.justify_finding(self.cell_warning())

    def _problems_menu(self, pos: QPoint) -> None:
        tree = self.window.problems.tree
        item = tree.itemAt(pos)
        finding = self._finding(item.data(0, KEY_ROLE)) if item is not None else None
        if finding is None:
            return
        tree.setCurrentItem(item)
        menu = QMenu(tree)
        go = menu.addAction("转到单元格")
        act = menu.addAction("说明理由…" if finding.key not in self.window.document.justifications else "修改理由…")
        act.setEnabled(finding.severity == "warning")
        chosen = self.run_menu(menu, tree.viewport().mapToGlobal(pos))
        if chosen is go:
            self.window.go_to_finding(finding)
        elif chosen is act:
            self.justify_finding(finding)

    def run_menu(self, menu: QMenu, where: QPoint) -> QAction | None:
        """Show a context menu modally; tests monkeypatch this."""
        return menu.exec(where)

    def _on_problem_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = self._warning_of(item)
        if finding is not None:
            self.justify_finding(finding)

    def _on_rule_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = self._warning_of(item)
        if finding is not None:
            self.justify_finding(finding)

    def _update_justify_enabled(self, *_args: object) -> None:
        has_warnings = any(f.severity == "warning" for f in self.window.findings.values())
        self.justify_action.setEnabled(has_warnings)
        self.cell_justify_button.setEnabled(self.cell_warning() is not None)

    def _show_status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


class RestoringWindow(Protocol):
    """A window recovered work can go into."""

    path: Path | None
    undo_stack: QUndoStack
    lifecycle: Lifecycle

    def show(self) -> None: ...


def restore_at_start(first: RestoringWindow, make_window: Callable[[], RestoringWindow]) -> list[RestoringWindow]:
    """Offer to restore the work a crash or kill left behind. The first recovered document goes into the
    start window when it is still an untouched new document; any other opens in a window of its own.
    Returns the windows opened (keep references: Qt does not)."""
    opened: list[RestoringWindow] = []

    def open_recovered(recovery: Recovery) -> None:
        # the start window takes it when it holds nothing of the clerk's yet: a new document, or the very file the
        # recovered work belongs to (started with it as argument) — never a second window stacked on that one
        same = first.path is None or same_file(first.path, recovery.original)
        untouched = not opened and same and first.undo_stack.isClean()
        window = first if untouched else make_window()
        window.lifecycle.restore(recovery)
        window.show()
        opened.append(window)

    offer_recoveries(open_recovered, parent=first)
    return opened
