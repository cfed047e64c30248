"""Bringing in a whole report written elsewhere (.txt, .docx, .html, .pdf): its text becomes the report's sections, its
statistics table is read by the same label matching as an Excel import, with the same report of what was and was
not matched. No Qt.

A report is read as a list of blocks: a line of text (a heading or a paragraph), or a table as rows of cells. In a
.txt the seed's layout is a table too: every cell on a line of its own ending with "|", the header's cells first
(so the number of header cells gives the row length); a line "a | b | c" is one row.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from model.core.templates import HANS, Template, get_template, template_for_year, template_ids
from model.core.text import CONTACT, ReportText, Section
from model.core.text_contact import contact_part
from model.exchange.imported import NO_YEAR, NOTE, ImportProblem, ImportResult
from model.exchange.labels_match import label_key, row_keys, to_simplified
from model.exchange.report_blocks import Blocks, grid_of_spans, span_of
from model.exchange.store import DocumentError, read_limited

# the numbering of each heading level as reports use it: 一、 / （一） / 1. or 1、 / （1）
_HEADINGS = ((1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
             (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
             (3, re.compile(r"^\d{1,2}[、.．](?!\d)")), (3, re.compile(r"^[（(]\d{1,2}[）)]")))
_MAX_HEADING = 40  # a line longer than this is a paragraph that starts with a number ("（一）是…")
_MAX_RUN_IN = 26  # "（一）主动公开情况。本年度…": a numbered first sentence this short is the heading of what follows

# --- the file kinds


def decode_text(data: bytes, name: str) -> str:
    """A text file's bytes as WPS and Notepad on Chinese Windows save them: UTF-8 or GBK/GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):  # WPS and Notepad on Chinese Windows save GBK/GB18030
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"无法读取“{name}”：文字编码既不是 UTF-8 也不是 GB18030。")


def _cells_of_line(line: str) -> list[str] | None:
    """A line of the seed's table layout: "label |" is one cell; "a | b | c |" a whole row."""
    if not line.rstrip().endswith("|") and line.count("|") < 2:
        return None
    return [c.strip() for c in line.rstrip().removesuffix("|").split("|")]


def blocks_of_text(text: str) -> Blocks:
    out = Blocks()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        cells = _cells_of_line(lines[i])
        if cells is None:
            out.line(lines[i])
            i += 1
            continue
        run: list[list[str]] = []
        while i < len(lines) and (cells := _cells_of_line(lines[i])) is not None:
            run.append(cells)
            i += 1
        out.table([list(r) for r in run])  # one cell per line: a single column, cut into rows by read_report
    return out


def _rows_of(column: list[list[str | None]], width: int) -> list[list[str | None]]:
    flat = [r[0] for r in column]
    return [flat[k:k + width] for k in range(0, len(flat), width)]


def _widths(blocks: Blocks) -> list[Blocks]:
    """A table written one cell per line has as many cells per row as its header: each plausible row length,
    as blocks to read (the one whose import matches most figures is the layout)."""
    single = [k for k, item in enumerate(blocks.items)
              if not isinstance(item, str) and len(item) > 3 and all(len(r) == 1 for r in item)]
    if not single:
        return [blocks]
    out = []
    for width in range(2, 9):
        items = list(blocks.items)
        for k in single:
            items[k] = _rows_of(items[k], width)  # type: ignore[arg-type]
        out.append(Blocks(items, blocks.pages, blocks.ragged))
    return out


