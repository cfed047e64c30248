"""A published report's PDF (made by Word, WPS or LibreOffice, with a text layer) as blocks: the text re-flowed
into paragraphs, the tables rebuilt from where each character stands. No Qt.

pypdfium2 gives every character with its box and every drawn line. A table is where ruled lines cross: its rows
lie between the horizontal rules, its columns between the vertical ones, and a cell without a rule between it and
its neighbour is merged with it (as a Word table's merged cells print). The characters inside a cell, however
many lines they take (a label printed one character per line, 部分公开 over two lines), are that cell's text. A
table cut by a page break continues on the next page when its columns stand where they stood. A table printed
without rules is read by its lines: the label, then the figures separated by their gaps.

Outside the tables, lines are joined into paragraphs: a line that is indented, or follows a line ending short of
the right margin, starts a new one; page numbers ("- 3 -", "第 3 页") and lines repeated at the top or bottom
of most pages are dropped.

What cannot be read is said: a scanned PDF (no text layer), an encrypted or broken one, one with too many pages
or streams that inflate past a bound (a decompression bomb) are refused with their own message before anything
is laid out. Nothing in the file is run: pdfium is not given a form environment, so JavaScript and embedded files
are never touched.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.exchange.report_blocks import MAX_TABLE_CELLS, Blocks
from model.exchange.store import DocumentError, read_limited

MAX_PAGES = 300  # a year's report runs to 5–30 pages; a 汇总 of a city with every table annexed to ~100
MAX_CHARS_PAGE = 30_000  # a dense A4 page holds ~2,000
MAX_INFLATED = 400 * 1024 * 1024  # bytes all compressed streams may inflate to (a 5-page report: ~1 MB)
MAX_RULES_PAGE = 20_000

RULE_THICKNESS = 3.0  # a drawn rule is thinner than this (points); a shaded cell is not a rule
RULE_MIN_LENGTH = 4.0
SNAP = 2.5  # rules this close are one (WPS draws a 1.9-pt bar as a filled rectangle: two edges)

_PAGE_NUMBER = re.compile(r"[-－—–~～]?\s*\d{1,4}\s*[-－—–~～]?|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|[-－—–]?\s*[一二三四五六七八九十]+\s*[-－—–]?")


@dataclass(frozen=True)
class Glyph:
    ch: str
    x0: float
    y0: float  # from the top of the page, downwards (as read)
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    glyphs: list[Glyph]
    y0: float = 0.0  # the line's top and bottom, kept as characters are added
    y1: float = 0.0

    @classmethod
    def of(cls, g: Glyph) -> Line:
        return cls([g], g.y0, g.y1)

    def add(self, g: Glyph) -> None:
        self.glyphs.append(g)
        self.y0, self.y1 = min(self.y0, g.y0), max(self.y1, g.y1)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def text(self) -> str:
        return joined(self.glyphs)


@dataclass
class Table:
    """A ruled table on one page: its column and row boundaries and the cells' text (None where merged)."""

    xs: list[float]
    ys: list[float]
    rows: list[list[str | None]]
    page: int
    pages: list[int] = field(default_factory=list)  # the page of each row (a table continued over pages)
    ragged: bool = False  # cut by gaps, not rules: its rows are set under the form's own header when read

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    h_rules: list[tuple[float, float, float]]  # y, x0, x1
    v_rules: list[tuple[float, float, float]]  # x, y0, y1


# --- reading the file


def _refuse(name: str, why: str) -> DocumentError:
    return DocumentError(f"无法打开“{name}”：{why}")


def inflated_size(data: bytes, limit: int = MAX_INFLATED) -> int:
    """What the file's Flate streams inflate to, counted up to `limit` (past it: limit + 1) without holding the
    output: a crafted stream of zeros can inflate a thousandfold, which pdfium would decode whole."""
    total = 0
    for m in re.finditer(rb"stream\r?\n", data):
        inflater = zlib.decompressobj()
        chunk = memoryview(data)[m.end():]
        try:
            while chunk and not inflater.eof:
                out = inflater.decompress(chunk, 1 << 20)
                total += len(out)
                if total > limit:
                    return limit + 1
                chunk = memoryview(inflater.unconsumed_tail)
                if not out:
                    break
        except zlib.error:
            continue  # not a Flate stream (a JPEG, an encrypted one): its raw size is within the file's
    return total


