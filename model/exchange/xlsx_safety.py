"""Checks on an untrusted .xlsx BEFORE openpyxl parses it: kind of file, zip limits, streamed row counts. No Qt."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from model.exchange.store import DocumentError, read_error

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled statistics workbook is a few dozen KB
MAX_UNCOMPRESSED = 60 * 1024 * 1024  # counted while actually decompressing, not taken from the zip header
MAX_ENTRIES = 1000
MAX_RATIO = 200  # deflated XML of a real sheet compresses ~10-50x; bombs are 1000x and more
RATIO_FLOOR = 1024 * 1024  # tiny entries may have any ratio
MAX_SHEETS = 60
MAX_ROWS = 5000  # per sheet; the official tables have fewer than 100 rows
MAX_CELLS = 250_000  # per workbook
MAX_COLS = 200  # applied by the reader (openpyxl max_col); <dimension> is not trusted
CHUNK = 256 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_F_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
# a cell whose first child is a formula: <c r="B7" s="3"><f>SUM(B3:B6)</f><v>22</v></c> (f precedes v in the schema)
_FORMULA_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^<>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^<>]*>\s*'
                           rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
OVERLAP = 1024  # bytes kept from one chunk to the next: more than any <c …><f of a real workbook
SAVE_AS = "请在 Excel 或 WPS 中打开它，用“另存为”保存为 Excel 工作簿（.xlsx）后再导入。"


@dataclass(frozen=True)
class SheetCount:
    entry: str
    rows: int
    cells: int
    name: str = ""  # as the clerk sees it ("" when the workbook's index could not be read)
    # (row, column), 0-based, of every cell holding a formula, read from the same decompressed bytes as the counts
    # (so the reader needs no second parse to tell a formula's stored result from a typed figure); None when the
    # scan could not place every formula (e.g. cells without an r attribute): the reader then asks openpyxl
    formulas: frozenset[tuple[int, int]] | None = None


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def refuse(name: str, why: str) -> DocumentError:
    return DocumentError(f"无法导入“{name}”：{why}")


def _sniff_non_zip(name: str, head: bytes) -> DocumentError:
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            return refuse(name, "文件设置了打开密码（已加密）。请在 Excel/WPS 中打开，取消密码（文件→信息→保护工作簿/"
                                "文档加密）后另存为 .xlsx 再导入。")
        return refuse(name, "这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件，不是 .xlsx。" + SAVE_AS)
    if not head.strip():
        return refuse(name, "文件是空的。")
    lower = head[:2048].lower()
    if b"<html" in lower or b"<table" in lower or b"<?xml" in lower or b"<workbook" in lower:
        return refuse(name, "这是网页或 XML 格式的表格（有些系统导出的“Excel”其实是网页），不是 .xlsx。" + SAVE_AS)
    if head.startswith(b"%PDF"):
        return refuse(name, "这是 PDF 文件，不是 Excel 工作簿。")
    if head.startswith(b"PK"):
        return refuse(name, "文件不完整或已损坏（压缩包结构不对）。"
                            "请重新复制或下载，或在 Excel/WPS 中打开后另存为 .xlsx。")
    text = _as_text(head)
    if text is not None:
        return refuse(name, "这是文本或 CSV 文件（只是扩展名改成了 .xlsx），不是 Excel 工作簿。" + SAVE_AS)
    return refuse(name, "这不是 Excel 工作簿（.xlsx），无法识别文件格式。" + SAVE_AS)


def _as_text(head: bytes) -> str | None:
    for enc in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text):
            return text
    return None


def precheck(path: str | Path) -> list[SheetCount]:
    """Refuse anything that is not a sane .xlsx with a Chinese DocumentError; return per-sheet row counts."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(64 * 1024)
    except OSError as exc:
        raise read_error(exc, f"“{name}”") from exc
    if size > MAX_FILE_BYTES:
        raise refuse(name, f"文件太大（{size / 1024 / 1024:.0f} MB），统计表工作簿通常不到 1 MB。"
                           "请只保留统计表所在的工作表后另存为新文件再导入。")
    if not head.startswith(ZIP_MAGIC):
        raise _sniff_non_zip(name, head)
    try:
        with zipfile.ZipFile(p) as zf:
            return _check_zip(name, zf)
    except DocumentError:
        raise
    except zipfile.BadZipFile as exc:
        raise refuse(name, "文件不完整或已损坏（可能复制或下载没有完成）。请重新获取文件，"
                           "或在 Excel/WPS 中打开后另存为 .xlsx 再导入。") from exc
    except (NotImplementedError, RuntimeError) as exc:  # unsupported compression, encrypted entries
        raise refuse(name, "工作簿使用了不支持的压缩或加密方式。" + SAVE_AS) from exc
    except (OSError, EOFError, ValueError) as exc:  # zlib errors inside entries are ValueError/zlib.error subclasses
        raise refuse(name, "文件已损坏，读取压缩内容失败。"
                           "请重新获取文件，或在 Excel/WPS 中打开后另存为 .xlsx。") from exc
    except Exception as exc:  # zlib.error is not an OSError; any other failure is still a damaged file
        raise refuse(name, f"文件已损坏（{type(exc).__name__}）。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。") from exc