def _joined(blocks: Blocks) -> Blocks | None:
    """A table a copy cut into one small table per row (or per group of rows), back to back with nothing between,
    as one table, its rows of different lengths (merged cells dropped) to be set under the form's header by
    `_squared`. None when no two tables touch. A reading among others: two tables of the form that touch (Word's four
    small tables of 表二) may read better apart, and the reading that matches most figures wins."""
    items: list[str | list[list[str | None]]] = []
    pages: dict[int, list[int]] = {}
    ragged: set[int] = set()
    changed = False
    for k, item in enumerate(blocks.items):
        previous = items[-1] if items else None
        if not isinstance(item, str) and previous is not None and not isinstance(previous, str):
            n = len(items) - 1
            rows = previous + [list(r) for r in item]
            items[n] = rows
            if n in pages or k in blocks.pages:
                pages[n] = pages.get(n, [0] * len(previous)) + blocks.pages.get(k, [0] * len(item))
            if k in blocks.ragged:  # a PDF's pieces keep their blanks (their figures were placed by position)
                ragged.add(n)
            changed = True
            continue
        items.append(item if isinstance(item, str) else [list(r) for r in item])
        if k in blocks.pages:
            pages[len(items) - 1] = list(blocks.pages[k])
        if k in blocks.ragged:
            ragged.add(len(items) - 1)
    return Blocks(items, pages, ragged) if changed else None


class _Html(HTMLParser):
    BLOCK = frozenset({"caption", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "br", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Blocks()
        self.text: list[str] = []
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # rows of (text, rowspan, colspan)
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            a = dict(attrs)
            self.cell = []
            self.span = (span_of(a.get("rowspan")), span_of(a.get("colspan")))
        elif tag in self.BLOCK and self.cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append((" ".join("".join(self.cell).split()), *self.span))
            self.cell = None
        elif tag == "table" and self.tables:
            self.out.table(grid_of_spans(self.tables.pop()))
        elif tag in self.BLOCK and self.cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.cell if self.cell is not None else self.text).append(data)

    def _flush(self) -> None:
        self.out.line(" ".join("".join(self.text).split()))
        self.text = []

    def close(self) -> None:
        super().close()
        self._flush()


def blocks_of_html(text: str) -> Blocks:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser.out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# the run elements that stand for text: a tab is a tab, a manual line break (Shift+Enter) or carriage return a new
# line, a non-breaking hyphen a hyphen; glued together "项目\t8547条" would read as one word
_RUN_TEXT = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-", W + "softHyphen": ""}


def _para_text(p: Any) -> str:
    """A paragraph's text, its content controls (w:sdt) and hyperlinks included, deleted text left out."""
    if p is None:
        return ""
    parts = []
    for t in p.iter():
        if t.tag == W + "t":
            parts.append(t.text or "")
        elif t.tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[t.tag])
    return "".join(parts)


MAX_NESTING = 20  # content controls inside content controls: Word's templates use two or three


def _body_children(parent: Any, depth: int = 0) -> Any:
    """The paragraphs and tables of the body, with those inside block-level content controls (w:sdt), which Word
    and WPS templates use for whole sections."""
    if depth > MAX_NESTING:
        raise DocumentError(f"报告中的内容控件嵌套超过 {MAX_NESTING} 层，可能不是正常的报告文件，未导入。")
    for child in parent:
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _body_children(content, depth + 1)
        else:
            yield child


def blocks_of_docx(path: Path) -> Blocks:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > 50_000_000:
                raise DocumentError(f"“{name}”的正文太大（{info.file_size // 1_000_000} MB），无法导入。")
            root = ElementTree.fromstring(zf.read(info))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError) as exc:
        raise DocumentError(f"无法打开“{name}”：不是有效的 Word 文档（.docx）。如是 .doc 或 .wps，"
                            "请在 Word/WPS 中“另存为” .docx 后再导入。") from exc
    except Exception as exc:  # defusedxml refuses entities and DTDs: a file made to attack the reader
        raise DocumentError(f"无法打开“{name}”：文档内容不安全或已损坏（{type(exc).__name__}）。") from exc
    out = Blocks()
    body = root.find(W + "body")
    for child in _body_children(body) if body is not None else []:
        if child.tag == W + "p":
            for line in _para_text(child).split("\n"):
                out.line(line)
        elif child.tag == W + "tbl":
            rows: list[list[tuple[str, int, int]]] = []
            merged_down: list[list[bool]] = []
            for tr in child.findall(W + "tr"):
                row: list[tuple[str, int, int]] = []
                flags: list[bool] = []
                for tc in tr.findall(W + "tc"):
                    props = tc.find(W + "tcPr")
                    span = props.find(W + "gridSpan") if props is not None else None
                    vmerge = props.find(W + "vMerge") if props is not None else None
                    colspan = span_of(span.get(W + "val")) if span is not None else 1
                    text = "\n".join(_para_text(p) for p in tc.findall(W + "p")).strip()
                    row.append((text, 1, colspan))
                    flags.append(vmerge is not None and vmerge.get(W + "val") != "restart")
                rows.append(row)
                merged_down.append(flags)
            grid = grid_of_spans(rows)
            # a vertically merged cell's continuation reads as None, as in Excel
            for r, flags in enumerate(merged_down):
                c = 0
                for (_t, _rs, colspan), cont in zip(rows[r], flags, strict=True):
                    if cont:
                        for dc in range(colspan):
                            grid[r][c + dc] = None
                    c += colspan
            out.table(grid)
    return out


