"""The 催报 list printed: a landscape A4 table with the office's title and the counts, the CJK font embedded as
in every print (print/fonts.py)."""

from __future__ import annotations

import io
from datetime import date

from model.collect.chase import HEADINGS, chase_rows, chase_title
from model.collect.status import StatusTable
from print import fonts, reportlab_compat

WIDTHS_MM = (12, 44, 22, 30, 44, 64, 51)  # 267 mm: landscape A4 within its margins


def chase_pdf(table: StatusTable, office: str, year: int | None, today: date | None = None) -> bytes:
    reportlab_compat.platypus_ready()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rows = chase_rows(table)
    title = chase_title(office, year)
    when = (today or date.today()).strftime("%Y年%m月%d日")
    texts = [title, table.counts_text(), when, *HEADINGS,
             *(t for r in rows for t in (r.name, r.level, r.parent, r.state, r.todo, r.contact)), "0123456789"]
    fs = fonts.prepare("".join(texts))
    body = ParagraphStyle("body", fontName=fs.primary, fontSize=10, leading=14, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=16, leading=22, alignment=1)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(fs.markup(text), style)

    data = [[p(h) for h in HEADINGS]] + [[p(str(k)), p(r.name), p(r.level), p(r.parent), p(r.state), p(r.todo),
                                          p(r.contact)] for k, r in enumerate(rows, start=1)]
    grid = Table(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out = io.BytesIO()
    page = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                             topMargin=15 * mm, bottomMargin=15 * mm, title=title, author=office)
    nothing = [p("名单上的单位都已报送定稿，无需催报。")] if not rows else []
    page.build([p(title, head), Spacer(1, 4 * mm), p(f"{table.counts_text()}　　{when}"), Spacer(1, 4 * mm),
                grid if rows else Spacer(1, 1), *nothing])
    return out.getvalue()
