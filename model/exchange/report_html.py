"""The whole report as one self-contained .html file for the government site's CMS: headings, paragraphs and the
form's tables as real `<table>` markup with its merged headers (rowspan/colspan). No script, no external file,
inline CSS only (a CMS that strips `<style>` still gets the borders). No Qt."""

from __future__ import annotations

from html import escape
from pathlib import Path

from model.core.clean import writable
from model.core.document import Document
from model.core.layout import COLHEADER, GROUP, HEADER, NOTE, SECTION, VALUE, Grid
from model.core.report_layout import Heading, Paragraph, report_layout
from model.core.templates import HANS
from model.core.values import published_value
from model.exchange.store import write_file

_TABLE = "border-collapse:collapse;width:100%;margin:0.5em auto 1em;font-size:10.5pt"
_CELL = "border:1px solid #000;padding:2px 4px"
_HEAD = _CELL + ";text-align:center;background:#f2f2f2;font-weight:normal"


def _value_text(doc: Document, cell_id: str) -> str:
    cell = doc.template.cells[cell_id]
    return published_value(doc.value(cell_id), cell.type)


def table_html(doc: Document, grid: Grid, caption: str = "") -> str:
    rows: list[list[str]] = [[] for _ in range(grid.n_rows)]
    for c in grid.cells:
        span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1
                                                                        else "")
        if c.role in (HEADER, COLHEADER, NOTE):
            tag = "th"
            style = _HEAD + (";font-size:9pt" if c.role == NOTE else "")
            text = escape(c.text)
        elif c.role == VALUE and c.cell_id:
            tag, style, text = "td", _CELL + ";text-align:right", escape(_value_text(doc, c.cell_id))
        else:
            tag = "th" if c.role in (SECTION, GROUP) else "td"
            align = "center" if c.role == GROUP else "left"
            indent = f";padding-left:{4 + 12 * c.level}px" if c.level else ""
            weight = ";font-weight:normal;background:#e8e8e8" if c.role == SECTION else ";font-weight:normal"
            style, text = _CELL + f";text-align:{align}{indent}{weight}", escape(c.text)
        scope = ' scope="col"' if c.role in (HEADER, COLHEADER) else ""
        rows[c.row].append(f'<{tag}{span}{scope} style="{style}">{text}</{tag}>')
    head = [f"<tr>{''.join(r)}</tr>" for r in rows[:grid.header_rows]]
    body = [f"<tr>{''.join(r)}</tr>" for r in rows[grid.header_rows:] if r]
    cap = f'<caption style="font-weight:bold;padding:4px">{escape(caption)}</caption>' if caption else ""
    return (f'<table style="{_TABLE}">{cap}<thead>{"".join(head)}</thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def report_html(doc: Document, script: str = HANS) -> str:
    doc = writable(doc)  # no control character, noncharacter or lone surrogate in the page
    layout = report_layout(doc, script)
    title = layout.title
    parts = [f'<h1 style="text-align:center;font-size:18pt">{escape(title)}</h1>']
    for block in layout.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            parts.append(f'<{tag} style="font-size:{14 if tag == "h2" else 12}pt">{escape(block.text)}</{tag}>')
        elif isinstance(block, Paragraph):
            parts.append(f'<p style="text-indent:2em;line-height:1.8">{escape(block.text)}</p>')
        else:
            caption = block.caption + (f" {block.year_line}" if block.year_line else "")
            parts.append(table_html(doc, block.grid, caption))
    lang = "zh-Hant" if script != HANS else "zh-CN"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            '<meta name="generator" content="gov-disclosure-stats">\n</head>\n'
            '<body style="max-width:50em;margin:2em auto;font-family:\'SimSun\',\'Songti SC\',serif;font-size:12pt">\n'
            + "\n".join(parts) + "\n</body>\n</html>\n")


def export_html(doc: Document, path: str | Path, script: str = HANS) -> None:
    write_file(path, report_html(doc, script).encode("utf-8"), "导出")
