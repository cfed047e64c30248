"""Built-in templates as data: the 2015 table against tables.md §1.2 and the seed, the 2021 tables, load errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from model.core.report import check_document
from model.core.rules import checker_for
from model.core.templates import HANS, HANT, TemplateError, available_templates, get_template, load_template
from model.core.values import DECIMAL, INTEGER, format_value
from resources import path as resource_path
from tests.conftest import DATA, ROOT_DIR

ROOT = ROOT_DIR
# A verbatim copy of ../shared/seed/000_b63e10a7753d7d9b.txt, so the test also runs on a fresh checkout.
SEED_COPY = DATA / "seed_haizhou_2015.txt"
SHARED = ROOT.parent / "shared"
SHARED_SEED = SHARED / "seed" / "000_b63e10a7753d7d9b.txt"
TABLES_MD = SHARED / "domain" / "tables.md"

# tables.md §1.2, transcribed: id, kind, parent, unit as in the seed (Traditional), Simplified label.
SPEC_2015: list[tuple[str, str, str | None, str | None, str]] = [
    ('SEC1', 'section', None, None, '一、主动公开情况'),
    ('A1', 'data', 'SEC1', '條', '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）'),
    ('A1a', 'data', 'A1', '條', '其中：主动公开规范性文件数'),
    ('A1b', 'data', 'SEC1', '件', '制发规范性文件总数'),
    ('A2', 'heading', 'SEC1', None, '（二）通过不同渠道和方式公开政府信息的情况'),
    ('A2a', 'data', 'A2', '條', '1.政府公报公开政府信息数'),
    ('A2b', 'data', 'A2', '條', '2.政府网站公开政府信息数'),
    ('A2c', 'data', 'A2', '條', '3.政务微博公开政府信息数'),
    ('A2d', 'data', 'A2', '條', '4.政务微信公开政府信息数'),
    ('A2e', 'data', 'A2', '條', '5.其他方式公开政府信息数'),
    ('SEC2', 'section', None, None, '二、回应解读情况'),
    ('B1', 'data', 'SEC2', '次', '（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）'),
    ('B2', 'heading', 'SEC2', None, '（二）通过不同渠道和方式回应解读的情况'),
    ('B2a', 'data', 'B2', '次', '1.参加或举办新闻发布会总次数'),
    ('B2a1', 'data', 'B2a', '次', '其中：主要负责同志参加新闻发布会次数'),
    ('B2b', 'data', 'B2', '次', '2.政府网站在线访谈次数'),
    ('B2b1', 'data', 'B2b', '次', '其中：主要负责同志参加政府网站在线访谈次数'),
    ('B2c', 'data', 'B2', '篇', '3.政策解读稿件发布数'),
    ('B2d', 'data', 'B2', '次', '4.微博微信回应事件数'),
    ('B2e', 'data', 'B2', '次', '5.其他方式回应事件数'),
    ('SEC3', 'section', None, None, '三、依申请公开情况'),
    ('C1', 'data', 'SEC3', '件', '（一）收到申请数'),
    ('C1a', 'data', 'C1', '件', '1.当面申请数'),
    ('C1b', 'data', 'C1', '件', '2.传真申请数'),
    ('C1c', 'data', 'C1', '件', '3.网络申请数'),
    ('C1d', 'data', 'C1', '件', '4.信函申请数'),
    ('C2', 'data', 'SEC3', '件', '（二）申请办结数'),
    ('C2a', 'data', 'C2', '件', '1.按时办结数'),
    ('C2b', 'data', 'C2', '件', '2.延期办结数'),
    ('C3', 'data', 'SEC3', '件', '（三）申请答复数'),
    ('C3a', 'data', 'C3', '件', '1.属于已主动公开范围数'),
    ('C3b', 'data', 'C3', '件', '2.同意公开答复数'),
    ('C3c', 'data', 'C3', '件', '3.同意部分公开答复数'),
    ('C3d', 'data', 'C3', '件', '4.不同意公开答复数'),
    ('C3d1', 'data', 'C3d', '件', '其中：涉及国家秘密'),
    ('C3d2', 'data', 'C3d', '件', '涉及商业秘密'),
    ('C3d3', 'data', 'C3d', '件', '涉及个人隐私'),
    ('C3d4', 'data', 'C3d', '件', '危及国家安全、公共安全、经济安全和社会稳定'),
    ('C3d5', 'data', 'C3d', '件', '不是《条例》所指政府信息'),
    ('C3d6', 'data', 'C3d', '件', '法律法规规定的其他情形'),
    ('C3e', 'data', 'C3', '件', '5.不属于本行政机关公开数'),
    ('C3f', 'data', 'C3', '件', '6.申请信息不存在数'),
    ('C3g', 'data', 'C3', '件', '7.告知作出更改补充数'),
    ('C3h', 'data', 'C3', '件', '8.告知通过其他途径办理数'),
    ('D', 'data', None, '件', '四、行政复议数量'),
    ('D1', 'data', 'D', '件', '（一）维持具体行政行为数'),
    ('D2', 'data', 'D', '件', '（二）被依法纠错数'),
    ('D3', 'data', 'D', '件', '（三）其他情形数'),
    ('E', 'data', None, '件', '五、行政诉讼数量'),
    ('E1', 'data', 'E', '件', '（一）维持具体行政行为或者驳回原告诉讼请求数'),
    ('E2', 'data', 'E', '件', '（二）被依法纠错数'),
    ('E3', 'data', 'E', '件', '（三）其他情形数'),
    ('F', 'data', None, '件', '六、举报投诉数量'),
    ('G', 'data', None, '萬元', '七、依申请公开信息收取的费用'),
    ('SEC8', 'section', None, None, '八、机构建设和保障经费情况'),
    ('H1', 'data', 'SEC8', '個', '（一）政府信息公开工作专门机构数'),
    ('H2', 'data', 'SEC8', '個', '（二）设置政府信息公开查阅点数'),
    ('H3', 'data', 'SEC8', '人', '（三）从事政府信息公开工作人员数'),
    ('H3a', 'data', 'H3', '人', '1.专职人员数（不包括政府公报及政府网站工作人员数）'),
    ('H3b', 'data', 'H3', '人', '2.兼职人员数'),
    ('H4', 'data', 'SEC8', '萬元',
     '（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）'),
    ('SEC9', 'section', None, None, '九、政府信息公开会议和培训情况'),
    ('I1', 'data', 'SEC9', '次', '（一）召开政府信息公开工作会议或专题会议数'),
    ('I2', 'data', 'SEC9', '次', '（二）举办各类培训班数'),
    ('I3', 'data', 'SEC9', '人次', '（三）接受培训人员数'),
]
SIMPLIFIED_UNIT = {"條": "条", "個": "个", "萬元": "万元"}


def seed_table(text: str) -> list[tuple[str, str, str]]:
    """The seed's statistics table: one line per cell ("label |"), three cells per row, after the 統計數 header."""
    lines = text.split("\n")
    start = lines.index("統計數 |") + 1
    cells = [line.removesuffix("|").rstrip(" ") for line in lines[start:] if line != ""]
    assert all(line.endswith("|") for line in lines[start:] if line), "every table line ends with |"
    return [(cells[k], cells[k + 1], cells[k + 2]) for k in range(0, len(cells), 3)]


