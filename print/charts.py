"""Charts of a 汇总 drawn with reportlab.graphics (already in the package; the installer has no room for
matplotlib): bars for the units — this year beside last year — and a line for the years the workspace knows. The
same drawing goes into a PDF page (the printout, the county's report) and, rasterised by pypdfium2, into the
window (ui/collect/year_on_year_dialog.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from model.collect.year_on_year import Movement
from print import fonts, reportlab_compat

WIDTH, HEIGHT = 480.0, 230.0
NOW, BEFORE = (0.15, 0.35, 0.65), (0.7, 0.7, 0.7)  # this year dark blue, last year grey (reads in grey print too)


def _number(v: int | Decimal | None) -> float:
    return float(v) if v is not None else 0.0


def units_chart(movements: list[Movement], font: str, top: int = 12) -> object:
    """Grouped bars of one figure for the units with the largest figures this year (a Drawing)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    shown = sorted(movements, key=lambda m: _number(m.now), reverse=True)[:top]
    drawing = Drawing(WIDTH, HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45, 60, WIDTH - 60, HEIGHT - 100
    chart.data = [[_number(m.now) for m in shown] or [0], [_number(m.before) for m in shown] or [0]]
    chart.categoryAxis.categoryNames = [m.unit[:8] for m in shown] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.Color(*NOW)
    chart.bars[1].fillColor = colors.Color(*BEFORE)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = WIDTH - 110, HEIGHT - 30, font, 8
    legend.colorNamePairs = [(colors.Color(*NOW), "本年"), (colors.Color(*BEFORE), "上年")]
    drawing.add(legend)
    return drawing


def years_chart(points: list[tuple[int, int | Decimal | None]], font: str) -> object:
    """A line of one figure over the years (a Drawing)."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    drawing = Drawing(WIDTH, HEIGHT * 0.8)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 45, 30, WIDTH - 70, HEIGHT * 0.8 - 60
    chart.data = [[_number(v) for _y, v in points] or [0]]
    chart.categoryAxis.categoryNames = [f"{y}年" for y, _v in points] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = colors.Color(*NOW)
    chart.lines[0].strokeWidth = 2
    chart.lines[0].symbol = makeMarker("FilledCircle")
    drawing.add(chart)
    return drawing


@dataclass(frozen=True)
class ChartSpec:
    """What a 同比 chart shows: the units' figure this year and last, and the figure over the years."""

    units: tuple[Movement, ...]
    figure: str
    points: tuple[tuple[int, int | Decimal | None], ...]
    caption: str = ""  # the page's heading when printed alone

    def texts(self) -> dict[str, str]:
        return {"bars": f"{self.figure}：各单位本年与上年", "bars_caption": f"图1　各单位{self.figure}（本年与上年）",
                "line": f"{self.figure}：历年", "line_caption": f"图2　{self.figure}历年变化"}

    def mine(self) -> list[Movement]:
        return [m for m in self.units if m.figure == self.figure]

    def chars(self) -> str:
        """Every character the chart prints (for the fonts to be made ready)."""
        return "".join([self.caption, *self.texts().values(), "本年上年0123456789",
                        *(m.unit[:8] for m in self.mine()), *(f"{y}年" for y, _v in self.points)])


def label_font(fs: fonts.FontSet, texts: list[str]) -> str:
    """The one registered font that has every character of the chart's labels (a chart label takes one font):
    the fonts are cached subsets, so the body font may lack a rare unit name's character that another part has."""
    need = {ch for t in texts for ch in t if not ch.isspace()}
    for f in fs.fonts:
        if all(ord(ch) in f.codes for ch in need):
            return f.name
    return fs.primary


def chart_flowables(spec: ChartSpec, fs: fonts.FontSet, style: object) -> list[object]:
    """The chart as platypus flowables: each drawing with its title above and its caption (图1, 图2) below;
    the same in a page of its own, after the 汇总's table and in the county's report."""
    from reportlab.platypus import Paragraph, Spacer

    texts, mine = spec.texts(), spec.mine()
    labels = label_font(fs, [*(m.unit[:8] for m in mine), *(f"{y}年" for y, _v in spec.points), "本年上年"])
    story: list[object] = [Paragraph(fs.markup(texts["bars"]), style), units_chart(mine, labels),
                           Paragraph(fs.markup(texts["bars_caption"]), style), Spacer(1, 18)]
    if len(spec.points) >= 2:
        story += [Paragraph(fs.markup(texts["line"]), style), years_chart(list(spec.points), labels),
                  Paragraph(fs.markup(texts["line_caption"]), style)]
    return story


def chart_pdf(spec: ChartSpec) -> bytes:
    """One A4 page: the caption as its heading, then 图1 and 图2."""
    reportlab_compat.import_platypus()
    reportlab_compat.kinsoku_line_breaks()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    fs = fonts.prepare(spec.chars())
    style = ParagraphStyle("caption", fontName=fs.primary, fontSize=10.5, leading=15, alignment=1)
    head = ParagraphStyle("head", parent=style, fontSize=15, leading=22)
    out = io.BytesIO()
    page = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                             bottomMargin=20 * mm, title=spec.caption)
    page.build([Paragraph(fs.markup(spec.caption), head), Spacer(1, 4 * mm), *chart_flowables(spec, fs, style)])
    return out.getvalue()