def read_blocks(path: str | Path) -> Blocks:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".docx":
        read_limited(p)  # the size limit and a clear message for a missing or unreadable file
        return blocks_of_docx(p)
    if suffix == ".pdf":
        from model.exchange.report_pdf import blocks_of_pdf

        return blocks_of_pdf(p)
    text = decode_text(read_limited(p), p.name)
    return blocks_of_html(text) if suffix in (".html", ".htm") else blocks_of_text(text)


# --- blocks → a document


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", to_simplified(unicodedata.normalize("NFKC", text)))


def _numbering_level(line: str) -> int:
    flat = unicodedata.normalize("NFKC", line)
    return next((level for level, pattern in _HEADINGS if pattern.match(flat)), 0)


def _heading_level(line: str) -> int:
    """The level of a heading line, 0 for a paragraph. A heading may end with "。" as reports write them
    ("（一）系统化推进主动公开。"), but holds one sentence only."""
    if len(line) > _MAX_HEADING or line.endswith(("；", ";")) or line.rstrip("。").count("。"):
        return 0
    if line.endswith("。") and len(line) > _MAX_RUN_IN:
        return 0
    return _numbering_level(line)


def _run_in(line: str) -> tuple[str, str] | None:
    """A heading run into its paragraph ("（一）主动公开信息情况。本年度我局…"): the heading and the rest."""
    end = line.find("。")
    if 0 < end < _MAX_RUN_IN and end + 1 < len(line) and _numbering_level(line):
        head, rest = line[:end + 1], line[end + 1:].strip()
        if "，" not in head and rest:
            return head, rest
    return None


def sections_of(blocks: Blocks, template: Template, table_lines: set[int]) -> ReportText:
    """The text blocks as sections: numbered short lines are headings; a heading the format fixes (2021: 一、总体情况,
    （一）主动公开…) is taken as the format's, the others as written. Blocks in `table_lines` belong to a table."""
    fixed = {_key(h.heading): h for h in template.text.skeleton if h.fixed and h.heading}
    sections: list[Section] = []
    body: list[str] = []
    head: Section | None = Section(heading="", level=0)

    def close() -> None:
        if head is not None and (head.heading or body):
            sections.append(Section(heading=head.heading, body="\n".join(body), level=head.level,
                                    fixed=head.fixed, table=head.table))

    for k, item in enumerate(blocks.items):
        if not isinstance(item, str) or k in table_lines:
            continue
        level = _heading_level(item)
        run_in = None if level else _run_in(item)
        if run_in is not None:
            item, rest = run_in
            level = _numbering_level(item)
        else:
            rest = ""
        spec = fixed.get(_key(item))
        starts_closing = item.startswith("下一步") and sections  # the seed's closing word stands on its own
        if level or spec is not None or starts_closing:
            close()
            body = []
            if spec is not None:
                head = Section(heading=spec.heading, level=spec.level, fixed=True, table=spec.table)
            elif starts_closing:
                head = Section(heading="", level=0)
                body = [item]
            else:
                head = Section(heading=item, level=level)
            if rest:
                body.append(rest)
            continue
        body.append(item)
    close()
    return ReportText(tuple(sections))


