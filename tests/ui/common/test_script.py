"""视图 → 繁體: every text of the window in Traditional script, and back to 简体 exactly as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox

from model.core.script import to_hant
from ui.common.env import remove_translations
from ui.common.settings import load_settings
from ui.window.actions import plain_title


@pytest.fixture
def hant_window(make_window, seed_doc):
    """A window on the seed with one error (收到申请数 5 ≠ 3 + 0 + 4 + 1), switched to 繁體; back to 简体 after."""
    w = make_window(seed_doc)
    m = w.view_of("C1a").grid_model()
    assert m.setData(m.index_of("C1a"), "3")
    w.actions_by_name["hant"].trigger()
    yield w
    w.actions_by_name["hans"].trigger()  # the choice is saved: later tests' windows start in 简体 again
    remove_translations()


def menu_titles(w) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def problem_texts(w) -> list[str]:
    tree = w.problems.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        out.append(group.text(0))
        out.extend(group.child(j).text(0) for j in range(group.childCount()))
    return out


def test_menus_actions_and_docks_switch_to_traditional_and_back(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    before_menus = menu_titles(w)
    before_actions = {n: (a.text(), a.statusTip()) for n, a in w.actions_by_name.items()}
    assert "编辑(&E)" in before_menus and w.problems.windowTitle() == "问题"
    try:
        w.actions_by_name["hant"].trigger()
        assert {"文件(&F)", "編輯(&E)", "視圖(&V)", "校驗(&C)", "幫助(&H)"} <= set(menu_titles(w))
        assert w.actions_by_name["copy"].text() == "複製(&C)"
        assert w.actions_by_name["copy"].statusTip() == "複製選中的格子（製表符分隔）"
        assert w.actions_by_name["fill_all"].text() == "全部空白填 0"
        assert w.actions_by_name["dock_problems"].text() == "問題列表"
        assert w.actions_by_name["justify"].text() == "說明理由(&J)…"
        assert w.problems.windowTitle() == "問題" and w.cell_rules.windowTitle() == "當前單元格"
        assert w.cell_rules.tree.headerItem().text(1) == "狀態"
        # everything in the menus, including what other parts of the UI added (打印, Excel, 汇总)
        for menu in w.menuBar().findChildren(QMenu):
            for a in menu.actions():
                if a.text() and not a.property("scriptSkip"):
                    assert a.text() == to_hant(a.property("scriptHans_text") or a.text())
        w.actions_by_name["hans"].trigger()
        assert menu_titles(w) == before_menus
        assert {n: (a.text(), a.statusTip()) for n, a in w.actions_by_name.items()} == before_actions
        assert w.problems.windowTitle() == "问题" and w.cell_rules.tree.headerItem().text(1) == "状态"
        w.actions_by_name["hant"].trigger()  # a second time: converted from the kept original, not twice
        assert w.actions_by_name["copy"].text() == "複製(&C)"
    finally:
        w.actions_by_name["hans"].trigger()
        remove_translations()


def test_problems_counts_and_tooltips_in_traditional(hant_window) -> None:
    w = hant_window
    texts = problem_texts(w)
    assert texts[0] == "錯誤（1）"
    assert "收到申請數應等於各渠道申請數之和" in texts[1]
    assert w.counts.text() == "錯誤 1 · 警告 0 · 未填 0"
    m = w.view_of("C1").grid_model()
    tip = m.data(m.index_of("C1"), Qt.ItemDataRole.ToolTipRole)
    assert "收到申請數應等於各渠道申請數之和" in tip and "5" in tip
    assert w.windowTitle().endswith(" - 政府信息公開統計表")  # the app's name, after the template's
    w.actions_by_name["hans"].trigger()
    assert problem_texts(w)[0] == "错误（1）" and w.counts.text() == "错误 1 · 警告 0 · 未填 0"


def test_status_bar_and_current_cell_dock_in_traditional(hant_window) -> None:
    w = hant_window
    w.next_problem()  # selects the finding, its message goes to the status bar
    assert "收到申請數應等於各渠道申請數之和" in w.statusBar().currentMessage()
    w.select_cells(["C1"])
    assert w.cell_rules.title.text().startswith("收到申請數：5")
    states = set(w.cell_rules.states().values())
    assert "錯誤" in states and "错误" not in states
    w.statusBar().showMessage("没有问题。")  # any part of the UI: the bar shows it converted
    assert w.statusBar().currentMessage() == "沒有問題。"


def test_message_boxes_and_menus_made_later_are_converted_when_shown(qtbot, hant_window) -> None:
    w = hant_window
    w.show_error("无法读取“海州区.json”：文件已损坏。")
    box = next(b for b in w.findChildren(QMessageBox) if b.isVisible())
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label.text() == "無法讀取“海州區.json”：文件已損壞。"
    assert box.windowTitle() == "政府信息公開統計表"
    box.close()
    menu = QMenu(w)
    go = menu.addAction("转到单元格")
    menu.popup(w.mapToGlobal(QPoint(10, 10)))
    qtbot.waitUntil(menu.isVisible)
    assert go.text() == "轉到單元格"
    menu.close()


def test_recent_file_names_are_not_converted(hant_window, seed_file) -> None:
    w = hant_window
    assert w.open_path(seed_file)
    recent = w.lifecycle.recent_menu
    assert plain_title(recent.title()) == "最近打開"
    recent.rebuild()
    w.actions_by_name["hant"].trigger()
    from ui.common.script import convert_tree  # the walk the menu gets when it opens

    convert_tree(recent, "hant")
    names = [a.text() for a in recent.actions() if a.data() and a.data() != "clear"]
    assert any("海州区2015.json" in n for n in names)  # the clerk's file name as it is on disk


def test_choice_is_remembered_and_the_next_window_starts_in_traditional(hant_window, make_window) -> None:
    assert load_settings().script == "hant"
    again = make_window()
    assert again.script == "hant"
    assert "編輯(&E)" in menu_titles(again)
    assert again.problems.windowTitle() == "問題"
    again.actions_by_name["hans"].trigger()


def test_messages_set_after_the_switch_follow_it(hant_window) -> None:
    w = hant_window
    panel = w.lifecycle.unit_dock.panel
    assert not panel.commit("year", "二〇一五年")  # refused: the reason shows under the field, converted
    shown = panel.error.text()
    assert shown and shown == to_hant(shown) and panel.edits["year"].toolTip() == shown


def test_a_refused_value_is_explained_at_the_cell_in_traditional(qtbot, hant_window) -> None:
    from PySide6.QtWidgets import QLineEdit

    w = hant_window
    w.select_cells(["C1"])
    view = w.current_view()
    qtbot.keyClicks(view, "5")
    editor = view.findChild(QLineEdit)
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.error_label.isVisible()
    assert "不是數字" in editor.error_label.text() and editor.toolTip() == editor.error_label.text()
    editor.selectAll()
    qtbot.keyClicks(editor, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_excel_import_report_lists_problems_in_traditional(hant_window, seed_doc) -> None:
    from model.exchange.xlsx_import import (  # defined there or re-exported from model.exchange.files
        ImportProblem,
        ImportResult,
    )
    from ui.files.excel_actions import ImportReport

    result = ImportResult(seed_doc, [ImportProblem("统计表!C27", "“收到申请数”的值“五”不是数字，未导入。"),
                                     ImportProblem("", "没有找到填报单位，请导入后填写。", "note")])
    report = ImportReport("各单位.xlsx", result, hant_window)
    report.show()  # the dialog's own labels and buttons are converted as it appears
    rows = [[report.tree.topLevelItem(i).text(c) for c in range(3)] for i in range(report.tree.topLevelItemCount())]
    assert rows == [["需核對", "统计表!C27", "“收到申請數”的值“五”不是數字，未導入。"],  # the sheet's name as it is
                    ["提示", "整個工作簿", "沒有找到填報單位，請導入後填寫。"]]
    assert report.windowTitle().startswith("導入“")
    assert report.tree.headerItem().text(2) == "說明"
    report.close()


def test_a_qt_file_dialog_gets_our_title_and_keeps_qts_own_words(qtbot, hant_window) -> None:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(hant_window, "选择各单位的统计表")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    before = {id(x): x.text() for x in dialog.findChildren(QLabel)}
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "選擇各單位的統計表"
    assert {id(x): x.text() for x in dialog.findChildren(QLabel)} == before
    dialog.close()
