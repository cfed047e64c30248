"""Excel habits: typing, Enter/Tab, refused input at the cell, Delete, copy, paste, fill, one undo step each."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from ui.grid.clipboard import parse_tsv, to_tsv
from ui.grid.delegates import CellEditor


def _editor(view) -> CellEditor | None:
    editors = [e for e in view.findChildren(CellEditor) if e.isVisible()]
    return editors[0] if editors else None


def _type(widget, text: str) -> None:
    """Key events carrying text, as an input method delivers full-width characters (QTest aborts on them)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        focus = QApplication.focusWidget() or widget
        QApplication.sendEvent(focus, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))


def _start_at(w, cell_id: str):
    view = w.views[0]
    ix = view.grid_model().index_of(cell_id)
    view.setFocus()
    view.setCurrentIndex(ix)
    return view, ix


def test_typing_replaces_the_cell_and_enter_moves_down(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view, ix = _start_at(w, "C1a")
    _type(view, "７")  # a full-width digit from a Chinese IME
    editor = _editor(view)
    assert editor is not None and editor.text() == "７"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.document.value("C1a") == 7)
    assert view.grid_model().data(ix) == "7"
    assert view.currentIndex() == view.grid_model().index_of("C1b")
    assert w.undo_stack.undoText() == "修改 当面申请数"
    assert w.isWindowModified()


def test_tab_moves_right_in_a_multi_column_table(qtbot, make_window) -> None:
    from model.exchange.store import load
    from resources import path

    w = make_window(load(path("examples", "example-2021.json")))
    w.tabs.setCurrentIndex(0)
    view = w.views[0]
    view.setFocus()
    view.setCurrentIndex(view.grid_model().index_of("t2.gz.zf"))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.grid_model().cell_id(view.currentIndex()) == "t2.gz.fz"
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = _editor(view)
    assert editor is not None and editor.text() == "0"  # F2 edits the existing value
    editor.setText("4")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: w.document.value("t2.gz.fz") == 4)
    assert view.grid_model().cell_id(view.currentIndex()) == "t2.gz.yx"


def test_bad_typed_value_is_refused_at_the_cell(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view, _ix = _start_at(w, "C1")
    qtbot.keyClicks(view, "5")
    editor = _editor(view)
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert _editor(view) is editor  # still open: the clerk can fix it
    assert editor.error_label.isVisible()
    assert "不是数字" in editor.error_label.text()
    assert editor.toolTip() == editor.error_label.text()
    assert w.document.value("C1") == 5
    assert w.undo_stack.count() == 0
    editor.selectAll()
    qtbot.keyClicks(editor, "6")
    assert not editor.error_label.isVisible()  # typing clears the complaint
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.document.value("C1") == 6)


