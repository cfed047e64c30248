"""The whole report as a Word document (.docx): real Word headings (标题 1/2 styles) and real Word tables laid out
like the form (merged header cells as gridSpan/vMerge, header rows repeated on each page). No Qt.

Written with the standard library: the parts of WordprocessingML used here are few and fixed, and python-docx
would bring lxml (≈12 MB) into an installer kept under its size limit. The tests read the files back with
python-docx and convert them with LibreOffice.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as _escape

from model.core.clean import writable
from model.core.document import Document
from model.core.layout import COLHEADER, GROUP, HEADER, NOTE, SECTION, VALUE, Grid
from model.core.report_layout import Closing, Heading, Paragraph, report_layout
from model.core.script import in_script
from model.core.templates import HANS
from model.core.values import published_value
from model.exchange.store import write_file

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_WIDTH = 8844  # twips: the 公文 type area, 156 mm (GB/T 9704)
# the 公文 faces, by the names Word and WPS know them (a missing one is substituted by the word processor)
_TITLE_FONT, _H1_FONT, _H2_FONT, _BODY_FONT, _TABLE_FONT = "方正小标宋简体", "黑体", "楷体", "仿宋", "宋体"
_LINE = 580  # twips: a fixed 29 pt line, 22 lines of 3号 text on a page
_TITLE_LINE = 20  # characters of 2号 on a line of the type area


def _x(text: str) -> str:
    return _escape(text, {'"': "&quot;"})


def _run(text: str, bold: bool = False, size: int = 0) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    texts = '<w:br/>'.join(f'<w:t xml:space="preserve">{_x(line)}</w:t>' for line in text.split("\n"))
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}{texts}</w:r>'


def _para(text: str, style: str = "", align: str = "", indent_first: bool = False, size: int = 0) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        '<w:ind w:firstLineChars="200" w:firstLine="640"/>' if indent_first else "") + (
        f'<w:jc w:val="{align}"/>' if align else "")
    return f'<w:p>{f"<w:pPr>{props}</w:pPr>" if props else ""}{_run(text, size=size) if text else ""}</w:p>'


def _widths(grid: Grid) -> list[int]:
    n_vals = grid.n_cols - grid.label_cols - (1 if grid.table.unit_column else 0)
    if grid.label_cols == 0 or n_vals <= 0:
        return [_TEXT_WIDTH // grid.n_cols] * grid.n_cols
    unit = 700 if grid.table.unit_column else 0
    # figures need little room; the labels of table 三 (three levels of them) need most of the page's width
    value = min(1300, max(700, (_TEXT_WIDTH - unit - 3800) // n_vals))
    label_total = _TEXT_WIDTH - unit - value * n_vals
    group = 900
    labels = [label_total] if grid.label_cols == 1 else (
        [group] * (grid.label_cols - 1) + [label_total - group * (grid.label_cols - 1)])
    return labels + ([unit] if unit else []) + [value] * n_vals


def _cell(text: str, width: int, span: int, vmerge: str, align: str, shade: str = "", indent: int = 0) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>"
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    props += '<w:vAlign w:val="center"/>'
    ind = f'<w:ind w:left="{indent}"/>' if indent else ""
    ppr = f'<w:pPr><w:pStyle w:val="TableText"/>{ind}<w:jc w:val="{align}"/></w:pPr>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{_run(text) if text else ''}</w:p></w:tc>"


def table_xml(doc: Document, grid: Grid) -> str:
    widths = _widths(grid)
    rows = []
    for r in range(grid.n_rows):
        cells = []
        c = 0
        while c < grid.n_cols:
            anchor = grid.at(r, c)
            if anchor is None:
                cells.append(_cell("", widths[c], 1, "", "left"))
                c += 1
                continue
            span = anchor.colspan
            width = sum(widths[anchor.col:anchor.col + span])
            if anchor.row != r:  # a merged cell continuing down from the row above
                cells.append(_cell("", width, span, "continue", "left"))
            else:
                role = anchor.role
                vmerge = "restart" if anchor.rowspan > 1 else ""
                if role in (HEADER, COLHEADER, NOTE, GROUP):
                    cells.append(_cell(anchor.text, width, span, vmerge, "center",
                                       "F2F2F2" if role != GROUP else ""))
                elif role == VALUE and anchor.cell_id:
                    cell = doc.template.cells[anchor.cell_id]
                    align = "center" if span > 1 else "right"
                    cells.append(_cell(published_value(doc.value(anchor.cell_id), cell.type), width, span, vmerge,
                                       align))
                else:
                    cells.append(_cell(anchor.text, width, span, vmerge, "left",
                                       "E8E8E8" if role == SECTION else "", 200 * anchor.level))
            c = anchor.col + span
        header = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if r < grid.header_rows else \
            "<w:trPr><w:cantSplit/></w:trPr>"
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    props = (f'<w:tblPr><w:tblStyle w:val="FormTable"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar>'
             '</w:tblPr>')
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl>{props}<w:tblGrid>{grid_cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _body(doc: Document, script: str) -> str:
    layout = report_layout(doc, script)
    unit = doc.unit.name.strip()
    # a title longer than a line breaks after the unit's name, as long official titles are set (and as the PDF does)
    title = (f"{unit}\n{layout.title[len(unit):]}" if unit and len(layout.title) > _TITLE_LINE
             and layout.title.startswith(unit) else layout.title)
    parts = [_para(title, "Title")]
    for block in layout.blocks:
        if isinstance(block, Heading):
            parts.append(_para(block.text, {1: "Heading1", 2: "Heading2"}.get(block.level, "Heading3")))
        elif isinstance(block, Paragraph):
            parts.append(_para(block.text, indent_first=True))
        elif isinstance(block, Closing):
            parts += [_para(""), _para(block.unit, "Closing"), _para(block.date or "年　　月　　日", "Closing")]
        else:
            if block.caption:
                parts.append(_para(block.caption, "Caption", "center"))
            if block.year_line:
                parts.append(_para(block.year_line, align="center"))
            parts += [table_xml(doc, block.grid), _para("")]
    section = ('<w:sectPr><w:footerReference w:type="default" r:id="rId2"/>'
               '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" '
               'w:left="1587" w:header="851" w:footer="992" w:gutter="0"/>'
               '<w:pgNumType w:start="1"/></w:sectPr>')
    return "".join(parts) + section


def _styles() -> str:
    def font(name: str) -> str:
        return f'<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}"/>'

    def style(sid: str, name: str, ppr: str, rpr: str, kind: str = "paragraph", outline: int = -1) -> str:
        out_lvl = f'<w:outlineLvl w:val="{outline}"/>' if outline >= 0 else ""
        based = '<w:basedOn w:val="Normal"/>' if sid != "Normal" else ""
        default = ' w:default="1"' if sid == "Normal" else ""
        return (f'<w:style w:type="{kind}"{default} w:styleId="{sid}"><w:name w:val="{name}"/>'
                f'{based}<w:qFormat/>'
                f'<w:pPr>{ppr}{out_lvl}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')

    styles = [
        # the 公文 page: 3号 (16 pt) 仿宋 on a fixed 29 pt line, first lines indented two characters
        style("Normal", "Normal", f'<w:spacing w:line="{_LINE}" w:lineRule="exact"/><w:jc w:val="both"/>',
              font(_BODY_FONT) + '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:eastAsia="zh-CN"/>'),
        style("Title", "Title", f'<w:spacing w:before="0" w:after="{_LINE}" w:line="660" w:lineRule="exact"/>'
                                '<w:jc w:val="center"/>',
              font(_TITLE_FONT) + '<w:sz w:val="44"/><w:szCs w:val="44"/>'),
        style("Heading1", "heading 1", f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{_LINE}" '
                                       'w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
                                       '<w:jc w:val="left"/>',
              font(_H1_FONT) + '<w:sz w:val="32"/><w:szCs w:val="32"/>', outline=0),
        style("Heading2", "heading 2", f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{_LINE}" '
                                       'w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
                                       '<w:jc w:val="left"/>',
              font(_H2_FONT) + '<w:sz w:val="32"/><w:szCs w:val="32"/>', outline=1),
        style("Heading3", "heading 3", f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{_LINE}" '
                                       'w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
                                       '<w:jc w:val="left"/>',
              font(_BODY_FONT) + '<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>', outline=2),
        style("Closing", "Closing", '<w:ind w:right="1280"/><w:jc w:val="right"/>', font(_BODY_FONT)),
        style("Caption", "caption", '<w:keepNext/><w:spacing w:before="120" w:after="60" w:line="240" '
                                    'w:lineRule="auto"/><w:jc w:val="center"/>',
              font(_H1_FONT) + '<w:sz w:val="28"/><w:szCs w:val="28"/>'),
        style("TableText", "Table Text", '<w:spacing w:line="240" w:lineRule="auto" w:before="20" w:after="20"/>',
              font(_TABLE_FONT) + '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        '<w:style w:type="table" w:styleId="FormTable"><w:name w:val="Form Table"/><w:tblPr><w:tblBorders>'
        + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders></w:tblPr></w:style>",
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{_W}">'
            f'<w:docDefaults><w:rPrDefault><w:rPr>{font(_BODY_FONT)}<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>'
            '</w:rPr></w:rPrDefault></w:docDefaults>' + "".join(styles) + "</w:styles>")


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _field(code: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _footer(script: str) -> str:
    """第 N 页 共 M 页, centred: Word's own PAGE and NUMPAGES fields."""
    words = in_script("第 | 页 共 | 页", script).split("|")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{_W}" xmlns:r="{_R}">'
            f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{_run(words[0])}{_field("PAGE")}{_run(words[1])}'
            f'{_field("NUMPAGES")}{_run(words[2])}</w:p></w:ftr>')


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>')
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
    'Target="footer1.xml"/></Relationships>')


def _core(title: str, author: str) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{_x(title)}</dc:title><dc:creator>{_x(author)}</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created></cp:coreProperties>')


def report_docx(doc: Document, script: str = HANS) -> bytes:
    doc = writable(doc)  # no character that makes document.xml or core.xml unreadable
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{_W}" xmlns:r="{_R}">'
                f"<w:body>{_body(doc, script)}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/styles.xml", _styles())
        zf.writestr("word/footer1.xml", _footer(script))
        zf.writestr("docProps/core.xml", _core(report_layout(doc, script).title, doc.unit.name))
    return buf.getvalue()


def export_docx(doc: Document, path: str | Path, script: str = HANS) -> None:
    write_file(path, report_docx(doc, script), "导出")
