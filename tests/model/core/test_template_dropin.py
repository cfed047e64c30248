"""A new table format is a data change: a template file dropped into a folder gets 新建, check, print, Excel round
trip and 汇总, with no code change; every template follows the one schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from model.collect.aggregate import aggregate_files
from model.core import templates
from model.core.checks import registry
from model.core.checks.schema import with_kinds
from model.core.document import Document, new_document
from model.core.report import check_document
from model.core.templates import (
    LEVEL_LABELS,
    ORIENTATIONS,
    ROW_KINDS,
    TEMPLATE_DIR_ENV,
    catalog,
    clear_template_cache,
    get_template,
    template_ids,
)
from model.core.values import parse_value
from model.exchange.files import import_document
from model.exchange.store import load, save
from model.exchange.xlsx_export import export_document
from print import pdf
from tests.conftest import ROOT_DIR

ROOT = ROOT_DIR
SCHEMA = json.loads((ROOT / "resources" / "template.schema.json").read_text(encoding="utf-8"))

MINI = {
    "id": "petition2030", "version": 1,
    "name": {"hans": "信访事项统计表（试用）", "hant": "信訪事項統計表（試用）"},
    "title": {"hans": "信访事项办理情况统计表", "hant": "信訪事項辦理情況統計表"},
    "allow_na": True,
    "years": {"from": 2030},
    "units": [{"hans": "件", "hant": "件"}, {"hans": "万元", "hant": "萬元"}],
    "decimal_units": ["万元"],
    "page": {"orientation": "portrait", "title": "{unit}{year}年{title}", "year_line": ""},
    "tables": [{
        "id": "main", "title": "", "label_columns": 1, "unit_column": True,
        "columns": [{"id": "v", "label": "数量"}],
        "header": [[{"text": "项目"}, {"text": "单位"}, {"text": "数量"}]],
        "rows": [
            {"id": "S1", "kind": "section", "label": "一、信访事项受理情况", "level": 0},
            {"id": "P1", "kind": "data", "label": "（一）受理信访事项总数", "parent": "S1", "level": 1,
             "unit": {"hans": "件", "hant": "件"}, "type": "integer"},
            {"id": "P1a", "kind": "data", "label": "其中：网上信访事项", "parent": "P1", "level": 2,
             "unit": {"hans": "件", "hant": "件"}, "type": "integer"},
            {"id": "P1b", "kind": "data", "label": "其中：来访事项", "parent": "P1", "level": 2,
             "unit": {"hans": "件", "hant": "件"}, "type": "integer"},
            {"id": "P2", "kind": "data", "label": "（二）信访工作经费", "parent": "S1", "level": 1,
             "unit": {"hans": "万元", "hant": "萬元"}, "type": "decimal"},
        ],
    }],
    "rules": [
        {"id": "V1", "severity": "error", "check": "type", "types": ["integer"], "message": "应为不小于 0 的整数"},
        {"id": "V2", "severity": "error", "check": "type", "types": ["decimal"], "message": "应为不小于 0 的数"},
        {"id": "V4", "severity": "blank", "check": "filled", "message": "未填写"},
        {"id": "X1", "severity": "error", "expr": "P1 >= P1a + P1b", "blank": "skip",
         "message": "网上信访与来访之和不能超过受理总数"},
    ],
}


@pytest.fixture
def dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "formats"
    folder.mkdir()
    (folder / "petition2030.json").write_text(json.dumps(MINI, ensure_ascii=False, indent=1), encoding="utf-8")
    monkeypatch.setenv(TEMPLATE_DIR_ENV, str(folder))
    clear_template_cache()
    yield folder
    monkeypatch.delenv(TEMPLATE_DIR_ENV)
    clear_template_cache()


def filled(values: dict[str, object], name: str = "某县信访局") -> Document:
    doc = new_document(get_template("petition2030"), 2030)
    doc.unit.name = name
    doc.values.update({k: parse_value(str(v), doc.template.cells[k].type) for k, v in values.items()})
    return doc


def test_every_template_follows_the_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA)
    for tid in template_ids():
        raw = json.loads(catalog().files[tid].read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(raw)]
        assert errors == [], (tid, errors)
    assert list(Draft202012Validator(SCHEMA).iter_errors(MINI)) == []


def test_the_schema_names_what_the_loader_accepts() -> None:
    defs = SCHEMA["$defs"]
    assert tuple(defs["row"]["properties"]["kind"]["enum"]) == ROW_KINDS
    assert tuple(defs["rule"]["properties"]["check"]["enum"]) == registry.names()
    assert tuple(defs["rule"]["properties"]["blank"]["enum"]) == registry.blank_modes() == ("skip", "zero", "solve")
    assert with_kinds(SCHEMA) == SCHEMA  # after a kind changed: uv run python -m model.core.checks.schema
    assert tuple(defs["rule"]["properties"]["skip_levels"]["items"]["enum"]) == tuple(LEVEL_LABELS)
    assert tuple(SCHEMA["properties"]["page"]["properties"]["orientation"]["enum"]) == ORIENTATIONS


def test_a_dropped_in_template_is_offered_checked_and_printed(dropped: Path, qtbot) -> None:
    from ui.common.settings import Settings
    from ui.files.new_dialog import NewDialog

    assert template_ids()[:2] == ("gov2015", "gov2021") and "petition2030" in template_ids()
    dialog = NewDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.template.findText("信访事项统计表（试用）") >= 0
    dialog.year.setValue(2030)  # the format in force for that year is proposed
    assert dialog.choice() == ("petition2030", 2030)

    doc = filled({"P1": 5, "P1a": 4, "P1b": 3, "P2": "1.50"})
    report = check_document(doc)
    assert [f.rule for f in report.errors] == ["X1"]
    assert "4" in report.errors[0].message and "3" in report.errors[0].message

    doc.values["P1b"] = 1
    assert check_document(doc).final
    data, result = pdf.render_bytes(doc)
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "某县信访局2030年信访事项办理情况统计表" in text.replace("\n", "")
    assert "受理信访事项总数" in text and "1.50" in text and not result.draft and not result.landscape


def test_a_dropped_in_template_saves_exchanges_excel_and_aggregates(dropped: Path, tmp_path: Path) -> None:
    doc = filled({"P1": 5, "P1a": 4, "P1b": 1, "P2": "1.50"})
    save(doc, tmp_path / "a.xxgk")
    assert load(tmp_path / "a.xxgk").values == doc.values
    export_document(doc, tmp_path / "a.xlsx")
    imported = import_document(tmp_path / "a.xlsx")
    assert imported.document.template.id == "petition2030" and imported.document.year == 2030
    assert imported.document.values == doc.values and imported.complete

    save(filled({"P1": 2, "P1a": 1, "P1b": 1, "P2": "0.25"}, "某镇信访办"), tmp_path / "b.xxgk")
    agg = aggregate_files([tmp_path / "a.xlsx", tmp_path / "b.xxgk"], "某县")
    assert agg.document is not None and agg.document.template.id == "petition2030"
    assert agg.document.values["P1"] == 7 and str(agg.document.values["P2"]) == "1.75"


def test_a_broken_or_misnamed_file_is_left_out_and_said(dropped: Path) -> None:
    (dropped / "broken.json").write_text("{ not json", encoding="utf-8")
    (dropped / "other.json").write_text(json.dumps(MINI, ensure_ascii=False), encoding="utf-8")  # id petition2030
    (dropped / "gov2015.json").write_text(json.dumps({**MINI, "id": "gov2015"}), encoding="utf-8")
    clear_template_cache()
    ids = template_ids()
    assert "broken" not in ids and "other" not in ids and "petition2030" in ids
    problems = "\n".join(catalog().problems)
    assert "broken.json" in problems and "other.json" in problems and "petition2030.json" in problems
    assert "gov2015" in problems and get_template("gov2015").title.hans == "政府信息公开情况统计表"  # never replaced
    assert templates.get_template("petition2030").version == 1


def test_a_document_of_a_broken_format_file_says_what_is_wrong_with_it(dropped: Path, tmp_path: Path) -> None:
    from model.exchange.store import DocumentError, loads

    (dropped / "petition2030.json").write_text('{"id": "petition2030", broken', encoding="utf-8")
    clear_template_cache()
    raw = {"format": "gov-disclosure-stats", "format_version": 1, "template": {"id": "petition2030", "version": 1},
           "year": 2030, "unit": {"name": "某县"}, "values": {}}
    said = r"不认识的表格式 'petition2030'。该表格式文件未能采用：.*petition2030\.json"
    with pytest.raises(DocumentError, match=said):
        loads(json.dumps(raw), "“某县.xxgk”")
