"""The collecting office's roster and the state of every unit: matching, ambiguity, statuses, the missing units'
exit code, what changed since the last 汇总, rosters from a workbook or last year's aggregate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from model.collect.roster import (
    Expected,
    Workspace,
    load_workspace,
    roster_from_names,
    roster_from_workbook,
    save_workspace,
)
from model.collect.status import AMBIGUOUS, MISSING, UNLISTED, record_sum, statuses
from model.exchange.store import DocumentError, load, save
from tests.conftest import ROOT_DIR, run_main
from tests.model.collect.county import make_county


def test_every_unit_has_its_state_and_the_counts_are_on_top(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "青山县")
    table = statuses(ws)
    assert table.counts() == {"应报": 20, "已报": 18, "定稿": 16, "未报": 2, "待确认": 1}
    assert table.counts_text() == "应报 20、已报 18、定稿 16、未报 2、待确认 1"
    state = {r.name: r for r in table.rows}
    assert [r.name for r in table.missing()] == ["桃源乡", "青山县卫健委"]
    assert all(state[n].state == MISSING for n in ("桃源乡", "青山县卫健委"))
    for name in ("东岭镇", "青山县公安局"):
        assert state[name].state == "草稿" and state[name].detail == "2 处错误"
    assert state["城关镇"].file is not None and state["城关镇"].file.row.unit == "浙江省杭州市城关镇"  # matched
    final = state["西河镇"]
    assert final.state == "定稿" and len(final.file.code) == 14 and final.unit.level == "township"  # type: ignore
    assert state["邻县文化局"].state == UNLISTED and state["邻县文化局"].unit is None
    assert len(table.files()) == 18


def test_a_file_that_fits_two_entries_is_given_to_neither_until_the_clerk_chooses(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "c")
    ws.units.append(Expected("杭州市城关镇"))  # now 浙江省杭州市城关镇 ends with two roster names
    save_workspace(ws, ws.path)  # type: ignore[arg-type]
    table = statuses(ws)
    row = next(r for r in table.rows if r.state == AMBIGUOUS)
    assert [c.name for c in row.candidates] == ["城关镇", "杭州市城关镇"] and "请选择" in row.detail
    assert next(r for r in table.rows if r.name == "城关镇").state == MISSING  # never silently given
    chosen = statuses(ws, assigned={row.file.path.name: "城关镇"})  # type: ignore[union-attr]
    assert next(r for r in chosen.rows if r.name == "城关镇").state == "定稿"
    ws.assigned[row.file.path.name] = "城关镇"  # type: ignore[union-attr]  # the choice kept in the workspace
    save_workspace(ws, ws.path)  # type: ignore[arg-type]
    again = statuses(load_workspace(ws.path))  # type: ignore[arg-type]
    assert next(r for r in again.rows if r.name == "城关镇").state == "定稿"


def test_changed_since_the_last_sum_by_content_not_by_time(tmp_path: Path) -> None:
    ws = make_county(tmp_path / "c")
    first = statuses(ws)
    record_sum(ws, first.files())
    assert not any(r.changed for r in statuses(ws).rows)
    path = next(r.file.path for r in first.rows if r.name == "西河镇")  # type: ignore[union-attr]
    doc = load(path)
    doc.values["t2.xk"] = 1234
    save(doc, path)
    touched = next(r.file.path for r in first.rows if r.name == "南山乡")  # type: ignore[union-attr]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))  # opened and saved
    changed = {r.name for r in statuses(ws).rows if r.changed}
    assert changed == {"西河镇"}


def test_the_workspace_file_round_trips_and_refuses_what_is_not_one(tmp_path: Path) -> None:
    ws = Workspace("青山县", 2023, roster_from_names("城关镇\n东岭镇\t乡镇\n\n城关镇\n"), path=tmp_path / "w.xxgk-sum")
    save_workspace(ws, tmp_path / "w.xxgk-sum")
    again = load_workspace(tmp_path / "w.xxgk-sum")
    assert [u.name for u in again.units] == ["城关镇", "东岭镇"] and again.year == 2023
    (tmp_path / "bad.xxgk-sum").write_text("{}", encoding="utf-8")
    with pytest.raises(DocumentError, match="不是汇总工作区文件"):
        load_workspace(tmp_path / "bad.xxgk-sum")


def test_a_roster_from_a_workbook_column(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年度政府信息公开年报报送名单"])
    ws.append(["序号", "单位名称", "行政层级", "上级单位", "联系人", "联系电话"])
    ws.append([1, "城关镇", "乡镇", "青山县", "张三", "0571-1"])
    ws.append([2, "青山县教育局", "部门", "青山县", "李四", "0571-2"])
    ws.append([3, None, None, None, None, None])
    wb.save(tmp_path / "名单.xlsx")
    units = roster_from_workbook(tmp_path / "名单.xlsx")
    assert units == [Expected("城关镇", "township", "青山县", "张三 0571-1"),
                     Expected("青山县教育局", "department", "青山县", "李四 0571-2")]



def test_sum_with_a_roster_says_who_is_missing_and_exits_1_unless_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "青山县"
    make_county(folder)
    ws = str(folder / "汇总.xxgk-sum")
    r = run_main("--sum", str(tmp_path / "汇总.json"), "--roster", ws, "--json")
    assert r.returncode == 1, r.stderr
    status = json.loads(r.stdout)["status"]
    assert status["counts"]["未报"] == 2 and "仍有 2 个单位未报：桃源乡、青山县卫健委" in r.stderr
    assert {u["name"]: u["state"] for u in status["units"]}["东岭镇"] == "草稿"
    summed = load(tmp_path / "汇总.json")
    assert summed.values["n1.zj"] != 0  # the 18 received files were summed all the same
    assert len(load_workspace(ws).summed) == 18  # what was read is remembered, for "changed since"
    r = run_main("--sum", str(tmp_path / "汇总2.json"), "--roster", ws, "--allow-missing")
    assert "上报情况：应报 20、已报 18、定稿 16、未报 2" in r.stdout and "已按 --allow-missing 照常汇总" in r.stderr
    assert r.returncode == 1  # two drafts with errors are still summed with errors: 1 for them, not for the missing


def test_a_roster_made_from_a_names_file(tmp_path: Path) -> None:
    (tmp_path / "名单.txt").write_text("城关镇\n东岭镇\n", encoding="utf-8")
    doc = load(ROOT_DIR / "resources" / "examples" / "example-2021.json")
    doc.unit.name = "城关镇"
    save(doc, tmp_path / "城关镇.json")
    r = run_main("--sum", str(tmp_path / "out.json"), "--roster", str(tmp_path / "w.xxgk-sum"), "--roster-from",
              str(tmp_path / "名单.txt"), "--office", "青山县")
    assert "上报情况：应报 2、已报 1、定稿 1、未报 1" in r.stdout and r.returncode == 1
    r = run_main("--sum", str(tmp_path / "out.json"), "--roster", str(tmp_path / "none.xxgk-sum"))
    assert r.returncode == 2 and "还没有应报单位名单" in r.stderr


def test_a_names_file_saved_by_notepad_in_gbk_is_read(tmp_path: Path) -> None:
    from model.collect.roster import roster_from_file

    (tmp_path / "名单.txt").write_bytes("城关镇\r\n东岭镇\r\n".encode("gb18030"))
    assert [u.name for u in roster_from_file(tmp_path / "名单.txt")] == ["城关镇", "东岭镇"]
