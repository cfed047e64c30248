"""Live checking: tints and outlines, tooltips, the problems dock, F8, counts, the selected-cell view, undo."""

from PySide6.QtCore import QRect, Qt

from model.core.document import make_justification
from model.core.text import ReportText
from ui.checks.problems import FINDING_ROLE
from ui.grid import highlight
from ui.grid.table_model import OUTLINE_ROLE

REASON = "本年度集中清理历史文件，主动公开的规范性文件包含往年制发的 3 件。"


def brush(w, cell_id: str):
    m = w.view_of(cell_id).grid_model()
    b = m.data(m.index_of(cell_id), Qt.ItemDataRole.BackgroundRole)
    return b.color() if b is not None else None


def tooltip(w, cell_id: str) -> str:
    m = w.view_of(cell_id).grid_model()
    return m.data(m.index_of(cell_id), Qt.ItemDataRole.ToolTipRole)


def outline(w, cell_id: str):
    m = w.view_of(cell_id).grid_model()
    return m.data(m.index_of(cell_id), OUTLINE_ROLE)


def problem_texts(w) -> list[str]:
    tree = w.problems.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        out.append(group.text(0))
        out.extend("  " + group.child(j).text(0) for j in range(group.childCount()))
    return out


def edit(w, cell_id: str, text: str) -> None:
    m = w.view_of(cell_id).grid_model()
    assert m.setData(m.index_of(cell_id), text)


def test_breaking_a_rule_tints_lists_and_fixing_clears(make_window, seed_doc) -> None:
    seed_doc.text = ReportText()  # the table's rules alone: C1 changes, and the seed's text states C1
    w = make_window(seed_doc)
    assert brush(w, "C1") is None and problem_texts(w) == []
    assert w.counts.text() == "错误 0 · 警告 0 · 未填 0"
    edit(w, "C1a", "3")  # 收到申请数 5 ≠ 3 + 0 + 4 + 1
    assert brush(w, "C1") == highlight.FILL["error"]
    assert outline(w, "C1a") == highlight.OUTLINE["error"]
    assert outline(w, "C1d") == highlight.OUTLINE["error"]
    assert "收到申请数应等于各渠道申请数之和" in tooltip(w, "C1")
    assert "5" in tooltip(w, "C1") and "8" in tooltip(w, "C1")  # the arithmetic: 5 vs 3 + 0 + 4 + 1 = 8
    assert "收到申请数应等于各渠道申请数之和" in tooltip(w, "C1c")
    texts = problem_texts(w)
    assert texts[0] == "错误（1）" and "收到申请数应等于各渠道申请数之和" in texts[1]
    assert w.counts.text() == "错误 1 · 警告 0 · 未填 0"
    edit(w, "C1", "8")
    assert brush(w, "C1") is None and outline(w, "C1a") is None
    assert problem_texts(w) == []
    assert w.counts.text() == "错误 0 · 警告 0 · 未填 0"