_TITLE_LINES = 3  # the lines just before a table: its title, the year line, 填报单位


_YEAR_LINE = re.compile(r"[(（]?\s*\d{4}\s*年度?\s*[)）]?")


def _title_like(line: str) -> bool:
    """A table's title ("政府信息公开情况统计表"), its year line ("（2015年度）") or its 填报单位 line."""
    flat = to_simplified(unicodedata.normalize("NFKC", line)).strip()
    return len(flat) <= _MAX_HEADING and ("统计表" in flat or flat.startswith("填报单位")
                                           or _YEAR_LINE.fullmatch(flat) is not None)


def _sheets(blocks: Blocks, name: str) -> tuple[list[Any], set[int]]:
    """The tables as sheets for the label matcher, each with the short lines above it (title, year line); and
    which text blocks were taken as such title lines."""
    from model.exchange.xlsx_import import PagedSheet, Sheet

    sheets: list[Any] = []
    used: set[int] = set()
    for k, item in enumerate(blocks.items):
        if isinstance(item, str):
            continue
        above: list[str] = []
        for j in range(k - 1, max(-1, k - 1 - _TITLE_LINES), -1):
            prev = blocks.items[j]
            if not isinstance(prev, str) or not _title_like(prev):
                break  # the title lines are the ones right above the table; the text before them stays text
            above.insert(0, prev)
            used.add(j)
        rows: list[list[Any]] = [[line] for line in above] + [list(r) for r in item]
        title = f"{name} 表{len(sheets) + 1}"
        pages = blocks.pages.get(k)
        sheets.append(PagedSheet(title, rows, set(), [pages[0]] * len(above) + pages) if pages
                      else Sheet(title, rows, set()))
    return sheets, used


_TITLE = re.compile(r"^(?P<unit>.*?)(?P<year>20\d\d|二[〇零○Ｏ][一二三四五六七八九〇零○Ｏ]{2})年(?:度)?"
                    r"(?:政府信息公开|政务公开)")


def _title_year(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str("〇一二三四五六七八九".index(ch)) if ch in "一二三四五六七八九" else "0" for ch in text))


def _title_of_text(blocks: Blocks) -> tuple[str, int | None, set[int]]:
    """The unit and year a report's title names ("青山县自然资源局2023年政府信息公开工作年度报告"; spaces, full-width
    digits and 〇 years as published: "…人民政府 2025 年…", "二〇二三年"), and the title's blocks (none found: empty):
    the title is not part of the text. A title set on two lines (unit, then "2025年…年度报告") is read as one."""
    def title(text: str) -> re.Match[str] | None:
        flat = re.sub(r"\s+", "", to_simplified(unicodedata.normalize("NFKC", text)))
        return None if len(flat) > 2 * _MAX_HEADING or text.endswith(("。", "：", ":")) else _TITLE.match(flat)

    lines = [(k, item) for k, item in enumerate(blocks.items[:6]) if isinstance(item, str)]
    for n, (k, item) in enumerate(lines):
        m = title(item)
        if m and m.group("unit"):
            return m.group("unit"), _title_year(m.group("year")), {k}
        if m is None and n + 1 < len(lines) and lines[n + 1][0] == k + 1:
            both = title(item + lines[n + 1][1])  # the unit on a line of its own above "2025年…年度报告"
            if both and both.group("unit"):
                return both.group("unit"), _title_year(both.group("year")), {k, k + 1}
        if m:
            return "", _title_year(m.group("year")), {k}
    return "", None, set()


_VALUEISH = re.compile(r"\s*(?:\d[\d,，]*(?:\.\d+)?|[/／\-—–]|)\s*")


