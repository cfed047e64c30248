"""The pages of the PDF that `print/` wrote, rasterised by PDFium (pypdfium2) for the preview and the printer.

One renderer at any resolution: the preview draws each page at the zoom on screen (sharp at any zoom), the printer
gets it at its own resolution. PDFium is a small, well-kept library with wheels for Windows and manylinux_2_17
(x86_64, aarch64), so the window needs only PySide6-Essentials, not QtPdf from PySide6-Addons.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

MAX_PRINT_DPI = 600  # above this an A4 page costs >100 MB of memory and no printer shows the difference


class PdfPages:
    """A PDF held in memory, page by page."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # PDFium reads from this buffer for as long as the document lives
        self._pdf = pdfium.PdfDocument(data)

    def close(self) -> None:
        self._pdf.close()

    def __len__(self) -> int:
        return len(self._pdf)

    def size(self, page: int) -> QSizeF:
        """The page's size in points (1/72 inch), as the PDF states it."""
        w, h = self._pdf[page].get_size()
        return QSizeF(w, h)

    def image(self, page: int, dpi: float) -> QImage:
        """The page at `dpi` on opaque white (printer drivers handle transparency badly)."""
        bitmap = self._pdf[page].render(scale=dpi / 72, prefer_bgrx=True, fill_color=(255, 255, 255, 255))
        # BGRx bytes are QImage's RGB32 on little-endian machines (x86, ARM): no conversion; copy() owns the memory
        fmt = QImage.Format.Format_RGB32 if bitmap.n_channels == 4 else QImage.Format.Format_BGR888
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


def paint_pdf(printer: QPrinter, pages: PdfPages, dpi: int | None = None) -> int:
    """Send the PDF's pages to `printer` (already set up) at its resolution; returns the number of pages painted."""
    dpi = dpi or min(printer.resolution(), MAX_PRINT_DPI)
    count = len(pages)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(count):
            if page:
                printer.newPage()
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, pages.image(page, dpi))
    finally:
        painter.end()  # a QPainter left open on a QPrinter crashes at destruction
    return count
