"""Published report PDFs read directly: tables rebuilt cell for cell, text re-flowed, what cannot be read said.

PDFs made here: the program's own reports converted by LibreOffice from .docx (as an office exports from Word),
the program's own print, and a WPS layout drawn by tests/model/exchange/wps_like_pdf.py. Real published PDFs
(three reports of two units, a district and a city, 2023 and 2024, made by WPS) are kept beside the checkout in
../shared/real_reports (a fresh checkout skips those tests): every one of their 600 figures is compared here.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from model.core.report import check_document
from model.exchange.files import import_document, source_page
from model.exchange.report_pdf import MAX_PAGES, blocks_of_pdf
from model.exchange.store import DocumentError, load
from tests.conftest import DATA, ROOT_DIR
from tests.model.exchange.wps_like_pdf import wps_like_pdf

EXAMPLE_2021 = ROOT_DIR / "resources" / "examples" / "example-2021.json"
HAIZHOU = ROOT_DIR / "resources" / "examples" / "haizhou-2015.json"
REAL = ROOT_DIR.parent / "shared" / "real_reports"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sections(doc) -> list[tuple[str, str]]:
    return [(s.heading, _flat(s.body)) for s in doc.text.sections if s.heading or s.body]


@pytest.mark.parametrize(("source", "pdf"), [
    (HAIZHOU, "pdf_haizhou_2015_libreoffice.pdf"),  # 2015 form, its table over three pages, header repeated
    (DATA / "pdf_qingshan_2023_source.json", "pdf_qingshan_2023_libreoffice.pdf"),  # 2021 form, 表三 over a page
    (EXAMPLE_2021, "pdf_qingshan_2023_own_print.pdf"),  # this program's own print
])
def test_a_report_pdf_reads_back_cell_for_cell_with_its_text(source: Path, pdf: str) -> None:
    original = load(source)
    result = import_document(DATA / pdf)
    doc = result.document
    assert doc.template.id == original.template.id and doc.year == original.year
    assert doc.values == original.values
    assert doc.unit.name == original.unit.name
    assert result.complete, [q.text() for q in result.errors()]
    if original.text is not None and any(s.body for s in original.text.sections):
        assert _sections(doc) == _sections(original)  # paragraphs joined over lines and pages, headings their own


def test_each_figure_knows_its_page() -> None:
    doc = import_document(DATA / "pdf_haizhou_2015_libreoffice.pdf").document
    pages = {source_page(doc, cid)[1] for cid in doc.values if source_page(doc, cid)}  # type: ignore[index]
    assert pages == {5, 6, 7}  # the table starts on page 5 and goes on over two more
    assert source_page(doc, next(iter(doc.values))) == ("pdf_haizhou_2015_libreoffice.pdf", 5)


def test_a_wps_layout_reads_its_merged_labels_split_table_and_misprinted_label(tmp_path: Path) -> None:
    """One character per line (三、本年度办理结果), 部分公开 over two lines, rules as filled bars over white
    rectangles, the table cut by the page break without a rule, page numbers "- 1 -", a label with a dropped
    word: every figure of 表三 in its cell."""
    original = load(EXAMPLE_2021)
    pdf = tmp_path / "报告.pdf"
    pdf.write_bytes(wps_like_pdf(original))
    result = import_document(pdf)
    doc = result.document
    table3 = {cid: v for cid, v in original.values.items() if doc.template.cells[cid].table == "t3"}
    assert len(table3) == 175  # 25 rows × 7 columns
    assert {cid: doc.values.get(cid) for cid in table3} == table3
    assert doc.unit.name == "青山县自然资源局" and doc.year == 2023
    notes = [q.text() for q in result.problems]
    assert any("“2.其他法律行政止公开”与表中的“2.其他法律行政法规禁止公开”字样不同" in n for n in notes)
    assert source_page(doc, "n1.zj") == ("报告.pdf", 1) and source_page(doc, "r7.zj") == ("报告.pdf", 2)
    texts = [i for i in blocks_of_pdf(pdf).items if isinstance(i, str)]
    assert not any(re.fullmatch(r"-\s*\d\s*-", t) for t in texts)  # the page numbers are gone
    assert "本报告由本机关根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自2023年1月1日起至" \
           "2023年12月31日止。" in texts  # two lines, one paragraph


def test_a_table_printed_without_rules_is_read_by_its_lines(tmp_path: Path) -> None:
    """The same layout without a single rule: rows by their lines, a label over two or three lines joined around
    its figures, group labels beside their rows, the one-character-per-line label left out, the header lines
    taken with the table (not as paragraphs of the text)."""
    original = load(EXAMPLE_2021)
    del original.values["r1.ky"], original.values["n2.zj"]  # cells left empty: the figures keep their columns
    pdf = tmp_path / "无表线.pdf"
    pdf.write_bytes(wps_like_pdf(original, rules=False))
    doc = import_document(pdf).document
    table3 = {cid: v for cid, v in original.values.items() if doc.template.cells[cid].table == "t3"}
    assert {cid: doc.values.get(cid) for cid in doc.template.cells if doc.template.cells[cid].table == "t3"
            and doc.values.get(cid) is not None} == table3
    texts = [i for i in blocks_of_pdf(pdf).items if isinstance(i, str)]
    assert texts[-1] == "三、收到和处理政府信息公开申请情况"  # 申请人情况, 自然人… went with the table
    assert source_page(doc, "n1.zj") == ("无表线.pdf", 1) and source_page(doc, "r7.zj") == ("无表线.pdf", 2)


def test_running_headers_and_page_numbers_go_and_a_paragraph_goes_on_over_the_page(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    long_line = "政府信息公开工作取得一定成效但仍存在差距下一步将继续加强业务培训"  # 32 characters, to the margin

    def page(c: canvas.Canvas, n: int) -> None:
        c.setFont("STSong-Light", 10)
        c.drawCentredString(297, 800, "青山县人民政府办公室文件")  # the running header
        c.drawCentredString(297, 40, f"第 {n + 1} 页 共 3 页")
        c.setFont("STSong-Light", 15)
        y = 740
        if n == 0:
            c.drawString(100, y, "一、总体情况")
            y -= 28
        for k in range(22):
            first = n == 0 and k == 0
            c.drawString(130 if first else 100, y, long_line[:30] if first else long_line)  # indented 2 characters
            y -= 28

    path = tmp_path / "r.pdf"
    path.write_bytes(_pdf(page, 3))
    texts = [i for i in blocks_of_pdf(path).items if isinstance(i, str)]
    assert texts[0] == "一、总体情况"
    assert len(texts) == 2 and len(texts[1]) == 30 + 32 * 65  # one paragraph over three pages
    assert not any("青山县人民政府办公室文件" in t or "页" in t for t in texts)


# --- what cannot be read is said


def _pdf(draw, pages: int = 1, **kw) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, **kw)
    for n in range(pages):
        draw(c, n)
        c.showPage()
    c.save()
    return out.getvalue()


def _open_message(tmp_path: Path, data: bytes, name: str = "报告.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        import_document(path)
    assert path.read_bytes() == data  # the file is left as it was
    return str(caught.value)


def test_a_scanned_pdf_is_named_as_such(tmp_path: Path) -> None:
    def scan(c: canvas.Canvas, _n: int) -> None:  # a page that is only a picture
        c.setFillGray(0.3)
        c.rect(50, 50, 400, 600, fill=1, stroke=0)

    message = _open_message(tmp_path, _pdf(scan, 3))
    assert "这是扫描件（没有文字层）" in message and "手工录入" in message


def test_an_encrypted_pdf_has_its_own_message(tmp_path: Path) -> None:
    data = _pdf(lambda c, _n: c.drawString(72, 700, "2023 report"), encrypt="secret")
    assert "设有打开密码" in _open_message(tmp_path, data)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%%EOF\n", b"%PDF-1.4\n1 0 obj <</Type /Catalog" + b"\x00" * 500,
                                  b"not a pdf at all"])
def test_a_broken_pdf_is_refused_in_chinese(tmp_path: Path, data: bytes) -> None:
    message = _open_message(tmp_path, data)
    assert "无法打开“报告.pdf”" in message and ("损坏" in message or "不是 PDF 文件" in message)


def test_a_broken_cross_reference_table_is_repaired_or_refused(tmp_path: Path) -> None:
    data = _pdf(lambda c, _n: c.drawString(72, 700, "Annual report 2023: 21 requests"))
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    broken = re.sub(rb"\d{10} 00000 n", b"0000000001 00000 n", broken)
    path = tmp_path / "报告.pdf"
    path.write_bytes(broken)
    try:
        blocks = blocks_of_pdf(path)
    except DocumentError as exc:
        assert "无法打开" in str(exc)
    else:
        assert any("21 requests" in i for i in blocks.items if isinstance(i, str))  # pdfium rebuilt the table


def test_a_thousand_page_pdf_is_refused_quickly(tmp_path: Path) -> None:
    data = _pdf(lambda c, n: c.drawString(72, 700, f"page {n}"), 1000)
    start = time.perf_counter()
    message = _open_message(tmp_path, data)
    assert f"最多 {MAX_PAGES} 页" in message and "1,000 页" in message
    assert time.perf_counter() - start < 10  # a generous bound: refused before any page is laid out


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand (what reportlab will not write: JavaScript, embedded files, a bomb)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def test_a_decompression_bomb_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    squeezer = zlib.compressobj(9)
    zeros = b"\0" * (1 << 24)
    bomb = b"".join(squeezer.compress(zeros) for _ in range(30)) + squeezer.flush()  # 480 MB of zeros, ~0.5 MB
    data = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     _stream(bomb, b"/Filter /FlateDecode ")])
    start = time.perf_counter()
    assert "压缩数据解开后超过" in _open_message(tmp_path, data)
    assert time.perf_counter() - start < 10


def test_javascript_and_embedded_files_are_never_run_or_opened(tmp_path: Path) -> None:
    """The text is read; the document's JavaScript (which would write a file) and its attachment stay inert."""
    marker = tmp_path / "ran.txt"
    content = b"BT /F1 12 Tf 72 700 Td (Annual report 2023: 21 requests received) Tj ET"
    data = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 7 0 R] >>"
        b" /JavaScript << /Names [(x) 6 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R"
        b" >> >> /AA << /O 6 0 R >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /S /JavaScript /JS (app.alert('x'); this.exportDataObject({cName: 'a.exe', nLaunch: 2});"
        + str(marker).encode() + b") >>",
        b"<< /Type /Filespec /F (a.exe) /EF << /F 8 0 R >> >>",
        _stream(b"MZ" + b"\0" * 100, b"/Type /EmbeddedFile "),
    ])
    path = tmp_path / "报告.pdf"
    path.write_bytes(data)
    assert blocks_of_pdf(path).items == ["Annual report 2023: 21 requests received"]
    assert not marker.exists() and not list(tmp_path.glob("*.exe"))