def test_negative_and_fractional_counts_refused(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    m = w.models[0]
    assert m.setData(m.index_of("C1"), "-1") is False
    assert "负数" in m.last_error
    assert m.setData(m.index_of("C1"), "1.5") is False
    assert "整数" in m.last_error
    assert m.setData(m.index_of("C1"), "8,547") is True
    assert w.document.value("C1") == 8547


def test_delete_clears_the_selection_in_one_undo_step(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view = w.views[0]
    m = view.grid_model()
    w.select_cells(["C1", "C1a", "C1b", "C1c", "C1d"])
    w.actions_by_name["clear"].trigger()
    assert [w.document.value(c) for c in ("C1", "C1a", "C1c")] == [None, None, None]
    assert m.data(m.index_of("C1")) == ""
    assert w.undo_stack.count() == 1
    assert w.undo_stack.undoText() == "清除 5 个单元格"
    w.undo_stack.undo()
    assert [w.document.value(c) for c in ("C1", "C1a", "C1c")] == [5, 0, 4]


def test_copy_selection_as_tsv(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.select_cells(["C1", "C1a", "C1b"])
    w.editing.copy_selection()
    assert QGuiApplication.clipboard().text() == "5\n0\n0\n"


def test_paste_block_lands_from_the_current_cell(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.select_cells(["C1"])
    assert w.editing.paste_text("9\r\n１\r\n2\r\n3\r\n3\r\n")  # as Excel puts it on the clipboard, one full-width digit
    assert [w.document.value(c) for c in ("C1", "C1a", "C1b", "C1c", "C1d")] == [9, 1, 2, 3, 3]
    assert w.undo_stack.count() == 1
    assert w.undo_stack.undoText() == "粘贴 5 个单元格"
    assert "R01" not in w.findings
    w.undo_stack.undo()
    assert [w.document.value(c) for c in ("C1", "C1a", "C1b", "C1c", "C1d")] == [5, 0, 0, 4, 1]


def test_paste_with_thousands_separator_and_money(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.select_cells(["A1"])
    assert w.editing.paste_text('"8,547"\n')
    assert w.document.value("A1") == 8547
    w.select_cells(["G"])
    assert w.editing.paste_text("1.5\n")
    assert w.document.value("G") == Decimal("1.5")


def test_paste_with_a_bad_value_changes_nothing_and_shows_which(make_window, seed_doc) -> None:
    """Policy: all or nothing. A block with one bad value is refused whole; the bad cells get selected."""
    w = make_window(seed_doc)
    w.select_cells(["C1"])
    assert not w.editing.paste_text("9\n1\nabc\n3\n4\n")
    assert [w.document.value(c) for c in ("C1", "C1a", "C1b", "C1c", "C1d")] == [5, 0, 0, 4, 1]
    assert w.undo_stack.count() == 0
    message = w.statusBar().currentMessage()
    assert "粘贴未执行" in message and "传真申请数" in message and "不是数字" in message
    assert w.current_cell() == "C1b"


def test_a_refused_paste_lists_each_value_and_can_paste_the_others(make_window, seed_doc, monkeypatch) -> None:
    from ui.grid import paste_report

    w = make_window(seed_doc)
    asked = []

    def choose(parent, refused, accepted):
        asked.append((refused, accepted))
        return paste_report.PASTE_SOME

    monkeypatch.setattr(paste_report, "ask_paste_partly", choose)
    w.select_cells(["C1"])
    assert w.editing.paste_text("9\n1\nabc\n3\n４\n")
    (refused, accepted), = asked
    assert refused == [("传真申请数", "abc", refused[0][2])] and "不是数字" in refused[0][2] and accepted == 4
    assert [w.document.value(c) for c in ("C1", "C1a", "C1b", "C1c", "C1d")] == [9, 1, 0, 3, 4]
    assert w.undo_stack.count() == 1 and "未粘贴 1 个" in w.statusBar().currentMessage()


def test_the_refused_paste_dialog_names_cells_values_and_reasons(qtbot) -> None:
    from ui.grid.paste_report import PasteRefusedDialog

    dialog = PasteRefusedDialog([("传真申请数", "abc", "'abc' 不是数字")], 4)
    qtbot.addWidget(dialog)
    item = dialog.tree.topLevelItem(0)
    assert [item.text(i) for i in range(3)] == ["传真申请数", "abc", "'abc' 不是数字"]
    assert dialog.some.text() == "只粘贴可以填入的 4 个(&A)" and dialog.some.isEnabled()


def test_paste_over_labels_skips_them_and_says_so(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view = w.views[0]
    m = view.grid_model()
    r, _ = m.grid.positions["C1a"]
    view.setCurrentIndex(m.index(r, 0))  # the label column
    assert w.editing.paste_text("1.当面申请数\t件\t7\n")
    assert w.document.value("C1a") == 7
    assert "2 个值落在标题或说明格上，已跳过" in w.statusBar().currentMessage()


def test_single_value_pasted_into_every_selected_cell(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.select_cells(["D1", "D2", "D3"])
    assert w.editing.paste_text("2\n")
    assert [w.document.value(c) for c in ("D1", "D2", "D3")] == [2, 2, 2]
    assert w.undo_stack.count() == 1


def test_fill_blanks_with_zero_for_the_section_and_the_document(make_window) -> None:
    w = make_window()
    w.select_cells(["C1b"])
    w.actions_by_name["fill_section"].trigger()
    assert w.document.value("C1") == 0 and w.document.value("C3d6") == 0
    assert w.document.value("A1") is None and w.document.value("D") is None
    assert w.undo_stack.undoText() == "“三、依申请公开情况”空白填 0"
    w.actions_by_name["fill_all"].trigger()
    assert w.document.value("A1") == 0 and w.document.value("G") == Decimal(0)
    assert w.undo_stack.count() == 2
    assert w.report.blanks == ()
    w.undo_stack.undo()
    assert w.document.value("A1") is None and w.document.value("C1") == 0


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=6),
                         min_size=1, max_size=4), min_size=1, max_size=4))
def test_tsv_round_trip(rows) -> None:
    assert parse_tsv(to_tsv(rows)) == rows


def test_parse_tsv_as_excel_and_wps_write_it() -> None:
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_tsv("1\t\t3") == [["1", "", "3"]]
    assert parse_tsv('"8,547"\t"a\nb"\n') == [["8,547", "a\nb"]]


def test_keyboard_shortcuts_reach_the_grid(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # shortcuts only reach an active window
    view = w.views[0]
    view.setFocus()
    w.select_cells(["D1", "D2"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert (w.document.value("D1"), w.document.value("D2")) == (None, None)
    QGuiApplication.clipboard().setText("4\t\n5\t\n")  # WPS adds an empty trailing column
    w.select_cells(["D1"])
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert (w.document.value("D1"), w.document.value("D2")) == (4, 5)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (w.document.value("D1"), w.document.value("D2")) == (None, None)
    w.select_cells(["C1", "C1a"])
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "5\n0\n"
    w.select_cells(["C1"])
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert w.problems.current_finding() is not None


def _typing_bad_text(qtbot, w, cell_id: str, first: str, rest: str):
    """In an active window, type `first` into the cell (opening its editor), then `rest` into the editor."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view, ix = _start_at(w, cell_id)
    qtbot.keyClicks(view, first)
    editor = _editor(view)
    qtbot.keyClicks(editor, rest)
    return view, ix, editor


def test_leaving_for_another_pane_with_bad_text_keeps_the_entry_open_with_why(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view, _ix, editor = _typing_bad_text(qtbot, w, "C1", "5", "x")
    w.problems.tree.setFocus()  # the clerk clicks into the problems list
    qtbot.wait(50)
    assert _editor(view) is editor and editor.text() == "5x"  # still there, to fix
    assert "不是数字" in editor.error and editor.error_label.isVisible()
    assert w.document.value("C1") == 5  # nothing stored meanwhile


def test_clicking_another_cell_with_bad_text_keeps_the_entry_in_its_cell(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view, ix, editor = _typing_bad_text(qtbot, w, "C2", "1", ".5")  # a 件 row takes whole numbers
    other = view.grid_model().index_of("C1")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(other).center())
    qtbot.wait(50)
    assert view.currentIndex() == ix and _editor(view) is editor and editor.text() == "1.5"
    assert "整数" in editor.error and editor.error_label.isVisible()
    assert w.document.value("C2") == seed_doc.value("C2")
    editor.selectAll()
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # corrected, it goes in and Enter moves on as usual
    qtbot.waitUntil(lambda: _editor(view) is None)
    assert w.document.value("C2") == 2


def test_ctrl_y_redoes_as_in_excel_and_wps(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view = w.views[0]
    view.setFocus()
    w.select_cells(["D1"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.document.value("D1") is not None
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.document.value("D1") is None


def test_fill_section_in_2021_table_two_fills_the_whole_article_item(make_window) -> None:
    from model.core.document import new_document
    from model.core.templates import get_template

    w = make_window(new_document(get_template("gov2021"), 2024))
    w.select_cells(["t2.gz.zf"])
    w.actions_by_name["fill_section"].trigger()
    assert [w.document.value(c) for c in ("t2.gz.zf", "t2.gz.yx", "t2.gf.zf", "t2.gf.yx")] == [0, 0, 0, 0]
    assert w.document.value("t2.xk") is None
    assert w.undo_stack.undoText() == "“第二十条第（一）项”空白填 0"


def test_f2_edits_in_place_with_the_cursor_after_the_number(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view, _ix = _start_at(w, "C1")  # 5
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = _editor(view)
    assert editor is not None and editor.text() == "5"
    qtbot.keyClicks(editor, "0")  # Excel's F2: typing appends instead of replacing
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.document.value("C1") == 50)


def test_ctrl_home_and_ctrl_end_go_to_the_first_and_last_value_cells(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view, _ix = _start_at(w, "C1")
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert w.current_cell() == "I3"
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert w.current_cell() == "A1"
    assert [view.grid_model().cell_id(i) for i in view.selectionModel().selectedIndexes()] == ["A1"]


def test_paste_goes_where_the_cursor_is_not_to_an_old_selection(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view, _ix = _start_at(w, "I3")
    view.setCurrentIndex(view.grid_model().index(0, 0))  # the cursor moved onto the header row
    w.editing.paste_text("5\n")
    assert w.document.value("I3") != 5
    assert w.undo_stack.count() == 0


def test_redo_menu_shows_ctrl_y(make_window) -> None:
    w = make_window()
    assert w.actions_by_name["redo"].shortcut() == QKeySequence("Ctrl+Y")


def test_backspace_empties_the_cell_and_starts_typing_as_in_excel(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view, _ix = _start_at(w, "C1")  # 5
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    editor = _editor(view)
    assert editor is not None and editor.text() == ""
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.document.value("C1") == 7)


def test_arrow_key_out_of_a_bad_value_is_refused_at_the_cell(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    view, ix = _start_at(w, "C1")
    _type(view, "八")
    editor = _editor(view)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # the Excel habit: type, then ↓ to the next row
    qtbot.wait(20)
    assert _editor(view) is editor and editor.error_label.isVisible()
    assert view.currentIndex() == ix and w.document.value("C1") == 5
    editor.selectAll()
    qtbot.keyClicks(editor, "6")
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # a good value: stored, and the cursor goes down
    qtbot.waitUntil(lambda: w.document.value("C1") == 6)
    assert w.current_cell() != "C1"


def test_ctrl_tab_moves_the_highlight_with_the_cell_that_receives_typing(qtbot, make_window) -> None:
    from PySide6.QtCore import Qt

    from model.exchange.store import load
    from resources import path

    w = make_window(load(path("examples", "example-2021.json")))
    view = w.views[0]
    m = view.grid_model()
    view.setFocus()
    view.move_to(m.index_of("t2.gz.zf"))
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    current = m.cell_id(view.currentIndex())
    assert [m.cell_id(i) for i in view.selectionModel().selectedIndexes()] == [current] == ["t2.gz.fz"]
    qtbot.keyClicks(view, "5")
    qtbot.keyClick(_editor(view), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.document.value("t2.gz.fz") == 5)
    assert w.document.value("t2.gz.zf") == 0
