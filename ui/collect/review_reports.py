"""文件 → 审阅多份报告…: the county office reads its units' published reports (PDF, Word, web pages, the tool's
files) at once and gets the reviewer's sheet (model/collect/review.py), with a progress bar and 取消; the totals
are shown when it is written, with the list of reports to look at first."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtWidgets import QMessageBox, QWidget

from model.collect.review import FINAL, UNREADABLE, Reviewed, review, review_text
from model.core.progress import Progress
from model.exchange import formats
from model.exchange.store import write_file
from ui.common import file_dialogs
from ui.common.background import CANCELLED, Operation

TITLE = "审阅多份报告"


def _findings(paths: list[Path], progress: Progress) -> tuple[list[Reviewed], bytes]:
    from model.collect.findings_xlsx import findings_bytes  # openpyxl, in the worker thread

    rows = review(paths, progress=progress)
    return rows, findings_bytes(rows)


def summary(rows: list[Reviewed]) -> str:
    final = sum(1 for r in rows if r.status == FINAL)
    unreadable = sum(1 for r in rows if r.status == UNREADABLE)
    return f"共 {len(rows)} 份报告：定稿 {final}，草稿 {len(rows) - final - unreadable}，读不出 {unreadable}。"


def review_reports(window: QWidget, paths: list[str] | None = None, out: str | None = None) -> list[Reviewed] | None:
    """Ask for the reports and where the sheet goes (unless given), review them in the background, write the
    sheet atomically; the rows, or None when the clerk cancelled."""
    if paths is None:
        paths = file_dialogs.open_files(window, "选择要审阅的报告（可多选）",
                                        formats.open_filter(formats.readable(), "报告和统计表"))
    if not paths:
        return None
    if out is None:
        out = file_dialogs.save_file(window, "保存审阅表", Path(paths[0]).parent / "报告审阅表.xlsx",
                                     "Excel 工作簿 (*.xlsx)")
    if not out:
        return None
    target = Path(out).with_suffix(".xlsx") if Path(out).suffix.lower() != ".xlsx" else Path(out)
    if any(Path(p).resolve() == target.resolve() for p in paths):
        show = getattr(window, "show_error", None)
        if callable(show):
            show(f"“{target.name}”是要审阅的文件之一，请换一个文件名。")
        return None

    def written(result: tuple[list[Reviewed], bytes]) -> list[Reviewed]:
        rows, data = result
        write_file(target, data, "保存")
        return rows

    outcome = Operation(TITLE, lambda progress: _findings([Path(p) for p in paths], progress), label="正在审阅",
                        success=written, cancelled="已取消审阅，没有写入审阅表。",
                        done=lambda rows: f"审阅表已写入“{target.name}”：{summary(rows)}").run(window)
    if outcome is CANCELLED:
        return None
    rows = cast(list[Reviewed], outcome)
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, f"审阅表已写入“{target.name}”。\n{summary(rows)}",
                      parent=window)
    box.setDetailedText(review_text(rows))
    box.open()
    return rows
