"""汇总 in the window: the dialog, the 来源与上年 dock following the current cell, re-aggregation, last year."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from model.collect.aggregate import aggregate_files, load_aggregate
from model.exchange.store import load
from tests.conftest import SEED_EXAMPLE
from tests.model.collect.test_aggregate import seed_values, write_unit
from ui.collect.aggregate_dialog import AggregateDialog
from ui.collect.provenance import OTHER


@pytest.fixture(autouse=True)
def chinese_locale() -> Iterator[None]:
    """What ui.common.env sets for 简体 at start-up (unit names then sort in pinyin order)."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(before)


def units(tmp_path: Path) -> list[Path]:
    names = ("甲局", "乙局", "丙镇")
    return [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, n, seed_values(k)) for k, n in enumerate(names, 1)]


def dock_rows(window) -> list[tuple[str, str, str]]:
    table = window.aggregation.dock.table
    model = table.model()
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_dialog_aggregates_and_reports_refusals(qtbot, tmp_path: Path) -> None:
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    dialog = AggregateDialog(None, [str(p) for p in units(tmp_path)] + [str(broken)], "某区政府办公室")
    qtbot.addWidget(dialog)
    agg = dialog.run()
    assert agg is not None and agg.document is not None
    text = dialog.report.toPlainText()
    assert "已汇总 3 个单位（共 4 个文件）" in text and "“坏.json” 已损坏" in text
    assert dialog.buttons.buttons()[0].isEnabled()


def test_dialog_flags_identical_units_and_leaves_one_out_in_one_click(qtbot, tmp_path: Path) -> None:
    a = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲办", seed_values(1))
    b = write_unit(tmp_path / "b.json", "gov2015", 2015, "乙办", seed_values(1))
    c = write_unit(tmp_path / "c.json", "gov2015", 2015, "丙办", seed_values(2))
    dialog = AggregateDialog(None, [str(a), str(b), str(c)], "某区")
    qtbot.addWidget(dialog)
    agg = dialog.run()
    assert agg is not None and len(agg.units) == 3  # both summed
    assert "【全部数字相同的单位】1 对" in dialog.report.toPlainText()
    assert not dialog.drop_twins.isHidden()
    item = dialog.files.item(1)
    assert "全部数字与 甲办（a.json） 相同" in item.toolTip()
    assert dialog.files.item(0).toolTip() == ""
    again = dialog.leave_out_twins()
    assert again is not None and [u.name for u in again.units] == ["甲办", "丙办"]
    assert dialog.paths() == [str(a), str(c)] and dialog.drop_twins.isHidden()


def test_dialog_year_and_level_reach_the_aggregate(qtbot, tmp_path: Path) -> None:
    dialog = AggregateDialog(None, [str(p) for p in units(tmp_path)], "某区")
    qtbot.addWidget(dialog)
    assert dialog.chosen_year() is None and dialog.year.text() == "按各单位文件"
    dialog.level.setCurrentIndex(dialog.level.findData("county"))
    dialog.year.setValue(2016)  # the units say 2015: all refused as another year
    agg = dialog.run()
    assert agg is not None and agg.document is None and len(agg.refused) == 3
    dialog.year.setValue(2015)
    agg = dialog.run()
    assert agg is not None and agg.document is not None and agg.document.unit.level == "county"


def test_dock_shows_each_units_contribution_adding_up_to_the_cell(make_window, tmp_path: Path) -> None:
    window = make_window()
    agg = aggregate_files(units(tmp_path), "某区政府办公室")
    window.aggregation.ask_aggregate = lambda: agg
    window.aggregation.open_dialog()
    assert window.document is agg.document and window.document.unit.name == "某区政府办公室"
    assert window.isWindowModified()  # not saved yet
    window.select_cells(["C1"])
    rows = dock_rows(window)
    assert rows == [("丙镇", "15", "50.0%"), ("乙局", "10", "33.3%"), ("甲局", "5", "16.7%")]  # sorted by value
    assert sum(int(r[1]) for r in rows) == window.document.value("C1") == 30
    assert "共 3 个单位，合计 30" in window.aggregation.dock.total.text()
    window.aggregation.dock.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in dock_rows(window)] == ["丙镇", "甲局", "乙局"]  # pinyin: bing, jia, yi