@pytest.fixture(scope="module")
def seed_rows() -> list[tuple[str, str, str]]:
    return seed_table(SEED_COPY.read_text(encoding="utf-8"))


def test_seed_copy_is_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared seed folder not present (fresh checkout)")
    assert SEED_COPY.read_bytes() == SHARED_SEED.read_bytes()


def test_spec_transcription_matches_tables_md() -> None:
    if not TABLES_MD.exists():
        pytest.skip("shared tables.md not present (fresh checkout)")
    md = TABLES_MD.read_text(encoding="utf-8")
    section = md[md.index("### 1.2") : md.index("Hierarchy notes")]
    rows = []
    for line in section.splitlines():
        m = re.match(r"^\| \d+ \| `([^`]+)` \| (.*?) \| `.*?` \| (.*?) \| (\w+) \| (.*?) \|", line)
        if m:
            rid, hans, unit, kind, parent = m.groups()
            hans = re.sub(r" \[seed: .*\]$", "", hans)  # the E1 "具有, sic" annotation is not part of the label
            rows.append((rid, kind, None if parent == "—" else parent, None if unit == "—" else unit, hans))
    assert rows == SPEC_2015


def test_2015_has_all_65_rows_in_order_with_kinds_parents_units_and_simplified_labels() -> None:
    table = get_template("gov2015").tables[0]
    got = [
        (r.id, r.kind, r.parent, r.unit.hant if r.unit else None, r.label.hans) for r in table.rows
    ]
    assert len(got) == 65
    assert got == SPEC_2015
    for r in table.rows:
        if r.unit is not None:
            assert r.unit.hans == SIMPLIFIED_UNIT.get(r.unit.hant, r.unit.hant)


