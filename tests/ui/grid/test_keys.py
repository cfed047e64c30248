"""The window under the keyboard alone (issue 13): every navigation key lands on a cell that takes a figure,
and that highlighted cell is the one typing goes into; tables, panes, zoom, find, context menu and toolbar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from model.core.document import new_document
from model.core.templates import get_template
from model.core.values import NA
from model.exchange.store import load
from ui.grid.delegates import CellEditor
from ui.window import panes
from ui.window.window_layout import remember, show_as_left

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NAVIGATION = [(K.Key_Down, None), (K.Key_Down, None), (K.Key_Right, None), (K.Key_Up, None), (K.Key_Left, None),
              (K.Key_Up, None), (K.Key_Up, None), (K.Key_Up, None), (K.Key_End, None), (K.Key_Home, None),
              (K.Key_PageDown, None), (K.Key_PageUp, None), (K.Key_Down, CTRL), (K.Key_Up, CTRL),
              (K.Key_Right, CTRL), (K.Key_Left, CTRL), (K.Key_Tab, None), (K.Key_Tab, CTRL), (K.Key_Backtab, None),
              (K.Key_Return, None), (K.Key_End, CTRL), (K.Key_Home, CTRL), (K.Key_Left, None), (K.Key_Up, None)]


def active(qtbot, make_window, doc):
    w = make_window(doc)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def editor_of(view) -> CellEditor | None:
    editors = [e for e in view.findChildren(CellEditor) if e.isVisible()]
    return editors[0] if editors else None


def press(qtbot, widget, key, modifier=None) -> None:
    if modifier is None:
        qtbot.keyClick(widget, key)
    else:
        qtbot.keyClick(widget, key, modifier)


def type_figure(qtbot, view, text: str) -> None:
    """As a clerk types: the first key opens the cell's editor, the rest go to whatever has the keyboard."""
    qtbot.keyClicks(view, text[0])
    qtbot.keyClicks(QApplication.focusWidget(), text[1:])


def assert_highlight_is_typing_target(view) -> str:
    model = view.grid_model()
    current = view.currentIndex()
    cid = model.cell_id(current)
    assert cid is not None, f"landed on a cell that takes no figure: {current.row()},{current.column()}"
    selected = view.selectionModel().selectedIndexes()
    assert [model.cell_id(i) for i in selected] == [cid]
    return cid


@pytest.mark.parametrize("template_id, year", [("gov2015", 2015), ("gov2021", 2023)])
def test_every_navigation_key_lands_where_typing_goes(qtbot, make_window, template_id: str, year: int) -> None:
    w = active(qtbot, make_window, new_document(get_template(template_id), year))
    for t, view in enumerate(w.views):
        w.tabs.setCurrentIndex(t)
        view.setFocus()
        for n, (key, modifier) in enumerate(NAVIGATION):
            press(qtbot, view, key, modifier)
            cid = assert_highlight_is_typing_target(view)
            if n % 6 == 5:  # now and then a figure: it must go into the highlighted cell
                type_figure(qtbot, view, str(n))
                qtbot.keyClick(QApplication.focusWidget(), K.Key_Return)
                qtbot.waitUntil(lambda v=view: editor_of(v) is None)
                assert w.document.value(cid) == n
                assert_highlight_is_typing_target(view)


