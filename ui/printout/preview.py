"""打印预览: the PDF's pages drawn by PDFium at the zoom on screen, so figures stay sharp at any zoom."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.printout.pdf_pages import PdfPages

ZOOMS = (50, 75, 100, 125, 150, 200, 300)
FIT_WIDTH = 0  # the zoom box's first entry: the page as wide as the window


class PreviewDialog(QDialog):
    def __init__(self, pages: PdfPages, title: str, on_print: Callable[[], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pages = pages
        self.zoom = QComboBox(self)
        self.zoom.addItem("适合宽度", FIT_WIDTH)
        for z in ZOOMS:
            self.zoom.addItem(f"{z}%", z)
        self.zoom.setCurrentIndex(self.zoom.findData(100))
        self.zoom.currentIndexChanged.connect(self.render_pages)
        smaller = QPushButton("缩小(&-)", self)
        smaller.setShortcut(QKeySequence.StandardKey.ZoomOut)
        smaller.clicked.connect(self.zoom_out)
        larger = QPushButton("放大(&+)", self)
        larger.setShortcut(QKeySequence.StandardKey.ZoomIn)
        larger.clicked.connect(self.zoom_in)
        self.print_button = QPushButton("打印(&P)…", self)
        self.print_button.setEnabled(on_print is not None)
        if on_print is not None:
            self.print_button.clicked.connect(on_print)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        self.count = QLabel(f"共 {len(pages)} 页", self)
        bar = QHBoxLayout()
        for w in (QLabel("缩放：", self), self.zoom, smaller, larger, self.count):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        self.sheet = QWidget(self)
        self.sheet.setObjectName("previewSheet")
        self.sheet.setStyleSheet("#previewSheet { background: #808080; }")
        self.column = QVBoxLayout(self.sheet)
        self.column.setSpacing(12)
        self.labels: list[QLabel] = []
        for _ in range(len(pages)):
            label = QLabel(self.sheet)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.sheet)
        self.scroll.setWidgetResizable(True)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.scroll, 1)
        room = self.screen().availableGeometry()
        self.resize(min(1000, room.width() - 40), min(1100, room.height() - 80))
        self.render_pages()

    def percent(self) -> float:
        z = int(self.zoom.currentData() or FIT_WIDTH)
        if z != FIT_WIDTH:
            return float(z)
        width = self.pages.size(0).width() * self.logicalDpiX() / 72
        room = self.scroll.viewport().width() - 2 * self.column.contentsMargins().left()
        return max(10.0, 100.0 * room / width)

    def render_pages(self, *_args: object) -> None:
        """Each page rasterised for the screen at the chosen zoom (and the screen's pixel ratio)."""
        ratio = self.devicePixelRatioF()
        dpi = self.logicalDpiX() * self.percent() / 100 * ratio
        for i, label in enumerate(self.labels):
            pixmap = QPixmap.fromImage(self.pages.image(i, dpi))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)

    def zoom_in(self) -> None:
        self.zoom.setCurrentIndex(min(self.zoom.currentIndex() + 1, self.zoom.count() - 1))

    def zoom_out(self) -> None:
        self.zoom.setCurrentIndex(max(self.zoom.currentIndex() - 1, 1))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        if int(self.zoom.currentData() or FIT_WIDTH) == FIT_WIDTH:
            self.render_pages()
