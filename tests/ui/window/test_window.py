"""Files and the window: title marker, save/open/new/close with the unsaved-changes prompt, drops, menus."""

import datetime
import json
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from model.core.document import new_document
from model.core.templates import get_template
from model.exchange.store import load, save
from ui.app import make_window as app_window
from ui.common.settings import load_settings
from ui.window import main_window
from ui.window.main_window import CANCEL, DISCARD, SAVE


def edit(w, cell_id: str, text: str) -> None:
    m = w.view_of(cell_id).grid_model()
    assert m.setData(m.index_of(cell_id), text)


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(main_window.MainWindow, "show_error", lambda self, text: shown.append(text))
    return shown


@pytest.fixture
def answers(monkeypatch) -> list[str]:
    """Answers the unsaved-changes prompt will give, in order; an unexpected prompt fails the test."""
    queue: list[str] = []

    def ask(self) -> str:
        assert queue, "unexpected save prompt"
        return queue.pop(0)

    monkeypatch.setattr(main_window.MainWindow, "ask_save_changes", ask)
    return queue


def test_title_shows_file_name_and_modified_marker(make_window, seed_file) -> None:
    w = make_window(load(seed_file), seed_file)
    assert w.windowTitle().startswith("海州区2015.json[*]")
    assert not w.isWindowModified()
    edit(w, "C1", "5")  # same value: nothing to undo, still clean
    assert not w.isWindowModified()
    edit(w, "C1", "6")
    assert w.isWindowModified()
    w.undo_stack.undo()
    assert not w.isWindowModified()


def test_save_writes_the_file_and_marks_clean(make_window, seed_file) -> None:
    w = make_window(load(seed_file), seed_file)
    edit(w, "C1", "6")
    w.actions_by_name["save"].trigger()
    assert not w.isWindowModified()
    assert json.loads(seed_file.read_text(encoding="utf-8"))["values"]["C1"] == 6
    assert not [p for p in seed_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_save_as_for_a_new_document(make_window, tmp_path, monkeypatch) -> None:
    w = make_window()
    edit(w, "A1", "12")
    target = tmp_path / "新表.json"
    monkeypatch.setattr(main_window.MainWindow, "ask_save_path", lambda self: str(target))
    assert w.save()
    assert load(target).value("A1") == 12
    assert w.path == target and w.windowTitle().startswith("新表.json")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs a folder the user cannot write")
def test_failed_save_keeps_document_open_and_dirty(make_window, seed_file, errors) -> None:
    w = make_window(load(seed_file), seed_file)
    before = seed_file.read_bytes()
    edit(w, "C1", "6")
    seed_file.parent.chmod(0o500)
    try:
        assert not w.save()
    finally:
        seed_file.parent.chmod(0o700)
    assert errors and "没有权限" in errors[0]
    assert w.isWindowModified() and w.document.value("C1") == 6
    assert seed_file.read_bytes() == before


def test_failed_save_to_a_missing_folder(make_window, tmp_path, errors) -> None:
    w = make_window()
    edit(w, "A1", "12")
    assert not w.save_to(tmp_path / "没有这个文件夹" / "a.json")
    assert errors and "不存在" in errors[0]
    assert w.isWindowModified() and w.document.value("A1") == 12


def test_open_with_unsaved_changes_asks_and_cancel_keeps_everything(make_window, seed_file, answers, monkeypatch):
    w = make_window()
    edit(w, "A1", "12")
    monkeypatch.setattr(main_window.MainWindow, "ask_open_path", lambda self: str(seed_file))
    answers.append(CANCEL)
    w.open_file()
    assert answers == []  # asked once
    assert w.document.value("A1") == 12 and w.path is None and w.isWindowModified()
    answers.append(DISCARD)
    w.open_file()
    assert w.path == seed_file and w.document.value("A1") == 8547 and not w.isWindowModified()


def test_new_and_close_with_unsaved_changes_save_first(make_window, seed_file, answers, monkeypatch) -> None:
    monkeypatch.setattr(main_window.MainWindow, "ask_new_document",
                        lambda self: new_document(get_template("gov2015"), 2024))
    w = make_window(load(seed_file), seed_file)
    edit(w, "C1", "6")
    answers.append(SAVE)
    w.actions_by_name["new"].trigger()
    assert load(seed_file).value("C1") == 6  # saved before the new document replaced it
    assert w.path is None and w.document.value("C1") is None
    edit(w, "A1", "1")
    answers.append(CANCEL)
    w.actions_by_name["close"].trigger()
    assert w.document.value("A1") == 1


def test_quit_with_unsaved_changes_cancel_keeps_the_window(make_window, answers) -> None:
    w = make_window()
    edit(w, "A1", "1")
    answers.append(CANCEL)
    w.close()
    assert w.isVisible()
    answers.append(DISCARD)
    w.close()
    assert not w.isVisible()


def test_unreadable_file_gives_chinese_message_and_keeps_the_document(make_window, tmp_path, errors) -> None:
    w = make_window()
    edit(w, "A1", "1")
    bad = tmp_path / "坏文件.json"
    bad.write_text("{not json", encoding="utf-8")
    assert not w.open_path(bad)
    assert errors and "坏文件.json" in errors[0] and "损坏" in errors[0]
    assert w.document.value("A1") == 1
    assert not w.open_path(tmp_path / "表.xls")
    assert "另存为" in errors[1]


def test_start_with_a_bad_file_still_opens_the_window(qtbot, tmp_path, errors, monkeypatch) -> None:
    monkeypatch.setenv("GDS_CONFIG_DIR", str(tmp_path / "config"))
    w = app_window(str(tmp_path / "不存在.json"))
    qtbot.addWidget(w, before_close_func=lambda win: win.undo_stack.setClean())
    assert errors and "找不到" in errors[0]
    assert w.document.template.id == "gov2021" and w.path is None  # a new form for last year instead


def test_start_with_a_file(qtbot, seed_file, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GDS_CONFIG_DIR", str(tmp_path / "config"))
    w = app_window(str(seed_file))
    qtbot.addWidget(w, before_close_func=lambda win: win.undo_stack.setClean())
    assert w.path == seed_file and w.document.value("A1") == 8547
    assert w.undo_stack.isClean() and not w.isWindowModified()
    qtbot.waitUntil(lambda: bool(load_settings().recent))  # remembered once the window is up
    assert Path(load_settings().recent[0]) == Path(seed_file)


def test_dropping_a_file_opens_it(make_window, seed_file) -> None:
    w = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_file))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)
    assert w.path == Path(seed_file)