# --- real published reports (../shared/real_reports)

# Each row's figures as printed, read off the pages (pdftoppm) by eye: 表二 (制发, 废止, 现行有效 / one figure),
# 表三 (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计), 表四 (复议 5, 直接起诉 5, 复议后起诉 5).
REAL_REPORTS = {
    "hongze_district_2023.pdf": ("洪泽区人民政府", 2023, {
        "t2.gz": [0, 0, 0], "t2.gf": [0, 5, 5], "t2.xk": [550], "t2.cf": [4119], "t2.qz": [195], "t2.sf": ["7730.28"],
        "n1": [21, 0, 0, 0, 0, 0, 21], "n2": [0] * 7, "r1": [0] * 7, "r2": [4, 0, 0, 0, 0, 0, 4],
        "r3_1": [1, 0, 0, 0, 0, 0, 1], "r3_6": [1, 0, 0, 0, 0, 0, 1], "r3_7": [1, 0, 0, 0, 0, 0, 1],
        "r4_1": [10, 0, 0, 0, 0, 0, 10], "r4_2": [3, 0, 0, 0, 0, 0, 3], "r5_1": [1, 0, 0, 0, 0, 0, 1],
        "r7": [21, 0, 0, 0, 0, 0, 21], "n4": [0] * 7, "": [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]}),
    "hongze_district_2024.pdf": ("淮安市洪泽区人民政府", 2024, {
        "t2.gz": [0, 0, 0], "t2.gf": [3, 0, 8], "t2.xk": [9487], "t2.cf": [2776], "t2.qz": [84], "t2.sf": ["7545"],
        "n1": [95, 0, 0, 0, 0, 0, 95], "r1": [50, 0, 0, 0, 0, 0, 50], "r2": [9, 0, 0, 0, 0, 0, 9],
        "r3_3": [1, 0, 0, 0, 0, 0, 1], "r3_6": [1, 0, 0, 0, 0, 0, 1], "r3_7": [1, 0, 0, 0, 0, 0, 1],
        "r4_1": [31, 0, 0, 0, 0, 0, 31], "r4_2": [1, 0, 0, 0, 0, 0, 1], "r5_1": [1, 0, 0, 0, 0, 0, 1],
        "r7": [95, 0, 0, 0, 0, 0, 95], "n4": [0] * 7, "": [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]}),
    "huaian_city_2024.pdf": ("淮安市人民政府", 2024, {
        "t2.gz": [1, 0, 11], "t2.gf": [8, 26, 66], "t2.xk": [447228], "t2.cf": [3985758], "t2.qz": [88283],
        "t2.sf": ["96171.6"], "n1": [3001, 53, 0, 0, 61, 4, 3119], "n2": [34, 0, 0, 0, 0, 0, 34],
        "r1": [1288, 21, 0, 0, 50, 3, 1362], "r2": [447, 7, 0, 0, 0, 0, 454], "r3_1": [2, 0, 0, 0, 0, 0, 2],
        "r3_2": [30, 1, 0, 0, 0, 0, 31], "r3_3": [5, 0, 0, 0, 0, 0, 5], "r3_4": [6, 0, 0, 0, 0, 0, 6],
        "r3_5": [7, 1, 0, 0, 0, 0, 8], "r3_6": [12, 0, 0, 0, 0, 0, 12], "r3_7": [9, 0, 0, 0, 0, 0, 9],
        "r3_8": [105, 0, 0, 0, 0, 0, 105], "r4_1": [746, 12, 0, 0, 10, 1, 769], "r4_2": [11, 0, 0, 0, 0, 0, 11],
        "r4_3": [1, 0, 0, 0, 0, 0, 1], "r5_1": [56, 6, 0, 0, 0, 0, 62], "r5_2": [25, 0, 0, 0, 0, 0, 25],
        "r5_5": [1, 0, 0, 0, 0, 0, 1], "r6_1": [67, 3, 0, 0, 1, 0, 71], "r6_2": [6, 0, 0, 0, 0, 0, 6],
        "r6_3": [108, 2, 0, 0, 0, 0, 110], "r7": [2932, 53, 0, 0, 61, 4, 3050], "n4": [103, 0, 0, 0, 0, 0, 103],
        "": [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]}),
}


