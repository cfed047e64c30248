"""The window as the clerk left it: size and place, docks and toolbar, the grid's zoom; maximised the first time."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QByteArray

from ui.common.settings import ZOOM_MAX, ZOOM_MIN, Settings, load_settings, save_settings


class LayoutHost(Protocol):
    """A window whose size, docks and zoom are remembered (a QMainWindow with the clerk's settings)."""

    settings: Settings
    zoom: int

    def saveGeometry(self) -> QByteArray: ...
    def saveState(self) -> QByteArray: ...
    def restoreGeometry(self, geometry: QByteArray) -> bool: ...
    def restoreState(self, state: QByteArray) -> bool: ...
    def show(self) -> None: ...
    def showMaximized(self) -> None: ...


def show_as_left(window: LayoutHost) -> None:
    """Show the window with the geometry and dock layout saved at the last close; maximised on a first start.

    Reads the settings the window loaded when it was made (no second read on the start-up path)."""
    s = window.settings
    geometry = QByteArray.fromBase64(s.window_geometry.encode("ascii")) if s.window_geometry else None
    if geometry is None or not window.restoreGeometry(geometry):
        window.showMaximized()  # a first start: the whole screen for the form (not 1180×820 on a large one)
    else:
        window.show()
    if s.window_state:
        window.restoreState(QByteArray.fromBase64(s.window_state.encode("ascii")))


def remember(window: LayoutHost) -> None:
    """Save the window's geometry, dock layout and zoom (into the latest settings: other windows wrote too)."""
    s = load_settings()
    s.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    s.window_state = bytes(window.saveState().toBase64().data()).decode("ascii")
    s.zoom = window.zoom
    save_settings(s)


def clamp_zoom(percent: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, percent))
