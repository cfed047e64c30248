"""Named cell styles copied cell to cell (model.exchange.xlsx_styles): what Excel shows is what was defined."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from model.exchange.xlsx_styles import Styles


def test_every_cell_of_a_style_looks_the_same_after_saving() -> None:
    thin = Side(style="thin", color="000000")
    styles = Styles()
    styles.define("total", font=Font(name="宋体", bold=True), fill=PatternFill("solid", fgColor="FFF2CC"),
                  border=Border(left=thin, right=thin, top=thin, bottom=thin),
                  alignment=Alignment(horizontal="center"))
    styles.define("plain", font=Font(name="宋体"))
    wb = Workbook()
    ws = wb.active
    for r in range(1, 6):
        styles.apply(ws.cell(r, 1, r), "total", "0.00" if r % 2 else "0")
        styles.apply(ws.cell(r, 2, r), "plain")
    data = io.BytesIO()
    wb.save(data)
    back = load_workbook(io.BytesIO(data.getvalue()))
    sheet = back.active
    for r in range(1, 6):
        a, b = sheet.cell(r, 1), sheet.cell(r, 2)
        assert a.font.b and a.font.name == "宋体" and a.fill.fgColor.rgb.endswith("FFF2CC")
        assert a.border.left.style == "thin" and a.alignment.horizontal == "center"
        assert a.number_format == ("0.00" if r % 2 else "0")
        assert not b.font.b and b.border.left.style is None and b.fill.fill_type is None


def test_a_second_workbook_gets_its_own_styles() -> None:
    styles = Styles()
    styles.define("bold", font=Font(bold=True))
    first, second = Workbook(), Workbook()
    second.active.cell(1, 1).font = Font(italic=True)  # the second workbook's style list differs from the first's
    styles.apply(first.active.cell(1, 1), "bold")
    styles.apply(second.active.cell(2, 1), "bold")
    assert second.active.cell(2, 1).font.b and not second.active.cell(2, 1).font.i


def test_a_style_id_is_what_openpyxl_writes_for_that_style() -> None:
    import re
    import zipfile

    styles = Styles()
    styles.define("figure", font=Font(name="宋体"), alignment=Alignment(horizontal="center"))
    wb = Workbook()
    ws = wb.active
    sid = styles.style_id(wb, "figure", "0.00")
    styles.apply(ws.cell(1, 1, 5), "figure", "0.00")
    assert len(list(ws.iter_rows())) == 1 and ws.max_column == 1  # the id took no cell of any sheet
    data = io.BytesIO()
    wb.save(data)
    sheet = zipfile.ZipFile(io.BytesIO(data.getvalue())).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A1" s="(\d+)"', sheet).group(1) == str(sid)
