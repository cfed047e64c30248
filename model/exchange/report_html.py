"""The whole report as one self-contained .html file for the government site's CMS: headings, paragraphs and the
form's tables as real `<table>` markup with its merged headers (rowspan/colspan). No script, no external file,
inline CSS only (a CMS that strips `<style>` still gets the borders). No Qt."""

from __future__ import annotations

from html import escape
from pathlib import Path

from model.core.clean import writable
from model.core.document import Document
from model.core.layout import COLHEADER, GROUP, HEADER, NOTE, SECTION, VALUE, Grid
from model.core.report_layout import Closing, Heading, Paragraph, report_layout
from model.core.templates import HANS
from model.core.values import published_value
from model.exchange.store import write_file

_TABLE = ("border-collapse:collapse;width:100%;margin:0.5em auto 1em;font-size:10.5pt;line-height:1.4;"
          "font-family:'SimSun','宋体','Songti SC',serif")
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


# the 公文 faces (GB/T 9704) as the clerks' and readers' systems name them; the browser takes the first it has
_TITLE_FACE = "'方正小标宋简体','FZXiaoBiaoSong-B05S','SimHei','黑体','STHeiti',sans-serif"
_H1_FACE = "'SimHei','黑体','STHeiti','Noto Sans CJK SC',sans-serif"
_H2_FACE = "'KaiTi','楷体','STKaiti','AR PL UKai CN',serif"
_BODY_FACE = "'FangSong','仿宋','STFangsong','FangSong_GB2312','Noto Serif CJK SC',serif"


def report_html(doc: Document, script: str = HANS) -> str:
    doc = writable(doc)  # no control character, noncharacter or lone surrogate in the page
    layout = report_layout(doc, script)
    title = layout.title
    parts = [f'<h1 style="text-align:center;font-size:22pt;font-weight:normal;font-family:{_TITLE_FACE}">'
             f'{escape(title)}</h1>']
    for block in layout.blocks:
        if isinstance(block, Heading):
            tag, face = {1: ("h2", _H1_FACE), 2: ("h3", _H2_FACE)}.get(block.level, ("h4", _BODY_FACE))
            parts.append(f'<{tag} style="font-size:16pt;font-weight:{"bold" if tag == "h4" else "normal"};'
                         f'text-indent:2em;margin:0;font-family:{face}">{escape(block.text)}</{tag}>')
        elif isinstance(block, Paragraph):
            parts.append(f'<p style="text-indent:2em;margin:0">{escape(block.text)}</p>')
        elif isinstance(block, Closing):
            parts.append(f'<p style="text-align:right;margin:1.8em 4em 0 0">{escape(block.unit)}<br>'
                         f'{escape(block.date or "年　　月　　日")}</p>')
        else:
            caption = block.caption + (f" {block.year_line}" if block.year_line else "")
            parts.append(table_html(doc, block.grid, caption))
    lang = "zh-Hant" if script != HANS else "zh-CN"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            '<meta name="generator" content="gov-disclosure-stats">\n</head>\n'
            f'<body style="max-width:28em;margin:2em auto;padding:0 1em;font-family:{_BODY_FACE};font-size:16pt;'
            'line-height:29pt">\n'
            + "\n".join(parts) + "\n</body>\n</html>\n")


def to_bytes(doc: Document, script: str = HANS) -> bytes:
    """The page as the file holds it (UTF-8, as its meta tag says)."""
    return report_html(doc, script).encode("utf-8")


def export_html(doc: Document, path: str | Path, script: str = HANS) -> None:
    write_file(path, to_bytes(doc, script), "导出")
