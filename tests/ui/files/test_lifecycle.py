"""The window around the grid: recent files, 新建, unit information, justifications, autosave and recovery."""

import gc
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from model.core.document import Document
from model.core.text import ReportText
from model.exchange.store import load
from model.places import CONFIG_ENV
from tests.conftest import ROOT_DIR
from ui.app import make_window as app_window
from ui.checks import justify
from ui.checks.justify import JustifyDialog
from ui.checks.problems import FINDING_ROLE
from ui.common.env import remove_translations
from ui.common.settings import load_settings
from ui.files import new_dialog, recovery
from ui.files.lifecycle import Lifecycle, restore_at_start
from ui.files.recovery import RESTORE, STATE_ENV, SUFFIX
from ui.window import main_window
from ui.window.main_window import DISCARD, MainWindow

ROOT = ROOT_DIR
REASON = "本年有 2 件上年度结转的申请在本年办结，故办结数大于本年收到的申请数。"


@pytest.fixture(autouse=True)
def recovery_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    return tmp_path / "state" / "recovery"


def edit(w: MainWindow, cell_id: str, text: str) -> None:
    m = w.view_of(cell_id).grid_model()
    assert m.setData(m.index_of(cell_id), text)


def recovery_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + SUFFIX)) if folder.is_dir() else []


def problem_item(w: MainWindow, key: str):
    tree = w.problems.tree
    items = [tree.topLevelItem(g).child(i) for g in range(tree.topLevelItemCount())
             for i in range(tree.topLevelItem(g).childCount())]
    return next(item for item in items if item.data(0, FINDING_ROLE) == key)


def group_titles(w: MainWindow) -> list[str]:
    tree = w.problems.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


# --- recent files and 新建

def test_opened_files_appear_in_the_recent_menu_after_open(make_window, seed_file: Path) -> None:
    w = make_window()
    file_actions = w.menu("文件").actions()
    recent = w.lifecycle.recent_menu
    assert file_actions[file_actions.index(w.actions_by_name["open"]) + 1] is recent.menuAction()
    assert w.open_path(seed_file)
    assert load_settings().recent == [str(seed_file)]
    w.close_document()
    assert w.path is None
    recent.aboutToShow.emit()
    recent.actions()[0].trigger()
    assert w.path == seed_file and w.document.value("A1") == 8547


def test_new_asks_for_format_and_year_and_remembers(make_window, monkeypatch) -> None:
    def pick(dialog: new_dialog.NewDialog) -> bool:
        dialog.template.setCurrentIndex(dialog.template.findData("gov2021"))
        dialog.year.setValue(2023)
        return True

    monkeypatch.setattr(new_dialog, "run_dialog", pick)
    w = make_window()
    w.actions_by_name["new"].trigger()
    assert (w.document.template.id, w.document.year) == ("gov2021", 2023)
    assert "2023年度" in w.heading.text()
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())][:1] != []
    assert (load_settings().last_template, load_settings().last_year) == ("gov2021", 2023)


# --- unit information

def test_unit_information_is_edited_undone_and_saved(make_window, seed_file: Path) -> None:
    w = make_window(load(seed_file), seed_file)
    panel = w.lifecycle.unit_dock.panel
    assert "单位信息" in [a.text() for a in w.menu("视图").actions()]
    panel.commit("preparer", "李四")
    assert w.isWindowModified()
    assert w.actions_by_name["undo"].text() == "撤销 修改填表人"
    panel.commit("year", "2016")
    assert "2016年度" in w.heading.text()
    w.undo_stack.undo()
    assert "2015年度" in w.heading.text() and panel.edits["year"].text() == "2015"
    assert w.save()
    assert load(seed_file).unit.preparer == "李四"
    w.set_document(load(ROOT / "resources" / "examples" / "example-2021.json"))
    assert panel.edits["year"].text() == str(w.document.year)  # the dock follows the open document


# --- justifications

@pytest.fixture
def warned(seed_doc: Document) -> Document:
    seed_doc.values["C1"] = 3  # C2 = C3 = 5: R17 and R19 warn (and R01, an error: C1 ≠ C1a + … + C1d)
    seed_doc.text = ReportText()  # the table's rules alone: the text (which states 5) is checked elsewhere
    return seed_doc