def _trimmed(row: list[str | None]) -> list[str]:
    """A row without the empty cells a copied row ends with (the page's merged cells)."""
    cells = [c or "" for c in row]
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _split_row(row: list[str | None], keep_blanks: bool = False) -> tuple[list[str], list[str]]:
    """A row as labels and the figures at its end (blanks and "/" among them); `keep_blanks`: the row's empty cells
    at the end are cells of the table (a PDF's row whose figures were placed by position), not page furniture."""
    cells = [c or "" for c in row] if keep_blanks else _trimmed(row)
    k = len(cells)
    while k > 0 and _VALUEISH.fullmatch(unicodedata.normalize("NFKC", cells[k - 1])):
        k -= 1
    return [c for c in cells[:k] if c.strip()], cells[k:]


def _form_header(template: Template, table: Any) -> list[list[str | None]]:
    """The form's own column header rows of `table`, one label column then its value columns, merged cells as
    None (as an Excel merged cell reads)."""
    from model.core.layout import HEADER, build_grid

    grid = build_grid(template, table)
    first = grid.label_cols + (1 if table.unit_column else 0)
    width = 1 + len(table.columns)
    rows: list[list[str | None]] = [[""] + [None] * (width - 1) for _ in range(grid.header_rows)]
    for c in grid.cells:
        if c.role == HEADER and c.row < grid.header_rows and c.col >= first:
            rows[c.row][1 + c.col - first] = c.text
    return rows


def _side_by_side(split: list[tuple[list[str], list[str]]], width_of: Callable[[str], int]
                  ) -> tuple[list[tuple[list[str], list[str]]], list[int]]:
    """A table copied in column groups (the first columns for every row, then the other columns for every row,
    each group with the row labels) has each label twice with part of its figures: where the parts add up to the
    columns of the label's table (`width_of` its key), they are one row. Also which source row each row began at."""
    out: list[tuple[list[str], list[str]]] = []
    origin: list[int] = []
    waiting: dict[str, int] = {}

    def figures(values: list[str]) -> list[str]:  # without the empty label cells (merged) before the figures
        k = 0
        while k < len(values) and not values[k].strip():
            k += 1
        return values[k:]

    for r, (labels, values) in enumerate(split):
        key = label_key(labels[-1]) if labels else ""
        n = width_of(key) if key else 0
        j = waiting.get(key) if figures(values) else None  # a header row naming a column ("其他") is no part
        if j is not None and len(figures(out[j][1])) + len(figures(values)) == n:
            out[j] = (out[j][0], figures(out[j][1]) + figures(values))
            del waiting[key]
            continue
        if figures(values) and len(figures(values)) < n:
            waiting[key] = len(out)
        out.append((labels, values))
        origin.append(r)
    return out, origin


def _single_row_table(split: list[tuple[list[str], list[str]]],
                      template: Template) -> tuple[list[list[str | None]], int] | None:
    """A ragged table holding one row of figures without a label, as many as a one-row table of the form has
    columns (表四's 15), or rows of figures that add up to them, as that table under the form's own header; and
    which row it began at."""
    for table in template.tables:
        n = len(table.columns)
        if len(table.rows) != 1 or n < 4:
            continue
        rows = [r for r, (labels, values) in enumerate(split) if not labels and values and all(
            v.strip() for v in values)]
        full = [r for r in rows if len(split[r][1]) == n]
        if len(full) == 1:
            return [*_form_header(template, table), ["", *split[full[0]][1]]], full[0]
        if not full and rows and sum(len(split[r][1]) for r in rows) == n:  # copied in column groups (复议 | 诉讼)
            return [*_form_header(template, table), ["", *(v for r in rows for v in split[r][1])]], rows[0]
    return None


