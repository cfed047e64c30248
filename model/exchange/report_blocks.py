"""A report as read from any file kind (.txt, .docx, .html, .pdf): lines of text and tables, within limits that
bound the work a crafted file can cause. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.exchange.store import DocumentError

# What a report can hold, generously: the form is a few hundred cells, a report a few hundred paragraphs. The
# limits bound the work a crafted file can cause (a 300 KB .docx of 3,000 rows spanning 100 columns each); past
# them the file is refused with a message saying which limit, nothing is cut silently.
MAX_PARAGRAPH = 200_000  # characters of one paragraph
MAX_TABLE_CELLS = 20_000  # grid positions of one table (rows × columns, spans counted)
MAX_TABLE_ROWS = 2_000
MAX_SPAN = 100  # columns or rows one cell spans
MAX_BLOCKS = 100_000  # paragraphs and tables of the whole report


@dataclass
class Blocks:
    """A report as read: lines of text and tables (rows of cells; None where a merged cell continues)."""

    items: list[str | list[list[str | None]]] = field(default_factory=list)
    pages: dict[int, list[int]] = field(default_factory=dict)  # a PDF's tables: item index → each row's page
    ragged: set[int] = field(default_factory=set)  # tables cut by gaps, not rules (a PDF's table without rules)

    def line(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if len(text) > MAX_PARAGRAPH:
            raise DocumentError(f"报告中有一段长达 {len(text):,} 字（本工具一段最多 {MAX_PARAGRAPH:,} 字），"
                                "可能不是正常的报告文件，未导入。请把这一段分成几段后再导入。")
        self._count()
        self.items.append(text)

    def table(self, rows: list[list[str | None]]) -> None:
        if any(any(c for c in r) for r in rows):
            self._count()
            self.items.append(rows)

    def _count(self) -> None:
        if len(self.items) >= MAX_BLOCKS:
            raise DocumentError(f"报告的段落和表格超过 {MAX_BLOCKS:,} 个，可能不是正常的报告文件，未导入。")


def span_of(v: str | None) -> int:
    """A rowspan/colspan as written; a span past MAX_SPAN is refused by _grid (not silently narrowed)."""
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1


def grid_of_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[str | None]]:
    """Rows of spanning cells as a grid: the text in the top-left position, None where a span continues (as an
    Excel merged cell reads)."""
    grid: dict[tuple[int, int], str | None] = {}
    if len(rows) > MAX_TABLE_ROWS:
        raise DocumentError(f"报告中有一张表有 {len(rows):,} 行（最多 {MAX_TABLE_ROWS:,} 行），"
                            "可能不是正常的报告文件，未导入。")
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            if rowspan > MAX_SPAN or colspan > MAX_SPAN:
                raise DocumentError(f"报告中的表格第 {r + 1} 行有一格合并了 {max(rowspan, colspan)} 行或列"
                                    f"（最多 {MAX_SPAN}），可能不是正常的报告文件，未导入。")
            if len(grid) + rowspan * colspan > MAX_TABLE_CELLS:
                raise DocumentError(f"报告中有一张表超过 {MAX_TABLE_CELLS:,} 格，可能不是正常的报告文件，未导入。")
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
    if not grid:
        return []
    height, width = max(r for r, _c in grid) + 1, max(c for _r, c in grid) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]
