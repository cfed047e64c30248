"""The one question box: its buttons carry Alt mnemonics, Enter takes the first choice, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.common.choice import CANCEL
from ui.window.main_window import DISCARD, SAVE


def answer(qtbot, key, seen: list) -> None:
    def go() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(([b.text() for b in box.buttons()], box.defaultButton().text(), box.escapeButton().text()))
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, go)


def test_save_changes_answers_from_the_keyboard(qtbot, make_window) -> None:
    w = make_window()
    seen: list = []
    answer(qtbot, Qt.Key.Key_Return, seen)
    assert w.ask_save_changes() == SAVE
    buttons, default, escape = seen[0]
    assert set(buttons) == {"保存(&S)", "不保存(&N)", "取消(&C)"} and default == "保存(&S)" and escape == "取消(&C)"
    answer(qtbot, Qt.Key.Key_Escape, seen)
    assert w.ask_save_changes() == CANCEL
    assert DISCARD != CANCEL


def test_the_draft_question_keeps_the_clerks_words_by_default(qtbot, make_window) -> None:
    w = make_window()
    seen: list = []
    answer(qtbot, Qt.Key.Key_Return, seen)
    assert w.report_text.ask_keep_own_words(["（二）依申请公开"]) == "keep"
    assert seen[0][1] == "保留我的文字(&K)" and "替换(&R)" in seen[0][0]
    answer(qtbot, Qt.Key.Key_Escape, seen)
    assert w.report_text.ask_keep_own_words(["（二）依申请公开"]) == CANCEL