def test_an_edit_after_summing_shows_as_its_own_row(make_window, tmp_path: Path) -> None:
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(units(tmp_path), "某区"))
    window.document.values["I3"] = 500  # e.g. the government's own trainees typed into the aggregate
    window.recheck_all()
    window.select_cells(["I3"])
    rows = {r[0]: r[1] for r in dock_rows(window)}
    assert rows[OTHER] == "20" and sum(int(v) for v in rows.values()) == 500


def test_saving_keeps_provenance_and_reopening_restores_it(make_window, tmp_path: Path) -> None:
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(units(tmp_path), "某区"))
    out = tmp_path / "汇总.json"
    assert window.save_to(out)
    restored = load_aggregate(out)
    assert restored is not None and [u.name for u in restored.units] == ["甲局", "乙局", "丙镇"]
    window.close()  # one writer per file: the first window gives the file up
    other = make_window()
    assert other.open_path(out)
    assert other.aggregation.aggregate is not None
    other.select_cells(["A1"])
    assert len(dock_rows(other)) == 3
    changed = seed_values(1)
    changed["A1"] = 1
    write_unit(tmp_path / "u1.json", "gov2015", 2015, "甲局", changed)
    other.aggregation.show_report = lambda title, text: None
    other.aggregation.resum()  # the file list saved with the aggregate is enough to re-read the units
    assert other.document.value("A1") == 1 + 8547 * 2 + 8547 * 3
    assert other.path == out


def test_an_aggregate_saved_with_the_windows_own_save_keeps_its_provenance(make_window, tmp_path: Path) -> None:
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(units(tmp_path), "某区"))
    out = tmp_path / "汇总.json"
    window.ask_save_path = lambda: str(out)
    assert window.save()  # 文件 → 保存: the provenance is part of the document, nothing is written afterwards
    window.close()
    edited = make_window()
    assert edited.open_path(out)
    edited.document.values["I3"] = 500
    edited.recheck_all()
    assert edited.save()  # saved over itself, by the same one save
    edited.close()
    reopened = make_window()
    assert reopened.open_path(out)
    assert reopened.aggregation.aggregate is not None and reopened.aggregation.aggregate.office == "某区"
    reopened.select_cells(["I3"])
    rows = {r[0]: r[1] for r in dock_rows(reopened)}
    assert rows == {"甲局": "80", "乙局": "160", "丙镇": "240", OTHER: "20"}


def resummed_after_a_change(make_window, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """An aggregate of three units, 乙局's I3 then changed to 1000 and 重新汇总 run: the window and the reports
    shown."""
    paths = units(tmp_path)
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(paths, "某区"))
    changed = seed_values(2)
    changed["I3"] = 1000
    write_unit(paths[1], "gov2015", 2015, "乙局", changed)
    shown: list[str] = []
    monkeypatch.setattr(window.aggregation, "show_report", lambda title, text: shown.append(text))
    monkeypatch.setattr(window, "ask_save_changes", lambda: "discard")  # the first result was never saved
    window.aggregation.resum()
    return window, shown


def test_resum_rereads_changed_units(make_window, tmp_path: Path, monkeypatch) -> None:
    window, shown = resummed_after_a_change(make_window, tmp_path, monkeypatch)
    assert window.document.value("I3") == 80 + 1000 + 240
    assert shown and "已汇总 3 个单位" in shown[0]


