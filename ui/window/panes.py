"""F6 / Shift+F6 move the keyboard between the window's panes (the grid, then each dock on screen), and the pane
holding the keyboard is marked, so typing never goes where the clerk does not look (a dock hidden behind a tab
is skipped; Tab in the grid never leaves it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

if TYPE_CHECKING:
    from ui.grid.grid_view import FormView


class PaneHost(Protocol):
    """The window whose panes F6 steps through: its table shown, and its docks (found as its children)."""

    def current_view(self) -> FormView | None: ...
    def findChildren(self, kind: type) -> list[QDockWidget]: ...

FOCUSED = "paneFocused"  # dynamic property the style sheet below reads
STYLE = (f'FormView[{FOCUSED}="true"] {{ border: 2px solid #2a6fdb; }}'
         f'QDockWidget[{FOCUSED}="true"]::title {{ background: #cfe0fb; }}')


class Panes(QObject):
    def __init__(self, window: PaneHost) -> None:
        super().__init__(window)
        self.window = window
        self.marked: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def panes(self) -> list[QWidget]:
        """The grid of the current table, then every dock the clerk can see (not closed, not behind a tab)."""
        out: list[QWidget] = []
        view = self.window.current_view()
        if view is not None:
            out.append(view)
        for dock in self.window.findChildren(QDockWidget):
            if dock.isVisible() and not dock.visibleRegion().isEmpty() and dock.widget() is not None:
                out.append(dock)
        return out

    def pane_of(self, widget: QWidget | None) -> QWidget | None:
        panes = self.panes()
        while widget is not None:
            if widget in panes:
                return widget
            widget = widget.parentWidget()
        return None

    def step(self, forward: bool = True) -> QWidget | None:
        panes = self.panes()
        if not panes:
            return None
        here = self.pane_of(QApplication.focusWidget())
        i = panes.index(here) if here in panes else -1
        target = panes[(i + (1 if forward else -1)) % len(panes)]
        focus = target if not isinstance(target, QDockWidget) else _first_focusable(target)
        if focus is not None:
            focus.setFocus()
        return target

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.window:
            return
        pane = self.pane_of(new)
        if pane is self.marked:
            return
        for widget, on in ((self.marked, False), (pane, True)):
            if widget is not None:
                widget.setProperty(FOCUSED, on)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self.marked = pane


def _first_focusable(dock: QDockWidget) -> QWidget | None:
    body = dock.widget()
    if body is None:
        return None
    for child in [body, *body.findChildren(QWidget)]:
        if child.isVisible() and child.isEnabled() and child.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return child
    return None