def _squared(blocks: Blocks, template: Template) -> Blocks | None:
    """Tables copied from a web page or a PDF as text come ragged: merged cells dropped, so a row has one label or
    two before its figures and the column headers no longer stand over their columns, or the headers are generic
    ("数据1…数据6"). Where most rows whose label is the form's carry as many figures as a table of the form has
    columns, the rows are set under the form's own header, figures right-aligned; None when nothing is ragged."""
    keys = row_keys(template)
    table_of = {r.id: t for t in template.tables for r in t.rows if r.id}
    items = list(blocks.items)
    pages = dict(blocks.pages)
    changed = False
    for k, item in enumerate(items):
        if isinstance(item, str) or (k not in blocks.ragged and len({len(_trimmed(r)) for r in item}) == 1 and not any(
                re.fullmatch(r"数据\s*\d+", (c or "").strip()) for r in item[:3] for c in r)):
            continue  # a table whose rows all have the same length reads as it is
        split, origin = _side_by_side([_split_row(r, k in blocks.ragged) for r in item], lambda key: next(
            (len(table_of[rid].columns) for rid in keys.get(key, ())[:1] if rid in table_of), 0))
        matched = [(table_of[rid], values) for labels, values in split if labels
                   for rid in keys.get(label_key(labels[-1]), ())[:1] if rid in table_of]
        tables: dict[str, int] = {}
        for table, values in matched:
            if len(values) == len(table.columns):
                tables[table.id] = tables.get(table.id, 0) + 1
        if not tables:
            one = _single_row_table(split, template)  # 表四: one row of 15 figures under three header rows
            if one is not None:
                items[k], row = one
                if k in blocks.pages:
                    pages[k] = [blocks.pages[k][row]] * len(items[k])
                changed = True
            continue
        tid = max(tables, key=lambda t: tables[t])
        table = next(t for t in template.tables if t.id == tid)
        n = len(table.columns)
        if tables[tid] < max(2, len([m for m in matched if m[0].id == tid]) // 2):
            continue
        rows: list[list[str | None]] = _form_header(template, table)
        was = blocks.pages.get(k)
        row_pages = [was[0]] * len(rows) if was else []  # a PDF's rows keep their pages (the form's header: the first)
        figured = {label_key(labels[-1]) for labels, values in split if labels and any(v.strip() for v in values)}
        for r, (labels, values) in enumerate(split):
            label = labels[-1] if labels else ""
            if not any(v.strip() for v in values) and (
                    not keys.get(label_key(label)) or len(labels) > 2 or label_key(label) in figured):
                continue  # the copied header rows ("商业企业 | … | 其他") and notes: the form's header stands for them
            rows.append([label, *([""] * (n - len(values)) + values)[-n:]])
            if was:
                row_pages.append(was[min(origin[r], len(was) - 1)])
        items[k] = rows
        if was:
            pages[k] = row_pages
        changed = True
    return Blocks(items, pages, blocks.ragged) if changed else None


_CLOSING_DATE = re.compile(r"\s*(?:\d{4}|二[〇零○][一二三四五六七八九〇零○]{2})\s*年"
                           r"\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*"
                           r"|\s*年[\s　]*月[\s　]*日\s*")


def _without_closing(text: ReportText, doc: Any) -> ReportText:
    """The 落款 (the unit's name over the date, the report's last two lines) is the document's unit and date, set
    by every export: taken out of the text, the date kept as the 报出日期 when the unit had none."""
    from dataclasses import replace

    for i in range(len(text.sections) - 1, -1, -1):
        section = text.sections[i]
        lines = section.body.split("\n") if section.body else []
        if not lines:
            if section.table or section.heading:
                continue
            break
        if len(lines) >= 2 and _CLOSING_DATE.fullmatch(lines[-1]) and len(lines[-2]) <= _MAX_HEADING \
                and not lines[-2].endswith(("。", "；", "：")):
            unit, date = lines[-2].strip(), lines[-1].strip()
            if unit and (not doc.unit.name or _key(unit) == _key(doc.unit.name)):
                doc.unit.name = doc.unit.name or unit
                if not doc.unit.date and any(ch.isdigit() for ch in date):
                    doc.unit.date = date
                return text.with_section(i, replace(section, body="\n".join(lines[:-2])))
        break
    return text


def read_report(path: str | Path) -> ImportResult:
    """A report file as a document: its text as sections and its table, with what the table import found."""
    from model.exchange.xlsx_import import read_sheets

    p = Path(path)
    best: tuple[tuple[int, int], Blocks, ImportResult | None, set[int]] | None = None
    first = read_blocks(p)
    read = _widths(first)
    joined = _joined(first)
    if joined is not None:  # a table copied as one table per row
        read.append(joined)
    # ragged tables set under each format's own header: the reading that matches most figures wins
    read += [sq for b in list(read) for tid in template_ids() if (sq := _squared(b, get_template(tid))) is not None]
    for blocks in read:
        sheets, title_lines = _sheets(blocks, "正文")
        try:
            result = read_sheets(sheets) if sheets else None
        except DocumentError:
            result = None
        score = (len(result.document.values), -len(result.errors())) if result is not None else (-1, 0)
        if best is None or score > best[0]:
            best = (score, blocks, result, title_lines)
    assert best is not None
    _score, blocks, result, title_lines = best
    unit, title_year, title_lines_used = _title_of_text(blocks)
    if result is not None and title_year is not None and not result.year_known:
        # the table came without its year line; the report's title names it
        result.document.year = title_year
        result.problems = [q for q in result.problems if q.code != NO_YEAR]
        result.year_source = "报告标题"
    if result is not None and unit and not result.document.unit.name:
        result.document.unit.name = unit
        result.problems = [q for q in result.problems if q.message != "没有找到填报单位，请导入后填写。"]
    if result is None:
        year = title_year
        template = template_for_year(year) if year else None
        if template is None or year is None:
            raise DocumentError(f"“{p.name}”中没有找到政府信息公开统计表，也没有写明报告年度，"
                                "无法判断是哪种格式的报告。")
        from model.core.document import new_document

        tables = sum(1 for item in first.items if not isinstance(item, str))
        result = ImportResult(new_document(template, year), [ImportProblem("", (
            f"报告中的 {tables} 张表格没有一行对得上{template.name.get(HANS)}的项目，可能是"
            "本省自定的统计表；表中数字为空，请按本表格式填写或从 Excel 导入。") if tables else (
            "报告中没有找到统计表（Word 表格、网页表格或每格一行的文本），表中数字为空，请填写或从 Excel 导入。"))],
            year_source="正文")
        result.document.unit.name = unit
    doc = result.document
    text = sections_of(blocks, doc.template, title_lines | title_lines_used)
    # the format's table sections not in the file (a 2021 report whose tables were pictures) are added where the
    # skeleton puts them, so the report prints its tables
    present = {s.table for s in text.sections if s.table}
    missing = [h for h in doc.template.text.skeleton if h.table and h.table not in present]
    if missing and any(s.fixed for s in text.sections):
        order = {h.heading: n for n, h in enumerate(doc.template.text.skeleton)}
        items = list(text.sections)
        for h in missing:
            after = [i + 1 for i, s in enumerate(items) if s.fixed and order.get(s.heading, -1) < order[h.heading]]
            items.insert(after[-1] if after else len(items),
                         Section(heading=h.heading, level=h.level, fixed=True, table=h.table))
        text = ReportText(tuple(items))
    text = _without_closing(text, doc)
    found = contact_part(text, doc.template)
    text = doc.text = found.text
    contact = next((s for s in text.sections if s.role == CONTACT), None)
    result.problems.append(ImportProblem("", f"报告正文：{sum(1 for _ in text.prose_sections())} 个部分，"
                                             f"{sum(len(s.paragraphs()) for s in text.sections)} 段"
                                             + ("，另有发布与联系方式" if contact else "") + "。", NOTE))
    if contact is not None and found.split:
        result.problems.append(ImportProblem("", f"发布与联系方式（“{contact.body[:16]}…”）原与上文同在一段，"
                                                 "已另立为“发布与联系方式”部分，导出时另起一段。", NOTE))
    return result

