"""Excel in the window: 导出 Excel…, and 打开 of a workbook read off the UI thread with a problem report."""

from pathlib import Path

import openpyxl

from model.exchange.store import load
from model.exchange.xlsx_export import export_document
from tests.conftest import DATA, SEED_EXAMPLE
from tests.model.exchange.test_xlsx_import import seed_like_workbook, seed_table


def test_export_action_writes_the_workbook(make_window, tmp_path: Path, monkeypatch) -> None:
    w = make_window(load(SEED_EXAMPLE))
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(w.exports, "ask_export_path", lambda fmt: str(target))
    assert "导出 Excel(&E)…" in [a.text() for a in w.menu("文件").actions()]
    w.actions_by_name["export_xlsx"].trigger()
    assert openpyxl.load_workbook(target)["统计表"]["A3"].value == "填报单位（盖章）：连云港市海州区人民政府"
    assert "已导出到“导出.xlsx”" in w.statusBar().currentMessage()


def test_export_failure_is_shown_in_chinese(make_window, tmp_path: Path, monkeypatch) -> None:
    w = make_window(load(SEED_EXAMPLE))
    shown: list[str] = []
    monkeypatch.setattr(w, "show_error", shown.append)
    assert not w.exports.export("xlsx", tmp_path / "无此文件夹" / "x.xlsx")
    assert shown and "不存在" in shown[0]


def test_opening_our_export_imports_in_the_background(make_window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    export_document(load(SEED_EXAMPLE), path)
    w = make_window()
    assert w.open_path(path)
    qtbot.waitUntil(lambda: w.document.values == load(SEED_EXAMPLE).values, timeout=10000)
    assert w.document.unit.name == "连云港市海州区人民政府"
    assert w.path is None  # Save must ask for a .json name, never overwrite the workbook
    assert "已导入“seed.xlsx”" in w.statusBar().currentMessage()


def test_problems_are_shown_before_anything_changes(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    rows = [(lab, u, "八千" if v == "8547" else v) for lab, u, v in seed_table()]
    path = seed_like_workbook(tmp_path / "clerk.xlsx", rows)
    w = make_window()
    before = dict(w.document.values)
    seen = []

    def refuse(name: str, result: object) -> bool:
        seen.append((name, result))
        return False

    monkeypatch.setattr(w.excel, "ask_accept_import", refuse)
    w.open_path(path)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    name, result = seen[0]
    assert name == "clerk.xlsx" and not result.complete
    assert any(p.where == "統計表!D10" and "八千" in p.message for p in result.problems)
    assert w.document.values == before and "未导入" in w.statusBar().currentMessage()

    monkeypatch.setattr(w.excel, "ask_accept_import", lambda name, result: True)
    w.open_path(path)
    qtbot.waitUntil(lambda: w.document.values.get("C1") == 5, timeout=10000)
    assert "A1" not in w.document.values
    assert "需要核对" in w.statusBar().currentMessage()


def test_bad_workbook_message(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    w = make_window()
    shown: list[str] = []
    monkeypatch.setattr(w, "show_error", shown.append)
    w.open_path(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "另存为" in shown[0] and ".xlsx" in shown[0]


def test_a_report_whose_table_leaves_zeros_empty_can_be_imported_with_zeros(make_window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from ui.files.excel_actions import BLANKS_AS_ZERO, ImportReport

    path = DATA / "real_report_xuwen_bureau_webpage.txt"
    w = make_window()
    seen = {}

    def answer(name, result):
        dialog = ImportReport(name, result, w)
        qtbot.addWidget(dialog)
        seen["buttons"] = [b.text() for b in dialog.findChildren(QPushButton)]
        return BLANKS_AS_ZERO

    monkeypatch.setattr(w.excel, "ask_accept_import", answer)
    assert w.open_path(path)
    qtbot.waitUntil(lambda: "buttons" in seen and w.document.values.get("n1.sy") == 0, timeout=10000)
    assert "空格按 0 导入" in seen["buttons"]
    assert w.document.values["n1.sy"] == 0 and w.document.extra["import"]["blank_as_zero"] == 53