def test_2015_traditional_labels_and_units_are_the_seed_byte_for_byte(seed_rows: list[tuple[str, str, str]]) -> None:
    table = get_template("gov2015").tables[0]
    assert len(seed_rows) == 65
    for (label, unit, _value), row in zip(seed_rows, table.rows, strict=True):
        assert row.label.hant.encode("utf-8") == label.encode("utf-8"), row.id
        assert (row.unit.hant if row.unit else "") == unit, row.id
    # the seed's typography survives: U+FE52 item dots, ASCII "2." on A2b, ASCII parentheses, the 具有 typo
    labels = {r.id: r.label.hant for r in table.rows}
    assert labels["A2a"].startswith("1\ufe52") and labels["A2b"].startswith("2.")
    assert labels["A1"].startswith("(一)") and " (不同渠道" in labels["A1"]
    assert "具有" in labels["E1"] and "具体" in next(r.label.hans for r in table.rows if r.id == "E1")


def test_2015_header_and_title_are_the_seeds() -> None:
    t = get_template("gov2015")
    header = t.tables[0].header[0]
    assert [h.text.get(HANT) for h in header] == ["統 計 指 標", "單位", "統計數"]
    assert [h.text.get(HANS) for h in header] == ["统计指标", "单位", "统计数"]
    assert t.title.get(HANT) == "政府信息公開情況統計表" and t.title.get(HANS) == "政府信息公开情况统计表"


def test_2015_cells_types_and_headings() -> None:
    t = get_template("gov2015")
    assert (t.id, t.version) == ("gov2015", 1)
    assert len(t.cells) == 58
    assert [c for c, cell in t.cells.items() if cell.type == DECIMAL] == ["G", "H4"]
    assert all(cell.type == INTEGER for c, cell in t.cells.items() if c not in ("G", "H4"))
    assert t.headings == ("SEC1", "A2", "SEC2", "B2", "SEC3", "SEC8", "SEC9")
    assert list(t.cells) == [r[0] for r in SPEC_2015 if r[1] == "data"]


def test_example_document_equals_the_seed_figure_by_figure(seed_doc, seed_rows) -> None:
    table = seed_doc.template.tables[0]
    for (_label, _unit, value), row in zip(seed_rows, table.rows, strict=True):
        shown = format_value(seed_doc.value(row.id), row.type, places=0) if row.kind == "data" else ""
        assert shown == value, row.id
    assert seed_doc.year == 2015 and "海州区" in seed_doc.unit.name
    assert set(seed_doc.values) == set(seed_doc.template.cells)


def test_example_document_passes_every_rule(seed_doc) -> None:
    checker = checker_for(seed_doc.template)
    assert checker.check(seed_doc.values) == {}
    report = check_document(seed_doc)
    assert (report.errors, report.warnings, report.blanks) == ((), (), ())


T3_ROWS = ["n1", "n2", "r1", "r2", *(f"r3_{i}" for i in range(1, 9)), "r4_1", "r4_2", "r4_3",
           *(f"r5_{i}" for i in range(1, 6)), "r6_1", "r6_2", "r6_3", "r7", "n4"]
T3_COLUMNS = ["zrr", "sy", "ky", "gy", "fl", "qt", "zj"]


