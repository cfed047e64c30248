"""Untrusted .xlsx files: every bad kind is refused quickly with a Chinese message saying what to do."""

import time
import zipfile
from pathlib import Path

import pytest

from model.exchange.files import import_document
from model.exchange.store import DocumentError, load
from model.exchange.xlsx_export import to_bytes
from tests.conftest import SEED_EXAMPLE

# Generous: parsing any of these files with openpyxl takes minutes; a refusal takes milliseconds.
QUICK = 3.0

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sheet.main+xml"/></Types>')


def refused(path: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(DocumentError) as exc:
        import_document(path)
    assert time.perf_counter() - start < QUICK
    return str(exc.value)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    msg = refused(bomb)
    assert "无法导入“bomb.xlsx”" in msg and "压缩炸弹" in msg


def test_bomb_with_lying_sizes_is_refused_while_decompressing(tmp_path: Path) -> None:
    bomb = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * (80 * 1024 * 1024) + b"</sst>")
    data = bytearray(bomb.read_bytes())
    # shrink the declared uncompressed size in the central directory so header checks alone would pass
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (1000).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    msg = refused(bomb)
    assert "无法导入" in msg and ("过大" in msg or "损坏" in msg)


def test_million_row_sheet_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 100003)
                    for i in range(1, 1_000_001))
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b'<worksheet><dimension ref="A1"/><sheetData>' + rows
                   + b"</sheetData></worksheet>")
    msg = refused(big)
    assert "无法导入“big.xlsx”" in msg and ("行数超过" in msg or "过大" in msg)


def test_rows_beyond_the_limit_are_counted_not_read_from_dimension(tmp_path: Path) -> None:
    tall = tmp_path / "tall.xlsx"
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 6001))
    with zipfile.ZipFile(tall, "w", zipfile.ZIP_STORED) as z:  # stored: no compression ratio to trip on
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b'<worksheet><dimension ref="A1:A1"/><sheetData>' + rows
                   + b"</sheetData></worksheet>")
    msg = refused(tall)
    assert "行数超过 5000 行" in msg


def test_password_protected_workbook(tmp_path: Path) -> None:
    enc = tmp_path / "加密.xlsx"
    # Excel saves an encrypted .xlsx as an OLE compound file holding EncryptionInfo / EncryptedPackage streams
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                    + b"\0" * 2000)
    msg = refused(enc)
    assert "密码" in msg and "另存为 .xlsx" in msg


def test_old_xls_content_renamed_to_xlsx(tmp_path: Path) -> None:
    ole = tmp_path / "旧表.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 2000)
    msg = refused(ole)
    assert ".xls" in msg and ".et" in msg and "另存为" in msg


@pytest.mark.parametrize("suffix", [".xls", ".et", ".csv"])
def test_refused_suffixes(tmp_path: Path, suffix: str) -> None:
    f = tmp_path / f"表{suffix}"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" if suffix != ".csv" else "项目,数\n收到申请数,5\n".encode())
    msg = refused(f)
    assert "另存为" in msg and ".xlsx" in msg


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    f = tmp_path / "统计.xlsx"
    f.write_bytes("统计指标,单位,统计数\n（一）收到申请数,件,5\n".encode("gb18030"))
    msg = refused(f)
    assert "CSV" in msg and "另存为" in msg


def test_truncated_workbook(tmp_path: Path) -> None:
    data = to_bytes(load(SEED_EXAMPLE))
    f = tmp_path / "半截.xlsx"
    f.write_bytes(data[: len(data) // 2])
    msg = refused(f)
    assert "不完整或已损坏" in msg


def test_damaged_entry_inside_a_complete_zip(tmp_path: Path) -> None:
    data = bytearray(to_bytes(load(SEED_EXAMPLE)))
    start = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[start:start + 200] = b"\xff" * 200  # scramble compressed bytes; the zip directory stays intact
    f = tmp_path / "坏.xlsx"
    f.write_bytes(bytes(data))
    msg = refused(f)
    assert "无法导入" in msg and "损坏" in msg


def test_empty_and_non_workbook_zip(tmp_path: Path) -> None:
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    assert "空的" in refused(empty)
    docx = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", b"<w/>")
    assert "Word" in refused(docx)


def test_billion_laughs_is_refused_by_the_xml_parser(tmp_path: Path) -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml because it is installed
    data = to_bytes(load(SEED_EXAMPLE))
    src = tmp_path / "ok.xlsx"
    src.write_bytes(data)
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol9;</workbook>')
    bad = tmp_path / "lol.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for n in zin.namelist():
            zout.writestr(n, lol if n == "xl/workbook.xml" else zin.read(n))
    msg = refused(bad)
    assert "无法导入“lol.xlsx”" in msg and "损坏" in msg


def test_refused_file_is_left_intact(tmp_path: Path) -> None:
    f = tmp_path / "半截.xlsx"
    data = to_bytes(load(SEED_EXAMPLE))[:3000]
    f.write_bytes(data)
    refused(f)
    assert f.read_bytes() == data


def test_the_safety_scan_places_every_formula_as_openpyxl_reads_them(tmp_path) -> None:
    """The formula cells come from the bytes the safety check decompresses anyway, not from a second parse; they
    must be exactly the cells openpyxl reads as formulas (rows starting late, shared and array formulas too)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from openpyxl import Workbook, load_workbook
    from openpyxl.worksheet.formula import ArrayFormula

    from model.exchange import xlsx_import, xlsx_safety

    @settings(max_examples=25, deadline=None)
    @given(st.sets(st.tuples(st.integers(3, 300), st.integers(1, 40)), max_size=30), st.booleans())
    def check(cells: set[tuple[int, int]], array: bool) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "统计表"
        ws.cell(2, 1, "收到申请数")
        for r, c in sorted(cells):
            ws.cell(r, c, "=1+1")
        if array:
            ws["AZ9"] = ArrayFormula("AZ9:AZ9", "=SUM(A1:A2)")
        path = tmp_path / "f.xlsx"
        wb.save(path)
        (count,) = xlsx_safety.precheck(path)
        expected = xlsx_import._formula_cells(load_workbook(path, read_only=True).worksheets[0])
        assert count.name == "统计表" and count.formulas == frozenset(expected)
        assert {(r - 1, c - 1) for r, c in cells} <= expected

    check()
