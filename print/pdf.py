"""The paper copy: a pure function of a document and print options, drawn by reportlab from model.core.layout. No Qt."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from model.core.clean import writable
from model.core.document import BLANK_STYLES, Document, as_printed, is_open, printed_title, year_line
from model.core.fingerprint import fingerprint
from model.core.layout import (
    CAPTION,
    COLHEADER,
    EMPTY,
    GROUP,
    HEADER,
    HEADING,
    NOTE,
    SECTION,
    UNIT,
    VALUE,
    Grid,
    build_grid,
)
from model.core.report import CheckReport, check_document
from model.core.report_layout import Closing, Heading, Paragraph, TableBlock, report_layout
from model.core.rules import Finding, checker_for
from model.core.script import in_script, to_hant
from model.core.templates import HANS, HANT
from model.core.values import format_value, published_value
from model.exchange.store import write_atomic
from print import fonts, reportlab_compat

if TYPE_CHECKING:
    from print.charts import ChartSpec

__all__ = ["BLANK_STYLES", "PrintOptions", "RenderResult", "render", "render_bytes"]
_HANS_WORDS = {
    "name": "填报单位（盖章）：", "head": "单位负责人", "reviewer": "审核人", "preparer": "填表人",
    "phone": "联系电话", "date": "报出日期", "page": "第 {n} 页 共 {m} 页", "unit_ph": "［填报单位］",
    "appendix": "附：校验说明", "errors": "未通过的校验（错误）", "warnings": "未消除的警告",
    "justified": "已说明理由的警告", "reason": "理由：", "none": "无。",
    "blanks": "未填的格", "watermark": "草稿", "fingerprint": "校验码：{code}", "missing": "{n} 个字无法印出",
    "draft_line": "草稿（未通过校验）：{reason}。本件不能作为正式报表。", "see": "※{n}",
}
# the fixed words are written once, in Simplified; 繁體 comes from the app's one converter (model.core.script)
_WORDS = {HANS: _HANS_WORDS, HANT: {k: to_hant(v) for k, v in _HANS_WORDS.items()}}


@dataclass(frozen=True)
class PrintOptions:
    script: str = HANS
    blank: str = "empty"  # how an unfilled cell prints: "empty", "zero" or "slash"
    appendix: bool = True  # a last page listing open warnings and the justifications given
    font_file: str | None = None  # the user's choice of body font; None = system 宋体 or the packaged one
    system_fonts: bool = True
    report: bool = False  # the whole 年度报告: title, the text's sections, the tables where the format puts them
    # a 汇总's 同比 chart (print/charts.py): after the table on a page of its own, in the report after 表三
    chart: ChartSpec | None = None


@dataclass(frozen=True)
class RenderResult:
    pages: int
    draft: bool  # printed with the "草稿" marks: errors, blank cells, or characters no font has
    reason: str  # why it is a draft ("3 处错误、5 格未填"), "" for a final copy
    landscape: bool
    page_size: tuple[float, float]  # points, as printed (landscape already swapped)
    font: str  # the body font's name as shown to the user
    problems: tuple[str, ...]  # Chinese messages, e.g. a character no font has
    fingerprint: str | None = None  # the 校验码 in the footer of a final copy

    @property
    def final(self) -> bool:
        return not self.draft


def escape(text: str) -> str:
    """XML-escape for Paragraph markup (xml.sax.saxutils would import urllib: 0.1 s of start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def title_of(doc: Document, script: str = HANS) -> str:
    return printed_title(doc, script, _WORDS[script]["unit_ph"])


def file_name(doc: Document) -> str:
    """A PDF file name from the unit and year; characters no file system allows in a name become "_"."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", doc.unit.name.strip())[:80].strip(" .") or "统计表"
    return f"{stem}{doc.year}.pdf"


def is_landscape(doc: Document) -> bool:
    return doc.template.orientation == "landscape"


def blank_text(kind: str, style: str) -> str:
    if style == "zero":
        return format_value(0, kind)
    if style == "slash":
        return "/"
    return ""


def cell_text(doc: Document, cell_id: str, blank: str, published: bool = False) -> str:
    """A figure as the signed form prints it, or (`published`: the whole report) as published reports do."""
    cell = doc.template.cells[cell_id]
    value = doc.value(cell_id)
    if value is None:
        return blank_text(cell.type, blank)
    return published_value(value, cell.type) if published else format_value(value, cell.type)


def render(doc: Document, target: str | Path | BinaryIO, options: PrintOptions | None = None) -> RenderResult:
    """Write the PDF of `doc` to a path (atomically) or a binary stream; return what the caller must show."""
    opts = options or PrintOptions()
    buf = io.BytesIO()
    result = _Renderer(doc, opts).build(buf)
    render_to(target, buf.getvalue())
    return result


def render_to(target: str | Path | BinaryIO, data: bytes) -> None:
    """Write a rendered PDF to a path (atomically: an old file stays whole until the new one is) or a stream."""
    if isinstance(target, (str, Path)):
        write_atomic(target, data)
    else:
        target.write(data)


def render_bytes(doc: Document, options: PrintOptions | None = None) -> tuple[bytes, RenderResult]:
    buf = io.BytesIO()
    result = render(doc, buf, options)
    return buf.getvalue(), result


class _Renderer:
    def __init__(self, doc: Document, opts: PrintOptions) -> None:
        # the figures as the paper shows them: a blank printed as 0 is checked as 0, so no page adds up wrongly
        # without the draft marks
        self.doc = as_printed(writable(doc), opts.blank)  # the same characters as --check and the screen read
        self.opts = opts
        self.script = opts.script
        self.words = _WORDS[opts.script]
        self.report: CheckReport = check_document(self.doc, with_text=opts.report)
        self.reason = self.report.reason_text()
        self.draft = not self.report.final
        self.grids: list[Grid] = [build_grid(doc.template, t, opts.script) for t in doc.template.tables]
        self.layout = report_layout(self.doc, self.script, self.words["unit_ph"], self.grids) if opts.report else None
        # cells in error carry the number of their entry in the appendix (※1): the first cell of each error is
        # the one it is about (a total, the blank cell, the badly typed cell)
        self.error_refs: dict[str, list[int]] = {}
        for n, f in enumerate(checker_for(doc.template).ordered(self.report.errors), 1):
            if f.cells:
                self.error_refs.setdefault(f.cells[0], []).append(n)

    # -- text -------------------------------------------------------------------------------------------------
    def _title_text(self) -> str:
        return self.layout.title if self.layout is not None else title_of(self.doc, self.script)

    def _all_text(self) -> str:
        parts: list[str] = [self._title_text(), year_line(self.doc, self.script)]
        if self.layout is not None:
            parts += [b.caption + b.year_line if isinstance(b, TableBlock) else b.unit + b.date
                      if isinstance(b, Closing) else b.text for b in self.layout.blocks]
        parts.extend(self.words.values())
        parts.append(in_script(self.reason, self.script) + "※,-0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        parts.extend(self.doc.unit.get(k) for k in ("name", "head", "reviewer", "preparer", "phone", "date"))
        for grid in self.grids:
            parts.append(grid.table.title.get(self.script))
            parts.extend(c.text for c in grid.cells)
            parts.extend(n.get(self.script) for n in grid.table.notes)
        for cid in self.doc.template.cells:
            parts.append(cell_text(self.doc, cid, self.opts.blank))
        for f in [*self._appendix_findings(), *self.report.blanks]:
            parts.append(in_script(f.message, self.script))
            j = self.doc.justifications.get(f.key)
            if j:
                parts.append(j.reason)
        parts.append("0123456789/.年月日")
        if self.opts.chart is not None:
            parts.append(self.opts.chart.chars())
        return "".join(parts)

    # the 公文 faces of the report's parts: 标题 小标宋 (else 黑体), 一级标题 黑体, 二级标题 楷体, 正文 仿宋
    ROLE_OF_STYLE: ClassVar[dict[str, str]] = {"title": "title", "h1": "heiti", "h2": "kaiti", "h3": "fangsong",
                                               "body": "fangsong", "closing": "fangsong"}

    def _role_fonts(self) -> dict[str, fonts.FontSet]:
        """A font set per 公文 face the system has, each prepared for the text set in it (the others are set in
        the body font's chain, which README names)."""
        if not self.opts.system_fonts:
            return {}
        layout = self.layout
        texts = {"title": self._title_text(), "heiti": "", "kaiti": "", "fangsong": self._closing_text()}
        for block in layout.blocks if layout is not None else ():
            if isinstance(block, Heading):
                texts[{1: "heiti", 2: "kaiti"}.get(block.level, "fangsong")] += block.text
            elif isinstance(block, Paragraph):
                texts["fangsong"] += block.text
        out = {}
        for role, text in texts.items():
            if (found := fonts.prepare_role(text, role, self.fontset)) is not None:
                out[role] = found
        return out

    def _closing_text(self) -> str:
        return "".join(b.unit + b.date for b in self.layout.blocks if isinstance(b, Closing)) if self.layout else ""

    def _closing(self, block: Closing) -> list[Any]:
        """The 落款: the date four characters in from the right, the unit's name centred over it (GB/T 9704)."""
        from reportlab.platypus import KeepTogether, Spacer

        style = self.s["closing"]
        size = style.fontSize
        date = block.date or "年　　月　　日"
        date_width, unit_width = self._width(date, size), self._width(block.unit, size)
        unit_indent = max(0.0, style.rightIndent + (date_width - unit_width) / 2)
        return [Spacer(1, style.leading), KeepTogether([self._p(block.unit, "closing", rightIndent=unit_indent),
                                                        self._p(date, "closing")])]

    def _markup(self, text: str, fontset: fonts.FontSet | None = None) -> str:
        """Paragraph markup with a <font> switch wherever the body font lacks a character."""
        return (fontset or self.fontset).markup(text)

    def _appendix_findings(self) -> list[Finding]:
        if not self.opts.appendix:
            return []
        return [*self.report.errors, *self.report.warnings, *self.report.justified]

    # -- build ------------------------------------------------------------------------------------------------
    def build(self, out: BinaryIO) -> RenderResult:
        reportlab_compat.platypus_ready()
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        text = self._all_text()
        self.fontset = fonts.prepare(text, self.opts.font_file, self.opts.system_fonts)
        self.fontset.runs(text)  # records the characters no font has before anything is drawn
        self.role_sets = self._role_fonts() if self.opts.report else {}
        if self.fontset.missing:  # a character printed as 〓 is not the figure or name in the file: not final
            missing = self.words["missing"].format(n=len(self.fontset.missing))
            self.reason = "、".join(x for x in (self.reason, missing) if x)
            self.draft = True
        self.code = fingerprint(self.doc)
        # the report is a document of text, set upright as published reports are; its tables shrink to fit
        self.landscape = is_landscape(self.doc) and not self.opts.report
        self.pagesize = landscape(A4) if self.landscape else A4
        margin_lr = self.margin = 18 * mm if self.landscape else 20 * mm
        # the report on the 公文 page (GB/T 9704): a 156 × 225 mm type area, top 37 mm, left 28 mm
        left, right, top, bottom = ((28 * mm, 26 * mm, 37 * mm, 35 * mm) if self.opts.report else
                                    (margin_lr, margin_lr, 18 * mm, 18 * mm))
        self.frame_width = self.pagesize[0] - left - right - 12  # the frame's own 6 pt padding on each side
        self.frame_height = self.pagesize[1] - top - bottom - 12  # frame padding
        doc_template = SimpleDocTemplate(
            out, pagesize=self.pagesize, leftMargin=left - 6, rightMargin=right - 6,
            topMargin=top - 6, bottomMargin=bottom - 6,
            title=self._title_text(), author=self.doc.unit.name, creator="gov-disclosure-stats",
            initialFontName=self.fontset.primary,
        )
        self._styles()
        story = self._story()
        pages = [0]

        def canvasmaker(*args: Any, **kwargs: Any) -> Any:
            return _numbered_canvas(self, pages)(*args, **kwargs)

        doc_template.build(story, canvasmaker=canvasmaker)
        problems = tuple(
            f"字体中没有“{ch}”（U+{ord(ch):04X}），打印成了“{fonts.PLACEHOLDER}”，所以这份打印件只能作草稿。"
            "请换用含有这个字的字体文件（文件 → 打印选项 → 打印字体…）。"
            for ch in sorted(self.fontset.missing)
        )
        return RenderResult(pages[0], self.draft, self.reason, self.landscape,
                            (float(self.pagesize[0]), float(self.pagesize[1])), self.fontset.label, problems,
                            None if self.draft else self.code)

    def _styles(self) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        body = 10.5 if not self.landscape else 9.5
        base = ParagraphStyle("base", fontName=self.fontset.primary, fontSize=body, leading=body * 1.3,
                              wordWrap="CJK", alignment=TA_LEFT)
        self.body_size = body
        self.s = {
            "title": ParagraphStyle("title", base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4),
            "year": ParagraphStyle("year", base, fontSize=12, leading=16, alignment=TA_CENTER, spaceAfter=8),
            "unit": ParagraphStyle("unit", base, fontSize=11, leading=15, spaceAfter=6),
            "table_title": ParagraphStyle("ttitle", base, fontSize=12, leading=16, spaceBefore=10, spaceAfter=6),
            "label": base,
            "table_note": ParagraphStyle("tnote", base, fontSize=body - 1, leading=(body - 1) * 1.3, spaceBefore=3),
            "center": ParagraphStyle("center", base, alignment=TA_CENTER),
            "note": ParagraphStyle("note", base, fontSize=body - 1.5, leading=(body - 1.5) * 1.3, alignment=TA_CENTER),
            "value": ParagraphStyle("value", base, alignment=TA_RIGHT),
            "sign": ParagraphStyle("sign", base, fontSize=11, leading=15),
            "app_head": ParagraphStyle("apph", base, fontSize=14, leading=20, alignment=TA_CENTER, spaceAfter=8),
            "app_sub": ParagraphStyle("apps", base, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4),
            "app_item": ParagraphStyle("appi", base, leftIndent=18, firstLineIndent=-18, spaceAfter=3),
            "app_reason": ParagraphStyle("appr", base, leftIndent=18, spaceAfter=5),
            "h1": ParagraphStyle("h1", base, fontSize=13, leading=19, spaceBefore=10, spaceAfter=4, keepWithNext=1),
            "h2": ParagraphStyle("h2", base, fontSize=11.5, leading=17, spaceBefore=6, spaceAfter=3, keepWithNext=1),
            "h3": ParagraphStyle("h3", base, fontSize=11, leading=17, firstLineIndent=22, keepWithNext=1),
            "closing": ParagraphStyle("closing", base, fontSize=11, leading=19, alignment=TA_RIGHT, rightIndent=44),
            "body": ParagraphStyle("body", base, fontSize=11, leading=19, firstLineIndent=22, spaceAfter=3,
                                   alignment=4),  # justified, as Word sets a report
        }
        if self.opts.report:  # the 公文 page: 2号 title, 3号 text on a fixed 29 pt line (22 lines of 28 characters)
            line = 29
            self.s |= {
                "title": ParagraphStyle("title", base, fontSize=22, leading=33, alignment=TA_CENTER, spaceAfter=line),
                # no keepWithNext: a heading moved with its long paragraph would leave half a page empty; the
                # CondPageBreak before each heading keeps it from ending a page alone
                "h1": ParagraphStyle("h1", base, fontSize=16, leading=line, firstLineIndent=32),
                "h2": ParagraphStyle("h2", base, fontSize=16, leading=line, firstLineIndent=32),
                "h3": ParagraphStyle("h3", base, fontSize=16, leading=line, firstLineIndent=32),
                "body": ParagraphStyle("body", base, fontSize=16, leading=line, firstLineIndent=32, alignment=4),
                "closing": ParagraphStyle("closing", base, fontSize=16, leading=line, alignment=TA_RIGHT,
                                          rightIndent=64),
            }

    def _p(self, text: str, style: str, **overrides: Any) -> Any:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        st = self.s[style]
        fontset = self.role_sets.get(self.ROLE_OF_STYLE.get(style, ""))
        if fontset is not None:
            overrides = {"fontName": fontset.primary, **overrides}
        if overrides:
            st = ParagraphStyle(f"{style}+", st, **overrides)
        return Paragraph(self._markup(text, fontset), st)

    def _grid_story(self, grid: Grid, shown_title: bool = True) -> list[Any]:
        from reportlab.platypus import CondPageBreak, KeepTogether

        title = grid.table.title.get(self.script) if shown_title else ""
        table = self._table(grid)
        notes = [self._p(n.get(self.script), "table_note") for n in grid.table.notes]
        if title:
            return [CondPageBreak(60), KeepTogether([self._p(title, "table_title"), table, *notes])]
        return [table, *notes]

    def _text_story(self) -> list[Any]:
        """The report's sections: headings, paragraphs (first line indented two characters, as official
        documents are set), and a table section's table under its heading."""
        from reportlab.platypus import CondPageBreak, Spacer

        story: list[Any] = []
        blocks = self.layout.blocks if self.layout is not None else ()
        tables = [b for b in blocks if isinstance(b, TableBlock)]
        for block in blocks:
            if isinstance(block, Heading):
                style = {1: "h1", 2: "h2"}.get(block.level, "h3")
                story += [CondPageBreak(self.s[style].leading * 3), self._p(block.text, style)]
            elif isinstance(block, Closing):
                story += self._closing(block)
            elif isinstance(block, Paragraph):
                story.append(self._p(block.text, "body"))
            elif block.own_title:  # the 2015 form after the text: its own title and year line
                story += [Spacer(1, 10), CondPageBreak(120),
                          self._p(block.caption, "table_title", alignment=1, fontSize=14, leading=19)]
                if block.year_line:
                    story.append(self._p(block.year_line, "year"))
                story += self._grid_story(block.grid, shown_title=False)
            else:
                story += [Spacer(1, 10)] if block.after_text else []
                story += self._grid_story(block.grid, shown_title=bool(block.caption))
            if self.opts.chart is not None and isinstance(block, TableBlock) and block is tables[-1]:
                story += [Spacer(1, 10), *self._chart()]  # the county's 图 after its last table, with captions
        return story

    def _chart(self) -> list[Any]:
        from reportlab.lib.styles import ParagraphStyle

        from print.charts import chart_flowables

        assert self.opts.chart is not None
        style = ParagraphStyle("chart", parent=self.s["body"], alignment=1, firstLineIndent=0)
        return chart_flowables(self.opts.chart, self.fontset, style)

    def _story(self) -> list[Any]:
        from reportlab.platypus import KeepTogether, PageBreak, Spacer

        story: list[Any] = self._title()
        if self.opts.report:
            story += self._text_story()
        else:
            if year_line(self.doc, self.script):
                story.append(self._p(year_line(self.doc, self.script), "year"))
            story.append(self._unit_line())
            for grid in self.grids:
                story += self._grid_story(grid)
        story.append(Spacer(1, 6))
        if not self.opts.report:  # the form's signature lines; the report is signed by its publication
            story.append(KeepTogether([self._signatures()]))
            if self.opts.chart is not None:
                story += [PageBreak(), *self._chart()]
        if self._appendix_findings() or (self.opts.appendix and self.report.blanks):
            story.append(PageBreak())
            story.extend(self._appendix())
        return story

    def _title(self) -> list[Any]:
        """The title; one too long for a line breaks after the unit name, as long official titles are set,
        rather than wherever the line runs out (which could leave "（" alone at a line's end)."""
        title = self._title_text()
        size = self.s["title"].fontSize
        breaks = self.opts.report or self.doc.template.page.breaks_after_unit
        if not breaks or self._width(title, size) <= self.frame_width:
            return [self._p(title, "title")]
        unit = self.doc.unit.name.strip() or self.words["unit_ph"]
        rest = title[len(unit):]
        return [self._p(unit, "title", spaceAfter=0), self._p(rest, "title")]

    def _unit_line(self) -> Any:
        from reportlab.platypus import Table, TableStyle

        name = self.doc.unit.name.strip()
        label = self._p(self.words["name"], "unit")
        value = self._p(name, "unit")
        lw = self._width(self.words["name"], 11) + 2
        t = Table([[label, value]], colWidths=[lw, self.frame_width - lw], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fontset.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (1, 0), (1, 0), 0.6, "black"),
        ]))
        return t

    def _width(self, text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(sum(stringWidth(run, name, size) for name, run in self.fontset.runs(text)))

    def _col_widths(self, grid: Grid) -> list[float]:
        from reportlab.lib.units import mm

        table = grid.table
        n_vals = len(table.columns)
        unit_w = 14 * mm if table.unit_column else 0
        width = self.frame_width
        if grid.label_cols == 0 or (grid.label_cols == 1 and not table.unit_column and n_vals <= 4):
            return [width / grid.n_cols] * grid.n_cols  # table 二 and 四 look like the official form: even columns
        # narrower figures on upright paper (the report's 2021 table 三), so its labels keep room to breathe
        least = 16 * mm if self.landscape or n_vals <= 4 else 11 * mm
        value_w = min(24 * mm, max(least, (width - unit_w - 110 * mm) / n_vals))
        label_area = width - unit_w - value_w * n_vals
        if grid.label_cols == 1:
            labels = [label_area]
        else:
            group_w = 18 * mm
            labels = [group_w] * (grid.label_cols - 1) + [label_area - group_w * (grid.label_cols - 1)]
        return labels + ([unit_w] if table.unit_column else []) + [value_w] * n_vals

    def _table(self, grid: Grid) -> Any:
        """The grid as a reportlab Table; one whose row groups forbid a page split is shrunk to fit a page."""
        table = self._table_at(grid, self.body_size)
        if grid.label_cols <= 1:
            return table
        size, limit = self.body_size, self.frame_height - 40
        height = table.wrap(self.frame_width, self.frame_height)[1]
        while size > 7 and height > limit:
            # row heights scale about with the font size: jump near the size that fits, then step down
            size = max(7.0, min(size - 0.5, math.floor(size * limit / height * 2) / 2))
            table = self._table_at(grid, size)
            height = table.wrap(self.frame_width, self.frame_height)[1]
        return table

    def _table_at(self, grid: Grid, size: float) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        section_fill = colors.HexColor("#e8e8e8")
        header_fill = colors.HexColor("#f2f2f2")
        data: list[list[Any]] = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
        pad = 2 if size == self.body_size else 1.5
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), self.fontset.primary),  # empty cells would otherwise use Helvetica
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        indent = size
        fit = {} if size == self.body_size else {"fontSize": size, "leading": size * 1.25}
        leading = fit.get("leading", self.s["label"].leading)
        style += [("FONTSIZE", (0, 0), (-1, -1), size), ("LEADING", (0, 0), (-1, -1), leading)]
        widths = self._col_widths(grid)
        primary = self.fontset.primary

        def short(text: str, c: Any, st: str, lead: float = 0.0) -> Any:
            """A one-line text in the body font as a plain string, drawn without a Paragraph's markup parsing
            and line breaking (most of a `--pdf` run's drawing time); anything else as a Paragraph."""
            room = sum(widths[c.col:c.col + c.colspan]) - 6 - lead  # minus the cell's padding and indent
            if all(self.fontset.font_for(ch) == primary for ch in text) and self._width(text, size) <= room:
                align = {"center": "CENTER", "value": "RIGHT", "label": "LEFT"}[st]
                style.append(("ALIGN", (c.col, c.row), (c.col, c.row), align))
                if lead:
                    style.append(("LEFTPADDING", (c.col, c.row), (c.col, c.row), 3 + lead))
                return text
            return p(text, st, leftIndent=lead) if lead else p(text, st)

        def p(text: str, st: str, **kw: Any) -> Any:
            if fit and st == "note":
                kw = {"fontSize": size - 1, "leading": (size - 1) * 1.25, **kw}
            elif fit:
                kw = {**fit, **kw}
            return self._p(text, st, **kw)

        for c in grid.cells:
            end = (c.col + c.colspan - 1, c.row + c.rowspan - 1)
            if c.rowspan > 1 or c.colspan > 1:
                style.append(("SPAN", (c.col, c.row), end))
            if c.role in (HEADER, COLHEADER):
                data[c.row][c.col] = p(c.text, "center")
                style.append(("BACKGROUND", (c.col, c.row), end, header_fill))
            elif c.role == NOTE:
                data[c.row][c.col] = p(c.text, "note")
                style.append(("BACKGROUND", (c.col, c.row), end, header_fill))
            elif c.role == CAPTION:
                data[c.row][c.col] = p(c.text, "label")
                style.append(("BACKGROUND", (c.col, c.row), end, section_fill))
            elif c.role == SECTION:
                data[c.row][c.col] = p(c.text, "label")
                style.append(("BACKGROUND", (0, c.row), (-1, c.row), section_fill))
            elif c.role == GROUP:
                data[c.row][c.col] = p(c.text, "center")
            elif c.role == UNIT:
                data[c.row][c.col] = short(c.text, c, "center")
            elif c.role == VALUE and c.cell_id:
                # a value spanning several columns (table 二 (五)(六)(八)) is centred like the official form
                text = cell_text(self.doc, c.cell_id, self.opts.blank, self.opts.report)
                refs = self.error_refs.get(c.cell_id)
                if refs:
                    # a cell in error: its appendix numbers beside the figure and a heavy frame, both of which
                    # survive black-and-white printing and photocopying
                    mark = ",".join(self.words["see"].format(n=n) for n in refs)
                    data[c.row][c.col] = p(f"{mark} {text}", "center" if c.colspan > 1 else "value")
                    style.append(("BOX", (c.col, c.row), end, 1.8, colors.black))
                else:
                    data[c.row][c.col] = short(text, c, "center" if c.colspan > 1 else "value")
            elif c.role == EMPTY:
                data[c.row][c.col] = ""
            else:  # LABEL, HEADING
                level = c.level if grid.label_cols <= 1 else 0
                data[c.row][c.col] = short(c.text, c, "label", indent * level)
                if c.role == HEADING and grid.label_cols <= 1:
                    style.append(("BACKGROUND", (c.col, c.row), end, colors.HexColor("#f7f7f7")))
        table = Table(data, colWidths=widths, repeatRows=grid.header_rows, hAlign="CENTER")
        table.setStyle(TableStyle(style))
        return table

    def _signatures(self) -> Any:
        from reportlab.platypus import Table, TableStyle

        u = self.doc.unit
        w = self.words

        def field(key: str) -> tuple[Any, Any]:
            value = u.get(key).strip()
            if key == "date" and not value:
                # room to write the date by hand: a borderless row, since Paragraph collapses runs of spaces
                blank = Table([["", self._p("年", "sign"), "", self._p("月", "sign"), "", self._p("日", "sign")]],
                              colWidths=[16, 12, 12, 12, 12, 12], hAlign="LEFT")
                blank.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fontset.primary),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                           ("TOPPADDING", (0, 0), (-1, -1), 0),
                                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
                return self._p(w[key] + "：", "sign"), blank
            return self._p(w[key] + "：", "sign"), self._p(value, "sign")

        rows = [
            [*field("head"), *field("reviewer"), *field("preparer")],
            [*field("phone"), *field("date"), "", ""],
        ]
        lw = max(self._width(w[k] + "：", 11) for k in ("head", "reviewer", "preparer", "phone", "date")) + 2
        vw = (self.frame_width - 3 * lw) / 3
        t = Table(rows, colWidths=[lw, vw] * 3, hAlign="LEFT")
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), self.fontset.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (1, 0), (1, -1), 10), ("RIGHTPADDING", (3, 0), (3, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("LINEBELOW", (1, 0), (1, 1), 0.6, "black"), ("LINEBELOW", (3, 0), (3, 1), 0.6, "black"),
            ("LINEBELOW", (5, 0), (5, 0), 0.6, "black"),
        ]))
        return t

    def _appendix(self) -> list[Any]:
        w = self.words
        checker = checker_for(self.doc.template)
        out: list[Any] = [self._p(w["appendix"], "app_head")]
        groups = (("errors", self.report.errors), ("warnings", self.report.warnings),
                  ("justified", self.report.justified))
        for key, items in groups:
            if not items and key != "warnings":
                continue
            out.append(self._p(w[key], "app_sub"))
            if not items:
                out.append(self._p(w["none"], "app_item"))
            for n, f in enumerate(checker.ordered(items), 1):
                number = w["see"].format(n=n) if key == "errors" else f"{n}."
                out.append(self._p(f"{number} [{f.rule}] {in_script(f.message, self.script)}", "app_item"))
                j = self.doc.justifications.get(f.key)
                if j and (key == "justified" or not is_open(self.doc, f)):
                    out.append(self._p(w["reason"] + j.reason, "app_reason"))
        if self.report.blanks:
            out.append(self._p(w["blanks"], "app_sub"))
            names = "、".join(in_script(checker.label(f.cells[0]), self.script) for f in self.report.blanks)
            out.append(self._p(f"{names}（共 {len(self.report.blanks)} 格）", "app_item"))
        return out

    # -- page furniture ----------------------------------------------------------------------------------------
    def draw_text(self, canvas: Any, x: float, y: float, text: str, size: float, align: str = "left") -> None:
        width = self._width(text, size)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for name, run in self.fontset.runs(text):
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
            x += stringWidth(run, name, size)

    def furniture(self, canvas: Any, page: int, total: int) -> None:
        from reportlab.lib.units import mm

        w, h = self.pagesize
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        self.draw_text(canvas, w / 2, 10 * mm, self.words["page"].format(n=page, m=total), 9, "center")
        if self.draft:
            self.draw_text(canvas, w / 2, h - 11 * mm,
                           self.words["draft_line"].format(reason=in_script(self.reason, self.script)), 11, "center")
            self.watermark(canvas)
        else:
            code = self.words["fingerprint"].format(code=self.code)
            self.draw_text(canvas, w - self.margin, 10 * mm, code, 9, "right")
        canvas.restoreState()

    def watermark(self, canvas: Any) -> None:
        """草稿 across the page body, corner to corner, as outlined letters: dark enough to survive black-and-white
        printing and a photocopy, hollow so the figures under it stay readable, and on every page so a cropped or
        separated page still says it."""
        w, h = self.pagesize
        angle = math.degrees(math.atan2(h, w))
        text = self.words["watermark"]
        size = min(w, h) * 0.32
        canvas.saveState()
        canvas.translate(w / 2, h / 2)
        canvas.rotate(angle)
        canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
        canvas.setLineWidth(1.2)
        canvas.setFillColorRGB(0.5, 0.5, 0.5)
        canvas.setFillAlpha(0.22)
        width = self._width(text, size)
        x = -width / 2
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for name, run in self.fontset.runs(text):
            t = canvas.beginText(x, -size * 0.35)
            t.setTextRenderMode(2)  # filled and outlined
            t.setFont(name, size)
            t.textOut(run)
            canvas.drawText(t)
            x += stringWidth(run, name, size)
        reason = in_script(self.reason, self.script)
        canvas.setFillAlpha(0.55)
        canvas.setFillColorRGB(0.2, 0.2, 0.2)
        self.draw_text(canvas, 0, -size * 0.35 - 36, reason, 22, "center")
        canvas.restoreState()


def _numbered_canvas(renderer: _Renderer, pages: list[int]) -> type:
    """A canvas that holds back each page until the total is known, for "第 N 页 共 M 页"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this every page references Helvetica, a font that is not embedded.
            kwargs["initialFontName"] = renderer.fontset.primary
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            pages[0] = total
            for n, state in enumerate(self._saved, 1):
                self.__dict__.update(state)
                renderer.furniture(self, n, total)
                super().showPage()
            super().save()

    return NumberedCanvas
