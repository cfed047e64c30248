"""The 新建 dialog: which table format and which year; the choice is remembered in the settings."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from model.core.document import MAX_YEAR, MIN_YEAR, default_report_year
from model.core.templates import available_templates, catalog, template_for_year
from ui.common.settings import Settings, save_settings

TIP = Qt.ItemDataRole.ToolTipRole


class NewDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建统计表")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.template = QComboBox()
        for t in available_templates():
            self.template.addItem(t.name.get(settings.script), t.id)
            self.template.setItemData(self.template.count() - 1, t.title.get(settings.script), TIP)
        self.fallback = settings.last_template  # for a year no format covers (2019–2020: the trial format)
        form.addRow("表格式：", self.template)
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.valueChanged.connect(self._propose_template)
        self.year.setValue(min(max(default_report_year(today), MIN_YEAR), MAX_YEAR))
        self._propose_template(self.year.value())
        self.year.setSuffix(" 年度")
        self.year.setGroupSeparatorShown(False)
        form.addRow("年度：", self.year)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        form.addRow(self.hint)
        left_out = catalog().problems  # a broken format file in the clerk's templates folder: said, not hidden
        if left_out:
            self.left_out = QLabel("以下表格式文件未能采用：\n" + "\n".join(left_out))
            self.left_out.setWordWrap(True)
            self.left_out.setStyleSheet("color: #a33;")
            form.addRow(self.left_out)
        self.template.currentIndexChanged.connect(self._update_hint)
        self._update_hint()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str, int]:
        return str(self.template.currentData()), self.year.value()

    def _propose_template(self, year: int) -> None:
        """The format in force for the chosen year; the clerk may still pick the other one."""
        t = template_for_year(year)
        index = self.template.findData(t.id if t else self.fallback)
        self.template.setCurrentIndex(max(index, 0))

    def _update_hint(self) -> None:
        self.hint.setText(str(self.template.itemData(self.template.currentIndex(), TIP) or ""))


def run_dialog(dialog: NewDialog) -> bool:
    """Show the dialog modally; tests monkeypatch this."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_new(parent: QWidget | None, settings: Settings, settings_file: Path | None = None,
            today: datetime.date | None = None) -> tuple[str, int] | None:
    """(template id, year) chosen by the clerk, remembered for next time; None when cancelled."""
    dialog = NewDialog(settings, parent, today)
    try:
        if not run_dialog(dialog):
            return None
        template_id, year = dialog.choice()
    finally:
        dialog.deleteLater()
    settings.last_template, settings.last_year = template_id, year
    save_settings(settings, settings_file)
    return template_id, year
