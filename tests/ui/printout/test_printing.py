"""Printing from the window: the PDF's own pages go to the printer and the preview, opaque, right paper size."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPrintSupport import QPrinter

from model.exchange.store import load
from print import pdf
from resources import path as resource_path
from ui.printout.pdf_pages import PdfPages, paint_pdf
from ui.printout.printing import PrintActions

EXAMPLE_2021 = resource_path("examples", "example-2021.json")
PACKAGED = pdf.PrintOptions(system_fonts=False)


@pytest.fixture(autouse=True)
def font_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSTATS_FONT_CACHE", str(tmp_path_factory.getbasetemp() / "font-cache"))


@pytest.fixture
def actions(make_window, seed_doc, monkeypatch) -> PrintActions:
    acts = make_window(seed_doc).printing
    monkeypatch.setattr(acts, "options", lambda: PACKAGED)
    messages: list[str] = []
    monkeypatch.setattr(acts, "show_message", lambda text, warning=True: messages.append(text))
    acts.messages = messages  # type: ignore[attr-defined]
    return acts


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_sizes(path: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages]


def test_menu_has_the_print_actions(actions):
    texts = [a.text() for a in actions.window.menu("文件").actions()]
    at = texts.index("打印预览(&V)…")
    assert texts[at:at + 4] == ["打印预览(&V)…", "打印(&P)…", "导出 PDF(&D)…", "用系统阅读器打开 PDF"]
    assert {"print", "print_preview", "export_pdf", "open_pdf"} <= set(actions.window.actions_by_name)


def test_print_sends_every_page_of_the_pdf_on_a4_portrait(actions, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    asked = []

    def fake_dialog(p: QPrinter) -> bool:
        asked.append(p)
        p.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # a driver handing back its own paper
        return True

    monkeypatch.setattr(actions, "ask_printer", fake_dialog)
    assert actions.print_document(printer) == 2
    assert asked == [printer]
    assert page_sizes(out) == [(595, 842)] * 2  # A4 again after the dialog


def test_2021_prints_landscape(make_window, tmp_path, monkeypatch):
    acts = make_window(load(EXAMPLE_2021)).printing
    monkeypatch.setattr(acts, "options", lambda: PACKAGED)
    monkeypatch.setattr(acts, "ask_printer", lambda p: True)
    out = tmp_path / "2021.pdf"
    assert acts.print_document(pdf_printer(out)) == acts.last_result.pages
    assert set(page_sizes(out)) == {(842, 595)}


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_printed_pages_are_opaque_images_of_the_form(actions, tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "ask_printer", lambda p: True)
    out = tmp_path / "printed.pdf"
    actions.print_document(pdf_printer(out))
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    kinds = [line.split()[2] for line in listing.splitlines()[2:] if line.strip()]
    assert kinds and "smask" not in kinds  # no transparency left for the printer driver
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(out), str(png)], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    corner = image.pixelColor(2, 2)
    assert min(corner.red(), corner.green(), corner.blue()) >= 250  # white paper, not black or grey
    dark = sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).lightness() < 200)
    assert dark > 200  # the grid and the text are there


def test_page_image_is_white_not_transparent(seed_doc):
    data, _ = pdf.render_bytes(seed_doc, PACKAGED)
    pages = PdfPages(data)
    assert len(pages) == 2
    image = pages.image(0, 72)
    assert image.hasAlphaChannel() is False
    assert image.pixelColor(1, 1).name() == "#ffffff"


@pytest.mark.parametrize("example", ["haizhou-2015.json", "example-2021.json"])
def test_rasterised_pages_match_the_pdf_count_and_size(example):
    data, result = pdf.render_bytes(load(resource_path("examples", example)), PACKAGED)
    pages = PdfPages(data)
    assert len(pages) == result.pages == len(PdfReader(io.BytesIO(data)).pages)
    for i in range(len(pages)):
        size = pages.size(i)
        assert (round(size.width()), round(size.height())) == tuple(round(x) for x in result.page_size)
        image = pages.image(i, 144)
        assert (image.width(), image.height()) == (round(size.width() * 2), round(size.height() * 2))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("zoom", [100, 200])
def test_text_is_as_readable_as_poppler_draws_it(seed_doc, tmp_path, zoom):
    """At 100 % and 200 % the page equals, pixel for pixel within anti-aliasing, what an independent renderer
    (poppler) draws at the same resolution: figures cannot blur into others ("3744" read as "3711")."""
    data, _ = pdf.render_bytes(seed_doc, PACKAGED)
    (tmp_path / "p.pdf").write_bytes(data)
    dpi = 96 * zoom // 100
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", str(tmp_path / "p.pdf"),
                    str(tmp_path / "ref")], check=True)
    ref = QImage(str(next(tmp_path.glob("ref*.png")))).convertToFormat(QImage.Format.Format_Grayscale8)
    ours = PdfPages(data).image(0, dpi).convertToFormat(QImage.Format.Format_Grayscale8)
    assert abs(ours.width() - ref.width()) <= 1 and abs(ours.height() - ref.height()) <= 1
    w, h = min(ours.width(), ref.width()), min(ours.height(), ref.height())

    def unmatched(a: QImage, b: QImage) -> tuple[int, int]:
        """Dark pixels of `a` with no dark pixel of `b` within one pixel (anti-aliasing may move an edge by one)."""
        dark = missing = 0
        for y in range(1, h - 1, 2):
            for x in range(1, w - 1, 2):
                if a.pixelColor(x, y).lightness() < 100:
                    dark += 1
                    missing += all(b.pixelColor(x + dx, y + dy).lightness() >= 170
                                   for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        return dark, missing

    dark, missing = unmatched(ours, ref)
    ref_dark, extra = unmatched(ref, ours)
    assert dark > 500 and ref_dark > 500  # the text and the grid are there
    assert missing < dark * 0.02 and extra < ref_dark * 0.02  # and exactly where poppler draws them


def test_cancelled_print_dialog_prints_nothing(actions, tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "ask_printer", lambda p: False)
    out = tmp_path / "none.pdf"
    assert actions.print_document(pdf_printer(out)) == 0
    assert not out.exists()


def test_document_with_errors_asks_first_and_prints_a_draft(actions, tmp_path, monkeypatch):
    actions.window.document.set_value("C1", 6)
    asked: list[int] = []
    monkeypatch.setattr(actions, "ask_print_draft", lambda n: asked.append(n) or False)
    assert actions.export_pdf(tmp_path / "refused.pdf") is None
    assert asked == ["1 处错误"] and not (tmp_path / "refused.pdf").exists()
    monkeypatch.setattr(actions, "ask_print_draft", lambda n: True)
    out = actions.export_pdf(tmp_path / "draft.pdf")
    assert out is not None
    assert all("草稿（未通过校验）" in (p.extract_text() or "").replace(" ", "") for p in PdfReader(out).pages)


def test_clean_document_is_not_asked_about(actions, tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "ask_print_draft", lambda n: pytest.fail("asked although clean"))
    monkeypatch.setattr(actions, "ask_pdf_path", lambda: str(tmp_path / "chosen.pdf"))
    out = actions.export_pdf()
    assert out == tmp_path / "chosen.pdf"
    assert "草稿" not in "".join(p.extract_text() or "" for p in PdfReader(out).pages)


def test_unwritable_export_says_why_and_keeps_the_old_file(actions, tmp_path):
    assert actions.export_pdf(tmp_path / "no" / "such" / "dir.pdf") is None
    assert "文件夹不存在" in actions.messages[-1]


def test_missing_character_is_shown_to_the_clerk(actions, tmp_path):
    actions.window.document.unit.name = "海州区\U0001F600"
    actions.export_pdf(tmp_path / "x.pdf")
    assert any("U+1F600" in m for m in actions.messages)


def test_preview_shows_the_pdfs_pages_sharp_at_every_zoom(qtbot, actions, monkeypatch, tmp_path):
    shown: list = []
    monkeypatch.setattr(actions, "show_preview", shown.append)
    dialog = actions.preview()
    assert shown == [dialog] and len(dialog.labels) == 2
    qtbot.addWidget(dialog)
    width_100 = dialog.labels[0].pixmap().width()
    assert abs(width_100 - round(595 * dialog.logicalDpiX() / 72)) <= 2
    dialog.zoom.setCurrentIndex(dialog.zoom.findData(200))
    assert abs(dialog.labels[0].pixmap().width() - 2 * width_100) <= 2  # drawn anew at 200 %, not scaled up
    dialog.zoom_out()
    assert dialog.zoom.currentData() == 150
    assert "定稿" in dialog.windowTitle()
    out = tmp_path / "from-preview.pdf"
    monkeypatch.setattr(actions, "ask_printer", lambda p: (p.setOutputFormat(QPrinter.OutputFormat.PdfFormat),
                                                            p.setOutputFileName(str(out)), True)[-1])
    dialog.print_button.click()  # 打印… from the preview sends the same pages
    assert page_sizes(out) == [(595, 842)] * 2
    gc.collect()
    dialog.close()


def test_open_in_system_viewer_hands_over_a_pdf(actions, monkeypatch):
    opened = []
    monkeypatch.setattr(actions, "open_url", lambda url: opened.append(url) or True)
    path = actions.open_in_viewer()
    assert opened and Path(opened[0].toLocalFile()) == path
    assert path.read_bytes().startswith(b"%PDF")
    shutil.rmtree(path.parent)


def test_unit_name_with_a_slash_still_opens_in_the_viewer(actions, monkeypatch):
    actions.window.document.unit.name = '海州区/政府办:"信息公开"'
    opened = []
    monkeypatch.setattr(actions, "open_url", lambda url: opened.append(url) or True)
    path = actions.open_in_viewer()
    assert path is not None and opened and path.read_bytes().startswith(b"%PDF")
    assert path.name == "海州区_政府办__信息公开_2015.pdf"
    shutil.rmtree(path.parent)


def test_painter_is_ended_even_when_rendering_fails(seed_doc, tmp_path, monkeypatch):

    data, _ = pdf.render_bytes(seed_doc, PACKAGED)
    pages = PdfPages(data)
    printer = pdf_printer(tmp_path / "broken.pdf")

    def boom(*_args):
        raise RuntimeError("render failed")

    monkeypatch.setattr(pages, "image", boom)
    with pytest.raises(RuntimeError):
        paint_pdf(printer, pages)
    assert not printer.paintingActive()  # no crash at teardown: the painter was ended


def test_main_window_file_menu_offers_printing(make_window, seed_doc):
    window = make_window(seed_doc)
    texts = [a.text() for a in window.menu("文件").actions()]
    assert "打印(&P)…" in texts and "导出 PDF(&D)…" in texts
    assert texts.index("导出 PDF(&D)…") < texts.index(window.actions_by_name["close"].text())


def test_blank_cells_print_as_chosen_in_the_options_menu(actions, tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "options", PrintActions.options.__get__(actions))  # the real options again
    actions.window.document.set_value("I3", None)
    actions.actions["print_blank_slash"].trigger()
    out = actions.export_pdf(tmp_path / "slash.pdf")
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    assert "（三）接受培训人员数人次/" in text
    actions.actions["print_blank_zero"].trigger()
    out = actions.export_pdf(tmp_path / "zero.pdf")
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    assert "（三）接受培训人员数人次0" in text


def test_chosen_print_font_is_checked_remembered_and_used(actions, tmp_path, monkeypatch):
    from types import SimpleNamespace

    import reportlab

    from print import fonts

    saved = []
    monkeypatch.setattr("ui.common.settings.save_settings", lambda s: saved.append(s.print_font) or True)
    actions.window.settings = SimpleNamespace(print_font=None)
    latin = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    assert not actions.choose_font(str(latin))
    assert "没有汉字" in actions.messages[-1] and saved == []

    mine = tmp_path / "我的宋体.ttf"
    fonts.convert_subset(fonts.packaged_fonts()[0], [ord(c) for c in "政府信息公开情况统计表0123456789"], mine)
    assert actions.choose_font(str(mine))
    assert saved == [str(mine)] and actions.window.settings.print_font == str(mine)
    monkeypatch.setattr(actions, "options", PrintActions.options.__get__(actions))
    actions.export_pdf(tmp_path / "mine.pdf")
    assert actions.last_result.font == "我的宋体.ttf"
    actions.actions["print_font_default"].trigger()
    assert saved[-1] is None


def test_options_submenu_sits_in_the_file_menu(actions):
    menus = [a.menu() for a in actions.window.menu("文件").actions() if a.menu() and a.text() == "打印选项"]
    assert menus and [a.text() for a in menus[0].actions() if a.text()][:4] == [
        "定稿与草稿……", "未填的格印成空白", "未填的格印成 0", "未填的格印成“/”"]


def test_print_options_explain_final_and_draft(actions):
    actions.actions["print_about_final"].trigger()
    assert "定稿：没有错误，也没有未填的格" in actions.messages[-1] and "校验码" in actions.messages[-1]
    assert "按印出的数校验" in actions.actions["print_blank_zero"].toolTip()


def test_menu_actions_work_when_triggered(actions, tmp_path, monkeypatch):
    out = tmp_path / "from-menu.pdf"

    def to_file(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(actions, "ask_printer", to_file)
    actions.actions["print"].trigger()  # triggered(bool) must not be taken for a printer
    assert page_sizes(out) == [(595, 842)] * 2
    monkeypatch.setattr(actions, "ask_pdf_path", lambda: str(tmp_path / "menu-export.pdf"))
    actions.actions["export_pdf"].trigger()
    assert (tmp_path / "menu-export.pdf").read_bytes().startswith(b"%PDF")


def test_vanished_print_font_falls_back_to_the_default(actions, tmp_path, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr("ui.common.settings.save_settings", lambda s: True)
    actions.window.settings = SimpleNamespace(print_font=str(tmp_path / "gone.ttf"))
    monkeypatch.setattr(actions, "options", PrintActions.options.__get__(actions))
    assert actions.export_pdf(tmp_path / "ok.pdf") is not None
    assert "找不到打印字体文件" in actions.messages[0]
    assert actions.window.settings.print_font is None
