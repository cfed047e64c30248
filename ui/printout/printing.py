"""Print actions of the window: preview, print, export PDF, open in the system viewer.

One layout: every path goes through `print.pdf.render`; preview and printer get that PDF's pages rasterised by
PDFium (ui/printout/pdf_pages.py), never a second drawing of the form in Qt.
"""

from __future__ import annotations

import dataclasses
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QMarginsF, QObject, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QPageLayout,
    QPageSize,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QStatusBar

from model.core.document import Document, as_printed
from model.core.report import check_document
from model.exchange import formats
from print import fonts, pdf  # never `import print`: it would shadow the builtin
from ui.common import file_dialogs
from ui.common.background import CANCELLED, Operation
from ui.common.script import script_of, shown
from ui.common.settings import Settings
from ui.printout.pdf_pages import PdfPages, paint_pdf
from ui.printout.preview import PreviewDialog

FINAL_TEXT = (
    "定稿：没有错误，也没有未填的格（不适用的格填“/”），并且每个字都能印出。定稿的页脚印有校验码，"
    "由表格式、年度、填报单位和全部数字算出，与“文件”中的数字一一对应：核对纸质件与电子文件时比较校验码即可。\n\n"
    "草稿：还有错误、未填的格或印不出的字。草稿的每一页都印有斜向的“草稿”和原因（例如“3 处错误、5 格未填”），"
    "有错的格加粗框并标有 ※ 编号，对应附页的说明。草稿不能作为正式报表盖章报送。\n\n"
    "未填的格选择印成 0 或“/”时，按印出的数校验。"
)
PRINT_ACTIONS = ("print_preview", "print", "export_pdf", "open_pdf", "print_about_final", "print_blank_empty",
                 "print_blank_zero", "print_blank_slash", "print_font", "print_font_default")
APP_TITLE = "政府信息公开统计表"


def print_title(result: pdf.RenderResult | None) -> str:
    """The print dialog's title says what goes to paper: a final copy with its 校验码, or a draft and why."""
    if result is None:
        return "打印"
    if result.draft:
        return f"打印草稿（{result.reason}）"
    return f"打印定稿（校验码 {result.fingerprint}）"


def page_layout(result: pdf.RenderResult) -> QPageLayout:
    """The PDF's paper and orientation with zero margins: the PDF already carries its own."""
    orientation = QPageLayout.Orientation.Landscape if result.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))


def apply_layout(printer: QPrinter, result: pdf.RenderResult) -> None:
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(result))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)




class PrintHost(Protocol):
    """What printing needs of the window."""

    document: Document
    path: Path | None
    script: str
    settings: Settings
    actions_by_name: dict[str, QAction]

    def statusBar(self) -> QStatusBar: ...


if TYPE_CHECKING:
    from print.charts import ChartSpec


