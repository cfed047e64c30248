"""A table is final only when it is right: blanks, totals as printed, draft marks, the 校验码, years and levels."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from model.core.document import Document, as_printed, check_context
from model.core.fingerprint import fingerprint
from model.core.report import check_document
from model.core.rules import Context, checker_for
from model.core.templates import get_template
from model.core.values import NA
from model.exchange.store import load, save
from print import pdf
from resources import path as resource_path
from tests.conftest import ROOT_DIR, SEED_EXAMPLE

ROOT = ROOT_DIR
EXAMPLE_2021 = resource_path("examples", "example-2021.json")
PACKAGED = {"system_fonts": False}


@pytest.fixture(autouse=True, scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory):
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSTATS_FONT_CACHE", str(tmp_path_factory.mktemp("fonts")))
    yield
    mp.undo()


@pytest.fixture
def doc21() -> Document:
    return load(EXAMPLE_2021)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(path).pages]


def run_main(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "GOVSTATS_FONT_CACHE": str(cache)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120, env=env)


def write(doc: Document, path: Path) -> Path:
    save(doc, path)
    return path


# -- 1. final means complete and consistent ---------------------------------------------------------------------

def test_examples_are_final(seed_doc: Document, doc21: Document) -> None:
    for doc in (seed_doc, doc21):
        report = check_document(doc)
        assert report.final and report.state_text() == "定稿（无错误、无未填）"


def test_a_blank_cell_makes_a_draft_even_without_errors(seed_doc: Document) -> None:
    seed_doc.set_value("I3", None)
    report = check_document(seed_doc)
    assert report.ok and not report.final
    assert report.state_text() == "草稿：1 格未填"


def test_a_blank_total_beside_filled_parts_is_an_error_stating_the_sum(doc21: Document) -> None:
    doc21.set_value("n1.zj", None)
    report = check_document(doc21)
    k3 = next(f for f in report.errors if f.key == "K3[n1]")
    assert "本年新收申请数量·总计未填，各项之和为 22（本年新收申请数量·自然人 18 +" in k3.message
    assert k3.cells[0] == "n1.zj"


def test_a_blank_part_under_a_filled_total_says_what_it_would_have_to_be(doc21: Document) -> None:
    doc21.set_value("n1.zrr", None)
    k3 = check_document(doc21).errors
    assert any(f.message.endswith("本年新收申请数量·自然人未填，按本年新收申请数量·总计 22 减去其余各项 4，应为 18")
               for f in k3)


def test_a_blank_part_that_must_be_zero_is_only_a_blank(doc21: Document) -> None:
    doc21.set_value("n1.ky", None)  # 科研机构 0: the row adds up with it printed as 0
    report = check_document(doc21)
    assert report.ok and [f.cells for f in report.blanks] == [("n1.ky",)]


def test_blanks_printed_as_zero_are_checked_as_zero(doc21: Document, tmp_path: Path) -> None:
    doc21.set_value("n1.zrr", None)  # the case: row 一 prints 0 for 自然人 while its 总计 says 22
    printed = check_document(as_printed(doc21, "zero"))
    assert not printed.final and {f.key for f in printed.errors} == {"K1[zrr]", "K3[n1]"}
    assert any("本年新收申请数量·自然人 0 +" in f.message and "差 18" in f.message for f in printed.errors)
    out = tmp_path / "zero.pdf"
    result = pdf.render(doc21, out, pdf.PrintOptions(blank="zero", **PACKAGED))
    assert result.draft and result.reason == "2 处错误" and result.fingerprint is None
    assert all("草稿（未通过校验）：2处错误" in t for t in page_texts(out))


def test_slash_printing_of_blanks_counts_them_as_slash(seed_doc: Document) -> None:
    seed_doc.set_value("I3", None)
    printed = as_printed(seed_doc, "slash")
    assert printed.value("I3") is NA and check_document(printed).final
    assert seed_doc.value("I3") is None  # the document itself keeps the blank


def test_check_exit_codes_final_draft_unreadable(doc21: Document, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    final = write(doc21, tmp_path / "final.json")
    r = run_main("--check", str(final), cache=cache)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "状态：定稿（无错误、无未填），校验码 " in r.stdout
    doc21.set_value("r3_1.ky", None)  # a blank alone (0 would add up): still not final
    blank = write(doc21, tmp_path / "blank.json")
    r = run_main("--check", "--json", str(blank), cache=cache)
    out = json.loads(r.stdout)
    assert r.returncode == 1 and out["final"] is False and out["state"] == "草稿：1 格未填"
    assert "fingerprint" not in out
    r = run_main("--check", "--json", "--blank", "zero", str(blank), cache=cache)  # as printed with 0
    assert r.returncode == 0 and json.loads(r.stdout)["final"] is True
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert run_main("--check", str(tmp_path / "broken.json"), cache=cache).returncode == 2


# -- 2. drafts look like drafts, finals can be verified ---------------------------------------------------------

@pytest.mark.parametrize("example", [SEED_EXAMPLE, EXAMPLE_2021], ids=["2015", "2021"])
def test_final_print_carries_the_fingerprint_that_check_reports(example: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "final.pdf"
    r = run_main("--pdf", str(out), str(example), cache=cache)
    assert r.returncode == 0, r.stdout + r.stderr
    code = json.loads(run_main("--check", "--json", str(example), cache=cache).stdout)["fingerprint"]
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert code == fingerprint(load(example)) and f"校验码 {code}" in r.stdout
    texts = page_texts(out)
    assert all(f"校验码：{code}" in t for t in texts) and not any("草稿" in t for t in texts)


def test_draft_print_marks_every_page_the_reason_and_the_cells_in_error(doc21: Document, tmp_path: Path) -> None:
    doc21.set_value("n1.zrr", None)
    doc21.set_value("r3_1.sy", None)
    out = tmp_path / "draft.pdf"
    result = pdf.render(doc21, out, pdf.PrintOptions(**PACKAGED))
    assert result.draft and result.reason == "2 处错误、2 格未填"
    texts = page_texts(out)
    assert all("草稿（未通过校验）：2处错误、2格未填。本件不能作为正式报表。" in t for t in texts)
    assert all(t.count("草稿") >= 2 for t in texts)  # the header line and the diagonal mark on every page
    assert not any("校验码" in t for t in texts)
    # the cell in error carries its appendix numbers; the appendix lists them and the blank cells
    assert "※1,※2" in texts[1]
    assert "※1[K1]" in texts[-1] and "※2[K3]" in texts[-1]
    assert "未填的格本年新收申请数量·自然人、属于国家秘密·商业企业（共2格）" in texts[-1]


def test_the_draft_mark_is_dark_in_black_and_white(doc21: Document, tmp_path: Path) -> None:
    """Rendered in grey (pdftoppm -gray), the page body under the diagonal mark has dark pixels where a final page
    of the same table has paper white: the mark does not vanish on a black-and-white printer."""
    import shutil

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    final = tmp_path / "final.pdf"
    pdf.render(doc21, final, pdf.PrintOptions(**PACKAGED))
    doc21.set_value("n1.ky", None)
    draft = tmp_path / "draft.pdf"
    pdf.render(doc21, draft, pdf.PrintOptions(**PACKAGED))

    def dark_pixels(path: Path) -> int:
        subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", "3", "-l", "3", str(path), str(path.with_suffix(""))],
                       check=True)
        pgm = next(tmp_path.glob(f"{path.stem}-*.pgm"))
        data = pgm.read_bytes()
        body = data[data.index(b"255\n") + 4:]
        return sum(1 for b in body if b < 160)

    assert dark_pixels(draft) > dark_pixels(final) + 200


def test_fingerprint_changes_with_any_figure_the_unit_or_the_year(seed_doc: Document) -> None:
    base = fingerprint(seed_doc)
    assert fingerprint(load(SEED_EXAMPLE)) == base  # stable across loads
    seed_doc.unit.phone = "0518-1"  # not part of the figures
    assert fingerprint(seed_doc) == base
    seed_doc.unit.name += "办公室"
    assert fingerprint(seed_doc) != base
    other = load(SEED_EXAMPLE)
    other.year += 1
    assert fingerprint(other) != base


@settings(max_examples=60, deadline=None)
@given(cell=st.sampled_from(sorted(get_template("gov2021").cells)), delta=st.integers(1, 5))
def test_fingerprint_changes_with_every_single_value(cell: str, delta: int) -> None:
    doc = load(EXAMPLE_2021)
    base = fingerprint(doc)
    old = doc.value(cell)
    doc.set_value(cell, NA if old == 0 and delta == 1 else (old if isinstance(old, int) else 0) + delta)
    assert fingerprint(doc) != base


def test_a_character_no_font_has_makes_the_copy_a_draft(seed_doc: Document, tmp_path: Path) -> None:
    seed_doc.unit.name = "海州区\U0001F600办公室"
    out = tmp_path / "emoji.pdf"
    result = pdf.render(seed_doc, out, pdf.PrintOptions(**PACKAGED))
    assert result.draft and result.reason == "1 个字无法印出" and "只能作草稿" in result.problems[0]
    assert all("草稿（未通过校验）：1个字无法印出" in t for t in page_texts(out))
    src = write(seed_doc, tmp_path / "emoji.json")
    r = run_main("--pdf", str(tmp_path / "cli.pdf"), str(src), cache=tmp_path / "cache")
    assert r.returncode == 1 and "U+1F600" in r.stderr


# -- 3. formats belong to years ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("template", "year", "fires"), [
    ("gov2015", 2014, False), ("gov2015", 2018, False), ("gov2015", 2019, True), ("gov2015", 2013, True),
    ("gov2021", 2021, False), ("gov2021", 2030, False), ("gov2021", 2017, True), ("gov2021", 2020, True),
])
def test_a_template_used_outside_its_years_warns_naming_the_year(template: str, year: int, fires: bool) -> None:
    t = get_template(template)
    found = checker_for(t).check({}, Context(year=year))
    assert ("Y1" in found) == fires
    if fires:
        assert found["Y1"].severity == "warning"
        assert f"本表为 {year} 年度" in found["Y1"].message and t.years_text() in found["Y1"].message


def test_the_2021_example_dated_2017_is_not_final_silently(doc21: Document) -> None:
    doc21.year = 2017
    report = check_document(doc21)
    assert [f.rule for f in report.warnings] == ["Y1"]
    assert ("本表为 2017 年度，而《政府信息公开工作年度报告统计表（国办公开办函〔2021〕30号）》"
            "用于 2021 年度起的报告") in report.warnings[0].message


# -- 4. the unit's level ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "fires"), [
    ("", True), ("county", True), ("township", True), ("department", True), ("province", False), ("city", False),
])
def test_k11_fires_only_where_rules_cannot_be_made(doc21: Document, level: str, fires: bool) -> None:
    doc21.set_value("t2.gz.zf", 2)
    doc21.set_value("t2.gz.yx", 2)
    doc21.unit.level = level
    found = checker_for(doc21.template).check(doc21.values, check_context(doc21))
    assert ("K11" in found) == fires


def test_level_is_saved_and_loaded_and_old_files_stay_byte_identical(doc21: Document, tmp_path: Path) -> None:
    doc21.unit.level = "city"
    p = write(doc21, tmp_path / "city.json")
    assert json.loads(p.read_text(encoding="utf-8"))["unit"]["level"] == "city"
    assert load(p).unit.level == "city"
    raw = json.loads(p.read_text(encoding="utf-8"))
    raw["unit"]["level"] = "国务院"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    from model.exchange.store import DocumentError

    with pytest.raises(DocumentError, match="行政层级"):
        load(p)


# -- the window says which --------------------------------------------------------------------------------------

def test_status_bar_says_final_with_the_code_or_draft_with_the_reason(make_window, seed_doc: Document) -> None:
    w = make_window(seed_doc)
    assert w.state.text() == f"定稿 · 校验码 {fingerprint(seed_doc)}"
    m = w.models[0]
    assert m.setData(m.index_of("I3"), "")
    assert w.state.text() == "草稿：1 格未填"
    w.lifecycle.unit_dock.panel.edits["name"].setText("海州区政府办公室")
    w.lifecycle.unit_dock.panel.commit("name", "海州区政府办公室")
    assert m.setData(m.index_of("I3"), "80")
    assert w.state.text() == f"定稿 · 校验码 {fingerprint(w.document)}" and fingerprint(w.document) != \
        fingerprint(load(SEED_EXAMPLE))


def test_choosing_the_level_in_the_unit_dock_reruns_k11_and_is_undoable(make_window, doc21: Document) -> None:
    doc21.set_value("t2.gz.zf", 1)
    doc21.set_value("t2.gz.yx", 1)
    w = make_window(doc21)
    assert "K11" in w.findings
    panel = w.lifecycle.unit_dock.panel
    panel.set_level("city")
    assert "K11" not in w.findings and panel.level.currentText() == "设区的市级"
    assert w.undo_stack.undoText() == "修改行政层级"
    w.undo_stack.undo()
    assert "K11" in w.findings and panel.level.currentText() == "（请选择）"


def test_changing_the_year_in_the_window_warns_about_the_format(make_window, doc21: Document) -> None:
    w = make_window(doc21)
    assert "Y1" not in w.findings
    w.lifecycle.unit_dock.panel.commit("year", "2019")
    assert "Y1" in w.findings and "本表为 2019 年度" in w.findings["Y1"].message