def test_arrows_skip_titles_and_header_rows_and_stop_at_the_edge(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    view = w.views[1]  # 表三: three header rows and section titles between the figures
    w.tabs.setCurrentIndex(1)
    view.setFocus()
    model = view.grid_model()
    first = sorted(model.grid.positions.values())[0]
    view.move_to(model.index(*first))
    press(qtbot, view, K.Key_Up)  # above the first figure are only headers: stay
    press(qtbot, view, K.Key_Left)  # left of it only labels: stay
    assert (view.currentIndex().row(), view.currentIndex().column()) == first
    rows = set()
    for _ in range(40):
        press(qtbot, view, K.Key_Down)
        rows.add(view.currentIndex().row())
        assert_highlight_is_typing_target(view)
    assert len(rows) > 10


def test_ctrl_page_keys_switch_tables_and_typing_follows(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    view = w.views[0]
    view.setFocus()
    press(qtbot, view, K.Key_PageDown, CTRL)
    assert w.tabs.currentIndex() == 1 and QApplication.focusWidget() is w.views[1]
    cid = assert_highlight_is_typing_target(w.views[1])
    type_figure(qtbot, w.views[1], "7")
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Return)
    qtbot.waitUntil(lambda: editor_of(w.views[1]) is None)
    assert w.document.value(cid) == 7
    press(qtbot, w.views[1], K.Key_PageUp, CTRL)
    press(qtbot, w.views[0], K.Key_PageUp, CTRL)  # from the first: round to the last, as Excel does not; harmless
    assert w.tabs.currentIndex() == len(w.views) - 1


def test_mixed_keys_on_table_three_save_what_was_typed(qtbot, make_window, tmp_path: Path) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    press(qtbot, w.views[0], K.Key_PageDown, CTRL)
    view = w.views[1]
    typed: dict[str, int] = {}
    for n, (key, modifier) in enumerate([(K.Key_Tab, CTRL), (K.Key_Tab, None), (K.Key_Down, None),
                                         (K.Key_Right, None), (K.Key_Tab, CTRL), (K.Key_Down, None),
                                         (K.Key_Left, None), (K.Key_Backtab, None)], start=1):
        press(qtbot, view, key, modifier)
        cid = assert_highlight_is_typing_target(view)
        type_figure(qtbot, view, str(n))
        qtbot.keyClick(QApplication.focusWidget(), K.Key_Tab)  # Tab stores it and moves right
        qtbot.waitUntil(lambda: editor_of(view) is None)
        typed[cid] = n
        assert_highlight_is_typing_target(view)
    target = tmp_path / "表三.xxgk"
    assert w.save_to(target)
    saved = load(target)
    assert {c: saved.value(c) for c in typed} == typed


def test_f6_cycles_the_panes_and_marks_the_one_with_the_keyboard(qtbot, make_window, seed_doc) -> None:
    w = active(qtbot, make_window, seed_doc)
    view = w.views[0]
    view.setFocus()
    qtbot.waitUntil(lambda: view.property(panes.FOCUSED) is True)
    press(qtbot, view, K.Key_F6)
    pane = w.panes.pane_of(QApplication.focusWidget())
    assert pane is not None and pane is not view and pane.property(panes.FOCUSED) is True
    assert view.property(panes.FOCUSED) is False
    for _ in range(len(w.panes.panes()) - 1):
        press(qtbot, QApplication.focusWidget(), K.Key_F6)
    assert QApplication.focusWidget() is view  # round again to the grid
    hidden = [d for d in w.panes.panes() if d is not view and d.visibleRegion().isEmpty()]
    assert hidden == []  # a dock behind a tab is never a stop


def test_zoom_keys_and_ctrl_wheel_and_remembered_with_the_geometry(qtbot, make_window, seed_doc) -> None:
    w = active(qtbot, make_window, seed_doc)
    view = w.views[0]
    size = view.font().pointSizeF()
    press(qtbot, view, K.Key_Equal, CTRL)
    press(qtbot, view, K.Key_Equal, CTRL)
    assert w.zoom == 120 and view.font().pointSizeF() == pytest.approx(size * 1.2)
    press(qtbot, view, K.Key_Minus, CTRL)
    assert w.zoom == 110
    w.resize(700, 520)  # within the offscreen test screen (800×600): restoreGeometry keeps a window on screen
    w.toolbar.hide()
    remember(w)
    again = make_window(seed_doc)
    assert again.zoom == 110 and again.views[0].font().pointSizeF() == pytest.approx(size * 1.1)
    show_as_left(again)
    assert (again.width(), again.height()) == (700, 520) and not again.toolbar.isVisible()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    press(qtbot, again.views[0], K.Key_0, CTRL)
    assert again.zoom == 100


def test_find_moves_to_a_row_by_its_label_in_either_script_or_by_a_figure(qtbot, make_window, seed_doc) -> None:
    w = active(qtbot, make_window, seed_doc)
    press(qtbot, w.views[0], K.Key_F, CTRL)
    assert w.find_bar.isVisible() and QApplication.focusWidget() is w.find_bar.query
    w.find_bar.query.setText("行政復議")  # 繁體 typed (as an IME commits it), 简体 label
    qtbot.keyClick(w.find_bar.query, K.Key_Return)
    cid = w.current_cell()
    assert cid is not None and "行政复议" in seed_doc.template.cells[cid].row_label.hans
    w.find_bar.query.setText("8547")
    qtbot.keyClick(w.find_bar.query, K.Key_Return)
    assert w.current_cell() == "A1"
    qtbot.keyClick(w.find_bar.query, K.Key_Escape)
    assert not w.find_bar.isVisible() and QApplication.focusWidget() is w.views[0]


def test_context_menu_and_toolbar_offer_the_everyday_actions(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2015"), 2015))
    names = {a.text() for a in w.toolbar.actions() if not a.isSeparator()}
    assert {"新建(&N)…", "打开(&O)…", "保存(&S)", "撤销", "重做", "打印预览(&V)…", "导出 PDF(&D)…",
            "下一个问题"} <= names
    view = w.views[0]
    menu = w.cell_menu(view, view.visualRect(view.grid_model().index_of("C1")).center())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert {"复制(&C)", "粘贴(&P)", "清除内容(&D)", "选中的空格填 0", "选中的空格填 /", "查看本格的规则"} <= set(texts)
    assert w.current_cell() == "C1"
    w.select_cells(["C1", "C1a"])
    w.actions_by_name["fill_na_here"].trigger()
    assert w.document.value("C1") is NA and w.document.value("C1a") is NA


def test_find_reaches_rows_under_a_group_label(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    w.find()
    w.find_bar.query.setText("不予公开")  # a group row over 1.属于国家秘密 … 8.属于行政查询事项
    assert len(w.find_bar.found) >= 8
    w.find_bar.next()
    assert w.tabs.currentIndex() == 1 and w.current_cell() == w.find_bar.found[0]
    assert "1 /" in w.find_bar.count.text()
    assert [a.iconText() for a in w.toolbar.actions()[:3]] == ["新建", "打开", "保存"]


def test_header_rows_stay_on_screen_while_the_figures_scroll(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    w.resize(760, 520)
    w.tabs.setCurrentIndex(1)
    view = w.views[1]  # 表三: three header levels
    view.setFocus()
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    assert not view.frozen.isVisible()  # at the top the table's own header is there
    press(qtbot, view, K.Key_End, CTRL)  # the last figure: the view scrolls to the bottom
    assert view.verticalScrollBar().value() > 0 and view.frozen.isVisible()
    grid = view.grid_model().grid
    assert view.frozen.height() == sum(view.rowHeight(r) for r in range(grid.header_rows))
    top = view.frozen.indexAt(view.frozen.rect().topLeft())
    assert top.isValid() and top.row() < grid.header_rows
    texts = {view.frozen.model().index(r, c).data() for r in range(grid.header_rows) for c in range(grid.n_cols)}
    assert "自然人" in texts  # the column heads read over the bottom rows
    press(qtbot, view, K.Key_Home, CTRL)
    for _ in range(3):
        press(qtbot, view, K.Key_Down)
    press(qtbot, view, K.Key_PageDown)
    for _ in range(30):  # back up row by row: the current cell is never hidden under the frozen header
        press(qtbot, view, K.Key_Up)
        rect = view.visualRect(view.currentIndex())
        assert not view.frozen.isVisible() or rect.top() >= view.frozen.height() - 1


def test_label_columns_of_a_wide_table_stay_while_the_figures_scroll_sideways(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    for dock in w.findChildren(QDockWidget):
        dock.hide()
    w.resize(760, 520)  # the figures do not fit beside the labels
    w.tabs.setCurrentIndex(1)
    view = w.views[1]  # 表三: three label columns, seven figures across
    view.setFocus()
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    grid = view.grid_model().grid
    view.horizontalScrollBar().setValue(0)
    assert not view.frozen_labels.isVisible()  # unscrolled, the table's own labels are there
    press(qtbot, view, K.Key_End)  # the row's last figure (总计): the view scrolls right
    assert view.horizontalScrollBar().value() > 0 and view.frozen_labels.isVisible()
    assert view.frozen_labels.width() == sum(view.columnWidth(c) for c in range(grid.label_cols))  # all three
    row = view.currentIndex().row()
    shown = view.frozen_labels.indexAt(view.frozen_labels.visualRect(view.model().index(row, 2)).center())
    assert shown.isValid() and shown.column() < grid.label_cols  # the row's label reads beside its figures
    press(qtbot, view, K.Key_End, CTRL)  # scrolled down and right: the corner keeps the top-left heading
    assert view.frozen_corner.isVisible() and view.frozen.isVisible()
    for _ in range(8):  # back left cell by cell: the current cell is never hidden under the frozen labels
        press(qtbot, view, K.Key_Left)
        rect = view.visualRect(view.currentIndex())
        assert not view.frozen_labels.isVisible() or rect.left() >= view.frozen_labels.width() - 1
    w.resize(440, 520)  # too narrow for all three: the row's own label stays, the group labels scroll away
    qtbot.waitUntil(lambda: view.viewport().width() < 440)
    press(qtbot, view, K.Key_End)
    assert view.horizontalScrollBar().value() > 0 and view.frozen_labels.isVisible()
    kept = view.frozen_labels.width()
    assert view.columnWidth(grid.label_cols - 1) <= kept < sum(view.columnWidth(c) for c in range(grid.label_cols))
    assert kept <= view.viewport().width() * 0.6  # the figures keep most of the room


def test_moving_through_the_form_never_shifts_it_sideways(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2021"), 2023))
    w.resize(1200, 760)
    for t in range(len(w.views)):
        w.tabs.setCurrentIndex(t)
        view = w.views[t]
        view.setFocus()
        qtbot.wait(20)
        widths = set()
        for key in [K.Key_Down] * 25 + [K.Key_Right] * 6 + [K.Key_Up] * 10:
            press(qtbot, view, key)
            qtbot.wait(5)  # the docks relayout after the current cell's rules are shown
            widths.add((view.mapTo(w, view.rect().topLeft()).x(), view.width(), w.cell_rules.width()))
        assert len(widths) == 1, widths


def test_find_by_pinyin_initials(qtbot, make_window) -> None:
    from model.core.pinyin import matches_initials

    assert matches_initials("收到申请数", "sqs") and matches_initials("收到申請數", "SQS")  # either script, any case
    assert matches_initials("行政复议", "xzfy") and not matches_initials("行政复议", "fyxz")
    w = active(qtbot, make_window, new_document(get_template("gov2015"), 2015))
    w.find()
    w.find_bar.query.setText("sdsqs")  # 收到申请数
    assert w.find_bar.found[0] == "C1"
    w.find_bar.next()
    assert w.current_cell() == "C1"


def test_the_toolbar_follows_the_script(qtbot, make_window) -> None:
    w = active(qtbot, make_window, new_document(get_template("gov2015"), 2015))
    w.set_script("hant")
    texts = [a.iconText() for a in w.toolbar.actions() if not a.isSeparator()]
    assert "打開" in texts and "導出 Excel" in texts and "報告正文" in texts
    w.set_script("hans")
    texts = [a.iconText() for a in w.toolbar.actions() if not a.isSeparator()]
    assert "打开" in texts and "导出 Excel" in texts and "报告正文" in texts
