"""The grid looks like the form: spans, roles, alignment, read-only labels, 简体/繁體 labels."""

import pytest
from PySide6.QtCore import Qt

from model.core.document import new_document
from model.core.templates import get_template
from model.exchange.store import load
from resources import path as resource_path
from ui.grid import highlight
from ui.grid.table_model import GridModel

EXAMPLE_2021 = resource_path("examples", "example-2021.json")


def _find(model: GridModel, text: str) -> tuple[int, int]:
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            if model.data(model.index(r, c)) == text:
                return r, c
    raise AssertionError(f"{text!r} not in the grid")


@pytest.mark.parametrize("template_id", ["gov2015", "gov2021"])
def test_adapter_passes_qt_model_tester(qtmodeltester, make_window, template_id) -> None:
    w = make_window(new_document(get_template(template_id), 2023))
    for model in w.models:
        qtmodeltester.check(model, force_py=True)


def test_2021_shows_three_tables_with_real_merged_headers(make_window) -> None:
    w = make_window(load(EXAMPLE_2021), EXAMPLE_2021)
    assert [w.tabs.tabText(i)[:2] for i in range(w.tabs.count())] == ["二、", "三、", "四、"]
    t3, t4 = w.views[1], w.views[2]
    spans = {
        "申请人情况": (t3, 1, 7), "法人或其他组织": (t3, 1, 5), "自然人": (t3, 2, 1), "总计": (t3, 2, 1),
        "行政复议": (t4, 1, 5), "行政诉讼": (t4, 1, 10), "未经复议直接起诉": (t4, 1, 5), "复议后起诉": (t4, 1, 5),
    }
    for text, (view, rows, cols) in spans.items():
        r, c = _find(view.grid_model(), text)
        assert (view.rowSpan(r, c), view.columnSpan(r, c)) == (rows, cols), text
    note_r, note_c = _find(t3.grid_model(), next(
        c.text for c in t3.grid_model().grid.cells if c.text.startswith("（本列数据的勾稽关系")))
    assert t3.columnSpan(note_r, note_c) == 3 and t3.rowSpan(note_r, note_c) == 3
    assert t3.horizontalHeader().isHidden() and t3.verticalHeader().isHidden()


def test_2021_table_three_group_labels_span_their_rows(make_window) -> None:
    w = make_window(load(EXAMPLE_2021))
    view = w.views[1]
    r, c = _find(view.grid_model(), "三、本年度办理结果")
    assert view.rowSpan(r, c) == 22
    r, c = _find(view.grid_model(), "（三）不予公开")
    assert view.rowSpan(r, c) == 8


def test_header_and_labels_read_only_values_editable_and_right_aligned(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    m = w.models[0]
    header = m.index(0, 0)
    assert m.data(header) == "统计指标"
    assert not m.flags(header) & Qt.ItemFlag.ItemIsEditable
    r, c = _find(m, "（一）收到申请数")
    label = m.index(r, c)
    assert not m.flags(label) & Qt.ItemFlag.ItemIsEditable
    assert m.data(m.index(r, 1)) == "件"
    value = m.index(r, 2)
    assert m.flags(value) & Qt.ItemFlag.ItemIsEditable
    assert m.data(value) == "5"
    assert m.data(value, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert m.setData(label, "3") is False
    assert m.data(label) == "（一）收到申请数"


def test_sections_bold_and_shaded_sub_items_indented(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    m = w.models[0]
    r, c = _find(m, "一、主动公开情况")
    section = m.index(r, c)
    assert m.data(section, Qt.ItemDataRole.FontRole).bold()
    assert m.data(section, Qt.ItemDataRole.BackgroundRole).color() == highlight.ROLE_FILL["section"]
    from ui.grid.table_model import LEVEL_ROLE

    r, c = _find(m, "1.当面申请数")
    r2, c2 = _find(m, "（一）收到申请数")
    assert m.data(m.index(r, c), LEVEL_ROLE) > m.data(m.index(r2, c2), LEVEL_ROLE) > 0
    w.views[0].grab()  # the delegate paints indented labels without errors


def test_money_shows_two_decimals(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    m = w.models[0]
    assert m.data(m.index_of("G")) == "0.00"


def test_script_menu_switches_labels_to_traditional_and_back(make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    _find(w.models[0], "三、依申请公开情况")
    w.actions_by_name["hant"].trigger()
    assert w.actions_by_name["hant"].isChecked()
    _find(w.models[0], "三、依申請公開情況")
    assert w.models[0].data(w.models[0].index_of("C1")) == "5"  # values untouched
    w.actions_by_name["hans"].trigger()
    _find(w.models[0], "三、依申请公开情况")


def test_label_column_fills_the_room_and_long_labels_wrap(qtbot, make_window, seed_doc) -> None:
    w = make_window(seed_doc)
    view = w.views[0]
    m = w.models[0]
    long_row, _ = _find(m, next(c.text for c in m.grid.cells if c.text.startswith("（一）回应公众关注热点")))
    short_row, _ = _find(m, "1.当面申请数")
    w.resize(760, 700)
    qtbot.waitUntil(lambda: view.rowHeight(long_row) > view.rowHeight(short_row))
    narrow = view.columnWidth(0)
    assert narrow > 2 * view.columnWidth(2)
    w.resize(1500, 900)
    qtbot.waitUntil(lambda: view.columnWidth(0) > narrow)
    assert view.total_width() <= view.viewport().width() + 2 * view.frameWidth() + 2


@pytest.mark.parametrize("template_id", ["gov2015", "gov2021"])
def test_grid_fills_the_width_of_a_wide_window(qtbot, make_window, template_id) -> None:
    w = make_window(new_document(get_template(template_id), 2024))
    w.resize(1900, 900)
    for i, view in enumerate(w.views):
        w.tabs.setCurrentIndex(i)
        room = view.viewport().width() + 2 * view.frameWidth()
        qtbot.waitUntil(lambda v=view, r=room: abs(v.total_width() - r) <= 4)


def test_rows_are_not_taller_than_their_one_line_labels_in_a_narrow_window(qtbot, make_window) -> None:
    # table 三 of 2021 shows depth by columns, not by indentation: a label that fits its column is one line high
    w = make_window(load(EXAMPLE_2021))
    w.resize(760, 560)
    w.tabs.setCurrentIndex(1)
    view, m = w.views[1], w.models[1]
    qtbot.waitUntil(lambda: view.columnWidth(m.grid.label_cols - 1) < 250)
    fm = view.fontMetrics()
    one_line = min(view.rowHeight(r) for r in range(m.grid.header_rows, m.rowCount()))
    last = m.grid.label_cols - 1
    fitting = [c for c in m.grid.cells if c.col == last and c.rowspan == 1 and c.colspan == 1 and c.text
               and fm.horizontalAdvance(c.text) + 16 < view.columnWidth(last)]
    assert fitting
    assert [c.text for c in fitting if view.rowHeight(c.row) > one_line] == []