def test_linking_last_year_runs_cross_year_rules_and_is_undoable(make_window, tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2014
    prev = tmp_path / "2014.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window(load(SEED_EXAMPLE))
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    assert any(f.rule == "R23" for f in window.findings.values())
    window.select_cells(["C1"])
    assert "上年：5" in window.aggregation.dock.previous.text()
    assert window.undo_stack.undoText() == "链接上年文件"
    window.undo_stack.undo()
    assert window.document.previous is None
    assert not any(f.rule == "R23" for f in window.findings.values())


def test_linking_the_wrong_year_is_refused_with_a_message(make_window, tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2012
    prev = tmp_path / "2012.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window(load(SEED_EXAMPLE))
    errors: list[str] = []
    window.show_error = errors.append
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    assert errors == ["“2012.json” 是 2012 年度的表，本表是 2015 年度，上年文件应为 2014 年度。"]
    assert window.document.previous is None


def test_compare_dock_lists_every_cell_beside_last_year(make_window, tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2014
    raw["values"]["C1"] = 3
    prev = tmp_path / "2014.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window(load(SEED_EXAMPLE))
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    window.actions_by_name["dock_compare"].trigger()
    dock = window.aggregation.compare
    model = dock.table.model()
    rows = {model.index(r, 0).data(): [model.index(r, c).data() for c in (1, 2, 3)] for r in range(model.rowCount())}
    assert model.rowCount() == len(window.document.template.cells)
    assert rows["收到申请数"] == ["5", "3", "+2"]
    dock.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "收到申请数"
    window.aggregation._go_to_compared(model.index(0, 0))
    assert window.current_cell() == "C1"


def test_export_summary_workbook_from_the_window(make_window, tmp_path: Path) -> None:
    import openpyxl

    window = make_window()
    assert not window.actions_by_name["export_sum"].isEnabled()
    window.aggregation.show_aggregate(aggregate_files(units(tmp_path), "某区"))
    assert window.actions_by_name["export_sum"].isEnabled()
    out = tmp_path / "汇总.xlsx"
    window.aggregation.ask_summary_path = lambda: str(out)
    assert window.aggregation.export_summary()
    ws = openpyxl.load_workbook(out)["汇总表"]
    assert [c.value for c in ws[3]] == ["统计指标", "单位", "合计", "甲局", "乙局", "丙镇"]


def test_grid_can_show_last_years_value_beside_each_value(make_window, tmp_path: Path) -> None:
    from ui.grid.table_model import PREVIOUS_ROLE

    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2014
    raw["values"]["C1"] = 3
    prev = tmp_path / "2014.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window(load(SEED_EXAMPLE))
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    model = window.models[0]
    index = model.index_of("C1")
    assert index.data(PREVIOUS_ROLE) is None and model.columnCount() == 3  # off by default
    window.actions_by_name["previous_in_grid"].setChecked(True)
    # the 2015 table has one value column: last year's values get a 上年数 column of their own
    # (tests/ui/collect/test_previous_column.py; many-column tables show them inside each cell)
    assert model.index(model.index_of("C1").row(), 3).data() == "3"
    window.set_document(window.document, window.path)  # the grids are rebuilt: the display stays on
    model = window.models[0]
    assert model.index(model.index_of("C1").row(), 3).data() == "3"
    window.view_of("C1").grab()  # paints with the extra column without trouble


def test_resum_keeps_what_the_clerk_filled_into_the_aggregate(make_window, tmp_path: Path, monkeypatch) -> None:
    from model.core.document import make_justification

    paths = units(tmp_path)
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2014
    prev = tmp_path / "2014.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(paths, "某区政府办公室"))
    window.document.unit.head = "王主任"
    window.document.unit.date = "2016年1月20日"
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()  # every figure ×6 of last year's: R24 swings
    swing = next(f for f in window.findings.values() if f.rule == "R24")
    window.document.justifications[swing.key] = make_justification(
        window.document, swing, "本年新增三个乡镇纳入汇总，申请量随之增加")
    changed = seed_values(2)
    changed["I3"] = 1000
    write_unit(paths[1], "gov2015", 2015, "乙局", changed)
    monkeypatch.setattr(window.aggregation, "show_report", lambda title, text: None)
    monkeypatch.setattr(window, "ask_save_changes", lambda: "discard")
    window.aggregation.resum()
    doc = window.document
    assert doc.value("I3") == 80 + 1000 + 240
    assert (doc.unit.name, doc.unit.head, doc.unit.date) == ("某区政府办公室", "王主任", "2016年1月20日")
    assert doc.previous is not None and doc.previous.link == str(prev.resolve())
    window.select_cells(["C1"])
    assert "上年：5" in window.aggregation.dock.previous.text()
    assert swing.key in doc.justifications
    assert swing.key in window.findings  # the swing is still found, and still carries its reason


def test_dock_names_the_file_of_a_unit_summed_from_a_windows_path(make_window, tmp_path: Path) -> None:
    import dataclasses

    agg = aggregate_files(units(tmp_path), "某区")
    # `main.py --sum` on Windows keeps paths as typed: C:\报表\乙局.json
    agg.units = tuple(dataclasses.replace(u, path=f"C:\\报表\\{Path(u.path).name}") for u in agg.units)
    window = make_window()
    window.aggregation.show_aggregate(agg)
    window.select_cells(["C1"])
    model = window.aggregation.dock.table.model()
    assert sorted(model.index(r, 3).data() for r in range(model.rowCount())) == ["u1.json", "u2.json", "u3.json"]
    assert "甲局（u1.json）" in agg.units[0].shown


def test_resum_says_which_figures_changed(make_window, tmp_path: Path, monkeypatch) -> None:
    window, shown = resummed_after_a_change(make_window, tmp_path, monkeypatch)
    first = shown[0].split("\n\n")[0]  # what the message box shows without "显示详情"
    assert first.startswith("与上次汇总相比，1 项数字有变化：")
    assert "480 → 1320" in first
    window.aggregation.resum()
    assert shown[1].startswith("与上次汇总相比，数字没有变化。")


def test_cross_year_rules_are_skipped_not_passed_until_last_year_is_linked(make_window, tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["year"] = 2014
    prev = tmp_path / "2014.json"
    prev.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = make_window(load(SEED_EXAMPLE))
    window.select_cells(["C1"])
    states = window.cell_rules.states()
    assert (states["R23"], states["R24"]) == ("跳过", "跳过")  # nothing to compare with: not "通过"
    window.aggregation.ask_previous_path = lambda: str(prev)
    window.aggregation.link_previous()
    window.select_cells(["C1"])
    states = window.cell_rules.states()
    assert (states["R23"], states["R24"]) == ("警告", "通过")


def test_dock_sorts_unit_names_in_pinyin_order(make_window, tmp_path: Path) -> None:
    names = ("西岭镇", "东河乡", "城关镇")  # code-point order would be 东, 城, 西
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, n, seed_values(k)) for k, n in enumerate(names, 1)]
    window = make_window()
    window.aggregation.show_aggregate(aggregate_files(paths, "某区"))
    window.select_cells(["C1"])
    table = window.aggregation.dock.table
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model = table.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["城关镇", "东河乡", "西岭镇"]


def test_sort_arrows_read_as_in_excel(qtbot) -> None:
    """▲ low to high, ▼ high to low: Qt's header says the opposite; the arrow drawn is swapped."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QStyleOptionHeader, QTableView

    from ui.common.sort_arrow import SortArrowStyle, drawn_indicator, use_clerks_arrows

    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(QStandardItemModel(3, 2))
    table.setSortingEnabled(True)
    use_clerks_arrows(table.horizontalHeader())
    assert isinstance(table.horizontalHeader().style(), SortArrowStyle)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # high to low
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert drawn_indicator(QStyleOptionHeader.SortIndicator.SortUp) == QStyleOptionHeader.SortIndicator.SortDown
    table.show()
    assert not table.horizontalHeader().grab().isNull()  # draws through the proxy
