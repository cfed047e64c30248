"""报告正文 in the window: typed edits are checked live against the table, undone like figures, saved; 生成初稿,
简/繁, a report brought in, and the whole report out."""

from __future__ import annotations

from pathlib import Path

import docx
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from model.core.document import Document
from model.core.text import skeleton
from model.exchange.store import load
from resources import path as resource_path
from tests.conftest import DATA
from ui.checks.problems import FINDING_ROLE

SEED_TEXT = DATA / "seed_haizhou_2015.txt"
CTRL = Qt.KeyboardModifier.ControlModifier


def active(qtbot, make_window, doc, path=None):
    w = make_window(doc, path)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def put_cursor_after(body, text: str) -> None:
    at = body.toPlainText().index(text) + len(text)
    cursor = body.textCursor()
    cursor.setPosition(at)
    body.setTextCursor(cursor)
    body.setFocus()


def problem_texts(w) -> list[str]:
    tree = w.problems.tree
    out = []
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        out += [group.child(i).text(0) for i in range(group.childCount())]
    return out


def test_a_figure_typed_into_the_text_is_checked_live_undone_and_saved(qtbot, make_window, seed_file: Path) -> None:
    w = active(qtbot, make_window, load(seed_file), seed_file)
    dock = w.report_text.dock
    dock.sections.setCurrentRow(1)  # 一、政府信息公開總體情況
    body = dock.body
    put_cursor_after(body, "主動公開政府信息8547")
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.keyClicks(body, "9")  # 8547 → 8549, typed
    assert "主動公開政府信息8549條" in w.document.text.sections[1].body
    assert "正文：主动公开政府信息 8549 条；表中：8547 条" in problem_texts(w)
    assert w.marks["A1"].fill == "error"  # the cell beside the text is marked too
    assert "⚠ 1 处与表不符" in dock.sections.item(1).text()
    assert w.report.errors and not w.report.final and w.isWindowModified() is not None
    assert not w.undo_stack.isClean()
    qtbot.keyClick(body, Qt.Key.Key_Z, CTRL)  # the window's 撤销, from inside the text
    assert "主動公開政府信息8547條" in w.document.text.sections[1].body
    assert "主動公開政府信息8547條" in body.toPlainText()
    assert w.report.final and "A1" not in w.marks
    qtbot.keyClick(body, Qt.Key.Key_Y, CTRL)  # 重做
    assert "8549條" in body.toPlainText()
    dock.sections.setCurrentRow(3)  # elsewhere in the text, then 撤销: the section it changes comes back into view
    w.undo_stack.undo()
    assert dock.current_section() == 1 and "8547條" in body.toPlainText()
    w.undo_stack.redo()
    assert w.save()
    assert "主動公開政府信息8549條" in load(seed_file).text.sections[1].body


def test_going_to_a_text_problem_selects_the_sentence_and_the_cell(qtbot, make_window, seed_doc: Document) -> None:
    k = next(i for i, s in enumerate(seed_doc.text.sections) if "受理依申請公開5件" in s.body)
    s = seed_doc.text.sections[k]
    seed_doc.text = seed_doc.text.with_section(k, type(s)(s.heading, s.body.replace("受理依申請公開5件",
                                                                                    "受理依申請公開9件"), s.level))
    w = active(qtbot, make_window, seed_doc)
    tree = w.problems.tree
    item = tree.topLevelItem(0).child(0)
    assert item.data(0, FINDING_ROLE) == f"X:X10:{k}:{s.body.index('受理依申請公開')}"
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # as the clerk activates it in the problems list
    dock = w.report_text.dock
    assert dock.current_section() == k == 4  # 四、 (the sections list has the opening paragraph first)
    assert dock.body.textCursor().selectedText().endswith("受理依申請公開9件")
    assert w.current_cell() == "C1"


def test_the_draft_button_writes_the_sections_and_asks_before_touching_the_clerks_words(qtbot, make_window,
                                                                                         monkeypatch) -> None:
    doc = load(resource_path("examples", "example-2021.json"))
    w = active(qtbot, make_window, doc)
    dock = w.report_text.dock
    headings = [dock.sections.item(i).text().split("  ·  ")[0] for i in range(dock.sections.count())]
    assert headings[1:4] == ["发布与联系方式", "一、总体情况", "（一）主动公开"]
    assert "二、主动公开政府信息情况" in headings
    asked: list[list[str]] = []
    monkeypatch.setattr(w.report_text, "ask_keep_own_words", lambda h: asked.append(h) or "keep")
    qtbot.mouseClick(dock.draft_button, Qt.MouseButton.LeftButton)
    assert asked == []  # nothing of the clerk's yet
    k = headings.index("（二）依申请公开")
    assert w.document.text.sections[k].body.startswith("本年度新收政府信息公开申请22件")
    assert w.report.final  # the draft agrees with its table
    dock.sections.setCurrentRow(k)
    cursor = dock.body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    dock.body.setTextCursor(cursor)
    dock.body.setFocus()
    qtbot.keyClick(dock.body, Qt.Key.Key_Return)
    qtbot.keyClicks(dock.body, "OK")
    qtbot.mouseClick(dock.draft_button, Qt.MouseButton.LeftButton)
    assert asked == [["（二）依申请公开"]]
    assert w.document.text.sections[k].paragraphs()[-1] == "OK"  # kept, after the new sentences
    w.undo_stack.undo()
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert not w.document.text.sections or not w.document.text.sections[k].body


