"""`main.py --pdf OUT FILE`: print a document to PDF headless. No Qt."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from model import EXIT_USAGE
from model.core.templates import HANS, HANT
from model.exchange.files import doubts_text, notes_text, open_document, open_with_doubts
from model.exchange.store import DocumentError
from print import fonts, pdf

SCRIPTS = {"hans": HANS, "hant": HANT}


def pdf_command(out: str, files: list[str], script: str = "hans", blank: str = "empty", report: bool = False,
                blank_as_zero: bool = False) -> int:
    """0 = a final copy (校验码 in the footer), 1 = a draft (errors, blank cells as printed, or characters no font
    has), 2 = unreadable input or unwritable output. `report`: the whole 年度报告, not the table alone."""
    if len(files) != 1:
        print(f"{'--report' if report else '--pdf'} 需要且只需要一个要打印的文件。", file=sys.stderr)
        return EXIT_USAGE
    src, target = Path(files[0]), Path(out)
    if src.resolve() == target.resolve():
        print(f"输出文件“{target.name}”就是要打印的文件，为免覆盖，请换一个输出文件名。", file=sys.stderr)
        return 2
    doubts: list[str] = []
    try:
        if report:  # the whole report is written even when its import left doubts: they are listed, exit 1
            doc, doubts = open_with_doubts(src, blank_as_zero)
        else:
            doc = open_document(src)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(doubts_text(doubts), end="", file=sys.stderr)
    print(notes_text(doc.notes), end="", file=sys.stderr)  # what reading the file changed, said once
    options = pdf.PrintOptions(script=SCRIPTS[script], blank=blank, report=report)
    try:
        result = pdf.render(doc, target, options)
    except fonts.FontError as exc:
        print(f"无法生成 PDF：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法写入“{target}”：{write_reason(exc)}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"注意：{problem}", file=sys.stderr)
    state = f"草稿（{result.reason}；每页印有“草稿”）" if result.draft else f"定稿，校验码 {result.fingerprint}"
    print(f"已写入 {target}：{result.pages} 页，{state}，字体 {result.font}。")
    return 1 if result.draft or doubts else 0


def write_reason(exc: OSError) -> str:
    """A Chinese reason for a failed write; the OS's own text is English on most machines."""
    reasons = {errno.ENOENT: "文件夹不存在", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
               errno.ENOSPC: "磁盘已满", errno.EROFS: "磁盘是只读的", errno.EISDIR: "这是一个文件夹"}
    return reasons.get(exc.errno or 0, f"写入失败（{exc.strerror or exc}）")