class PrintActions(QObject):
    """打印预览 / 打印 / 导出 PDF / 用系统阅读器打开 / 打印选项: the slots of the window's print actions."""

    def __init__(self, window: PrintHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.window = window
        self.last_result: pdf.RenderResult | None = None
        self.blank = "empty"
        # a 同比 chart to print with this document (an aggregate; set from the 同比 dialog): (document, chart)
        self.chart: tuple[object, ChartSpec] | None = None
        # the actions are declared in the window's action table (ui/window/main_window.py ACTIONS), menus there too
        self.actions = {name: action for name, action in window.actions_by_name.items() if name in PRINT_ACTIONS}
        self.actions["print_about_final"].setToolTip(FINAL_TEXT)
        self.actions["print_about_final"].setStatusTip(FINAL_TEXT)
        self.actions[f"print_blank_{self.blank}"].setChecked(True)

    def use_blank(self, style: str) -> None:
        """How an unfilled cell prints: "empty", "zero" or "slash"."""
        self.blank = style
        self.actions[f"print_blank_{style}"].setChecked(True)

    def explain_final(self) -> None:
        self.show_message(FINAL_TEXT, warning=False)

    def choose_font(self, path: str | None = None) -> bool:
        """打印字体…: check the file can print Chinese before remembering it in the settings."""
        chosen = path if isinstance(path, str) and path else self.ask_font_path()
        if not chosen:
            return False
        try:
            fontset = fonts.prepare("政府信息公开情况统计表0123456789", user_font=chosen)
        except fonts.FontError as exc:
            self.show_message(f"这个字体不能用于打印：{exc}")
            return False
        if fontset.label != Path(chosen).name or fontset.font_for("政") != fontset.primary:
            self.show_message(f"“{Path(chosen).name}”里没有汉字，不能用作打印字体。")
            return False
        self._save_font(chosen)
        return True

    def reset_font(self) -> None:
        self._save_font(None)

    def _save_font(self, path: str | None) -> None:
        settings = self.window.settings
        settings.print_font = path
        from ui.common.settings import save_settings

        save_settings(settings)

    def ask_font_path(self) -> str | None:
        return file_dialogs.open_file(self.window, "选择打印字体", "字体文件 (*.ttf *.ttc *.otf)")

    # --- dialogs, behind methods tests monkeypatch ---------------------------------------------------------------
    def ask_print_draft(self, reason: str) -> bool:
        script = script_of(self.window)
        answer = QMessageBox.question(
            self.window, shown(APP_TITLE, script),
            shown(f"这份统计表还不是定稿：{reason}（按印出的数校验）。\n\n"
                  "定稿要求没有错误、也没有未填的格（不适用的格填“/”）。仍要打印草稿吗？"
                  "草稿的每一页都印有“草稿”和原因，有错的格标有 ※ 编号，对应附页的说明。", script),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_pdf_path(self, whole: bool = False) -> str | None:
        doc: Document = self.window.document
        base = self.window.path.with_suffix(".pdf") if self.window.path else \
            Path(pdf.file_name(doc))  # a bare name: the dialog starts in the documents folder
        if whole:
            base = base.with_name(f"{base.stem}年度报告.pdf")
        path = file_dialogs.save_file(self.window, "导出整份报告 PDF" if whole else "导出 PDF", base,
                                      formats.by_id(formats.PDF).filter())
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path or None

    def ask_printer(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(shown(print_title(self.last_result), script_of(self.window)))
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def show_preview(self, dialog: PreviewDialog) -> None:
        dialog.exec()

    def _told(self, exc: Exception, what: str) -> bool:
        """A font that cannot be used or a file that cannot be read while printing: said, not raised."""
        if isinstance(exc, (fonts.FontError, OSError)):
            self.show_message(f"{what}：{exc}")
            return True
        return False

    def show_message(self, text: str, warning: bool = True) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, APP_TITLE, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)

    # --- making the PDF ----------------------------------------------------------------------------------------------
    def options(self) -> pdf.PrintOptions:
        font = self.window.settings.print_font
        if font and not Path(font).is_file():
            # a font file moved or deleted since it was chosen: print with the default rather than not at all
            self.show_message(f"找不到打印字体文件“{font}”，已改用默认字体（系统宋体或思源宋体）。")
            self._save_font(None)
            font = None
        chart = self.chart[1] if self.chart is not None and self.chart[0] is self.window.document else None
        return pdf.PrintOptions(script=self.window.script, blank=self.blank, font_file=font, chart=chart)

    def options_for(self, whole: bool) -> pdf.PrintOptions:
        """How to print: the statistics table alone (the form signed and sealed), or `whole` the 年度报告."""
        options = self.options()
        return dataclasses.replace(options, report=True) if whole else options

    def confirmed(self, whole: bool = False) -> bool:
        """True when the document is final as it will print, or the clerk agreed to print a draft."""
        report = check_document(as_printed(self.window.document, self.blank), with_text=whole)
        return report.final or self.ask_print_draft(report.reason_text())

    def make_pdf(self, whole: bool = False) -> tuple[bytes, pdf.RenderResult] | None:
        doc, options = self.window.document, self.options_for(whole)
        made = Operation("打印", lambda _progress: pdf.render_bytes(doc, options), label="正在生成打印件",
                         failure=lambda exc: self._told(exc, "无法生成打印件")).run(self.window)
        if made is CANCELLED:
            return None
        data, result = cast(tuple[bytes, pdf.RenderResult], made)
        self.last_result = result
        if result.problems:
            self.show_message("打印件中有字无法显示，所以只能作草稿：\n" + "\n".join(result.problems))
        return data, result

    # --- actions ----------------------------------------------------------------------------------------------------
    def paint(self, printer: QPrinter, data: bytes, result: pdf.RenderResult, layout: bool = True) -> int:
        pages = PdfPages(data)
        try:
            if layout:
                apply_layout(printer, result)
            return paint_pdf(printer, pages)
        finally:
            pages.close()

    def preview(self, whole: bool = False) -> PreviewDialog | None:
        """打印预览: exactly the PDF's pages, drawn at the zoom on screen; 打印… from there sends the same PDF."""
        whole = whole is True  # a QAction's triggered(checked) must not choose the whole report
        if not self.confirmed(whole):
            return None
        made = self.make_pdf(whole)
        if made is None:
            return None
        data, result = made
        script = script_of(self.window)
        title = shown("打印预览 — " + print_title(result).removeprefix("打印"), script)
        dialog = PreviewDialog(PdfPages(data), title, partial(self._print_previewed, data, result), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(dialog.pages.close)
        self.show_preview(dialog)
        return dialog

    def _print_previewed(self, data: bytes, result: pdf.RenderResult) -> int:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        apply_layout(printer, result)
        printer.setDocName(pdf.title_of(self.window.document, self.options().script))
        if not self.ask_printer(printer):
            return 0
        return self.paint(printer, data, result)

    def print_document(self, printer: QPrinter | None = None) -> int:
        """打印…: the system dialog, then the same pages; returns the number of pages sent."""
        if not self.confirmed():
            return 0
        made = self.make_pdf()
        if made is None:
            return 0
        data, result = made
        printer = printer if isinstance(printer, QPrinter) else QPrinter(QPrinter.PrinterMode.HighResolution)
        apply_layout(printer, result)
        printer.setDocName(pdf.title_of(self.window.document, self.options().script))
        if not self.ask_printer(printer):
            return 0
        # The native Windows dialog can hand back the driver's default paper: put the form's layout back.
        return self.paint(printer, data, result)

    def export_pdf(self, path: str | Path | None = None, whole: bool = False) -> Path | None:
        """导出 PDF…: written atomically; returns the file written. `whole`: the whole report, not the table."""
        if not self.confirmed(whole):
            return None
        target = path if isinstance(path, (str, Path)) and path else (
            self.ask_pdf_path(True) if whole else self.ask_pdf_path())
        if not target:
            return None
        doc, options = self.window.document, self.options_for(whole)

        def written(made: tuple[bytes, pdf.RenderResult]) -> pdf.RenderResult:
            pdf.render_to(target, made[0])  # written only once the clerk can no longer cancel; atomically
            return made[1]

        def failed(exc: Exception) -> bool:
            if isinstance(exc, OSError):
                from print.command import write_reason

                self.show_message(f"无法写入“{target}”：{write_reason(exc)}\n原有文件没有改动。")
                return True
            return self._told(exc, "无法生成 PDF")

        outcome = Operation("导出 PDF", lambda _progress: pdf.render_bytes(doc, options), label="正在生成 PDF",
                            success=written, failure=failed).run(self.window)
        if outcome is CANCELLED:
            return None
        result = cast(pdf.RenderResult, outcome)
        self.last_result = result
        if result.problems:
            self.show_message("PDF 中有字无法显示：\n" + "\n".join(result.problems))
        self.window.statusBar().showMessage(f"已导出 {target}（{result.pages} 页）", 5000)
        return Path(target)

    def open_in_viewer(self) -> Path | None:
        """The fallback when printing from here misbehaves: the PDF in the system's own reader."""
        if not self.confirmed():
            return None
        made = self.make_pdf()
        if made is None:
            return None
        data, _result = made
        folder = Path(tempfile.mkdtemp(prefix="govstats-print-"))
        target = folder / pdf.file_name(self.window.document)
        try:
            target.write_bytes(data)
        except OSError as exc:
            from print.command import write_reason

            self.show_message(f"无法写入临时文件“{target}”：{write_reason(exc)}")
            return None
        if not self.open_url(QUrl.fromLocalFile(str(target))):
            self.show_message(f"没有找到能打开 PDF 的程序。文件在：\n{target}")
        return target
