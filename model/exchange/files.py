"""Opening a document from any supported file kind (native JSON or .xlsx), with what an import found. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model.core.clean import clean_document
from model.core.document import Document
from model.exchange.store import DocumentError, load

XLSX_SUFFIXES = (".xlsx", ".xlsm")
REPORT_SUFFIXES = (".txt", ".docx", ".html", ".htm")  # a whole report: text and table (model/exchange/report_read)
REFUSED_SUFFIXES = {
    ".xls": "这是旧版 Excel 97-2003 格式（.xls），请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
    ".et": "这是 WPS 表格格式（.et），请在 WPS 中“另存为” .xlsx 后再打开。",
    ".csv": "这是 CSV 文本，请在 Excel/WPS 中“另存为” .xlsx 后再打开。",
}


ERROR, NOTE = "error", "note"
NO_YEAR = "no_year"
BLANKS = "blanks"  # a report's table left cells of rows with figures empty: the clerk may read them as 0


@dataclass(frozen=True)
class ImportProblem:
    where: str  # "统计表!C27", or "" for the workbook as a whole
    message: str
    severity: str = ERROR  # ERROR: a value was not imported or is unsure; NOTE: for information only
    code: str = ""  # what a caller may settle itself: NO_YEAR (汇总 supplies the year it was told)

    def text(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


@dataclass
class ImportResult:
    document: Document
    problems: list[ImportProblem] = field(default_factory=list)
    own_export: bool = False
    # where the report year came from ("统计表!B5", "导出时的文件", the native file); "" = not found, year assumed
    year_source: str = "文件"

    @property
    def year_known(self) -> bool:
        return bool(self.year_source)

    @property
    def complete(self) -> bool:
        """True only when every value was read without doubt; otherwise the caller must show the problems."""
        return not any(p.severity == ERROR for p in self.problems)

    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    def doubts(self) -> list[ImportProblem]:
        """Errors other than the missing report year, which 汇总 can be told."""
        return [p for p in self.errors() if p.code != NO_YEAR]

    def summary(self) -> str:
        n_err, n_note = len(self.errors()), len(self.problems) - len(self.errors())
        if not self.problems:
            return "已全部导入，没有发现问题。"
        head = f"导入时有 {n_err} 个问题需要核对" if n_err else "已全部导入"
        return head + (f"，另有 {n_note} 条提示" if n_note else "") + "。"


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
        doc.extra[IMPORT_SECTION] = {"file": name, "blank_as_zero": len(blanks)}
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


def import_document(path: str | Path, blank_as_zero: bool = False) -> ImportResult:
    """Read any supported file with the problems an import found; what reading changed (characters no reader
    opens, removed) is a note, for native files too. `blank_as_zero`: a report's table whose empty cells mean 0."""
    p = Path(path)
    result = _import(p)
    if p.suffix.lower() in REPORT_SUFFIXES:
        _blanks_of_report(result, p.name, blank_as_zero)
    cleaned = clean_document(result.document)
    notes = [*result.document.notes, *([cleaned] if cleaned else [])]
    result.problems += [ImportProblem("", n, NOTE) for n in notes if n not in {q.message for q in result.problems}]
    result.document.notes = notes
    return result


def _import(p: Path) -> ImportResult:
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(f"无法打开“{p.name}”：{REFUSED_SUFFIXES[suffix]}")
    if suffix in XLSX_SUFFIXES:
        from model.exchange import xlsx_import  # the workbook reader (and openpyxl) only when a workbook is opened

        return xlsx_import.read_document(p)
    if suffix in REPORT_SUFFIXES:
        from model.exchange import report_read

        return report_read.read_report(p)
    return ImportResult(load(p))


def open_document(path: str | Path) -> Document:
    """Read a native or Excel document; raises DocumentError (Chinese message) for anything unreadable,
    and for a workbook whose import left doubts (a partial import must never pass for a complete one)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(f"无法打开“{p.name}”：{REFUSED_SUFFIXES[suffix]}")
    if suffix in XLSX_SUFFIXES or suffix in REPORT_SUFFIXES:
        return checked_import(import_document(p), p.name).document  # cleaned there, notes kept in document.notes
    return load(p)


def open_with_doubts(path: str | Path, blank_as_zero: bool = False) -> tuple[Document, list[str]]:
    """A document to export even when its import left doubts (a published report whose table lost a row): the
    document and the doubts, which the caller lists and answers with exit code 1, like a draft print."""
    p = Path(path)
    if p.suffix.lower() in XLSX_SUFFIXES or p.suffix.lower() in REPORT_SUFFIXES:
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
