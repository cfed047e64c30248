"""The one question box with named choices: 保存 / 不保存 / 取消, 恢复 / 丢弃 / 以后再说, 只读打开 / 打开副本 / 取消….

Each choice is a key, a button label (with its Alt mnemonic) and a role; the first is the default, and the last
button (取消 unless told otherwise) is what Esc and closing the box answer. The box is converted to 繁體 like every
dialog when it shows (ui/common/script.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

CANCEL = "cancel"
Choice = tuple[str, str, QMessageBox.ButtonRole]


def ask_choice(parent: QWidget | None, title: str, text: str, choices: Sequence[Choice], informative: str = "",
               details: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Question,
               cancel: str = "取消(&C)") -> str:
    """The key of the chosen button, or CANCEL."""
    box = QMessageBox(icon, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    buttons = {box.addButton(label, role): key for key, label, role in choices}
    escape = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(escape)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)
