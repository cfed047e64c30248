"""同比: the aggregate in the window against last year's aggregate — the totals, the units' largest movements (a
table, largest first) and the chart (print/charts.py's drawing, rasterised by pypdfium2 as the preview is), with
保存图表… for the PDF page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model.collect.aggregate import Aggregate
from model.collect.year_on_year import Movement, compare, figure_value, figures, largest, per_unit
from model.exchange.store import DocumentError, write_file
from print.charts import ChartSpec
from ui.common import file_dialogs
from ui.common.script import script_of, shown

HEADERS = ("单位", "项目", "本年", "上年", "变化", "变化率")


class YearOnYearDialog(QDialog):
    def __init__(self, now: Aggregate, last: Aggregate, parent: QWidget | None = None,
                 earlier: list[Aggregate] | None = None) -> None:
        """`earlier`: the aggregates of years before last year (the workspace's history), for the chart's line."""
        super().__init__(parent)
        assert now.document is not None and last.document is not None
        self.now, self.last = now, last
        self.earlier = [a for a in earlier or [] if a.document is not None
                        and a.document.template.id == now.document.template.id
                        and a.document.year < last.document.year]
        template = now.document.template
        self.total = compare(template, now.document.values, last.document.values)
        self.units = per_unit(template, [(u.name, u.values) for u in now.units],
                              [(u.name, u.values) for u in last.units])
        self.setWindowTitle(f"同比 — {now.document.year}年与{last.document.year}年")
        self.resize(1100, 700)
        self.summary = QLabel(shown("；".join(m.text() for m in self.total if m.now is not None), script_of(parent)))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([shown(h, script_of(parent)) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.with_print = QCheckBox("打印汇总表和整份报告时附此图")
        self.with_print.setToolTip("文件 → 打印、导出 PDF 与报告 → 整份报告打印时，在表后附上当前的同比图")
        self.with_print.toggled.connect(self._print_with_chart)
        self.figure = QComboBox()
        self.figure.addItems([f.what for f in figures(template)])
        self.figure.currentTextChanged.connect(self.draw)
        self.chart = QLabel()
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        save = QPushButton("保存图表(&S)…")
        save.clicked.connect(lambda: self.save_chart())
        table_pdf = QPushButton("导出汇总表 PDF（附同比图）(&T)…")
        table_pdf.clicked.connect(lambda: self.export_with_chart())
        report_pdf = QPushButton("导出整份报告 PDF（附同比图）(&R)…")
        report_pdf.clicked.connect(lambda: self.export_with_chart(whole=True))
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        split = QSplitter()
        split.addWidget(self.table)
        right = QWidget()
        side = QVBoxLayout(right)
        row = QHBoxLayout()
        row.addWidget(QLabel("图表项目："))
        row.addWidget(self.figure, 1)
        side.addLayout(row)
        side.addWidget(scroll, 1)
        split.addWidget(right)
        buttons = QHBoxLayout()
        buttons.addWidget(self.with_print)
        buttons.addStretch(1)
        buttons.addWidget(table_pdf)
        buttons.addWidget(report_pdf)
        buttons.addWidget(save)
        buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(split, 1)
        box.addLayout(buttons)
        self.fill(largest(self.units, n=50))
        self.draw(self.figure.currentText())

    def fill(self, movements: list[Movement]) -> None:
        self.table.setRowCount(len(movements))
        script = script_of(self)
        for r, m in enumerate(movements):
            share = f"{m.share:+.1%}" if m.share is not None else (shown("上年为 0", script) if m.change else "")
            for c, text in enumerate((m.unit, shown(m.figure, script), str(m.now if m.now is not None else ""),
                                      str(m.before if m.before is not None else ""),
                                      f"{m.change:+}" if m.change is not None else "", share)):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def chart_spec(self, figure: str) -> ChartSpec:
        assert self.now.document is not None and self.last.document is not None
        spec = next(f for f in figures(self.now.document.template) if f.what == figure)
        years = sorted([*self.earlier, self.last, self.now], key=lambda a: a.document.year)  # type: ignore[union-attr]
        points = tuple((a.document.year, figure_value(a.document.values, spec)) for a in years
                       if a.document is not None)
        return ChartSpec(tuple(self.units), figure, points, f"{self.now.office}{self.now.document.year}年度与上年对比")

    def _print_with_chart(self, on: bool) -> None:
        printing = getattr(self.parent(), "printing", None)
        if printing is not None:
            printing.chart = (self.now.document, self.chart_spec(self.figure.currentText())) if on else None

    def chart_bytes(self, figure: str) -> bytes:
        from print.charts import chart_pdf

        return chart_pdf(self.chart_spec(figure))

    def draw(self, figure: str) -> None:
        if self.with_print.isChecked():
            self._print_with_chart(True)  # the chart printed follows the one shown
        from ui.printout.pdf_pages import PdfPages

        pages = PdfPages(self.chart_bytes(figure))
        try:
            self.chart.setPixmap(QPixmap.fromImage(pages.image(0, 96 * self.devicePixelRatioF())))
        finally:
            pages.close()

    def export_with_chart(self, path: str | None = None, whole: bool = False) -> bool:
        """The 汇总表 as printed with the chart on a page after it, or the county's whole report with the chart
        after its last table (图1, 图2 with their captions)."""
        from print.pdf import PrintOptions, render_bytes

        assert self.now.document is not None
        doc = self.now.document
        kind = "政府信息公开工作年度报告" if whole else "汇总表"
        name = f"{doc.unit.name or self.now.office}{doc.year}年度{kind}.pdf"
        path = path or file_dialogs.save_file(self, "导出 PDF（附同比图）", name, "PDF 文件 (*.pdf)")
        if not path:
            return False
        spec = self.chart_spec(self.figure.currentText())
        return self._write(path, lambda: render_bytes(doc, PrintOptions(report=whole, chart=spec))[0])

    def save_chart(self, path: str | None = None) -> bool:
        figure = self.figure.currentText()
        path = path or file_dialogs.save_file(self, "保存同比图", f"同比图_{figure}.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return False
        return self._write(path, lambda: self.chart_bytes(figure))

    def _write(self, path: str, make: Callable[[], bytes]) -> bool:
        try:
            write_file(path, make(), "保存")
        except DocumentError as exc:
            _tell(self.parent(), str(exc))
            return False
        return True


def _tell(window: object, text: str) -> None:
    show = getattr(window, "show_error", None)
    if callable(show):
        show(text)


def open_year_on_year(window: QWidget, now: Aggregate | None,
                      path: str | Path | None = None) -> YearOnYearDialog | None:
    from model.collect.aggregate import load_aggregate

    if now is None or now.document is None:
        _tell(window, "当前文件不是汇总表。请先汇总，或打开本年的汇总表。")
        return None
    from model.exchange import formats

    path = path or file_dialogs.open_file(window, "选择上年的汇总表", formats.by_id("native").filter())
    if not path:
        return None
    try:
        last = load_aggregate(path)
    except DocumentError as exc:
        _tell(window, str(exc))
        return None
    if last is None or last.document is None or last.document.template.id != now.document.template.id:
        _tell(window, f"“{Path(path).name}”不是同一表格式的汇总表，无法做同比。")
        return None
    dialog = YearOnYearDialog(now, last, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
