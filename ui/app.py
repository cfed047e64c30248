"""Application start: QApplication, translations, fonts, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def run(path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("政府信息公开统计表（窗口建设中）")
    label.resize(480, 120)
    label.show()
    return app.exec()
