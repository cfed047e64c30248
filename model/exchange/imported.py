"""What reading a file brought in: the document and each problem found on the way. No Qt.

The result of every reader (model/exchange/formats.py lists them); model/exchange/files.py hands it on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.core.document import Document

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
    # where each imported figure stood in the file ("第3页 正文 表2!D7"), for the figures read by label matching
    sources: dict[str, str] = field(default_factory=dict)

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
