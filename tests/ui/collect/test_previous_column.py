"""视图 → 表中显示上年数: a read-only 上年数 column beside the one value column; in-cell text for many-column tables."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from model.exchange.store import load
from resources import path as resource_path
from tests.conftest import SEED_EXAMPLE
from ui.common.env import remove_translations
from ui.grid.table_model import PREVIOUS_ROLE

EXAMPLE_2021 = resource_path("examples", "example-2021.json")


def last_year(tmp_path: Path, source: Path, changes: dict[str, object]) -> Path:
    raw = json.loads(source.read_text(encoding="utf-8"))
    raw["year"] -= 1
    raw["values"].update(changes)
    prev = tmp_path / "上年.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return prev


def linked_window(make_window, tmp_path: Path, source: Path, changes: dict[str, object]):
    window = make_window(load(source), source)
    prev = last_year(tmp_path, source, changes)
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    return window


def header_texts(model) -> list[str]:
    return [model.index(0, c).data() for c in range(model.columnCount())]


def column_of(model, text: str) -> int | None:
    return next((c for c, t in enumerate(header_texts(model)) if t == text), None)


def test_column_appears_with_last_years_values_and_goes_when_off(make_window, tmp_path, qtmodeltester) -> None:
    window = linked_window(make_window, tmp_path, SEED_EXAMPLE, {"C1": 3, "A1": 8547})
    model = window.models[0]
    assert header_texts(model) == ["统计指标", "单位", "统计数"]  # off by default
    qtmodeltester.check(model, force_py=True)  # stays connected: checks the model again after each reset below
    window.actions_by_name["previous_in_grid"].setChecked(True)
    assert header_texts(model) == ["统计指标", "单位", "统计数", "上年数"]
    row = model.index_of("C1").row()
    prev = model.index(row, 3)
    assert prev.data() == "3" and model.index_of("C1").data() != "3"
    assert model.index(model.index_of("A1").row(), 3).data() == "8547"  # formatted like the value cells (no separators)
    assert model.index_of("C1").data(PREVIOUS_ROLE) is None  # the column replaces the in-cell text
    assert not prev.flags() & Qt.ItemFlag.ItemIsEditable and prev.flags() & Qt.ItemFlag.ItemIsSelectable
    assert not model.setData(prev, "12345") and window.document.value("C1") != 12345
    assert prev.data(Qt.ItemDataRole.BackgroundRole) is not None
    window.actions_by_name["previous_in_grid"].setChecked(False)
    assert header_texts(model) == ["统计指标", "单位", "统计数"]


def test_column_follows_link_and_unlink_and_script(make_window, tmp_path) -> None:
    window = make_window(load(SEED_EXAMPLE), SEED_EXAMPLE)
    window.actions_by_name["previous_in_grid"].setChecked(True)
    assert column_of(window.models[0], "上年数") is None  # nothing linked: no column
    prev = last_year(tmp_path, SEED_EXAMPLE, {"C1": 3})
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    assert column_of(window.models[0], "上年数") == 3
    window.undo_stack.undo()  # unlinked again
    assert column_of(window.models[0], "上年数") is None
    window.undo_stack.redo()
    window.actions_by_name["hant"].trigger()
    try:
        assert column_of(window.models[0], "上年數") == 3  # the grids are rebuilt: the column stays
        window.aggregation.unlink_previous()
        assert column_of(window.models[0], "上年數") is None
    finally:
        window.actions_by_name["hans"].trigger()  # the choice is saved: later tests' windows start in 简体 again
        remove_translations()


def test_tab_enter_paste_and_fill_zero_skip_the_column_copy_takes_it(make_window, tmp_path) -> None:
    from PySide6.QtGui import QGuiApplication

    window = linked_window(make_window, tmp_path, SEED_EXAMPLE, {"C1": 3})
    window.actions_by_name["previous_in_grid"].setChecked(True)
    model, view = window.models[0], window.views[0]
    c1 = model.index_of("C1")
    view.setCurrentIndex(c1)
    right = view.next_value(c1, "right")
    assert right.column() == 2 and model.cell_id(right) is not None  # the next value, not 上年数
    assert view.next_value(view.next_value(right, "left"), "down").column() == 2
    # a block pasted over 统计数 and 上年数: only 统计数 changes
    assert window.editing.paste_text("11\t22\n")
    assert window.document.value("C1") == 11
    assert model.index(c1.row(), 3).data() == "3"
    window.document.values["C1"] = None
    window.editing.fill_table()
    assert model.index(c1.row(), 3).data() == "3" and window.document.value("C1") == 0
    view.select_indexes([model.index(c1.row(), 2), model.index(c1.row(), 3)])
    window.editing.copy_selection()
    assert QGuiApplication.clipboard().text() == "0\t3\n"


def test_many_column_tables_keep_last_years_value_in_the_cell(make_window, tmp_path, qtmodeltester) -> None:
    window = linked_window(make_window, tmp_path, EXAMPLE_2021, {"r3_5.zrr": 4})
    window.actions_by_name["previous_in_grid"].setChecked(True)
    model = next(m for m in window.models if "r3_5.zrr" in m.grid.positions)
    assert column_of(model, "上年数") is None
    assert model.index_of("r3_5.zrr").data(PREVIOUS_ROLE) == "4"
    qtmodeltester.check(model, force_py=True)
    tip = window.actions_by_name["previous_in_grid"].toolTip()
    assert "上年数" in tip and "表三" in tip