def _open(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium

    if not data.lstrip()[:1024].count(b"%PDF"):
        raise _refuse(name, "不是 PDF 文件（文件开头没有 PDF 标记）。")
    if inflated_size(data) > MAX_INFLATED:
        raise _refuse(name, f"其中的压缩数据解开后超过 {MAX_INFLATED // 1024 // 1024} MB，"
                            "可能是恶意构造的文件，未导入。")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _refuse(name, "这份 PDF 设有打开密码（已加密），无法读取其中的文字。请使用未加密的原文件，"
                                "或导入 Word/WPS 原文件（.docx）。") from exc
        raise _refuse(name, "PDF 文件已损坏或格式不正确，无法读取。请重新下载或导出一次，"
                            "或导入 Word/WPS 原文件（.docx）。") from exc


def _rules(page: Any, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The page's straight horizontal and vertical strokes (table rules), as (position, start, end) from the top."""
    import ctypes

    import pypdfium2.raw as raw

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = p, q
        if abs(ay - by) < 0.5 and abs(ax - bx) >= RULE_MIN_LENGTH:
            horizontal.append((height - ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= RULE_MIN_LENGTH:
            vertical.append((ax, height - max(ay, by), height - min(ay, by)))

    def walk(obj: Any, matrix: tuple[float, ...], depth: int) -> None:
        kind = raw.FPDFPageObj_GetType(obj)
        m = raw.FS_MATRIX()
        own = (m.a, m.b, m.c, m.d, m.e, m.f) if raw.FPDFPageObj_GetMatrix(obj, m) else (1, 0, 0, 1, 0, 0)
        full = _compose(own, matrix)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                walk(raw.FPDFFormObj_GetObject(obj, i), full, depth + 1)
            return
        if kind != raw.FPDF_PAGEOBJ_PATH:
            return
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        # what shows: a stroke in a colour other than white, or a thin filled bar (WPS's rules); the white
        # rectangles WPS puts behind every paragraph and cell are not rules
        if stroke.value and _visible(obj, raw.FPDFPageObj_GetStrokeColor):
            start: tuple[float, float] | None = None
            last: tuple[float, float] | None = None
            a, b, c, d, e, f = full
            for i in range(min(raw.FPDFPath_CountSegments(obj), 4 * MAX_RULES_PAGE)):
                seg = raw.FPDFPath_GetPathSegment(obj, i)
                raw.FPDFPathSegment_GetPoint(seg, x, y)
                pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO:
                    start = pt
                elif last is not None:
                    add(last, pt)  # a curve's end point: a rounded corner is no rule, its straight sides are
                last = pt
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    add(pt, start)
        elif fill_mode.value and _visible(obj, raw.FPDFPageObj_GetFillColor):
            w, h = right.value - left.value, top.value - bottom.value
            if min(w, h) <= RULE_THICKNESS:
                if w >= h:
                    horizontal.append((height - (top.value + bottom.value) / 2, left.value, right.value))
                else:
                    vertical.append(((left.value + right.value) / 2, height - top.value, height - bottom.value))

    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        walk(raw.FPDFPage_GetObject(page.raw, i), (1, 0, 0, 1, 0, 0), 0)
        if len(horizontal) + len(vertical) > MAX_RULES_PAGE:
            break
    return horizontal, vertical


def _visible(obj: Any, colour_of: Any) -> bool:
    import ctypes

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not colour_of(obj, r, g, b, a):
        return True
    return a.value > 0 and (r.value, g.value, b.value) != (255, 255, 255)


def _compose(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF's row-vector matrices)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _glyphs(textpage: Any, height: float, name: str, number: int) -> list[Glyph]:
    import pypdfium2.raw as raw

    n = textpage.count_chars()
    if n > MAX_CHARS_PAGE:
        raise _refuse(name, f"第 {number} 页有 {n:,} 个字符（一页最多 {MAX_CHARS_PAGE:,} 个），"
                            "不是正常的报告页面，未导入。")
    out = []
    for i in range(n):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if raw.FPDFText_IsGenerated(textpage.raw, i) or code in (0xFEFF, 0xFFFE, 0xFFFF):
            continue  # pdfium's own guesses at spaces and line ends: the positions say better
        ch = " " if code in (0x20, 0xA0, 0x3000) else chr(code)
        if ch != " " and unicodedata.category(ch)[0] in "CZ":
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        if top <= bottom or (right <= left and ch != " "):
            continue
        out.append(Glyph(ch, left, height - top, right, height - bottom))
    return out


def read_pages(path: Path) -> list[Page]:
    """Every page's characters and rules; DocumentError for a file that cannot or must not be read."""
    data = read_limited(path)
    name = path.name
    pdf = _open(data, name)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise _refuse(name, f"有 {count:,} 页（本工具读入的报告最多 {MAX_PAGES} 页），不像是一份年度报告，未导入。")
        if count == 0:
            raise _refuse(name, "PDF 中没有页面。")
        pages = []
        for k in range(count):
            page = pdf[k]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    glyphs = _glyphs(textpage, height, name, k + 1)
                finally:
                    textpage.close()
                h, v = _rules(page, height)
            finally:
                page.close()
            pages.append(Page(k + 1, width, height, glyphs, h, v))
    finally:
        pdf.close()
    if sum(1 for p in pages for g in p.glyphs if g.ch != " ") < 20:
        raise _refuse(name, "这是扫描件（没有文字层），无法读出其中的文字和数字。请导入 Word/WPS 原文件"
                            "（.docx）或网页，或在表中手工录入。")
    return pages


# --- characters into lines


_ASCII_WORD = re.compile(r"[A-Za-z0-9.%:;,!?()]")


def joined(glyphs: list[Glyph]) -> str:
    """Characters of one line as text: a space only between Latin letters or digits set apart (justified Chinese
    text spreads its characters, which is not a space)."""
    out: list[str] = []
    prev: Glyph | None = None
    space = False
    for g in glyphs:
        if g.ch == " ":
            space = True  # a space the file itself holds: kept between Latin words only
            continue
        if prev is not None and _ASCII_WORD.match(prev.ch) and _ASCII_WORD.match(g.ch) and (
                space or g.x0 - prev.x1 > 0.3 * (g.y1 - g.y0)):
            out.append(" ")
        out.append(g.ch)
        prev, space = g, False
    return "".join(out)


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """Characters grouped into lines, top to bottom: a character belongs to the line its vertical middle lies in."""
    lines: list[Line] = []
    for g in sorted(glyphs, key=lambda g: ((g.y0 + g.y1) / 2, g.x0)):
        if lines:
            last = lines[-1]
            if last.y0 - 0.5 <= (g.y0 + g.y1) / 2 <= last.y1 + 0.5:
                last.add(g)
                continue
        lines.append(Line.of(g))
    out = []
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
        while line.glyphs and line.glyphs[-1].ch == " ":
            line.glyphs.pop()
        while line.glyphs and line.glyphs[0].ch == " ":
            line.glyphs.pop(0)
        if line.glyphs:
            out.append(line)
    return out


def _cluster(values: list[float], snap: float = SNAP) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


# --- ruled tables


def _components(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]]
                ) -> list[tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]:
    """Groups of rules that touch one another: each a table (a lone rule is an underline, not a table)."""
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(h):
        for j, (x, y0, y1) in enumerate(v):
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[find(i)] = find(len(h) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, rule in enumerate(h):
        groups.setdefault(find(i), ([], []))[0].append(rule)
    for j, rule in enumerate(v):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(rule)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _covered(rules: list[tuple[float, float, float]], at: float, lo: float, hi: float) -> bool:
    """Whether a rule runs at `at` over the middle of [lo, hi]."""
    mid = (lo + hi) / 2
    return any(abs(p - at) <= SNAP and a - SNAP <= mid <= b + SNAP for p, a, b in rules)


def _ruled_table(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]], glyphs: list[Glyph],
                 page: int) -> tuple[Table, set[int]]:
    """The table a group of rules draws, with the characters inside it (and which characters those were)."""
    # the vertical rules' ends close the grid where a page break left a row without its bottom rule
    xs = _cluster([x for x, _a, _b in v])
    ys = _cluster([y for y, _a, _b in h] + [min(a for _x, a, _b in v), max(b for _x, _a, b in v)])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows * n_cols > MAX_TABLE_CELLS:
        raise DocumentError(f"PDF 第 {page} 页的表格超过 {MAX_TABLE_CELLS:,} 格，可能不是正常的报告文件，未导入。")
    # each grid position's cell: merged with its right or lower neighbour where no rule parts them
    owner = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def root(rc: tuple[int, int]) -> tuple[int, int]:
        while owner[rc] != rc:
            rc = owner[rc]
        return rc

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(v, xs[c + 1], ys[r], ys[r + 1]):
                a, b = root((r, c)), root((r, c + 1))
                owner[max(a, b)] = min(a, b)
            if r + 1 < n_rows and not _covered(h, ys[r + 1], xs[c], xs[c + 1]):
                a, b = root((r, c)), root((r + 1, c))
                owner[max(a, b)] = min(a, b)
    inside: dict[tuple[int, int], list[Glyph]] = {}
    used: set[int] = set()
    inner_x, inner_y = xs[1:-1], ys[1:-1]
    for k, g in enumerate(glyphs):
        cx, cy = g.cx, g.cy
        if not (xs[0] - 1 <= cx <= xs[-1] + 1 and ys[0] - 1 <= cy <= ys[-1] + 1):
            continue
        c, r = bisect_left(inner_x, cx), bisect_left(inner_y, cy)
        inside.setdefault(root((r, c)), []).append(g)
        used.add(k)
    rows: list[list[str | None]] = []
    for r in range(n_rows):
        row: list[str | None] = []
        for c in range(n_cols):
            top = root((r, c))
            row.append(_cell_text(inside.get(top, [])) if top == (r, c) else None)
        rows.append(row)
    return Table(xs, ys, rows, page, [page] * n_rows), used


def _cell_text(glyphs: list[Glyph]) -> str:
    """A cell's lines joined: a label broken over lines (or set one character per line) is one label."""
    return "".join(line.text() for line in lines_of(glyphs))


# --- pages into blocks


@dataclass
class _Item:
    top: float
    page: int
    line: Line | None = None
    table: Table | None = None


def _page_furniture(pages: list[Page], lines: dict[int, list[Line]]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and of running headers and footers: lines in the top or bottom tenth of
    the page that are a page number, or whose text (digits aside) recurs there on most pages."""
    margin_lines: dict[str, list[tuple[int, int]]] = {}
    drop: set[tuple[int, int]] = set()
    for page in pages:
        for k, line in enumerate(lines[page.number]):
            edge = line.y1 < page.height * 0.1 or line.y0 > page.height * 0.9
            if not edge:
                continue
            text = line.text()
            if _PAGE_NUMBER.fullmatch(unicodedata.normalize("NFKC", text)):
                drop.add((page.number, k))
            else:
                margin_lines.setdefault(re.sub(r"\d+", "#", text), []).append((page.number, k))
    if len(pages) >= 3:
        for places in margin_lines.values():
            if len({p for p, _k in places}) >= max(3, len(pages) // 2):
                drop.update(places)
    return drop


def _items(pages: list[Page]) -> list[_Item]:
    every_line = {page.number: lines_of(page.glyphs) for page in pages}
    furniture = _page_furniture(pages, every_line)
    items: list[_Item] = []
    for page in pages:
        used: set[int] = set()
        tables = []
        for h, v in _components(page.h_rules, page.v_rules):
            table, inside = _ruled_table(h, v, page.glyphs, page.number)
            if len(table.xs) >= 2 and len(table.ys) >= 2:
                tables.append(table)
                used |= inside
        rest = [g for k, g in enumerate(page.glyphs) if k not in used]
        page_items = [_Item(t.top, page.number, table=t) for t in tables]
        keep = {id(g) for k, line in enumerate(every_line[page.number]) if (page.number, k) not in furniture
                for g in line.glyphs}
        lines = lines_of([g for g in rest if id(g) in keep])
        page_items += _unruled(lines, page.number)
        page_items.sort(key=lambda i: i.top)
        items += page_items
    return items


# --- tables printed without rules


_FIGURE = re.compile(r"[\d,，]+(?:\.\d+)?|[/／—–-]")
MIN_UNRULED_ROWS = 3
MAX_HEADER_LINES = 8


def _em(lines: list[Line]) -> float:
    widths = [g.x1 - g.x0 for line in lines for g in line.glyphs if ord(g.ch) > 0x2E80]
    return statistics.median(widths) if widths else 10.0


def _segments(line: Line) -> list[tuple[float, str]]:
    """A line cut into a table's cells, each with where it starts: at a gap wider than a character, or wider than
    half a character between a word and a figure (a label's last character and the figure in the next column)."""
    widths = sorted(g.x1 - g.x0 for g in line.glyphs if g.ch != " ")
    em = widths[len(widths) // 2] if widths else 10.0
    out: list[list[Glyph]] = [[]]
    prev: Glyph | None = None
    for g in line.glyphs:
        if g.ch == " ":
            continue
        if prev is not None:
            gap = g.x0 - prev.x1
            if gap > em or (gap > 0.5 * em and prev.ch.isdigit() != g.ch.isdigit()):
                out.append([])
        out[-1].append(g)
        prev = g
    return [(part[0].x0, joined(part)) for part in out if part]


def _figures_at_end(cells: list[tuple[float, str]]) -> int:
    n = 0
    while n < len(cells) and _FIGURE.fullmatch(unicodedata.normalize("NFKC", cells[len(cells) - 1 - n][1])):
        n += 1
    return n


def _unruled(lines: list[Line], page: int) -> list[_Item]:
    """Lines as text, except runs of table rows printed without rules (a label, then figures set apart): those
    become a table (see `_unruled_table`)."""
    cells = [_segments(line) for line in lines]
    is_row = [_figures_at_end(c) >= 2 and len(c) >= 3 for c in cells]
    items: list[_Item] = []
    k = 0
    while k < len(lines):
        if not is_row[k]:
            items.append(_Item(lines[k].y0, page, line=lines[k]))
            k += 1
            continue
        end = k  # the run: rows, and the label lines between rows (up to three: a label over several lines)
        while end < len(lines) and (is_row[end] or (any(is_row[j] for j in range(end + 1, min(end + 4, len(lines))))
                                    and _figures_at_end(cells[end]) == 0)):
            end += 1
        if sum(is_row[k:end]) < MIN_UNRULED_ROWS:
            items += [_Item(line.y0, page, line=line) for line in lines[k:end]]
            k = end
            continue
        start = k  # the header lines above the first row (cut into cells, or short) belong to the table
        while start > 0 and k - start < MAX_HEADER_LINES and items and items[-1].line is lines[start - 1] \
                and (len(cells[start - 1]) >= 2 or len(lines[start - 1].glyphs) <= 12) \
                and not _heading(lines[start - 1].text()):
            start -= 1
            items.pop()
        header: list[list[str | None]] = [[t for _x, t in c] for c in cells[start:k]]
        table = _unruled_table(lines[k:end], cells[k:end], page)
        table.rows[:0] = header  # read as the copied header: the form's own stands for it when the rows are set
        table.pages[:0] = [page] * len(header)
        items.append(_Item(lines[start].y0, page, table=table))
        k = end
    return items


def _unruled_table(lines: list[Line], cells: list[list[tuple[float, str]]], page: int) -> Table:
    """The rows of a table without rules. A label set on several lines has its figures on one of them (the
    middle one, as a cell centres its text): each line without figures belongs to the row whose figures stand
    nearest, and continues that row's label where it starts under it; a group's label beside its rows (（三）不予
    公开) is a cell before the row's own label, and one printed a character per line is left out (the rows' own
    labels say what they are)."""
    figure_lines = [k for k, c in enumerate(cells) if _figures_at_end(c)]
    middle = [(line.y0 + line.y1) / 2 for line in lines]
    above: dict[int, list[tuple[float, str]]] = {k: [] for k in figure_lines}
    below: dict[int, list[tuple[float, str]]] = {k: [] for k in figure_lines}
    for k, line_cells in enumerate(cells):
        if k in above or len("".join(t for _x, t in line_cells)) <= 1:
            continue
        nearest = min(figure_lines, key=lambda f: (abs(middle[f] - middle[k]), f < k))
        (above if k < nearest else below)[nearest].extend(line_cells)
    rows: list[list[str | None]] = []
    em = _em(lines)
    columns = _figure_columns([cells[k][len(cells[k]) - _figures_at_end(cells[k]):] for k in figure_lines])
    for k in figure_lines:
        n = _figures_at_end(cells[k])
        labels, figures = cells[k][:len(cells[k]) - n], cells[k][len(cells[k]) - n:]
        x = labels[-1][0] if labels else (above[k] or below[k] or [(0.0, "")])[0][0]
        own = [t for cx, t in above[k] if abs(cx - x) < em] + [labels[-1][1] if labels else ""] \
            + [t for cx, t in below[k] if abs(cx - x) < em]
        groups = [t for cx, t in above[k] + labels[:-1] + below[k] if abs(cx - x) >= em]
        rows.append([*groups, "".join(own), *_placed(figures, columns)])
    return Table([], [lines[0].y0, lines[-1].y1], rows, page, [page] * len(rows), ragged=True)


def _figure_columns(rows: list[list[tuple[float, str]]]) -> list[float]:
    """Where the figure columns start: from the rows with the most figures (the rows with every cell filled)."""
    most = max((len(r) for r in rows), default=0)
    full = [r for r in rows if len(r) == most]
    return [statistics.median(r[i][0] for r in full) for i in range(most)]


def _placed(figures: list[tuple[float, str]], columns: list[float]) -> list[str]:
    """A row's figures in their columns, "" where a cell was left empty; as read when the places are unclear."""
    if len(figures) == len(columns) or not columns:
        return [t for _x, t in figures]
    out = [""] * len(columns)
    for x, t in figures:
        col = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
        if out[col]:
            return [t for _x, t in figures]  # two figures under one column: left for the reader to report
        out[col] = t
    return out


def _same_columns(a: Table, b: Table) -> bool:
    """Whether `b` (at the top of a page) goes on with `a` (at the bottom of the page before): the same columns."""
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= 2 * SNAP for x, y in zip(a.xs, b.xs, strict=True))


def _margins(lines: list[Line]) -> tuple[float, float, float]:
    """The text block's left and right edges and the body's character width, from the lines themselves."""
    if not lines:
        return 0.0, 0.0, 10.0
    left = statistics.median_low(sorted(round(line.x0) for line in lines)[: max(1, len(lines) // 2)])
    right = max(round(line.x1) for line in lines)
    widths = [g.x1 - g.x0 for line in lines for g in line.glyphs if ord(g.ch) > 0x2E80]
    return float(left), float(right), statistics.median(widths) if widths else 10.0


def _starts_paragraph(line: Line, prev: Line | None, left: float, right: float, em: float) -> bool:
    if prev is None:
        return True
    if line.x0 > left + 1.2 * em or prev.x1 < right - 1.5 * em:
        return True  # indented, or the line before ended short of the margin
    gap = line.y0 - prev.y1
    return gap > 1.5 * max(prev.height, line.height)  # (on the same page) a blank line between


def _tables_joined(items: list[_Item]) -> list[_Item]:
    """A table whose rows go on at the top of the next page, with the same columns, is one table."""
    out: list[_Item] = []
    for item in items:
        prev = out[-1] if out else None
        if item.table is not None and prev is not None and prev.table is not None \
                and item.page == prev.table.pages[-1] + 1 and _same_columns(prev.table, item.table):
            rows, pages = item.table.rows, item.table.pages
            repeated = 0  # Word's "repeat header rows" prints the header again on every page
            most = min(len(rows) - 1, len(prev.table.rows), 4)
            while repeated < most and rows[repeated] == prev.table.rows[repeated]:
                repeated += 1
            prev.table.rows += rows[repeated:]
            prev.table.pages += pages[repeated:]
            continue
        out.append(item)
    return out


def blocks_of_pdf(path: Path) -> Blocks:
    """A PDF's text and tables as blocks; each table's rows know their page (Blocks.pages)."""
    pages = read_pages(path)
    items = _tables_joined(_items(pages))
    text_lines = [i.line for i in items if i.line is not None]
    left, right, em = _margins(text_lines)
    out = Blocks()
    paragraph: list[str] = []
    prev: Line | None = None

    def flush() -> None:
        if paragraph:
            out.line("".join(paragraph))
            paragraph.clear()

    for item in items:
        if item.table is not None:
            flush()
            prev = None
            out.table(item.table.rows)
            if out.items and out.items[-1] is item.table.rows:
                out.pages[len(out.items) - 1] = item.table.pages
                if item.table.ragged:
                    out.ragged.add(len(out.items) - 1)
            continue
        line = item.line
        assert line is not None
        if _starts_paragraph(line, prev, left, right, em) or _heading(line.text()):
            flush()
        text = line.text()
        if paragraph and _ASCII_WORD.match(paragraph[-1][-1:]) and _ASCII_WORD.match(text[:1]):
            paragraph.append(" ")
        paragraph.append(text)
        prev = line
    flush()
    return out


_HEADING = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]")


def _heading(text: str) -> bool:
    """A numbered heading starts its own paragraph even where the line before ran to the margin."""
    return bool(_HEADING.match(text)) and len(text) <= 40