def test_menus_as_hooks_for_other_parts(make_window) -> None:
    w = make_window()
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[:2] == ["文件(&F)", "编辑(&E)"] and titles[-1] == "帮助(&H)"
    assert w.menu("文件") is w.menu("文件(&F)")
    extra = w.menu("打印(&P)")
    assert [a.text() for a in w.menuBar().actions()][-2:] == ["打印(&P)", "帮助(&H)"]
    assert w.menu("打印") is extra
    assert w.actions_by_name["undo"].text() == "撤销"
    edit(w, "A1", "3")
    assert w.actions_by_name["undo"].text() == "撤销 修改 主动公开政府信息数"


def test_failed_save_onto_a_folder_keeps_document_dirty(make_window, tmp_path, errors) -> None:
    w = make_window()
    edit(w, "A1", "12")
    folder = tmp_path / "表.json"
    folder.mkdir()
    assert not w.save_to(folder)
    assert errors and "表.json" in errors[0]
    assert w.isWindowModified() and w.path is None and w.document.value("A1") == 12
    assert folder.is_dir() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_start_uses_the_last_template_and_year(qtbot, tmp_path, monkeypatch) -> None:
    from ui.common.settings import Settings, save_settings

    monkeypatch.setenv("GDS_CONFIG_DIR", str(tmp_path / "config"))
    w = app_window(None)
    qtbot.addWidget(w, before_close_func=lambda win: win.undo_stack.setClean())
    # the first time: last year's report in the format in force for it
    assert (w.document.template.id, w.document.year) == ("gov2021", datetime.date.today().year - 1)
    assert save_settings(Settings(last_template="gov2021", last_year=2023))
    w2 = app_window(None)
    qtbot.addWidget(w2, before_close_func=lambda win: win.undo_stack.setClean())
    assert (w2.document.template.id, w2.document.year) == ("gov2021", 2023)
    assert w2.tabs.count() == 3 and "2023年度" in w2.heading.text()