def answer_with_boilerplate_then_reason(monkeypatch) -> list[str]:
    refused: list[str] = []

    def fill(dialog: JustifyDialog) -> bool:
        dialog.set_reason("核实无误")
        dialog.accept()
        refused.append(dialog.error.text())
        assert dialog.result() != JustifyDialog.DialogCode.Accepted
        dialog.set_reason(REASON)
        dialog.accept()
        return dialog.result() == JustifyDialog.DialogCode.Accepted

    monkeypatch.setattr(justify, "run_dialog", fill)
    return refused


def test_justify_from_the_problems_list(make_window, warned: Document, monkeypatch) -> None:
    refused = answer_with_boilerplate_then_reason(monkeypatch)
    w = make_window(warned)
    assert w.counts.text() == "错误 1 · 警告 2 · 未填 0"
    w.problems.show_finding(w.findings["R17"])
    w.actions_by_name["justify"].trigger()
    assert "套话" in refused[0]
    assert w.counts.text() == "错误 1 · 警告 1 · 未填 0 · 已说明理由 1"
    assert w.actions_by_name["undo"].text() == "撤销 说明理由 R17 申请办结数"
    assert group_titles(w) == ["错误（1）", "警告（1）", "已说明理由（1）"]
    assert w.isWindowModified()

    assert REASON in problem_item(w, "R17").toolTip(0)
    edit(w, "C1", "4")  # other numbers than the reason was written for: stale, open again
    assert w.counts.text() == "错误 1 · 警告 2 · 未填 0"
    assert problem_item(w, "R17").text(0).endswith("（数字已改变，理由需重新确认）")
    assert problem_item(w, "R17").parent().text(0) == "警告（2）"
    model = w.view_of("C2").grid_model()
    tip = model.data(model.index_of("C2"), Qt.ItemDataRole.ToolTipRole)
    assert "请重新说明" in tip
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert w.counts.text() == "错误 1 · 警告 2 · 未填 0" and "R17" not in w.document.justifications


def test_justify_by_double_click_and_from_the_cell_dock(make_window, warned: Document, monkeypatch) -> None:
    answer_with_boilerplate_then_reason(monkeypatch)
    w = make_window(warned)
    w.problems.tree.itemDoubleClicked.emit(problem_item(w, "R19"), 0)
    assert "R19" in w.document.justifications

    w.select_cells(["C2"])
    button = w.lifecycle.cell_justify_button
    assert button.isEnabled() and button.text() == "说明理由…"
    button.click()
    assert "R17" in w.document.justifications
    assert w.counts.text() == "错误 1 · 警告 0 · 未填 0 · 已说明理由 2"
    w.select_cells(["A1"])  # no warning on this cell
    assert not button.isEnabled()


def test_errors_cannot_be_justified(make_window, seed_doc: Document, monkeypatch) -> None:
    monkeypatch.setattr(justify, "run_dialog", lambda d: pytest.fail("no dialog for an error"))
    seed_doc.values["C1"] = 99  # R01: an error
    w = make_window(seed_doc)
    w.problems.show_finding(next(f for f in w.findings.values() if f.severity == "error"))
    assert not w.lifecycle.justify_current()
    assert not w.actions_by_name["justify"].isEnabled()
    assert "错误必须改正" in w.statusBar().currentMessage()


# --- autosave and recovery

def test_clean_save_and_clean_close_remove_the_recovery_file(make_window, seed_file: Path, recovery_folder: Path,
                                                              monkeypatch) -> None:
    w = make_window(load(seed_file), seed_file)
    edit(w, "C1", "6")
    assert w.lifecycle.autosaver.save_now()
    assert len(recovery_files(recovery_folder)) == 1
    assert w.save()
    assert recovery_files(recovery_folder) == []
    edit(w, "C1", "7")
    w.lifecycle.autosaver.save_now()
    monkeypatch.setattr(main_window.MainWindow, "ask_save_changes", lambda self: DISCARD)
    w.close()
    assert recovery_files(recovery_folder) == []
    assert load(seed_file).value("C1") == 6


def test_idle_after_an_edit_autosaves(make_window, seed_file: Path, recovery_folder: Path, qtbot) -> None:
    w = make_window(load(seed_file), seed_file)
    w.lifecycle.autosaver.set_idle_ms(50)
    edit(w, "C1", "6")
    qtbot.waitUntil(lambda: len(recovery_files(recovery_folder)) == 1)
    w.undo_stack.undo()  # back to the saved state: nothing to recover
    assert recovery_files(recovery_folder) == []


