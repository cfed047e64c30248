"""The printed form of every table as one grid of spanned cells (what the window, the PDF and Excel all draw)."""
# ruff: noqa: E501  (expected labels are quoted whole)

from __future__ import annotations

import pytest

from model.core import layout
from model.core.layout import Grid, build_grid
from model.core.templates import HANS, HANT, get_template

ALL_TABLES = [(t, tb.id) for t in ("gov2015", "gov2021") for tb in get_template(t).tables]


def grid(template_id: str, table_id: str, script: str = HANS) -> Grid:
    t = get_template(template_id)
    return build_grid(t, t.table(table_id), script)


def text_at(g: Grid, row: int, col: int) -> str:
    cell = g.at(row, col)
    assert cell is not None
    return cell.text


@pytest.mark.parametrize(("template_id", "table_id"), ALL_TABLES)
def test_spans_never_overlap_and_every_value_cell_has_one_place(template_id: str, table_id: str) -> None:
    g = grid(template_id, table_id)
    covered: dict[tuple[int, int], int] = {}
    for n, c in enumerate(g.cells):
        for dr in range(c.rowspan):
            for dc in range(c.colspan):
                pos = (c.row + dr, c.col + dc)
                assert pos not in covered, f"{pos} drawn twice"
                assert 0 <= pos[0] < g.n_rows and 0 <= pos[1] < g.n_cols
                covered[pos] = n
    assert len(covered) == g.n_rows * g.n_cols  # no holes either: the form is a full rectangle
    t = get_template(template_id)
    ids = [c.cell_id for c in g.cells if c.role == layout.VALUE]
    assert sorted(ids) == sorted(cid for cid, cell in t.cells.items() if cell.table == table_id)
    for cid in ids:
        r, c = g.positions[cid]
        assert g.at(r, c).cell_id == cid  # type: ignore[union-attr]


def test_2015_grid_is_the_seed_table() -> None:
    g = grid("gov2015", "main", HANT)
    assert (g.n_rows, g.n_cols, g.header_rows, g.label_cols) == (66, 3, 1, 1)
    assert [text_at(g, 0, c) for c in range(3)] == ["統 計 指 標", "單位", "統計數"]
    assert text_at(g, 1, 0) == "一、主動公開情況" and g.at(1, 0).role == layout.SECTION  # type: ignore[union-attr]
    assert g.at(1, 2).role == layout.EMPTY  # type: ignore[union-attr]
    assert [text_at(g, 2, c) for c in range(2)] == ["(一)主動公開政府信息數 (不同渠道和方式公開相同信息計1條)", "條"]
    assert g.positions["A1"] == (2, 2) and g.positions["I3"] == (65, 2)
    assert g.at(*g.positions["G"]).row_id == "G"  # type: ignore[union-attr]
    assert text_at(g, g.positions["G"][0], 1) == "萬元"
    assert g.at(5, 0).role == layout.HEADING and g.at(5, 0).text.startswith("(二)通過")  # type: ignore[union-attr]
    levels = {c.row_id: c.level for c in g.cells if c.col == 0 and c.row >= 1}
    assert (levels["SEC1"], levels["A1"], levels["A1a"], levels["C3d1"], levels["D"], levels["D1"]) == (0, 1, 2, 3, 0, 1)
    assert g.row_of[0] is None and g.row_of[1] == "SEC1" and g.row_of[65] == "I3"


def test_2015_simplified_grid() -> None:
    g = grid("gov2015", "main", HANS)
    assert [text_at(g, 0, c) for c in range(3)] == ["统计指标", "单位", "统计数"]
    assert text_at(g, g.positions["C1"][0], 0) == "（一）收到申请数"
    assert text_at(g, g.positions["H1"][0], 1) == "个"


def test_2021_table_three_header_groups_and_labels() -> None:
    g = grid("gov2021", "t3")
    assert (g.n_rows, g.n_cols, g.header_rows, g.label_cols) == (28, 10, 3, 3)
    note = g.at(2, 2)
    assert note is not None and note.role == layout.NOTE and (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert note.text.startswith("（本列数据的勾稽关系为")
    top = g.at(0, 9)
    assert top is not None and top.text == "申请人情况" and (top.col, top.colspan) == (3, 7)
    assert [text_at(g, 2, c) for c in range(3, 10)] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    legal = g.at(1, 6)
    assert legal is not None and legal.text == "法人或其他组织" and (legal.col, legal.colspan) == (4, 5)
    assert g.spans()  # the renderers merge these
    groups = {c.text: (c.row, c.col, c.rowspan) for c in g.cells if c.role == layout.GROUP}
    assert groups == {
        "三、本年度办理结果": (5, 0, 22), "（三）不予公开": (7, 1, 8), "（四）无法提供": (15, 1, 3),
        "（五）不予处理": (18, 1, 5), "（六）其他处理": (23, 1, 3),
    }
    n1 = g.at(3, 0)
    assert n1 is not None and n1.text == "一、本年新收政府信息公开申请数量" and n1.colspan == 3
    r1 = g.at(5, 1)
    assert r1 is not None and r1.text == "（一）予以公开" and r1.colspan == 2
    assert text_at(g, 7, 2) == "1.属于国家秘密"
    assert g.positions["n1.zrr"] == (3, 3) and g.positions["n4.zj"] == (27, 9) and g.positions["r7.sy"] == (26, 4)


def test_2021_table_two_captions_and_merged_value_columns() -> None:
    g = grid("gov2021", "t2")
    assert (g.n_rows, g.n_cols) == (14, 4)
    captions = [c for c in g.cells if c.role == layout.CAPTION]
    assert [c.text for c in captions] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert all(c.colspan == 4 for c in captions)
    assert [text_at(g, 1, c) for c in range(4)] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    xk = g.at(*g.positions["t2.xk"])
    assert xk is not None and xk.colspan == 3 and text_at(g, xk.row, 0) == "行政许可"
    assert text_at(g, 12, 1) == "本年收费金额（单位：万元）"


def test_2021_table_four_header() -> None:
    g = grid("gov2021", "t4", HANT)
    assert (g.n_rows, g.n_cols, g.header_rows, g.label_cols) == (4, 15, 3, 0)
    assert text_at(g, 0, 0) == "行政復議" and g.at(0, 0).colspan == 5  # type: ignore[union-attr]
    assert text_at(g, 0, 5) == "行政訴訟" and g.at(0, 14).colspan == 10  # type: ignore[union-attr]
    assert text_at(g, 1, 5) == "未經復議直接起訴" and text_at(g, 1, 10) == "復議後起訴"
    assert text_at(g, 2, 0) == "結果維持" and g.at(1, 0).rowspan == 2  # type: ignore[union-attr]
    assert [g.positions[f"ss2.{k}"] for k in ("wc", "zj")] == [(3, 10), (3, 14)]
