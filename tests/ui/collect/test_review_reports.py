"""The window's side of published PDFs: a PDF opens with its table, text and pages; 审阅多份报告… writes the
reviewer's sheet with a progress bar."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.conftest import DATA
from ui.collect.review_reports import review_reports
from ui.grid.table_model import CELL_ID_ROLE


def test_a_published_pdf_opens_as_a_report_with_each_figures_page(qtbot, make_window, monkeypatch,
                                                                    tmp_path: Path) -> None:
    w = make_window()
    seen: list[str] = []
    monkeypatch.setattr(w.excel, "ask_accept_import", lambda name, result: seen.append(name) or True)
    pdf = tmp_path / "海州区2015.pdf"
    shutil.copy(DATA / "pdf_haizhou_2015_libreoffice.pdf", pdf)
    assert w.open_path(pdf)
    assert w.path is None and w.document.unit.name == "连云港市海州区人民政府" and w.report.final
    assert w.report_text.dock.sections.count() >= 7  # the text beside the table
    tips = [model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole) for model in (v.model() for v in w.views)
            for r in range(model.rowCount()) for c in range(model.columnCount())
            if model.data(model.index(r, c), CELL_ID_ROLE)]
    assert any(tip and "导入时取自“海州区2015.pdf”第 5 页" in tip for tip in tips)
    assert pdf.read_bytes() == (DATA / "pdf_haizhou_2015_libreoffice.pdf").read_bytes()  # never written to


def test_review_many_reports_writes_the_sheet_and_says_the_totals(qtbot, make_window, tmp_path: Path) -> None:
    w = make_window()
    files = [str(DATA / "pdf_haizhou_2015_libreoffice.pdf"), str(DATA / "pdf_qingshan_2023_libreoffice.pdf")]
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.7\n")
    out = tmp_path / "审阅表.xlsx"
    rows = review_reports(w, [*files, str(broken)], str(out))
    assert rows is not None and [r.status for r in rows] == ["定稿", "定稿", "读不出"]
    sheet = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[0] for r in sheet[1:]] == ["pdf_haizhou_2015_libreoffice.pdf", "pdf_qingshan_2023_libreoffice.pdf",
                                         "坏.pdf"]
    assert "审阅表已写入“审阅表.xlsx”：共 3 份报告：定稿 2，草稿 0，读不出 1。" in w.statusBar().currentMessage()
    assert w.actions_by_name["review_reports"].text().startswith("审阅多份报告")
