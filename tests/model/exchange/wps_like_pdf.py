"""A report PDF laid out the way WPS prints the 2021 form's 表三 (seen in published reports of 洪泽区 and 淮安市): a
white rectangle behind every paragraph and cell, rules drawn as filled 1.9-pt bars, the 办理结果 label one
character per line in a merged cell, 部分公开's label over two lines, the three header rows, a page number
"- 1 -" at the foot, and the table cut by the page break with no rule under its last row. Drawn with reportlab's
built-in STSong CID font (no font file needed)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from model.core.document import Document

FONT = "STSong-Light"
_RULES = [True]  # whether _bar draws (the one switch of wps_like_pdf's `rules`)
BAR = 1.9
COLS = ["zrr", "sy", "ky", "gy", "fl", "qt", "zj"]
# label column edges (three label columns) then the seven value columns, as in the published table
XS = [77.0, 103.5, 180.0, 310.0, 341.5, 370.0, 398.5, 426.5, 455.0, 483.0, 516.0]


@dataclass
class Cell:
    row: int
    first: int  # first and last column
    last: int
    text: str
    rowspan: int = 1
    vertical: bool = False  # one character per line


def _layout(doc: Document, typo: bool) -> tuple[list[Cell], list[float]]:
    """The table's cells and its rows' heights."""
    v = doc.values
    cells: list[Cell] = []
    heights: list[float] = []

    def row(height: float, *own: Cell, figures: str = "") -> None:
        r = len(heights)
        heights.append(height)
        for cell in own:
            cell.row = r
            cells.append(cell)
        if figures:
            cells.extend(Cell(r, 3 + k, 3 + k, str(v.get(f"{figures}.{c}", ""))) for k, c in enumerate(COLS))

    row(22, Cell(0, 0, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3),
        Cell(0, 3, 9, "申请人情况"))
    row(22, Cell(0, 3, 3, "自然人", 2), Cell(0, 4, 8, "法人或其他组织"), Cell(0, 9, 9, "总计", 2))
    row(40, *(Cell(0, 4 + k, 4 + k, t) for k, t in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                                              "其他"])))
    row(20, Cell(0, 0, 2, "一、本年新收政府信息公开申请数量"), figures="n1")
    row(20, Cell(0, 0, 2, "二、上年结转政府信息公开申请数量"), figures="n2")
    row(20, Cell(0, 0, 0, "三、本年度办理结果", 22, vertical=True), Cell(0, 1, 2, "（一）予以公开"), figures="r1")
    row(30, Cell(0, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), figures="r2")
    second = "2.其他法律行政止公开" if typo else "2.其他法律行政法规禁止公开"
    groups = [("（三）不予公开", "r3", ["1.属于国家秘密", second,
                                      "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
                                      "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
              ("（四）无法提供", "r4", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                      "3.补正后申请内容仍不明确"]),
              ("（五）不予处理", "r5", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                                      "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
              ("（六）其他处理", "r6", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                      "3.其他"])]
    for group, prefix, labels in groups:
        for k, label in enumerate(labels):
            head = [Cell(0, 1, 1, group, len(labels))] if k == 0 else []
            row(30 if len(label) > 16 else 20, *head, Cell(0, 2, 2, label), figures=f"{prefix}_{k + 1}")
    row(20, Cell(0, 1, 2, "（七）总计"), figures="r7")
    row(20, Cell(0, 0, 2, "四、结转下年度继续办理"), figures="n4")
    return cells, heights


def _text(c: canvas.Canvas, x0: float, x1: float, top: float, bottom: float, text: str, size: float,
          vertical: bool = False) -> None:
    """Text wrapped into its cell and centred vertically, on a white rectangle as WPS draws it."""
    c.setFillColorRGB(1, 1, 1)
    c.rect(x0 + 1, bottom + 1, x1 - x0 - 2, top - bottom - 2, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    if vertical:
        lines = list(text)
    else:
        lines, line = [], ""
        for ch in text:
            if pdfmetrics.stringWidth(line + ch, FONT, size) > x1 - x0 - 4:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    lead = size * 1.2
    y = (top + bottom) / 2 + lead * len(lines) / 2 - size
    for line in lines:
        c.setFont(FONT, size)
        c.drawString(x0 + 2 if not vertical else (x0 + x1 - size) / 2, y, line)
        y -= lead


def _bar(c: canvas.Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    if not _RULES[0]:
        return
    c.setFillColorRGB(0, 0, 0)
    c.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)


def wps_like_pdf(doc: Document, *, typo: bool = True, first_page_rows: int = 18, rules: bool = True) -> bytes:
    """The report's title, two lines of text and 表三, cut after `first_page_rows` rows of the table; `rules`:
    False prints the table without any rule (as some offices' PDFs and web pages printed to PDF come)."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    _RULES[0] = rules
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    c.setFont(FONT, 18)
    c.drawCentredString(width / 2, height - 80, doc.unit.name)
    c.drawCentredString(width / 2, height - 104, f"{doc.year}年政府信息公开工作年度报告")
    body = ["本报告由本机关根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自",
            f"{doc.year}年1月1日起至{doc.year}年12月31日止。"]
    y = height - 150
    for k, line in enumerate(body):
        x0 = 74 + (26 if k == 0 else 0)
        _text(c, x0, 520, y + 16, y - 6, "", 13)
        text = c.beginText(x0, y)
        text.setFont(FONT, 13)
        if k < len(body) - 1:  # justified to the right margin, as Word and WPS set a paragraph's lines
            text.setCharSpace((520 - x0 - pdfmetrics.stringWidth(line, FONT, 13)) / (len(line) - 1))
        text.textLine(line)
        text.setCharSpace(0)  # the spacing is text state: it would carry into the table's cells
        c.drawText(text)
        y -= 24
    _text(c, 100, 520, y + 16, y - 6, "三、收到和处理政府信息公开申请情况", 14)
    cells, heights = _layout(doc, typo)
    # each row's top on its page: the table starts under the heading, goes on at the top of page 2
    tops: list[tuple[int, float]] = []
    y, page = y - 30, 1
    for r, h in enumerate(heights):
        if r == first_page_rows:
            y, page = height - 72, 2
        tops.append((page, y))
        y -= h
    for page in (1, 2):
        for cell in cells:
            rows = [r for r in range(cell.row, cell.row + cell.rowspan) if tops[r][0] == page]
            if not rows:
                continue
            top, bottom = tops[rows[0]][1], tops[rows[-1]][1] - heights[rows[-1]]
            x0, x1 = XS[cell.first], XS[cell.last + 1]
            if rows[0] == cell.row:
                _text(c, x0, x1, top, bottom, cell.text, 11 if cell.vertical or cell.first >= 3 else 9,
                      cell.vertical)
            _bar(c, x0 - BAR / 2, top - BAR / 2, x1 + BAR / 2, top + BAR / 2)
            if rows[-1] == cell.row + cell.rowspan - 1 and not (page == 1 and rows[-1] == first_page_rows - 1):
                _bar(c, x0 - BAR / 2, bottom - BAR / 2, x1 + BAR / 2, bottom + BAR / 2)
            _bar(c, x0 - BAR / 2, bottom, x0 + BAR / 2, top)
            _bar(c, x1 - BAR / 2, bottom, x1 + BAR / 2, top)
        c.setFont(FONT, 10)
        c.drawString(width - 120, 40, f"- {page} -")
        c.showPage()
    c.save()
    return out.getvalue()
