"""The window's QActions and menus, made from the action table (ui/window/actions.py)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from model.exchange import formats
from ui.window.actions import (
    ACTIONS,
    EXPORTS,
    MENUS,
    SUBMENUS,
    TOOLTIPS,
    ActionSpec,
    ActionTarget,
    export_actions,
    plain_title,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack


class MenuHost(ActionTarget, Protocol):
    """The window the actions belong to: what their slots call, and where the actions are kept by name."""

    undo_stack: QUndoStack
    actions_by_name: dict[str, QAction]
    submenus: dict[str, QMenu]

    def menu(self, name: str) -> QMenu: ...


def run(window: ActionTarget, spec: ActionSpec, *args: object) -> None:
    """An action's slot, found when it is triggered (the controllers are made after the actions)."""
    spec.slot(window)(*args)


def resolve_all(window: ActionTarget, specs: dict[str, ActionSpec] | None = None) -> None:
    """Find every action's slot once (at start-up, when every controller exists): a missing one fails here."""
    for name, spec in (specs if specs is not None else {**ACTIONS, **export_actions()}).items():
        if not callable(spec.slot(window)):
            raise LookupError(f"action {name!r}: its slot is not callable")


def make_actions(window: MenuHost) -> None:
    """One QAction per entry of the table (and undo/redo from the undo stack), in `window.actions_by_name`."""
    groups: dict[str, QActionGroup] = {}
    for name, spec in {**ACTIONS, **export_actions()}.items():
        action = QAction(spec.text, window)
        if isinstance(spec.keys, QKeySequence.StandardKey):
            action.setShortcuts(spec.keys)
        elif spec.keys:
            action.setShortcut(QKeySequence(spec.keys))
        if spec.tip:
            action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        if spec.tip and name in TOOLTIPS:
            action.setToolTip(spec.tip)
        if spec.group:
            if spec.group not in groups:
                groups[spec.group] = QActionGroup(window)
            groups[spec.group].addAction(action)
        if spec.toggled:
            action.toggled.connect(partial(run, window, spec))
        else:
            action.triggered.connect(partial(run, window, spec, *((spec.arg,) if spec.arg else ())))
        window.actions_by_name[name] = action
    undo = window.undo_stack.createUndoAction(window, "撤销")
    undo.setShortcuts(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, "重做")
    # Excel/WPS habit: Ctrl+Y redoes on every desktop (the Linux platform themes give only Ctrl+Shift+Z),
    # and it comes first so that the menu shows it
    ctrl_y = QKeySequence("Ctrl+Y")
    others = [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k != ctrl_y]
    redo.setShortcuts([ctrl_y, *others])
    window.actions_by_name["undo"] = undo
    window.actions_by_name["redo"] = redo
    window.actions_by_name["zoom_in"].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])


def make_menus(window: MenuHost) -> None:
    """The submenus, then the menus, filled in table order (once every controller gave its docks' toggles)."""
    for key, (title, names) in SUBMENUS.items():
        window.submenus[key] = sub = QMenu(title, window)
        sub.setToolTipsVisible(True)
        fill(window, sub, names)
    for title, names in MENUS:
        fill(window, window.menu(title), names)


def fill(window: MenuHost, menu: QMenu, names: tuple[str, ...]) -> None:
    for name in names:
        if name == "-":
            menu.addSeparator()
        elif name == EXPORTS:
            for f in formats.exports():
                if f.export is not None and plain_title(menu.title()) == f.export.menu and f.writer:
                    menu.addAction(window.actions_by_name[f.export.action])
        elif name.startswith("@"):
            menu.addMenu(window.submenus[name])
        else:
            menu.addAction(window.actions_by_name[name])
    if any(name in TOOLTIPS for name in names):
        menu.setToolTipsVisible(True)


def menu_titled(window: QMainWindow, menus: dict[str, QMenu], name: str) -> QMenu:
    """The menu titled `name` (mnemonic optional), created before 帮助 if missing."""
    key = plain_title(name)
    if key not in menus:
        title = name if "&" in name else next((t for t, _ in MENUS if plain_title(t) == key), name)
        menu = QMenu(title, window)
        help_menu = menus.get("帮助")
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            window.menuBar().addMenu(menu)
        menus[key] = menu
    return menus[key]
