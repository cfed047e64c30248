"""The 最近打开 submenu: rebuilt from the settings each time it opens, missing files dropped."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ui.common.script import SKIP
from ui.common.settings import Settings, prune_recent, save_settings

CLEAR = "clear"


class RecentMenu(QMenu):
    file_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None, settings_file: Path | None = None) -> None:
        super().__init__("最近打开(&R)", parent)
        self._settings = settings
        self._settings_file = settings_file
        self.setToolTipsVisible(True)  # the full path on hover
        self.aboutToShow.connect(self.rebuild)
        self.triggered.connect(self._on_triggered)
        self.rebuild()

    def rebuild(self) -> None:
        if prune_recent(self._settings):
            save_settings(self._settings, self._settings_file)
        self.clear()
        if not self._settings.recent:
            empty = self.addAction("（无）")
            empty.setEnabled(False)
            return
        names = Counter(Path(p).name for p in self._settings.recent)
        for n, path in enumerate(self._settings.recent, 1):
            # & gives keyboard access 1–9, 0 for the tenth; a literal & in a name must be doubled
            mnemonic = f"&{n % 10} " if n <= 10 else ""
            name = Path(path).name
            if names[name] > 1:  # same file name in two folders: say which folder
                name += f"（{Path(path).parent.name}）"
            shown = name.replace("&", "&&")
            action = self.addAction(f"{mnemonic}{shown}")
            action.setData(path)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setProperty(SKIP, True)  # a file name, never converted to 繁體
        self.addSeparator()
        clear = self.addAction("清除列表")
        clear.setData(CLEAR)

    def paths(self) -> list[str]:
        return [a.data() for a in self.actions() if a.data() and a.data() != CLEAR]

    def _on_triggered(self, action: QAction) -> None:
        data = action.data()
        if data == CLEAR:
            self._settings.recent = []
            save_settings(self._settings, self._settings_file)
            self.rebuild()
        elif data:
            self.file_chosen.emit(os.fspath(data))
