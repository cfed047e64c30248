"""Check kinds are a registry: a new kind is one module and one line, and the loader, the engine, the 汇总 column
filter and the schema all take it from there."""

from __future__ import annotations

import ast
import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from jsonschema import Draft202012Validator

from model.core.batch_check import batch_check
from model.core.checks import registry
from model.core.checks.base import CheckKind, Context, Finding, Instance, Names, RuleSource, cell_finding
from model.core.checks.schema import with_kinds
from model.core.columns import Columns
from model.core.rules import Checker
from model.core.template_load import load_template
from model.core.templates import RuleSpec, Template, TemplateError
from model.core.values import Value, format_number
from tests.conftest import ROOT_DIR
from tests.model.core.test_template_dropin import MINI, SCHEMA

ROOT = ROOT_DIR


class Multiple(CheckKind):
    """A toy kind: a figure must be a multiple of `step` (a count kept in dozens)."""

    name: ClassVar[str] = "multiple_of"
    summary: ClassVar[str] = "数字须为 step 的整数倍"
    options: ClassVar[dict[str, dict[str, Any]]] = {"step": {"type": "integer", "minimum": 2}}

    def compile(self, spec: RuleSpec, source: RuleSource) -> RuleSpec:
        return replace(spec, max=source.whole("step", 12, 2, "step 应为不小于 2 的整数", spec))

    def evaluate(self, inst: Instance, values: Mapping[str, Value], context: Context, names: Names) -> Finding | None:
        v = values.get(inst.cells[0])
        if not isinstance(v, int) or v % inst.spec.max == 0:
            return None
        return cell_finding(inst, values, names, f"{format_number(v)} 不是 {inst.spec.max} 的整数倍，"
                                                 f"余 {v % inst.spec.max}")

    def candidates(self, inst: Instance, cols: Columns, linked: bool, template: Template) -> Sequence[int]:
        return [i for i, v in enumerate(cols.raw(inst.cells[0])) if isinstance(v, int) and v % inst.spec.max]


@pytest.fixture
def toy_kind():
    registry.register(Multiple())
    yield
    registry.unregister(Multiple.name)


def template_with(tmp_path: Path, rule: dict[str, Any]) -> Template:
    raw = copy.deepcopy(MINI)
    raw["rules"].append(rule)
    file = tmp_path / "petition2030.json"
    file.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return load_template(file)


def test_a_new_kind_is_read_checked_explained_filtered_and_in_the_schema(toy_kind, tmp_path: Path) -> None:
    t = template_with(tmp_path, {"id": "M1", "severity": "warning", "check": "multiple_of", "step": 12,
                                 "types": ["integer"], "message": "按打计"})
    checker = Checker(t)
    docs = [{"P1": 24, "P1a": 12, "P1b": 12}, {"P1": 25, "P1a": 12, "P1b": 13}]
    found = checker.check(docs[1])
    assert {k: f.message for k, f in found.items() if f.rule == "M1"} == {
        "M1:P1": "受理信访事项总数：25 不是 12 的整数倍，余 1",
        "M1:P1b": "来访事项：13 不是 12 的整数倍，余 1",
    }
    assert not [f for f in checker.check(docs[0]).values() if f.rule == "M1"]
    assert batch_check(checker, docs) == [checker.check(d) for d in docs]

    schema = with_kinds(SCHEMA)
    rule = schema["$defs"]["rule"]["properties"]
    assert rule["check"]["enum"][-1] == "multiple_of"
    assert "multiple_of：数字须为 step 的整数倍" in rule["check"]["description"]
    assert rule["step"] == {"type": "integer", "minimum": 2}
    raw = json.loads((tmp_path / "petition2030.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(raw)) == []
    assert list(Draft202012Validator(SCHEMA).iter_errors(raw)) != []  # the schema on disk does not know it yet


def test_a_kind_reads_its_own_options_and_names_the_line(toy_kind, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"petition2030.json 第 \d+ 行: 规则 M1: step 应为不小于 2 的整数"):
        template_with(tmp_path, {"id": "M1", "severity": "warning", "check": "multiple_of", "step": 1,
                                 "message": "按打计"})


def test_an_unknown_kind_lists_the_registered_ones(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="检查类型 'multiple_of' 不认识（应为 expr, type, decimals, filled"):
        template_with(tmp_path, {"id": "M1", "severity": "warning", "check": "multiple_of", "message": "按打计"})


def test_blank_modes_are_the_kinds_own(tmp_path: Path) -> None:
    template_with(tmp_path, {"id": "X2", "severity": "error", "expr": "P1 >= P1a", "blank": "solve", "message": "m"})
    with pytest.raises(TemplateError, match="规则 S9: 检查类型 swing 的 blank 只能为 skip"):
        template_with(tmp_path, {"id": "S9", "severity": "warning", "check": "swing", "blank": "zero", "message": "m"})


def test_options_of_one_kind_are_not_read_for_another(tmp_path: Path) -> None:
    """A digits rule reads its bounds (and needs "*" among them); other kinds never look at them."""
    with pytest.raises(TemplateError, match=r"bounds 需要 \"\*\""):
        template_with(tmp_path, {"id": "D1", "severity": "warning", "check": "digits", "bounds": {"件": 5},
                                 "message": "位数过多"})
    t = template_with(tmp_path, {"id": "D1", "severity": "warning", "check": "digits", "bounds": {"件": 2, "*": 9},
                                 "message": "位数过多"})
    assert "受理信访事项总数：123 有 3 位整数，位数过多（本项通常不超过 2 位）" in [
        f.message for f in Checker(t).check({"P1": 123}).values()]


def test_every_registered_kind_is_one_module_with_what_authors_need() -> None:
    folder = ROOT / "model" / "core" / "checks"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "base", "registry", "schema"}
    defined = {}
    for stem in modules:
        tree = ast.parse((folder / f"{stem}.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), stem  # the module says what its rules check, for template authors
        defined[stem] = [n.name for n in tree.body if isinstance(n, ast.ClassDef)
                         and any(getattr(b, "id", "") == "CheckKind" for b in n.bases)]
        assert len(defined[stem]) == 1, (stem, defined[stem])
    assert sorted(type(k).__name__ for k in registry.KINDS.values()) == sorted(c for cs in defined.values()
                                                                             for c in cs)
    for kind in registry.KINDS.values():
        assert kind.summary and kind.blank_modes and type(kind).evaluate is not CheckKind.evaluate, kind.name