@pytest.mark.parametrize("name", sorted(REAL_REPORTS))
def test_a_real_published_pdf_reads_every_cell(name: str) -> None:
    path = REAL / name
    if not path.exists():
        pytest.skip("the real published reports are not beside this checkout (fresh checkout)")
    unit, year, printed = REAL_REPORTS[name]
    result = import_document(path)
    doc = result.document
    assert (doc.template.id, doc.unit.name, doc.year) == ("gov2021", unit, year)
    assert len(doc.values) == len(doc.template.cells) == 200  # every cell of the form
    rows: dict[str, list[object]] = {}
    for cid, cell in doc.template.cells.items():
        rows.setdefault(cell.row, []).append(doc.values[cid])
    for row, figures in printed.items():
        assert [str(v) if row == "t2.sf" else v for v in rows[row]] == figures, row
    # the rows not listed are all 0 as printed
    assert all(v == 0 for row, values in rows.items() if row not in printed for v in values)
    assert not result.errors(), [q.text() for q in result.errors()]
    sections = [s.heading for s in doc.text.sections if s.heading]
    assert sections[:1] == ["一、总体情况"] and "六、其他需要报告的事项" in sections
    report = check_document(doc)  # the reports' own slips are theirs: 洪泽 2023's 复议总计 0 of 11
    from model.core.text_check import TextFinding, text_coverage

    text_errors = [f.message for f in report.errors if isinstance(f, TextFinding)]
    if name == "huaian_city_2024.pdf":  # its text states 14 of the table's figures, every one as the table has it
        assert text_coverage(doc.template, doc.text)["checked"] == 14 and text_errors == []
    if name == "hongze_district_2024.pdf":  # "区政府办代表区政府受理…17 件": the office's own part, not the total
        assert text_errors == [] and text_coverage(doc.template, doc.text)["unchecked"] == 5


def test_a_published_pdf_is_a_汇总_input(tmp_path: Path) -> None:
    from model.collect.aggregate import aggregate_files
    from model.exchange.store import save

    other = load(EXAMPLE_2021)
    other.unit.name = "青山县林业局"
    save(other, tmp_path / "林业局.json")
    agg = aggregate_files([str(DATA / "pdf_qingshan_2023_libreoffice.pdf"), str(tmp_path / "林业局.json")], "青山县")
    assert agg.document is not None and len(agg.units) == 2 and not agg.refused
    assert agg.document.values["n1.zj"] == 2 * other.values["n1.zj"]
