"""Opening a document from any file format that has a reader (model/exchange/formats.py), with what an import
found. No Qt."""

from __future__ import annotations

import re
from pathlib import Path

from model.core.clean import clean_document
from model.core.document import Document
from model.exchange import formats
from model.exchange.imported import BLANKS, ERROR, NO_YEAR, NOTE, ImportProblem, ImportResult
from model.exchange.store import DocumentError, load

__all__ = ["BLANKS", "ERROR", "IMPORT_SECTION", "NOTE", "NO_YEAR", "ImportProblem", "ImportResult", "blanks_as_zero",
           "blanks_of_filled_rows", "checked_import", "doubts_text", "import_document", "notes_text",
           "open_document", "open_with_doubts", "source_page"]


IMPORT_SECTION = "import"  # the native file's record of how a report was brought in (kept as an extra section)


def blanks_of_filled_rows(doc: Document) -> list[str]:
    """Empty cells of rows that have figures: where a published table leaves 0 empty (rows missing whole are not
    counted: those are figures the copy does not hold)."""
    rows: dict[tuple[str, str], list[str]] = {}
    for cid, cell in doc.template.cells.items():
        rows.setdefault((cell.table, cell.row), []).append(cid)
    return [c for cells in rows.values() if any(doc.values.get(x) is not None for x in cells)
            for c in cells if doc.values.get(c) is None]


def blanks_as_zero(result: ImportResult, name: str) -> int:
    """Read the empty cells of rows with figures as 0 (the clerk's choice for a table that leaves 0 empty),
    recorded in the document; how many."""
    doc = result.document
    blanks = blanks_of_filled_rows(doc)
    for c in blanks:
        doc.values[c] = 0
    result.problems = [q for q in result.problems if q.code != BLANKS]
    if blanks:
        doc.extra[IMPORT_SECTION] = {**doc.extra.get(IMPORT_SECTION, {}), "file": name, "blank_as_zero": len(blanks)}
        result.problems.append(ImportProblem("", f"原表中有 {len(blanks)} 格为空（所在行的其他格有数），已按 0 导入。",
                                             NOTE))
    return len(blanks)


def _blanks_of_report(result: ImportResult, name: str, blank_as_zero: bool) -> None:
    if blank_as_zero:
        blanks_as_zero(result, name)
    elif blanks := blanks_of_filled_rows(result.document):
        result.problems.append(ImportProblem("", f"原表中有 {len(blanks)} 格为空（所在行的其他格有数），已按未填导入；"
                                                 "如原表用空格表示 0，请选“空格按 0 导入”（命令行 --blank-as-zero）。",
                                             NOTE, BLANKS))


_PAGE = re.compile(r"第(\d+)页 ")


def _record_pages(result: ImportResult, name: str) -> None:
    """A PDF's figures: the page each came from, kept in the file (the grid's tooltip names it)."""
    pages = {cid: int(m.group(1)) for cid, where in result.sources.items() if (m := _PAGE.match(where))}
    if pages:
        doc = result.document
        doc.extra[IMPORT_SECTION] = {**doc.extra.get(IMPORT_SECTION, {}), "file": name, "pages": pages}


def source_page(doc: Document, cid: str) -> tuple[str, int] | None:
    """The file and page a figure imported from a PDF came from, None for any other figure."""
    record = doc.extra.get(IMPORT_SECTION)
    if not isinstance(record, dict) or not isinstance(record.get("pages"), dict):
        return None
    page = record["pages"].get(cid)
    return (str(record.get("file", "")), page) if isinstance(page, int) else None


def import_document(path: str | Path, blank_as_zero: bool = False) -> ImportResult:
    """Read any supported file with the problems an import found; what reading changed (characters no reader
    opens, removed) is a note, for native files too. `blank_as_zero`: a report's table whose empty cells mean 0."""
    p = Path(path)
    result = _import(p)
    _record_pages(result, p.name)
    if formats.is_report(p):
        _blanks_of_report(result, p.name, blank_as_zero)
    cleaned = clean_document(result.document)
    notes = [*result.document.notes, *([cleaned] if cleaned else [])]
    result.problems += [ImportProblem("", n, NOTE) for n in notes if n not in {q.message for q in result.problems}]
    result.document.notes = notes
    return result


def _import(p: Path) -> ImportResult:
    formats.check_readable(p)
    fmt = formats.reader_of(p)
    return fmt.read(p) if fmt is not None else ImportResult(load(p))


def open_document(path: str | Path) -> Document:
    """Read a native or Excel document; raises DocumentError (Chinese message) for anything unreadable,
    and for a workbook whose import left doubts (a partial import must never pass for a complete one)."""
    p = Path(path)
    formats.check_readable(p)
    if formats.reader_of(p) is not None:
        return checked_import(import_document(p), p.name).document  # cleaned there, notes kept in document.notes
    return load(p)


def open_with_doubts(path: str | Path, blank_as_zero: bool = False) -> tuple[Document, list[str]]:
    """A document to export even when its import left doubts (a published report whose table lost a row): the
    document and the doubts, which the caller lists and answers with exit code 1, like a draft print."""
    p = Path(path)
    if formats.reader_of(p) is not None:
        result = import_document(p, blank_as_zero)
        return result.document, [q.text() for q in result.errors()]
    return open_document(p), []


def notes_text(notes: list[str]) -> str:
    """What reading a file changed in it (characters removed), as the command line says it before an export."""
    return "".join(f"注意：{n}\n" for n in notes)


def doubts_text(doubts: list[str]) -> str:
    """The doubts of an export that went ahead, as the command line lists them."""
    return (f"导入有 {len(doubts)} 个问题（报告照样导出，请核对后再发布）：\n" + "".join(f"  {d}\n" for d in doubts)
            if doubts else "")


def checked_import(result: ImportResult, name: str, year_may_be_missing: bool = False) -> ImportResult:
    """The result of a complete import; DocumentError listing the problems otherwise. With `year_may_be_missing`
    a workbook that only lacks its report year passes (the caller supplies the year)."""
    errors = result.doubts() if year_may_be_missing else result.errors()
    if errors:
        shown = "\n".join(f"  {e.text()}" for e in errors[:10])
        more = f"\n  …… 共 {len(errors)} 个问题" if len(errors) > 10 else ""
        raise DocumentError(f"“{name}”没有完整导入（{len(errors)} 个问题）：\n{shown}{more}")
    return result
