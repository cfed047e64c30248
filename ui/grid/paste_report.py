"""A refused paste, said where the clerk looks: a short dialog listing each value that cannot go in and why, with
the choice to paste only the others (nothing is pasted without that choice)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.common.script import apply_script, script_of
from ui.common.wrapping import WrappingTree

PASTE_SOME, CANCEL = "some", "cancel"


class PasteRefusedDialog(QDialog):
    def __init__(self, refused: list[tuple[str, str, str]], accepted: int, parent: QWidget | None = None) -> None:
        """`refused`: (cell label, text as pasted, reason); `accepted`: how many values could go in."""
        super().__init__(parent)
        self.setWindowTitle("粘贴：有不能填入的值")
        box = QVBoxLayout(self)
        box.addWidget(QLabel(f"下列 {len(refused)} 个值不能填入，表中数字还没有改动：", self))
        self.tree = WrappingTree(["格子", "粘贴的内容", "原因"], self)
        for label, text, reason in refused:
            self.tree.addTopLevelItem(QTreeWidgetItem([label, text, reason]))
        box.addWidget(self.tree)
        buttons = QDialogButtonBox(self)
        self.some = buttons.addButton(f"只粘贴可以填入的 {accepted} 个(&A)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.some.setEnabled(accepted > 0)
        cancel = buttons.addButton("不粘贴(&C)", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # Enter never pastes part of a block by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.resize(620, 320)
        apply_script(self, script_of(parent))


def ask_paste_partly(parent: QWidget | None, refused: list[tuple[str, str, str]], accepted: int) -> str:
    """PASTE_SOME when the clerk chose to paste the values that can go in; tests monkeypatch this."""
    dialog = PasteRefusedDialog(refused, accepted, parent)
    try:
        return PASTE_SOME if dialog.exec() == QDialog.DialogCode.Accepted else CANCEL
    finally:
        dialog.deleteLater()