def _check_zip(name: str, zf: zipfile.ZipFile) -> list[SheetCount]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse(name, f"压缩包内文件过多（{len(infos)} 个），不像统计表工作簿，已拒绝（可能是恶意文件）。")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise refuse(name, "这是 Word 文档（.docx），不是 Excel 工作簿。")
        if "content.xml" in names:
            raise refuse(name, "这是 OpenDocument 表格（.ods）。请在 WPS/LibreOffice 中另存为 .xlsx 后再导入。")
        raise refuse(name, "压缩包里没有 Excel 工作簿内容，不是 .xlsx 文件。" + SAVE_AS)
    declared = 0
    for i in infos:
        pp = PurePosixPath(i.filename)
        if pp.is_absolute() or ".." in pp.parts or "\\" in i.filename:
            raise refuse(name, "压缩包内含有可疑的路径，已拒绝（可能是恶意文件）。")
        if i.flag_bits & 0x1:
            raise refuse(name, "工作簿内容已加密。请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入。")
        declared += i.file_size
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise refuse(name, f"压缩比异常（{i.file_size // max(i.compress_size, 1)} 倍），可能是“压缩炸弹”，已拒绝。")
    if declared > MAX_UNCOMPRESSED:
        raise refuse(name, f"解压后内容过大（{declared // 1024 // 1024} MB），统计表工作簿不会这么大，已拒绝。")
    sheet_entries = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if len(sheet_entries) > MAX_SHEETS:
        raise refuse(name, f"工作表过多（{len(sheet_entries)} 个）。请只保留统计表所在的工作表后另存为新文件再导入。")
    shown = _sheet_names(zf)
    budget = MAX_UNCOMPRESSED
    counts: list[SheetCount] = []
    total_cells = 0
    # Headers can lie about sizes; decompress every entry in chunks and count real bytes, rows and cells.
    for i in infos:
        is_sheet = i.filename in sheet_entries
        rows = cells = f_tags = 0
        formulas: set[tuple[int, int]] = set()
        tail = b""
        with zf.open(i) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                budget -= len(chunk)
                if budget < 0:
                    raise refuse(name, "解压后内容过大，可能是“压缩炸弹”，已拒绝。")
                if is_sheet:
                    data = tail + chunk
                    rows += len(_ROW.findall(data))
                    cells += len(_CELL.findall(data))
                    f_tags += len(_F_TAG.findall(data))
                    formulas.update((int(r) - 1, _column(c)) for c, r in _FORMULA_CELL.findall(data))
                    tail = data[-OVERLAP:]
                    # tags in the overlap are counted again with the next chunk: take them off now
                    rows -= len(_ROW.findall(tail))
                    cells -= len(_CELL.findall(tail))
                    f_tags -= len(_F_TAG.findall(tail))
                    if rows > MAX_ROWS:
                        sheet = shown.get(i.filename, _sheet_label(i.filename))
                        raise refuse(name, f"工作表“{sheet}”的行数超过 {MAX_ROWS} 行，不像统计表。"
                                           "请删除多余的行或只保留统计表后另存为新文件再导入。")
                    if total_cells + cells > MAX_CELLS:
                        raise refuse(name, f"工作簿的单元格超过 {MAX_CELLS} 个，不像统计表。"
                                           "请只保留统计表后另存为新文件再导入。")
        if is_sheet:
            rows += len(_ROW.findall(tail))
            cells += len(_CELL.findall(tail))
            f_tags += len(_F_TAG.findall(tail))
            total_cells += cells
            placed = frozenset(formulas) if len(formulas) == f_tags else None
            counts.append(SheetCount(i.filename, rows, cells, shown.get(i.filename, ""), placed))
    return counts


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Zip entry → the sheet name a clerk sees, for messages; {} when the small index parts look odd."""
    from defusedxml import ElementTree

    try:
        parts = {}
        for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            info = zf.getinfo(n)
            if info.file_size > 1024 * 1024:
                return {}
            parts[n] = ElementTree.fromstring(zf.read(n))
        targets = {}
        for rel in parts["xl/_rels/workbook.xml.rels"]:
            target = rel.get("Target", "")
            target = target[1:] if target.startswith("/") else "xl/" + target
            targets[rel.get("Id")] = target
        out = {}
        for el in parts["xl/workbook.xml"].iter():
            if el.tag.endswith("}sheet") or el.tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                if rid in targets:
                    out[targets[rid]] = el.get("name", "")
        return out
    except Exception:  # only used to word a message; the real checks do not depend on it
        return {}


def _sheet_label(entry: str) -> str:
    return PurePosixPath(entry).stem
