"""汇总 of unit files: cell-wise sums, refusals with their messages, provenance, re-aggregation, `--sum`."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.collect.aggregate import (
    aggregate_files,
    aggregate_of,
    load_aggregate,
    provenance,
    reaggregate,
    report_text,
)
from model.core.templates import get_template
from model.core.values import DECIMAL, NA
from model.exchange.store import load
from tests.conftest import ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
EXAMPLE_2021 = ROOT / "resources" / "examples" / "example-2021.json"


def write_unit(path: Path, template_id: str, year: int, name: str, values: dict[str, Any],
               version: int | None = None) -> Path:
    t = get_template(template_id)
    raw = {
        "format": "gov-disclosure-stats", "format_version": 1,
        "template": {"id": template_id, "version": t.version if version is None else version},
        "year": year, "unit": {"name": name}, "values": values,
    }
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def seed_values(scale: int = 1) -> dict[str, Any]:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))["values"]
    return {c: (v * scale if isinstance(v, int) else str(Decimal(v) * scale)) for c, v in raw.items()}


def _value(kind: str) -> st.SearchStrategy[Any]:
    number = (st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(lambda d: format(d, "f"))
              if kind == DECIMAL else st.integers(min_value=0, max_value=10**6))
    return st.one_of(st.none(), st.just("/"), number, number)


@st.composite
def unit_tables(draw: st.DrawFn, template_id: str) -> list[dict[str, Any]]:
    t = get_template(template_id)
    n = draw(st.integers(min_value=1, max_value=5))
    return [{c: draw(_value(cell.type)) for c, cell in t.cells.items()} for _ in range(n)]


def _expected(template_id: str, units: list[dict[str, Any]], cell: str) -> Any:
    kind = get_template(template_id).cells[cell].type
    filled = [u[cell] for u in units if u[cell] is not None]
    numbers = [u for u in filled if u != "/"]
    if not filled:
        return None
    if not numbers:
        return NA
    return sum(Decimal(v) for v in numbers) if kind == DECIMAL else sum(numbers)


@pytest.mark.parametrize("template_id", ["gov2015", "gov2021"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_sum_of_random_units_is_the_cellwise_sum(template_id: str, data: st.DataObject) -> None:
    units = data.draw(unit_tables(template_id))
    with tempfile.TemporaryDirectory() as d:
        paths = [write_unit(Path(d) / f"u{i}.json", template_id, 2023, f"单位{i}",
                            {c: v for c, v in u.items() if v is not None}) for i, u in enumerate(units)]
        agg = aggregate_files(paths, "某县政府办公室")
    assert agg.document is not None
    # Two random units may carry identical figures; the later one is then refused, so compare with what was kept.
    kept = [units[int(Path(u.path).stem[1:])] for u in agg.units]
    assert len(kept) + len(agg.refused) == len(units)
    for cell in get_template(template_id).cells:
        assert agg.document.value(cell) == _expected(template_id, kept, cell), cell
        blanks = [i for i, u in enumerate(kept) if u[cell] is None]
        if blanks and len(blanks) < len(kept):
            assert agg.partial_blanks[cell] == tuple(blanks)
        else:
            assert cell not in agg.partial_blanks
        contributions = provenance(agg, cell)
        numbers = [c.value for c in contributions if c.value is not None and c.value is not NA]
        if numbers:
            assert sum(numbers) == agg.document.value(cell)


def test_scaled_valid_units_give_a_valid_aggregate_naming_the_office(tmp_path: Path) -> None:
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2, 3)]
    agg = aggregate_files(paths, "某区政府办公室")
    assert agg.document is not None and agg.ok
    assert agg.document.unit.name == "某区政府办公室"
    assert agg.document.value("A1") == 8547 * 6
    assert agg.document.value("H4") == 2 * 6
    assert agg.report is not None and agg.report.counts_text() == "错误 0 · 警告 0 · 未填 0"
    assert [u.name for u in agg.units] == ["第1局", "第2局", "第3局"]


def test_provenance_lists_each_unit_with_its_share(tmp_path: Path) -> None:
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 3)]
    agg = aggregate_files(paths, "某区")
    rows = provenance(agg, "C1")
    assert [(c.unit, c.value) for c in rows] == [("第1局", 5), ("第3局", 15)]
    assert [round(c.share or 0, 2) for c in rows] == [0.25, 0.75]
    assert sum(c.value for c in rows) == agg.document.value("C1")  # type: ignore[union-attr,misc]


def test_blank_in_some_units_is_summed_over_the_filled_ones_and_reported(tmp_path: Path) -> None:
    a = seed_values(1)
    b = seed_values(2)
    del b["C1"]
    paths = [write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", a),
             write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", b)]
    agg = aggregate_files(paths, "某区")
    assert agg.document is not None and agg.document.value("C1") == 5
    assert agg.partial_blanks == {"C1": (1,)}
    assert "收到申请数：乙局未填" in report_text(agg)


def test_na_counts_as_zero_and_all_na_stays_na(tmp_path: Path) -> None:
    a, b = seed_values(1), seed_values(2)
    a["G"], b["G"] = "/", "/"
    a["F"], b["F"] = "/", 4
    paths = [write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", a),
             write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", b)]
    agg = aggregate_files(paths, "某区")
    assert agg.document is not None
    assert agg.document.value("G") is NA
    assert agg.document.value("F") == 4


def test_another_template_or_year_or_version_is_refused_by_name(tmp_path: Path) -> None:
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2)]
    other_year = write_unit(tmp_path / "去年.json", "gov2015", 2014, "第9局", seed_values(9))
    other_version = write_unit(tmp_path / "旧版.json", "gov2015", 2015, "第8局", seed_values(8), version=0)
    new_format = tmp_path / "新格式.json"
    new_format.write_text(EXAMPLE_2021.read_text(encoding="utf-8"), encoding="utf-8")
    agg = aggregate_files([*paths, other_year, other_version, new_format], "某区")
    assert len(agg.units) == 2
    reasons = {Path(r.path).name: r.reason for r in agg.refused}
    assert reasons["去年.json"].startswith("“去年.json” 的年度不同：")
    assert "2014年度" in reasons["去年.json"] and "2015年度" in reasons["去年.json"]
    assert reasons["旧版.json"].startswith("“旧版.json” 的表格式版本不同：")
    assert reasons["新格式.json"].startswith("“新格式.json” 的表格式不同：")
    assert "国办公开办函〔2021〕30号" in reasons["新格式.json"]
    assert all(r.endswith("未汇总此文件。") for r in reasons.values())


def test_the_same_unit_twice_is_refused_after_normalising_its_name(tmp_path: Path) -> None:
    a = write_unit(tmp_path / "a.json", "gov2015", 2015, "ＡＢ市 海州区", seed_values(1))
    b = write_unit(tmp_path / "b.json", "gov2015", 2015, "AB市海州区　", seed_values(2))
    agg = aggregate_files([a, b], "某区")
    assert [u.path for u in agg.units] == [str(a)]
    assert agg.refused[0].reason == (
        "“b.json” 与已汇总的 “a.json” 的填报单位相同（AB市海州区），同一单位只能汇总一次，未汇总“b.json”。")


def test_identical_figures_under_two_names_are_summed_and_flagged(tmp_path: Path) -> None:
    # two small offices with one application each look alike: both count, and the clerk is told
    a = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1))
    b = write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", seed_values(1))
    agg = aggregate_files([a, b], "某区")
    assert len(agg.units) == 2 and not agg.refused
    assert agg.document is not None and agg.document.value("C1") == 2 * seed_values(1)["C1"]
    assert agg.identical == ((0, 1),)
    text = report_text(agg)
    assert "【全部数字相同的单位】1 对（都已计入汇总；如果是同一张表换了单位名称，请去掉其中一个后重新汇总）" in text
    assert "  - 甲局（a.json） 与 乙局（b.json）" in text
    again = aggregate_of(agg.document)  # saved with the provenance, still flagged when reopened
    assert again is not None and again.identical == ((0, 1),)
    assert len(aggregate_files([a], "某区").units) == 1  # leaving one out is leaving its file out


def test_a_workbook_without_a_year_is_summed_only_with_a_given_year(tmp_path: Path) -> None:
    import openpyxl

    from tests.model.exchange.test_xlsx_import import seed_table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"], ws["B2"] = "政府信息公开情况统计表", "填报单位：丙局"
    for r, (label, unit, value) in enumerate(seed_table(), start=4):
        ws.cell(r, 2, label)
        ws.cell(r, 3, unit or None)
        if value:
            ws.cell(r, 4, int(value) if value.isdigit() else value)
    no_year = tmp_path / "丙局.xlsx"
    wb.save(no_year)
    a = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1))
    agg = aggregate_files([a, no_year], "某区")
    assert [u.name for u in agg.units] == ["甲局"]
    assert "没有写明报告年度" in agg.refused[0].reason and "--year" in agg.refused[0].reason
    agg = aggregate_files([a, no_year], "某区", year=2015, level="county")
    assert [u.name for u in agg.units] == ["甲局", "丙局"] and agg.units[1].year_given
    assert agg.document is not None and agg.document.unit.level == "county"
    assert "【没有写明年度的单位】1 个，按汇总时指定的 2015 年度计入：" in report_text(agg)
    section = agg.document.extra["aggregate"]
    assert section["units"][1]["year_given"] is True


def test_all_zero_units_under_two_names_are_both_kept(tmp_path: Path) -> None:
    zeros = {c: 0 for c in get_template("gov2015").cells}
    paths = [write_unit(tmp_path / f"{n}.json", "gov2015", 2015, n, zeros) for n in ("甲镇", "乙镇")]
    agg = aggregate_files(paths, "某区")
    assert len(agg.units) == 2 and not agg.refused


def test_unreadable_files_are_left_out_and_the_rest_aggregates(tmp_path: Path) -> None:
    good = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2)]
    broken = tmp_path / "坏.json"
    broken.write_text('{"format": "gov-disclosure-stats", "values": {', encoding="utf-8")
    old = tmp_path / "旧表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    missing = tmp_path / "不存在.json"
    agg = aggregate_files([good[0], broken, old, missing, good[1]], "某区")
    assert agg.document is not None and agg.document.value("C1") == 15
    reasons = {Path(r.path).name: r.reason for r in agg.refused}
    assert reasons["坏.json"] == "“坏.json” 已损坏或不是统计表文件。未汇总此文件。"
    assert "另存为" in reasons["旧表.xls"] and "“旧表.xls”" in reasons["旧表.xls"]
    assert reasons["不存在.json"] == "找不到文件 “不存在.json”。未汇总此文件。"
    text = report_text(agg)
    assert "【未汇总的文件】3 个" in text and "已汇总 2 个单位（共 5 个文件）" in text


def test_units_with_open_problems_are_listed(tmp_path: Path) -> None:
    bad = seed_values(2)
    bad["C1c"] = 7  # breaks R01 (error)
    paths = [write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1)),
             write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", bad)]
    agg = aggregate_files(paths, "某区")
    assert [u.name for u in agg.flagged] == ["乙局"]
    assert agg.flagged[0].problems.startswith("错误 ")
    assert "乙局（b.json）：错误" in report_text(agg)
    assert not agg.ok
    assert agg.report is not None and any(f.rule == "R01" for f in agg.report.errors)


def test_reaggregation_rereads_a_changed_unit(tmp_path: Path) -> None:
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2)]
    agg = aggregate_files(paths, "某区")
    assert agg.document is not None and agg.document.value("I3") == 240
    changed = seed_values(2)
    changed["I3"] = 100
    write_unit(paths[1], "gov2015", 2015, "第2局", changed)
    again = reaggregate(agg)
    assert again.document is not None and again.document.value("I3") == 180
    assert again.office == "某区" and again.files == agg.files


def test_nothing_readable_gives_no_document(tmp_path: Path) -> None:
    agg = aggregate_files([tmp_path / "a.json"], "某区")
    assert agg.document is None and "没有可汇总的文件" in report_text(agg)


def run_sum(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--sum", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=60)


def test_cli_sum_writes_a_native_aggregate_with_provenance(tmp_path: Path) -> None:
    paths = [str(write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k))) for k in (1, 2)]
    out = tmp_path / "汇总.json"
    r = run_sum(str(out), *paths, "--office", "某区政府办公室")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "已汇总 2 个单位" in r.stdout
    doc = load(out)
    assert doc.unit.name == "某区政府办公室" and doc.value("A1") == 8547 * 3
    restored = load_aggregate(out)
    assert restored is not None and [u.name for u in restored.units] == ["第1局", "第2局"]
    assert [c.value for c in provenance(restored, "A1")] == [8547, 8547 * 2]


def test_cli_sum_exit_codes(tmp_path: Path) -> None:
    good = str(write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1)))
    broken = tmp_path / "b.json"
    broken.write_text("not json", encoding="utf-8")
    r = run_sum(str(tmp_path / "o.json"), good, str(broken))
    assert r.returncode == 1 and "“b.json” 已损坏" in r.stdout
    r = run_sum(str(tmp_path / "o2.json"), str(broken))
    assert r.returncode == 2 and not (tmp_path / "o2.json").exists()
    r = run_sum(good, good)
    assert r.returncode == 2 and "也在要汇总的文件中" in r.stderr
    r = run_sum(str(tmp_path / "o.xls"), good)
    assert r.returncode == 2 and "请保存为 .xxgk（本工具文件）或 .xlsx" in r.stderr
    assert not (tmp_path / "o.xls").exists()
    assert load(good).value("A1") == 8547  # the unit file is intact


def test_mixed_native_and_xlsx_units(tmp_path: Path) -> None:
    from model.exchange.xlsx_export import export_document

    native = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1))
    other = load(write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", seed_values(2)))
    workbook = tmp_path / "乙局.xlsx"
    export_document(other, workbook)
    agg = aggregate_files([native, workbook], "某区")
    assert not agg.refused, agg.refused
    assert agg.document is not None and agg.document.value("A1") == 8547 * 3
    assert [Path(u.path).name for u in agg.units] == ["a.json", "乙局.xlsx"]


def test_xlsx_output_has_a_summary_sheet_with_a_column_per_unit(tmp_path: Path) -> None:
    import openpyxl

    paths = [str(write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k))) for k in (1, 2)]
    out = tmp_path / "汇总.xlsx"
    r = run_sum(str(out), *paths, "--office", "某区政府办公室")
    assert r.returncode == 0, r.stdout + r.stderr
    wb = openpyxl.load_workbook(out)
    assert "汇总表" in wb.sheetnames
    ws = wb["汇总表"]
    assert "某区政府办公室" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["统计指标", "单位", "合计", "第1局", "第2局"]
    rows = {str(row[0].value).strip("　"): [c.value for c in row[1:]]
            for row in ws.iter_rows(min_row=4) if row[0].value}
    assert rows["（一）收到申请数"] == ["件", 15, 5, 10]
    assert rows["七、依申请公开信息收取的费用"][:2] == ["万元", Decimal(0)]
    from model.exchange.files import open_document

    assert open_document(out).value("C1") == 15  # the form sheets still read back as a document


def test_the_same_file_listed_twice_counts_once(tmp_path: Path) -> None:
    a = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1))
    agg = aggregate_files([a, tmp_path / "." / "a.json"], "某区")
    assert len(agg.units) == 1
    assert agg.refused[0].reason == "“a.json” 在文件列表中重复出现，只汇总一次。"


def test_cli_sum_loads_neither_qt_nor_openpyxl_for_native_output(tmp_path: Path) -> None:
    unit = write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1))
    code = ("import sys, json\nfrom main import main\n"
            f"rc = main(['--sum', {str(tmp_path / 'o.json')!r}, {str(unit)!r}])\n"
            "print(json.dumps([rc, 'PySide6' in sys.modules, 'openpyxl' in sys.modules]))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                       timeout=60)
    assert json.loads(r.stdout.strip().splitlines()[-1]) == [0, False, False], r.stderr


def test_a_unit_without_a_name_is_summed_but_listed(tmp_path: Path) -> None:
    paths = [write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1)),
             write_unit(tmp_path / "b.json", "gov2015", 2015, "  ", seed_values(2))]
    agg = aggregate_files(paths, "某区")
    assert len(agg.units) == 2 and agg.ok
    assert [u.file_name for u in agg.flagged] == ["b.json"]
    assert "（未填单位名称）（b.json）：未填填报单位" in report_text(agg)


@settings(max_examples=60, deadline=None)
@given(raw=st.dictionaries(st.sampled_from(sorted(get_template("gov2021").cells)),
                           st.one_of(st.integers(min_value=-2, max_value=10**16), st.booleans(), st.just("/"),
                                     st.just("12.5"), st.just(" 7 "), st.none()), max_size=12))
def test_fast_integer_path_of_the_reader_equals_parse_value(raw: dict[str, Any]) -> None:
    """The reader takes plain integers without parse_value (汇总 speed); what it stores must not change."""
    from model.core.values import ValueParseError, parse_value
    from model.exchange.store import DocumentError, from_dict

    doc = {"format": "gov-disclosure-stats", "format_version": 1, "template": {"id": "gov2021", "version": 1},
           "year": 2023, "unit": {}, "values": raw}
    cells = get_template("gov2021").cells
    try:
        expected = {c: parse_value(v, cells[c].type, True) for c, v in raw.items() if v is not None}
        if any(isinstance(v, bool) for v in raw.values()):
            raise ValueParseError("bool")
    except ValueParseError:
        with pytest.raises(DocumentError):
            from_dict(doc)
        return
    assert from_dict(doc).values == {c: v for c, v in expected.items() if v is not None}


def test_summary_sheet_of_an_edited_aggregate_still_adds_up(tmp_path: Path) -> None:
    import openpyxl

    from model.collect.aggregate_save import save_aggregate

    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2)]
    agg = aggregate_files(paths, "某区")
    assert agg.document is not None
    agg.document.values["C1"] = 20  # the office's own requests typed into the aggregate after summing (5 + 10 + 5)
    out = tmp_path / "汇总.xlsx"
    save_aggregate(agg, out)
    ws = openpyxl.load_workbook(out)["汇总表"]
    assert [c.value for c in ws[3]] == ["统计指标", "单位", "合计", "第1局", "第2局", "（汇总后改动）"]
    rows = {str(row[0].value).strip("　"): [c.value for c in row[1:]]
            for row in ws.iter_rows(min_row=4) if row[0].value}
    assert rows["（一）收到申请数"] == ["件", 20, 5, 10, 5]
    assert rows["1.当面申请数"][4] is None  # cells not edited: no adjustment shown


def test_a_saved_aggregate_still_reports_what_was_left_out_and_who_had_problems(tmp_path: Path) -> None:
    from model.collect.aggregate_save import save_aggregate

    bad = seed_values(2)
    bad["C1c"] = 7  # breaks R01 (error)
    paths = [write_unit(tmp_path / "a.json", "gov2015", 2015, "甲局", seed_values(1)),
             write_unit(tmp_path / "b.json", "gov2015", 2015, "乙局", bad)]
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    out = tmp_path / "汇总.json"
    save_aggregate(aggregate_files([*paths, broken], "某区"), out)
    reopened = load_aggregate(out)
    assert reopened is not None
    text = report_text(reopened)
    assert "【未汇总的文件】1 个" in text and "“坏.json” 已损坏或不是统计表文件。未汇总此文件。" in text
    assert "乙局（b.json）：错误" in text
    assert not reopened.ok


def test_last_runs_aggregate_in_the_same_folder_is_not_summed_again(tmp_path: Path) -> None:
    from model.collect.aggregate_save import save_aggregate

    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", seed_values(k)) for k in (1, 2)]
    first = tmp_path / "汇总.json"
    save_aggregate(aggregate_files(paths, "某区"), first)
    again = aggregate_files([first, *paths], "某区")  # "添加文件夹…" picks up last run's result too
    assert again.document is not None and again.document.value("C1") == 15
    assert [Path(r.path).name for r in again.refused] == ["汇总.json"]
    assert again.refused[0].reason == (
        "“汇总.json” 是汇总表（由 2 个单位汇总而来），其中第1局、第2局也在本次汇总的文件中，"
        "再汇总会重复计算，未汇总此文件。")


def test_a_lower_level_aggregate_of_other_units_is_summed(tmp_path: Path) -> None:
    from model.collect.aggregate_save import save_aggregate

    town = [write_unit(tmp_path / f"c{k}.json", "gov2015", 2015, f"甲镇第{k}村", seed_values(k)) for k in (1, 2)]
    town_sum = tmp_path / "甲镇汇总.json"
    save_aggregate(aggregate_files(town, "甲镇"), town_sum)
    other = write_unit(tmp_path / "乙镇.json", "gov2015", 2015, "乙镇", seed_values(4))
    agg = aggregate_files([town_sum, other], "某区")
    assert not agg.refused and agg.document is not None and agg.document.value("C1") == 15 + 20


def test_summary_sheet_columns_are_wide_enough_for_their_totals(tmp_path: Path) -> None:
    import openpyxl

    from model.collect.aggregate_save import save_aggregate

    paths = []
    for k in (1, 2):
        values = seed_values(k)
        values["G"] = "987654.32"  # a county's fees in 万元: the 合计 is 1975308.64
        paths.append(write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", values))
    out = tmp_path / "汇总.xlsx"
    save_aggregate(aggregate_files(paths, "某区"), out)
    ws = openpyxl.load_workbook(out)["汇总表"]
    assert [c.value for c in ws[3]][2] == "合计"
    # narrower than its digits (bold, plus a margin), a number shows as ### in Excel, WPS and LibreOffice
    assert ws.column_dimensions["C"].width >= len("1975308.64") + 3


def test_the_unit_columns_written_straight_into_the_sheet_look_like_the_rest(tmp_path: Path) -> None:
    import openpyxl

    from model.collect.aggregate_save import save_aggregate

    values = [seed_values(k) for k in (1, 2, 3)]
    values[1]["G"] = "12.5"  # 万元 with decimals
    values[2]["C3h"] = "/"  # a cell that does not apply
    paths = [write_unit(tmp_path / f"u{k}.json", "gov2015", 2015, f"第{k}局", v) for k, v in enumerate(values, 1)]
    out = tmp_path / "汇总.xlsx"
    save_aggregate(aggregate_files(paths, "某区"), out)
    ws = openpyxl.load_workbook(out)["汇总表"]
    assert ws.max_column == 6 and ws.dimensions.endswith(f"F{ws.max_row}")
    rows = {str(row[0].value).strip("　"): row for row in ws.iter_rows(min_row=4) if row[0].value}
    c1 = rows["（一）收到申请数"]
    assert [c.value for c in c1[2:]] == [30, 5, 10, 15]
    for cell in c1[3:]:  # the units' figures: the same font, frame and centring as the form's own cells
        assert cell.font.name == "宋体" and cell.border.left.style == "thin" and cell.alignment.horizontal == "center"
        assert cell.number_format == "0" and not cell.font.b
    assert c1[2].font.b and c1[2].fill.fgColor.rgb.endswith("FFF2CC")  # 合计, by openpyxl
    fees = rows["七、依申请公开信息收取的费用"]
    assert fees[4].value == Decimal("12.5") and fees[4].number_format == "0.00"
    assert rows["8.告知通过其他途径办理数"][5].value == "/"  # text stays text
    section = rows["一、主动公开情况"]
    assert all(c.value is None and c.border.top.style == "thin" for c in section[3:])  # framed across the sheet
    from model.exchange.files import import_document

    assert import_document(out).document.value("C1") == 30  # and the workbook still reads back