def test_crash_then_next_start_restores_the_values(qtbot, seed_file: Path, recovery_folder: Path,
                                                   monkeypatch) -> None:
    w = MainWindow(load(seed_file), seed_file)
    w.lifecycle.autosaver.set_idle_ms(50)
    edit(w, "C1", "9")
    w.lifecycle.unit_dock.panel.commit("preparer", "王五")
    qtbot.waitUntil(lambda: len(recovery_files(recovery_folder)) == 1)
    shiboken6.delete(w)  # gone without closeEvent, save or discard: what a crash leaves
    del w
    gc.collect()
    # its edit lock names this (living) test process; a crashed one's pid is gone and the lock is taken over
    from model.exchange import lock as locks

    locks.lock_path(seed_file).unlink()

    asked = []
    monkeypatch.setattr(recovery, "ask_restore", lambda parent, rec: asked.append(rec.title) or RESTORE)
    first = app_window()
    qtbot.addWidget(first, before_close_func=lambda win: win.undo_stack.setClean())
    restored = main_window_restore(first)
    assert asked == [seed_file.name]
    assert restored == [first]
    assert first.document.value("C1") == 9 and first.document.unit.preparer == "王五"
    assert first.path == seed_file
    assert first.isWindowModified()
    assert load(seed_file).value("C1") == 5  # the file itself was never touched
    [again] = recovery_files(recovery_folder)  # the restored window autosaved at once, under its own name
    assert recovery.read_recovery(again).document.value("C1") == 9
    assert first.save()
    assert recovery_files(recovery_folder) == []
    assert load(seed_file).value("C1") == 9


def main_window_restore(first: MainWindow) -> list[MainWindow]:
    return restore_at_start(first, MainWindow)


KILLED_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from model.exchange.store import load
from ui.window.main_window import MainWindow
w = MainWindow(load(sys.argv[1]), sys.argv[1])
w.lifecycle.autosaver.set_idle_ms(20)
w.lifecycle.autosaver.saved.connect(lambda path: print("saved", flush=True))
m = w.view_of("A1").grid_model()
m.setData(m.index_of("A1"), "4242")
w.show()
app.exec()
"""


def test_killed_window_is_restored_into_a_second_window_when_a_file_is_open(
        qtbot, seed_file: Path, recovery_folder: Path, monkeypatch, tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", KILLED_WINDOW, str(seed_file)], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, env=os.environ | {"QT_QPA_PLATFORM": "offscreen",
                                                                       "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "saved"
    finally:
        child.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        child.wait()
    monkeypatch.setattr(recovery, "ask_restore", lambda parent, rec: RESTORE)
    other = tmp_path / "other.json"
    other.write_bytes(seed_file.read_bytes())
    first = app_window(str(other))  # started with a file: the recovered work must not replace it
    qtbot.addWidget(first, before_close_func=lambda win: win.undo_stack.setClean())
    restored = main_window_restore(first)
    for win in restored:
        qtbot.addWidget(win, before_close_func=lambda win: win.undo_stack.setClean())
    assert len(restored) == 1 and restored[0] is not first
    assert restored[0].document.value("A1") == 4242 and restored[0].path == seed_file
    assert first.path == other and not first.isWindowModified()


# --- script preference

def test_traditional_choice_is_remembered_and_translates_buttons(make_window) -> None:
    w = make_window()
    try:
        w.actions_by_name["hant"].trigger()
        assert load_settings().script == "hant"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        assert box.buttons()[0].text() == "保存"  # Qt's 儲存 put in the program's word (resources/qt_terms.json)
        again = make_window()
        assert again.script == "hant"  # the next window starts with the clerk's choice
        again.actions_by_name["hans"].trigger()
        assert load_settings().script == "hans"
    finally:
        remove_translations()


def test_problems_context_menu_offers_justify_for_warnings_only(make_window, warned: Document, monkeypatch) -> None:
    answer_with_boilerplate_then_reason(monkeypatch)
    offered: list[list[tuple[str, bool]]] = []

    def choose_last(self, menu: QMenu, where) -> QAction:
        offered.append([(a.text(), a.isEnabled()) for a in menu.actions()])
        return menu.actions()[-1]

    monkeypatch.setattr(Lifecycle, "run_menu", choose_last)
    w = make_window(warned)
    tree = w.problems.tree
    for key in ("R01", "R17"):
        item = problem_item(w, key)
        tree.scrollToItem(item)
        tree.customContextMenuRequested.emit(tree.visualItemRect(item).center())
    assert offered == [[("转到单元格", True), ("说明理由…", False)], [("转到单元格", True), ("说明理由…", True)]]
    assert list(w.document.justifications) == ["R17"]
