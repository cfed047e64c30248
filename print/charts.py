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


def _label(fs: fonts.FontSet, text: str, x: float, y: float, size: float, angle: float = 0.0,
           anchor: str = "end") -> object:
    """A label of several fonts (the print fonts are cached subsets: a unit name's characters may sit in two),
    each run set after the one before, turned by `angle` about (x, y), ending there (`anchor` "end") or centred."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = fs.runs(text)
    width = sum(stringWidth(t, name, size) for name, t in runs)
    left = {"end": -width, "middle": -width / 2}.get(anchor, 0.0)
    group = Group()
    for name, t in runs:
        group.add(String(left, 0, t, fontName=name, fontSize=size))
        left += stringWidth(t, name, size)
    group.translate(x, y)
    group.rotate(angle)
    return group


def units_chart(movements: list[Movement], fs: fonts.FontSet, top: int = 12) -> object:
    """Grouped bars of one figure for the units with the largest figures this year (a Drawing); the units'
    names set under their bars, turned as spreadsheet charts turn them."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors

    shown = sorted(movements, key=lambda m: _number(m.now), reverse=True)[:top]
    drawing = Drawing(WIDTH, HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45, 60, WIDTH - 60, HEIGHT - 100
    chart.data = [[_number(m.now) for m in shown] or [0], [_number(m.before) for m in shown] or [0]]
    chart.categoryAxis.categoryNames = [""] * max(1, len(shown))  # the names are drawn below, a run per font
    chart.valueAxis.labels.fontName = fs.primary
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.Color(*NOW)
    chart.bars[1].fillColor = colors.Color(*BEFORE)
    drawing.add(chart)
    step = chart.width / max(1, len(shown))
    for k, m in enumerate(shown):
        drawing.add(_label(fs, m.unit[:8], chart.x + (k + 0.6) * step, chart.y - 6, 7, 30))
    for k, (colour, word) in enumerate(((NOW, "本年"), (BEFORE, "上年"))):
        y = HEIGHT - 30 - 12 * k
        drawing.add(Rect(WIDTH - 100, y, 8, 8, fillColor=colors.Color(*colour), strokeColor=None))
        drawing.add(_label(fs, word, WIDTH - 86, y + 1, 8, anchor="start"))
    return drawing


def years_chart(points: list[tuple[int, int | Decimal | None]], fs: fonts.FontSet) -> object:
    """A line of one figure over the years (a Drawing)."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    drawing = Drawing(WIDTH, HEIGHT * 0.8)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 45, 30, WIDTH - 70, HEIGHT * 0.8 - 60
    chart.data = [[_number(v) for _y, v in points] or [0]]
    chart.categoryAxis.categoryNames = [""] * max(1, len(points))
    chart.valueAxis.labels.fontName = fs.primary
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = colors.Color(*NOW)
    chart.lines[0].strokeWidth = 2
    chart.lines[0].symbol = makeMarker("FilledCircle")
    drawing.add(chart)
    step = chart.width / max(1, len(points))
    for k, (year, _v) in enumerate(points):
        drawing.add(_label(fs, f"{year}年", chart.x + (k + 0.5) * step, chart.y - 14, 9, anchor="middle"))
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


def chart_flowables(spec: ChartSpec, fs: fonts.FontSet, style: object) -> list[object]:
    """The chart as platypus flowables: each drawing with its title above and its caption (图1, 图2) below;
    the same in a page of its own, after the 汇总's table and in the county's report."""
    from reportlab.platypus import Paragraph, Spacer

    texts, mine = spec.texts(), spec.mine()
    story: list[object] = [Paragraph(fs.markup(texts["bars"]), style), units_chart(mine, fs),
                           Paragraph(fs.markup(texts["bars_caption"]), style), Spacer(1, 18)]
    if len(spec.points) >= 2:
        story += [Paragraph(fs.markup(texts["line"]), style), years_chart(list(spec.points), fs),
                  Paragraph(fs.markup(texts["line_caption"]), style)]
    return story


def chart_pdf(spec: ChartSpec) -> bytes:
    """One A4 page: the caption as its heading, then 图1 and 图2."""
    reportlab_compat.platypus_ready()
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
