"""帮助 → 关于 (version, where files live, licences) and 帮助 → 快捷键 (every shortcut of the window's actions).

Uses the window through `HelpHost` (its actions, whose shortcuts it lists); its actions are declared in the window's
action table. Dialogs sit behind `show_text`, which tests monkeypatch.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from model import APP_TITLE, __version__
from model.places import config_dir
from print import fonts  # never `import print`: it would shadow the builtin
from resources import path as resource_path
from ui.common.script import script_of, shown
from ui.files.recovery import recovery_dir

if TYPE_CHECKING:
    from PySide6.QtGui import QAction


class HelpHost(Protocol):
    """What 帮助 needs of the window."""

    actions_by_name: dict[str, QAction]

def licence_lines() -> list[str]:
    """The bundled components' licences, from the same data as the package's copyright file."""
    data = json.loads(resource_path("licences.json").read_text(encoding="utf-8"))
    return [c["about"] for c in data["components"]]


class HelpActions(QObject):
    log_file: str | None = None  # set once by ui.app.run from the log main.py opened

    def __init__(self, window: HelpHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window

    def about_text(self) -> str:
        try:
            font_cache = str(fonts.cache_dir())
        except OSError:
            font_cache = "（不可用）"
        lines = [
            f"{APP_TITLE} {__version__}",
            "填写、校验、打印、汇总政府信息公开工作年度报告统计表。离线运行，不联网。",
            "",
            f"设置和最近打开的文件：{config_dir()}",
            f"自动保存的恢复文件：{recovery_dir()}",
            f"日志（出问题时可发给技术支持）：{self.log_file or '（未启用）'}",
            f"打印字体缓存：{font_cache}",
            "",
            "随软件提供的组件和字体的许可：",
            *(f"  · {x}" for x in licence_lines()),
        ]
        return "\n".join(lines)

    def shortcut_text(self) -> str:
        rows = []
        for action in self.window.actions_by_name.values():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys:
                rows.append(f"{' / '.join(keys)}\t{action.text().replace('&', '').rstrip('.…')}")
        rows += ["Tab / Enter\t下一个可填的格", "F2\t编辑当前格",
                 "方向键 / Home / End / PgUp / PgDn\t移到可填的格（跳过标题行）",
                 "Ctrl+方向键\t这个方向上最远的可填格", "Ctrl+滚轮\t缩放表格", "F3 / Shift+F3\t查找下一个 / 上一个"]
        return "\n".join(sorted(dict.fromkeys(rows)))

    def show_about(self) -> None:
        self.show_text(f"关于{APP_TITLE}", self.about_text())

    def show_shortcuts(self) -> None:
        self.show_text("快捷键", self.shortcut_text())

    def show_text(self, title: str, text: str) -> None:
        script = script_of(self.window)
        box = QMessageBox(QMessageBox.Icon.Information, shown(title, script), shown(text, script),
                          QMessageBox.StandardButton.Ok, self.window)
        box.open()