def test_2021_table_three_has_25_value_rows_not_27() -> None:
    # tables.md §3.4 says "27 value rows", but its own list (and the official form) has 25; the list wins.
    t3 = get_template("gov2021").table("t3")
    assert [r.id for r in t3.rows if r.kind == "data"] == T3_ROWS
    assert len(T3_ROWS) == 25
    assert [c.id for c in t3.columns] == T3_COLUMNS
    assert [c.label.hans for c in t3.columns] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert [r.label.hans for r in t3.rows if r.kind == "group"] == [
        "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    labels = {r.id: r.label.hans for r in t3.rows}
    assert labels["r2"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels["r3_3"] == "3.危及“三安全一稳定”"
    assert labels["n4"] == "四、结转下年度继续办理"
    note = t3.header[0][0]
    assert note.text.hans == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (note.rowspan, note.colspan) == (3, 3)


def test_2021_cells_of_tables_two_three_four() -> None:
    t = get_template("gov2021")
    by_table: dict[str, list[str]] = {}
    for cid, cell in t.cells.items():
        by_table.setdefault(cell.table, []).append(cid)
    assert by_table["t2"] == ["t2.gz.zf", "t2.gz.fz", "t2.gz.yx", "t2.gf.zf", "t2.gf.fz", "t2.gf.yx",
                              "t2.xk", "t2.cf", "t2.qz", "t2.sf"]
    assert by_table["t3"] == [f"{r}.{c}" for r in T3_ROWS for c in T3_COLUMNS]
    assert by_table["t4"] == [f"{g}.{k}" for g in ("fy", "ss1", "ss2") for k in ("wc", "jz", "qt", "wj", "zj")]
    assert len(t.cells) == 200
    assert [c for c, cell in t.cells.items() if cell.type == DECIMAL] == ["t2.sf"]
    assert t.cells["t2.sf"].unit is not None and t.cells["t2.sf"].unit.hans == "万元"
    assert [r.label.hans for r in t.table("t2").rows if r.kind == "caption"] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


def test_every_expression_rule_states_its_blank_policy_in_the_file() -> None:
    for name in ("gov2015.json", "gov2021.json"):
        raw = json.loads(resource_path("templates", name).read_text(encoding="utf-8"))
        expr_rules = [r for r in raw["rules"] if r.get("check", "expr") == "expr"]
        assert expr_rules and all(r["blank"] in ("skip", "solve") for r in expr_rules), name
        # every same-year sum equation that is an error says what a single blank cell would have to be
        sums = [r for r in expr_rules if r["severity"] == "error" and "==" in r["expr"] and "prev." not in r["expr"]]
        assert sums and all(r["blank"] == "solve" for r in sums), name
        assert "skip" in raw["rules_note"]["hans"] and "solve" in raw["rules_note"]["hans"]


def test_rule_sets_are_complete() -> None:
    ids_2015 = {r.id for r in get_template("gov2015").rules}
    assert ids_2015 >= {"V1", "V2", "V3", "V4", "V5", *(f"R{n:02d}" for n in range(1, 23))}
    ids_2021 = {r.id for r in get_template("gov2021").rules}
    assert ids_2021 >= {"K1", "K2", "K3", "K4", "K5", "K6", "K7", "K10", "K11"}


def test_available_templates_load_with_id_and_version() -> None:
    assert [(t.id, t.version) for t in available_templates()] == [("gov2015", 1), ("gov2021", 1)]


# --- a template file that is itself wrong -------------------------------------------------------------------

GOOD = resource_path("templates", "gov2015.json").read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def id_line(text: str, rid: str, nth: int = 1) -> int:
    return line_of(text, f'"id": "{rid}"', nth)


def load_broken(tmp_path: Path, text: str) -> TemplateError:
    p = tmp_path / "broken-template.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(p)
    assert "broken-template.json" in str(info.value)
    return info.value


def test_good_copy_loads(tmp_path: Path) -> None:
    p = tmp_path / "copy.json"
    p.write_text(GOOD, encoding="utf-8")
    assert len(load_template(p).cells) == 58


def test_duplicate_row_id_names_the_second_copy(tmp_path: Path) -> None:
    text = GOOD.replace('"id": "A1b"', '"id": "A1a"')
    err = load_broken(tmp_path, text)
    assert "'A1a'" in str(err) and "重复" in str(err)
    assert f"第 {id_line(text, 'A1a', 2)} 行" in str(err)


def test_duplicate_rule_id(tmp_path: Path) -> None:
    text = GOOD.replace('"id": "R02"', '"id": "R01"')
    err = load_broken(tmp_path, text)
    assert "R01" in str(err) and "重复" in str(err)
    assert f"第 {id_line(text, 'R01', 2)} 行" in str(err)


def test_rule_naming_an_unknown_cell(tmp_path: Path) -> None:
    text = GOOD.replace('"expr": "C2 == C2a + C2b"', '"expr": "C2 == C2a + C2x"')
    err = load_broken(tmp_path, text)
    assert "R02" in str(err) and "C2x" in str(err) and "不存在" in str(err)
    assert f"第 {id_line(text, 'R02')} 行" in str(err)


def test_foreach_naming_an_unknown_cell(tmp_path: Path) -> None:
    text = GOOD.replace('"A2e"\n', '"A2z"\n', 1)
    assert text != GOOD
    err = load_broken(tmp_path, text)
    assert "R11" in str(err) and "A2z" in str(err)


def test_bad_unit(tmp_path: Path) -> None:
    head, rows = GOOD.split('"tables"', 1)  # a row's unit the format's own list of units does not have
    text = head + '"tables"' + rows.replace('"hans": "人次"', '"hans": "人天"')
    err = load_broken(tmp_path, text)
    assert "I3" in str(err) and "人天" in str(err) and "units" in str(err)
    assert f"第 {id_line(text, 'I3')} 行" in str(err)


def test_bad_expression(tmp_path: Path) -> None:
    text = GOOD.replace('"expr": "C2 == C2a + C2b"', '"expr": "C2 == C2a + + C2b"')
    err = load_broken(tmp_path, text)
    assert "R02" in str(err) and "表达式" in str(err)
    assert f"第 {id_line(text, 'R02')} 行" in str(err)


@pytest.mark.parametrize("expr_text", ["C2 == __import__('os')", "C2 = C2a", "C2 == C2a * 2", "C2", "C2 == (C2a"])
def test_expressions_that_are_not_rules_are_refused(tmp_path: Path, expr_text: str) -> None:
    text = GOOD.replace('"expr": "C2 == C2a + C2b"', f'"expr": {json.dumps(expr_text)}')
    err = load_broken(tmp_path, text)
    assert "R02" in str(err)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    lines = GOOD.split("\n")
    lines[40] = lines[40] + ","  # a trailing comma somewhere in the middle
    err = load_broken(tmp_path, "\n".join(lines))
    assert "JSON" in str(err) and re.search(r"第 \d+ 行", str(err))


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"severity": "warning"', '"severity": "hint"', ["Y1", "严重程度"]),
        ('"parent": "C3d"', '"parent": "C9"', ["C3d1", "上级"]),
        ('"type": "decimal"', '"type": "float"', ["数值类型"]),
        ('"kind": "heading"', '"kind": "banner"', ["A2", "类型"]),
        ('"version": 1', '"version": "1"', ["version"]),
        ('"expr": "C2 == C2a + C2b",\n   "blank": "solve"', '"expr": "C2 == C2a + C2b",\n   "blank": "maybe"',
         ["R02", "blank"]),
        ('"expr": "{x} <= A1"', '"expr": "A2a <= A1"', ["R11", "foreach"]),
    ],
)
def test_other_template_mistakes_name_the_id(tmp_path: Path, old: str, new: str, words: list[str]) -> None:
    assert old in GOOD
    err = load_broken(tmp_path, GOOD.replace(old, new, 1))
    for w in words:
        assert w in str(err)


def test_structure_errors_and_unreadable_files_are_template_errors(tmp_path: Path) -> None:
    load_broken(tmp_path, "[]")
    load_broken(tmp_path, '{"id": "x"}')
    load_broken(tmp_path, GOOD.replace('"rows": [', '"rows": 5, "x": [', 1))
    p = tmp_path / "broken-template.json"
    p.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(TemplateError, match=r"broken-template\.json"):
        load_template(p)


def test_a_partial_phrase_that_is_no_regex_is_refused(tmp_path: Path) -> None:
    raw = json.loads((ROOT_DIR / "resources" / "templates" / "gov2021.json").read_text(encoding="utf-8"))
    raw["report"]["partial"] = ["代表(["]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"report\.partial: 正则表达式有误"):
        load_template(bad)