def test_right_dock_shows_the_current_cell_for_an_ordinary_document(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    qtbot.waitUntil(lambda: not w.cell_rules.visibleRegion().isEmpty())
    assert w.aggregation.dock.visibleRegion().isEmpty()  # 来源与上年 matters for an aggregate only


def test_window_fits_a_small_screen(make_window) -> None:
    # a 1366×768 office laptop, or a large scale factor: the window must not start bigger than the screen
    w = make_window()
    room = w.screen().availableGeometry()
    assert w.frameGeometry().width() <= room.width() and w.frameGeometry().height() <= room.height()


def test_right_dock_shows_the_sources_for_an_aggregate_and_back(qtbot, make_window, seed_doc, tmp_path) -> None:
    from model.collect.aggregate import aggregate_files
    from tests.ui.collect.test_provenance import units

    w = make_window()
    agg = aggregate_files(units(tmp_path), "某区政府办公室")
    w.aggregation.ask_aggregate = lambda: agg
    w.aggregation.open_dialog()
    qtbot.waitUntil(lambda: not w.aggregation.dock.visibleRegion().isEmpty())  # 来源与上年: who gave what
    w.undo_stack.setClean()
    w.set_document(seed_doc)
    qtbot.waitUntil(lambda: not w.cell_rules.visibleRegion().isEmpty())


def test_help_menu_lists_shortcuts_and_about_names_where_files_live(make_window, monkeypatch) -> None:
    w = make_window()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(w.help, "show_text", lambda title, text: shown.append((title, text)))
    w.actions_by_name["shortcuts"].trigger()
    w.actions_by_name["about"].trigger()
    (t1, shortcuts), (t2, about) = shown
    assert t1 == "快捷键" and "F8\t下一个问题" in shortcuts and "Ctrl+S\t保存" in shortcuts
    assert t2.startswith("关于") and "设置和最近打开的文件：" in about and "日志" in about
    assert "SIL Open Font License 1.1" in about and "0.2.0" in about
    help_menu = w.menu("帮助")
    assert [a.text() for a in help_menu.actions()] == ["快捷键(&K)…", "关于(&A)…"]


def test_documents_get_their_own_file_type_and_json_ones_still_open(make_window, seed_file, tmp_path,
                                                                     monkeypatch) -> None:
    from model.exchange.store import SUFFIX
    from ui.common import file_dialogs

    assert SUFFIX == ".xxgk"
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(file_dialogs, "save_file",
                        lambda parent, title, suggested, filters="": asked.append((str(suggested), filters)))
    w = make_window()
    w.document.unit.name = "海州区/政府办"
    w.ask_save_path()
    where, filt = asked[-1]
    assert where.endswith("海州区_政府办2015.xxgk") and "*.xxgk" in filt
    assert Path(where).parent == main_window.documents_folder()  # not the program's folder
    assert w.open_path(seed_file) and w.path == seed_file  # a .json of an earlier version opens as before
    w.ask_save_path()
    assert asked[-1][0] == str(seed_file)  # and keeps its name
    own = tmp_path / "海州.xxgk"
    save(load(seed_file), own)
    w.close()
    other = make_window()
    assert other.open_path(own) and other.path == own and other.guard.lock is not None
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(seed_file))])
    other.dropEvent(QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                               Qt.KeyboardModifier.NoModifier))
    assert other.path == seed_file


def test_file_dialogs_start_in_the_documents_folder_and_keep_every_typed_letter(qtbot) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    from ui.common import file_dialogs

    dialog = file_dialogs._dialog(None, "保存统计表", None, "统计表文件 (*.xxgk)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own dialog, as on Kylin/UOS without a portal
    assert Path(dialog.directory().absolutePath()) == file_dialogs.documents_folder().resolve()
    file_dialogs.keep_typed_letters(dialog)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_box is not None and name_box.completer() is None
    qtbot.keyClicks(name_box, "haizhou2015report")  # typed fast: nothing swallowed by a completer popup
    assert name_box.text() == "haizhou2015report"


def test_every_action_slot_resolves_at_start_up(make_window) -> None:
    from ui.window import menus
    from ui.window.actions import ACTIONS, ActionSpec, export_actions

    w = make_window()
    for name, spec in {**ACTIONS, **export_actions()}.items():
        assert callable(spec.slot(w)), name
        assert name in w.actions_by_name
    menus.resolve_all(w)
    with pytest.raises(AttributeError, match="no_such_method"):  # a renamed method: the window would not start
        menus.resolve_all(w, {"broken": ActionSpec("坏", lambda w: w.printing.no_such_method)})