def test_fixed_headings_follow_the_script_and_the_clerks_text_does_not(qtbot, make_window) -> None:
    doc = load(resource_path("examples", "example-2021.json"))
    w = active(qtbot, make_window, doc)
    dock = w.report_text.dock
    k = next(i for i, s in enumerate(skeleton(doc.template).sections) if s.heading == "（一）主动公开")
    dock.sections.setCurrentRow(k)
    dock.body.setFocus()
    qtbot.keyClicks(dock.body, "ABC")
    w.set_script("hant")
    assert dock.sections.item(k).text().startswith("（一）主動公開")
    assert dock.fixed_heading.text() == "（一）主動公開" and not dock.heading.isVisible()
    assert dock.body.toPlainText() == "ABC"
    assert w.document.text.sections[k].heading == "（一）主动公开"  # stored in Simplified
    w.set_script("hans")
    assert dock.fixed_heading.text() == "（一）主动公开"


def test_free_sections_of_the_2015_style_can_be_added_renamed_and_removed(qtbot, make_window, seed_doc) -> None:
    w = active(qtbot, make_window, seed_doc)
    dock = w.report_text.dock
    n = len(seed_doc.text.sections)
    dock.sections.setCurrentRow(5)
    qtbot.mouseClick(dock.add_button, Qt.MouseButton.LeftButton)
    assert len(w.document.text.sections) == n + 1 and dock.current_section() == 6
    qtbot.keyClicks(dock.heading, "Next")
    assert w.document.text.sections[6].heading == "Next"
    qtbot.mouseClick(dock.remove_button, Qt.MouseButton.LeftButton)
    assert len(w.document.text.sections) == n
    w.undo_stack.undo()
    assert w.document.text.sections[6].heading == "Next"


def test_a_report_file_opens_with_its_text_and_table(qtbot, make_window, monkeypatch) -> None:
    w = active(qtbot, make_window, None)
    monkeypatch.setattr(w.excel, "ask_accept_import", lambda name, result: True)
    assert w.open_path(SEED_TEXT)
    assert w.document.values["A1"] == 8547 and w.path is None  # a report is brought in, never saved over
    dock = w.report_text.dock
    assert dock.sections.count() == 7 and dock.sections.item(1).text().startswith("一、政府信息公開總體情況")
    assert w.report.final


def test_the_whole_report_out_from_the_window(qtbot, make_window, seed_doc, tmp_path: Path) -> None:
    w = active(qtbot, make_window, seed_doc)
    assert w.exports.export("docx", tmp_path / "r.docx")
    assert w.exports.export("html", tmp_path / "r.html")
    out = w.printing.export_pdf(tmp_path / "r.pdf", whole=True)
    assert out is not None
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "2015年政府信息公开工作年度报告" in text and "推進重點領域信息公開" in text
    d = docx.Document(str(tmp_path / "r.docx"))
    assert next(p.text for p in d.paragraphs if p.style.name == "Heading 1") == "一、政府信息公開總體情況"
    assert "<table" in (tmp_path / "r.html").read_text(encoding="utf-8")
    table_only = w.printing.export_pdf(tmp_path / "t.pdf")
    assert table_only is not None and "推進重點" not in "".join(p.extract_text() for p in PdfReader(table_only).pages)
    for name in ("report_draft", "report_preview", "report_pdf", "report_docx", "report_html", "dock_report"):
        assert w.actions_by_name[name] in w.menu("报告").actions()


def test_changing_a_figure_in_the_table_rechecks_what_the_text_says(qtbot, make_window, seed_doc) -> None:
    from tests.ui.checks.test_problems import edit

    w = active(qtbot, make_window, seed_doc)
    edit(w, "A1", "8548")
    assert "正文：主动公开政府信息 8547 条；表中：8548 条" in problem_texts(w)
    assert "⚠ 1 处与表不符" in w.report_text.dock.sections.item(1).text()
    w.undo_stack.undo()
    assert w.report.final and problem_texts(w) == []


def test_typing_is_one_undo_step_per_pause_and_never_minutes_of_it(qtbot, make_window, seed_doc, monkeypatch) -> None:
    import ui.report.report_view as report_view

    clock = [1000.0]
    monkeypatch.setattr(report_view.time, "monotonic", lambda: clock[0])
    w = active(qtbot, make_window, seed_doc)
    dock = w.report_text.dock
    dock.sections.setCurrentRow(2)
    put_cursor_after(dock.body, "公示。")
    start = w.undo_stack.count()
    for ch in "abc":
        clock[0] += 0.5
        qtbot.keyClicks(dock.body, ch)
    assert w.undo_stack.count() == start + 1  # one burst, one step
    clock[0] += 3  # a pause
    qtbot.keyClicks(dock.body, "d")
    assert w.undo_stack.count() == start + 2
    for _ in range(40):  # typing on without a pause for 20 s
        clock[0] += 0.5
        qtbot.keyClicks(dock.body, "x")
    assert w.undo_stack.count() == start + 3  # cut 15 s after the "d": autosave sees it, undo takes back no more
    w.undo_stack.undo()
    assert "公示。abcd" in dock.body.toPlainText()
    w.undo_stack.undo()
    assert "公示。abc" in dock.body.toPlainText() and "abcd" not in dock.body.toPlainText()
