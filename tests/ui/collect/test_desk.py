"""文件 → 上报情况…: the county clerk's desk in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from model.collect.roster import load_workspace
from model.collect.status import clear_cache
from model.exchange.store import load, save
from tests.model.collect.county import make_county
from ui.collect.desk import COLUMNS, STATE_ORDER, open_desk
from ui.printout.preview import PreviewDialog


def test_the_desk_shows_every_unit_takes_in_checks_chases_and_sums(qtbot, make_window, tmp_path: Path) -> None:
    clear_cache()
    w = make_window()
    ws = make_county(tmp_path / "青山县")
    desk = open_desk(w, ws)
    assert desk is not None
    qtbot.addWidget(desk)
    assert desk.counts.text() == "应报 20、已报 18、定稿 16、未报 2、待确认 1"
    view = desk.view
    first = [view.model().index(r, 3).data() for r in range(3)]
    assert first == ["未报", "未报", "不在名单"]  # the ones to chase on top
    assert [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == list(COLUMNS)
    desk.filter.setText("县公安")
    assert view.model().rowCount() == 1 and view.model().index(0, 3).data() == "草稿"
    desk.filter.setText("")
    desk.state.setCurrentText("定稿")
    assert view.model().rowCount() == 16
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # sorting again keeps the filter
    assert view.model().rowCount() == 16 and {view.model().index(k, 3).data() for k in range(16)} == {"定稿"}
    desk.state.setCurrentText("全部")
    view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    # a late unit's file comes on a USB stick
    usb = tmp_path / "U盘"
    usb.mkdir()
    late = load(next((tmp_path / "青山县").glob("03_*.json")))
    late.unit.name = "桃源乡"
    save(late, usb / "09_桃源乡.json")
    assert desk.take_in(str(usb)) == 1
    assert load_workspace(ws.path).watched == str(usb)  # type: ignore[arg-type]  # remembered
    later = load(next((tmp_path / "青山县").glob("05_*.json")))
    later.values["t2.xk"] = 5
    save(later, usb / next((tmp_path / "青山县").glob("05_*.json")).name)
    desk.refresh()
    assert desk.intake.text() == "收取新文件（新到 1 份）(&I)…"
    assert desk.take_in() == 1 and desk.intake.text() == "收取新文件(&I)…"  # one click: the remembered folder
    assert desk.counts.text().startswith("应报 20、已报 19、定稿 17、未报 1")
    assert "新到 1 份，已收取；1 份替换了旧版本" in w.statusBar().currentMessage()
    # the code of 西河镇's paper copy
    row = next(r for r in desk.table.rows if r.name == "西河镇")
    view.selectRow(next(k for k in range(view.model().rowCount()) if view.model().index(k, 0).data() == "西河镇"))
    assert desk.check_code(row.file.code).startswith("一致")  # type: ignore[union-attr]
    # the 催报 list printed
    assert desk.chase(str(tmp_path / "催报.pdf")) and (tmp_path / "催报.pdf").read_bytes().startswith(b"%PDF")
    # a unit's table, read-only as printed
    desk.show_unit(view.model().index(next(k for k in range(view.model().rowCount())
                                            if view.model().index(k, 0).data() == "西河镇"), 0))
    assert any(isinstance(top, PreviewDialog) for top in QApplication.topLevelWidgets())
    # the roster typed: a unit added, one taken off (its level kept for the others)
    names = [u.name for u in ws.units if u.name != "青山县卫健委"] + ["新设街道"]
    assert desk.edit_roster("\n".join(names))
    assert desk.counts.text().startswith("应报 20、已报 19、定稿 17、未报 1")
    assert next(u for u in load_workspace(ws.path).units if u.name == "西河镇").level == "township"  # type: ignore
    assert [r.name for r in desk.table.missing()] == ["新设街道"]
    # 汇总 of the roster's units, remembered for "changed since"
    desk.sum_units()
    assert w.aggregation.aggregate is not None and len(w.aggregation.aggregate.units) == 19
    assert len(ws.summed) == 19
    w.undo_stack.setClean()


def test_year_on_year_in_the_window_with_its_chart(qtbot, make_window, tmp_path: Path) -> None:
    from model.collect.aggregate import aggregate_files
    from model.collect.aggregate_save import save_aggregate
    from ui.collect.year_on_year_dialog import open_year_on_year

    last_folder, now_folder = tmp_path / "2022", tmp_path / "2023"
    make_county(last_folder)
    make_county(now_folder)
    for f in last_folder.glob("*.json"):
        doc = load(f)
        doc.year = 2022
        save(doc, f)
    jump = next(now_folder.glob("04_*.json"))
    doc = load(jump)
    doc.values.update({"n1.zrr": 300, "n1.zj": 300})
    save(doc, jump)
    last = aggregate_files([str(f) for f in sorted(last_folder.glob("*.json"))], "青山县")
    save_aggregate(last, tmp_path / "2022汇总.json")
    now = aggregate_files([str(f) for f in sorted(now_folder.glob("*.json"))], "青山县")
    w = make_window()
    assert not w.actions_by_name["year_on_year"].isEnabled()  # not an aggregate yet
    w.aggregation.show_aggregate(now)
    assert w.actions_by_name["year_on_year"].isEnabled()
    dialog = open_year_on_year(w, w.aggregation.aggregate, tmp_path / "2022汇总.json")
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "南山乡" and dialog.table.item(0, 2).text() == "300"
    assert not dialog.chart.pixmap().isNull() and dialog.chart.pixmap().width() > 400
    assert dialog.save_chart(str(tmp_path / "图.pdf")) and (tmp_path / "图.pdf").read_bytes().startswith(b"%PDF")
    import pypdfium2 as pdfium

    assert dialog.export_with_chart(str(tmp_path / "汇总表.pdf"))
    printed = "".join(p.get_textpage().get_text_bounded() for p in pdfium.PdfDocument(tmp_path / "汇总表.pdf"))
    assert "各单位新收政府信息公开申请（本年与上年）" in printed
    assert printed.index("四、结转下年度继续办理") < printed.index("图1") < printed.index("附：校验说明")
    assert dialog.export_with_chart(str(tmp_path / "报告.pdf"), whole=True)
    report = "".join(p.get_textpage().get_text_bounded() for p in pdfium.PdfDocument(tmp_path / "报告.pdf"))
    assert report.index("图1") > report.index("四、政府信息公开行政复议、行政诉讼情况")  # after the last table
    # 打印 from the window's own menu with the chart, once the clerk asked for it in the dialog
    dialog.with_print.setChecked(True)
    w.printing.ask_print_draft = lambda reason: True  # the county's drafts have errors: print it as a draft
    out = w.printing.export_pdf(tmp_path / "打印.pdf")
    printed = "".join(p.get_textpage().get_text_bounded() for p in pdfium.PdfDocument(out))
    assert "图1" in printed
    dialog.with_print.setChecked(False)
    out = w.printing.export_pdf(tmp_path / "打印2.pdf")
    assert "图1" not in "".join(p.get_textpage().get_text_bounded() for p in pdfium.PdfDocument(out))
    w.undo_stack.setClean()


def test_draft_in_the_window_on_an_aggregate(qtbot, make_window, tmp_path: Path) -> None:
    from tests.model.collect.test_county_draft import corrected_county

    agg = corrected_county(tmp_path)
    w = make_window()
    w.aggregation.show_aggregate(agg)
    assert w.report_text.draft()
    sections = {s.heading: s.body for s in w.document.text.sections}
    assert sections["一、总体情况"].startswith("本报告由青山县人民政府办公室汇总所属 18 个单位")
    assert w.report.final
    w.undo_stack.setClean()


def test_the_workspace_knows_its_years_and_the_chart_draws_them_all(qtbot, make_window, tmp_path: Path) -> None:
    from model.collect.aggregate import aggregate_files
    from model.collect.aggregate_save import save_aggregate
    from model.collect.roster import record_aggregate, save_workspace

    clear_cache()
    ws = make_county(tmp_path / "2023")
    for year in (2021, 2022):
        folder = tmp_path / str(year)
        make_county(folder)
        for f in folder.glob("*.json"):
            doc = load(f)
            doc.year = year
            save(doc, f)
        files = [str(f) for f in sorted(folder.glob("*.json"))]
        save_aggregate(aggregate_files(files, "青山县"), tmp_path / f"{year}汇总.json")
        record_aggregate(ws, year, tmp_path / f"{year}汇总.json")
    save_workspace(ws, ws.path)  # type: ignore[arg-type]
    w = make_window()
    desk = open_desk(w, ws)
    assert desk is not None
    qtbot.addWidget(desk)
    desk.sum_units()
    assert w.save_to(tmp_path / "2023汇总.json")  # saved: the workspace remembers where 2023's aggregate is
    assert load_workspace(ws.path).history["2023"] == str((tmp_path / "2023汇总.json").resolve())  # type: ignore
    dialog = desk.year_on_year()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [y for y, _v in dialog.chart_spec("新收政府信息公开申请").points] == [2021, 2022, 2023]


def test_the_desk_in_traditional_script(qtbot, make_window, tmp_path: Path) -> None:
    clear_cache()
    w = make_window()
    w.use_hant()
    desk = open_desk(w, make_county(tmp_path / "青山縣"))
    assert desk is not None
    qtbot.addWidget(desk)
    assert desk.counts.text() == "應報 20、已報 18、定稿 16、未報 2、待確認 1"
    states = {desk.view.model().index(r, 3).data() for r in range(desk.view.model().rowCount())}
    assert {"未報", "草稿", "定稿", "不在名單"} <= states
    desk.state.setCurrentIndex(1 + list(STATE_ORDER).index("未报"))
    assert desk.view.model().rowCount() == 2
    assert desk.view.model().headerData(3, Qt.Orientation.Horizontal) == "狀態"
    w.use_hans()