def test_undo_and_redo_restore_values_and_highlights(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    edit(w, "C1a", "3")
    assert w.undo_stack.undoText() == "修改 当面申请数"
    w.undo_stack.undo()
    assert w.document.value("C1a") == 0
    assert brush(w, "C1") is None and problem_texts(w) == []
    assert not w.isWindowModified()
    w.undo_stack.redo()
    assert w.document.value("C1a") == 3
    assert brush(w, "C1") == highlight.FILL["error"]
    assert w.isWindowModified()


def test_warning_amber_justified_calm_blank_faint(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    edit(w, "A1a", "20")  # more published normative documents than were issued: R14 warns
    assert brush(w, "A1a") == highlight.FILL["warning"]
    assert w.counts.text() == "错误 0 · 警告 1 · 未填 0"
    finding = w.findings["R14"]
    w.document.justifications["R14"] = make_justification(w.document, finding, REASON)
    w.refresh_checks()
    assert brush(w, "A1a") == highlight.FILL["justified"]
    assert "已说明理由" in tooltip(w, "A1a")
    assert w.counts.text().startswith("错误 0 · 警告 0 · 未填 0")
    assert "已说明理由（1）" in problem_texts(w)
    edit(w, "C1a", "")  # 当面申请数 0 left blank: R01 still adds up, so it is only 未填
    assert brush(w, "C1a") == highlight.FILL["blank"]
    assert "未填 1" in w.counts.text()
    edit(w, "C1a", "0")
    edit(w, "C1", "")  # a blank total beside filled parts is an error stating the sum
    assert brush(w, "C1") == highlight.FILL["error"]
    assert "收到申请数未填，各项之和为 5" in tooltip(w, "C1")


def test_clicking_a_problem_selects_its_cells_switching_tab(make_window) -> None:
    from model.exchange.store import load
    from resources import path

    w = make_window(load(path("examples", "example-2021.json")))
    w.tabs.setCurrentIndex(0)
    m = w.view_of("fy.zj").grid_model()
    assert m.setData(m.index_of("fy.wc"), "99")  # table 四: 行政复议 total no longer adds up
    item = w.problems.tree.topLevelItem(0).child(0)
    w.problems.tree.itemClicked.emit(item, 0)
    assert w.tabs.currentIndex() == 2
    assert w.current_cell() == w.findings[item.data(0, FINDING_ROLE)].cells[0]
    selected = {w.views[2].grid_model().cell_id(ix) for ix in w.views[2].selectionModel().selectedIndexes()}
    assert {"fy.zj", "fy.wc", "fy.jz", "fy.qt", "fy.wj"} <= selected


def test_f8_walks_problems_in_order_and_shift_f8_back(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    edit(w, "C1a", "3")  # error R01
    edit(w, "A1a", "20")  # warning R14
    order = [f.key for f in w.problems.findings()]
    assert order[0] == "R01" and "R14" in order
    assert w.actions_by_name["next_problem"].shortcut().toString() == "F8"
    w.actions_by_name["next_problem"].trigger()
    assert w.problems.current_finding().key == "R01" and w.current_cell() == "C1"
    w.actions_by_name["next_problem"].trigger()
    assert w.problems.current_finding().key == order[1]
    w.actions_by_name["prev_problem"].trigger()
    assert w.problems.current_finding().key == "R01"


def test_selected_cell_view_lists_every_rule_and_its_state(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.select_cells(["C1"])
    states = w.cell_rules.states()
    assert states["R01"] == "通过" and states["R17"] == "通过" and states["V4"] == "通过"
    edit(w, "C1", "3")
    states = w.cell_rules.states()
    assert states["R01"] == "错误" and states["R17"] == "警告"
    edit(w, "C1a", "")  # one blank in R01: it would have to be 3 − 5 = −2, so the equation is in error
    assert w.cell_rules.states()["R01"] == "错误"
    edit(w, "C1b", "")  # two blanks: nothing to solve for
    assert w.cell_rules.states()["R01"] == "跳过"
    w.select_cells(["C1a"])
    assert w.cell_rules.states()["V4"] == "未填写"
    assert "当面申请数" in w.cell_rules.title.text()


def test_open_checks_in_full(make_window, tmp_path, seed_file) -> None:
    from tests.conftest import edited_copy

    bad = edited_copy(seed_file, tmp_path / "bad.json", C2a=9)
    w = make_window()
    assert "未填 58" in w.counts.text()
    assert w.open_path(bad)
    assert w.counts.text().startswith("错误 1")
    assert brush(w, "C2") == highlight.FILL["error"]


def test_groups_stay_as_the_clerk_opened_or_closed_them_while_editing(make_window) -> None:
    w = make_window()  # a new form: 未填 collapsed at first, there are too many
    blanks = w.problems.tree.topLevelItem(0)
    assert not blanks.isExpanded()
    blanks.setExpanded(True)  # the clerk works through the blanks
    bar = w.problems.tree.verticalScrollBar()
    w.problems.tree.doItemsLayout()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    assert place > 0
    w.select_cells(["A1"])
    w.editing.paste_text("5")
    blanks = w.problems.tree.topLevelItem(0)
    assert blanks.text(0).startswith("未填") and blanks.isExpanded()
    assert bar.value() == place


def test_selected_cell_view_shows_each_rule_text_whole(qtbot, make_window, seed_doc) -> None:
    # A1 is in five instances of R11 whose texts differ only at their end ("（与 …）"): none may be cut off
    w = make_window(seed_doc)
    w.resize(1000, 700)
    w.select_cells(["A1"])
    tree = w.cell_rules.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    tree.doItemsLayout()
    fm = tree.fontMetrics()
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert sum(it.text(0) == "R11" for it in items) == 5
    cut = [it.text(2) for it in items
           if tree.visualItemRect(it).height()
           < fm.boundingRect(QRect(0, 0, tree.columnWidth(2) - 8, 100000), flags, it.text(2)).height()]
    assert cut == []


def test_an_empty_list_says_there_is_no_problem(make_window, seed_doc) -> None:
    w = make_window(seed_doc)  # the seed passes every rule
    note = w.problems.empty_note
    assert note.isVisible() and note.text() == "没有发现问题。"
    edit(w, "C1", "3")
    assert not note.isVisible()
    w.undo_stack.undo()
    assert note.isVisible()


def test_the_no_problem_note_follows_the_script(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    w.actions_by_name["hant"].trigger()
    assert w.problems.empty_note.text() == "沒有發現問題。"
    w.actions_by_name["hans"].trigger()
    assert w.problems.empty_note.text() == "没有发现问题。"
