"""Year on year: the key figures the format names, per unit and in total, the largest movements first, and the
chart into a PDF page and a PNG."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium

from model.collect.year_on_year import Movement, compare, largest, per_unit
from model.exchange.store import load, save
from print.charts import ChartSpec, chart_pdf
from tests.conftest import ROOT_DIR, run_main
from tests.model.collect.county import make_county

EXAMPLE = ROOT_DIR / "resources" / "examples" / "example-2021.json"


def test_a_movement_says_how_much_and_how_sharply() -> None:
    jump = Movement("甲", "新收政府信息公开申请", 300, 3)
    assert jump.text() == "新收政府信息公开申请 300（上年 3，增加 297，+9900.0%）"
    assert Movement("", "行政复议", 2, 2).text() == "行政复议 2（上年 2，持平，+0.0%）"
    assert Movement("", "行政诉讼", 1, 0).text() == "行政诉讼 1（上年 0，增加 1，上年为 0）"
    assert Movement("", "行政处罚", Decimal("4"), None).text() == "行政处罚 4（上年无数）"


def test_the_formats_key_figures_are_compared_and_the_jumps_come_first() -> None:
    doc = load(EXAMPLE)
    before = dict(doc.values)
    now = dict(doc.values) | {"n1.zj": 300, "fy.zj": 3}
    total = {m.figure: m for m in compare(doc.template, now, before)}
    assert total["新收政府信息公开申请"].change == 300 - before["n1.zj"]  # type: ignore[operator]
    assert total["行政复议"].now == 3 and "不予公开" in total  # 不予公开: the sum of its eight reasons
    units = per_unit(doc.template, [("淮安市洪泽区人民政府", now), ("乙局", before)],
                     [("洪泽区人民政府", before), ("乙局", before)])
    top = largest(units)
    assert top[0].unit == "淮安市洪泽区人民政府" and top[0].figure == "新收政府信息公开申请"
    assert all(m.unit != "乙局" for m in top)  # nothing moved there



def test_sum_against_last_years_aggregate_with_its_chart(tmp_path: Path) -> None:
    last_year = tmp_path / "2022"
    make_county(last_year)
    for f in last_year.glob("*.json"):
        doc = load(f)
        doc.year = 2022
        save(doc, f)
    jump = next(last_year.glob("04_*.json"))  # 南山乡 had 3 applications last year
    doc = load(jump)
    doc.values.update({"n1.zrr": 3, "n1.zj": 3})
    save(doc, jump)
    assert run_main("--sum", str(tmp_path / "2022汇总.json"), *map(str, sorted(last_year.glob("*.json"))),
                 "--office", "青山县").returncode in (0, 1)
    this_year = tmp_path / "2023"
    make_county(this_year)
    doc = load(next(this_year.glob("04_*.json")))
    doc.values.update({"n1.zrr": 300, "n1.zj": 300})
    save(doc, next(this_year.glob("04_*.json")))
    r = run_main("--sum", str(tmp_path / "2023汇总.json"), *map(str, sorted(this_year.glob("*.json"))), "--office",
              "青山县", "--previous", str(tmp_path / "2022汇总.json"), "--chart", str(tmp_path / "同比图.pdf"))
    assert r.returncode in (0, 1), r.stderr
    assert "【同比】新收政府信息公开申请" in r.stdout
    assert "【变化最大的单位】\n  南山乡：新收政府信息公开申请 300（上年 3，增加 297" in r.stdout
    pdf = pdfium.PdfDocument(tmp_path / "同比图.pdf")
    text = pdf[0].get_textpage().get_text_bounded()
    assert "图1" in text and "各单位新收政府信息公开申请（本年与上年）" in text and "图2" in text
    assert "2022年 2023年" in text  # the line over the years the two aggregates know
    png = tmp_path / "同比图.png"
    pdf[0].render(scale=1).to_pil().save(png)  # the same drawing as a picture (the window shows it so)
    assert png.stat().st_size > 5_000
    r = run_main("--sum", str(tmp_path / "x.json"), *map(str, sorted(this_year.glob("*.json"))), "--previous",
              str(EXAMPLE), "--json")
    assert r.returncode == 2 and "不是同一表格式的汇总表" in r.stderr
    r = run_main("--sum", str(tmp_path / "y.json"), *map(str, sorted(this_year.glob("*.json"))), "--previous",
              str(tmp_path / "2022汇总.json"), "--json")
    assert json.loads(r.stdout)["year_on_year"]["largest"][0].startswith("南山乡：新收政府信息公开申请 300")


def test_the_chart_of_a_unit_set_draws_every_unit_name(tmp_path: Path) -> None:
    from print.charts import units_chart

    units = [Movement(f"第{k}号单位", "新收政府信息公开申请", k * 10, k * 7) for k in range(1, 6)]
    from reportlab.graphics.shapes import Group, String

    from print import fonts

    fs = fonts.prepare("".join(m.unit for m in units) + "本年上年")
    drawing = units_chart(units, fs)
    bars = drawing.contents[0]  # type: ignore[attr-defined]
    assert bars.data == [[50, 40, 30, 20, 10], [35, 28, 21, 14, 7]]

    def strings(node: object) -> list[String]:
        if isinstance(node, String):
            return [node]
        return [s for child in getattr(node, "contents", []) for s in strings(child)] if isinstance(node, Group) \
            or hasattr(node, "contents") else []

    drawn = strings(drawing)
    codes = {f.name: f.codes for f in fs.fonts}
    assert all(ord(ch) in codes[s.fontName] for s in drawn if s.fontName in codes for ch in s.text)  # no 〓, no box
    labels = "".join(s.text for s in drawn)
    assert all(f"第{k}号单位" in labels for k in range(1, 6))
    years = ((2021, 10), (2022, 20), (2023, 35))
    data = chart_pdf(ChartSpec(tuple(units), "新收政府信息公开申请", years, "青山县同比"))
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_bounded()
    assert all(f"第{k}号单位" in text for k in range(1, 6)) and "2023年" in text
