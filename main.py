"""Command line and window start: the composition root. Headless commands never import PySide6.

Exit codes: 0 done (a final table), 1 done with findings (errors, blanks, a draft, an incomplete import), 2 a file
that cannot be read or written, 64 a usage error (wrong options), 70 an unexpected error (logged with its
traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

from model import APP_NAME, APP_TITLE, EXIT_SOFTWARE, EXIT_USAGE, __version__

# the development environment has lxml (python-docx, for tests); the installed program has not: openpyxl writes
# workbooks the same way in both
os.environ.setdefault("OPENPYXL_LXML", "False")
LOG_ENV = "GDS_LOG_DIR"  # tests point this at a temporary folder

# argparse's own words in Chinese: it looks them up through gettext, which has no Chinese catalogue for it
_ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 --help 查看用法）\n",
}


def _argparse_chinese() -> None:
    argparse._ = lambda text: _ARGPARSE_WORDS.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: _ARGPARSE_WORDS.get(one if n == 1 else many,  # type: ignore[attr-defined]
                                                                 one if n == 1 else many)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog,  # type: ignore[attr-defined]
                                                                               "message": message})


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_log() -> Path | None:
    """A rotating log in the platform's log folder (three files of 1 MB): what to send when something goes wrong."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "gov-disclosure-stats.log", maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8", delay=True)
    except OSError:
        return None  # a machine without a writable profile still works, just without a log
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return folder / "gov-disclosure-stats.log"


def program_name() -> str:
    """How the clerk starts the program: the installed command, or main.py in a development checkout."""
    return APP_NAME if getattr(sys, "frozen", False) else "main.py"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    from model.exchange.formats import readable, report_outputs  # a table of data: no reader or writer is loaded

    _argparse_chinese()
    p = _Parser(
        prog=prog or program_name(),
        description="政府信息公开工作年度报告统计表：填报、校验、打印、导出与汇总。不带参数时打开窗口。",
        epilog="退出码：0 完成（定稿）；1 完成但有问题（错误、未填、草稿、导入不完整）；2 文件读不出或写不进；"
               "64 用法错误；70 意外错误（详见日志）。",
    )
    p.add_argument("--version", action="version", version=f"{APP_TITLE} {__version__}", help="显示版本号并退出")
    p.add_argument("file", nargs="*",
                   help="要打开的文件（" + "；".join(f"{f.label} {'、'.join(f.suffixes)}" for f in readable()) + "）")
    p.add_argument("--check", action="store_true", help="校验 FILE 并输出结果（不打开窗口）")
    p.add_argument("--json", action="store_true", help="与 --check 一起使用：输出 JSON")
    p.add_argument("--findings", metavar="OUT",
                   help="与 --check 一起使用：FILE 可为多份报告或文件夹，每份一行写入审阅表 OUT（.xlsx）：单位、年度、"
                        "定稿/草稿、错误、正文与表不符、核对与无法核对的数字、与上年报告相同的段落")
    p.add_argument("--previous", metavar="PREV", default=None,
                   help="与 --check 一起使用：上年的统计表（跨年度检查；文件里的上年链接不在本文件夹内时不会自动"
                        "打开）；与 --sum 一起使用：上年的汇总表，列出总数和各单位的同比变化（变化最大的在前）")
    p.add_argument("--chart", metavar="OUT.pdf",
                   help="与 --sum 和 --previous 一起使用：同比图（各单位本年与上年的柱形图、历年折线图）写入 OUT.pdf")
    p.add_argument("--sum", metavar="OUT", help="汇总 FILE…（同一表格式和年度）写入 OUT（.xxgk、.json 或 .xlsx）")
    p.add_argument("--office", metavar="NAME", default="", help="与 --sum 一起使用：汇总单位名称")
    p.add_argument("--roster", metavar="WS",
                   help="与 --sum 一起使用：汇总工作区（.xxgk-sum，应报单位名单）；先列出各单位的上报情况，"
                        "没有给出 FILE 时汇总工作区文件夹中名单上各单位的文件；仍有单位未报时退出码为 1")
    p.add_argument("--roster-from", metavar="SRC",
                   help="与 --roster 一起使用：从 SRC 建立或替换名单：工作簿（“单位名称”一列）、上年的汇总表"
                        "或每行一个单位名的 .txt")
    p.add_argument("--allow-missing", action="store_true",
                   help="与 --roster 一起使用：有单位未报也照常汇总，退出码不因此为 1")
    p.add_argument("--year", metavar="YYYY", type=int, default=None,
                   help="与 --sum 一起使用：汇总的报告年度（没有写明年度的工作簿按此年度计入）")
    p.add_argument("--level", metavar="LEVEL", default="",
                   help="与 --sum 一起使用：汇总单位的行政层级（省级、设区的市级、县级、乡镇（街道）、部门）")
    p.add_argument("--xlsx", metavar="OUT", help="把 FILE 导出为 Excel 工作簿 OUT（.xlsx，不打开窗口）")
    p.add_argument("--pdf", metavar="OUT", help="把 FILE 的统计表打印为 PDF 文件 OUT（不打开窗口）")
    p.add_argument("--report", metavar="OUT",
                   help="把 FILE 的整份年度报告（正文和统计表）导出为 OUT："
                        + "、".join(f"{f.suffix}（{f.label}）" for f in report_outputs()))
    p.add_argument("--prepare-fonts", action="store_true",
                   help="把常用字预先转换进打印字体缓存（程序第一次启动时在后台自动运行一次）")
    p.add_argument("--script", choices=("hans", "hant"), default="hans",
                   help="与 --pdf、--report、--xlsx 或 --sum 一起使用：简体或繁體")
    p.add_argument("--blank-as-zero", action="store_true",
                   help="与 --check 或 --report 一起使用：导入整份报告时，原表中有数的行里的空格按 0 读入（网页、PDF 里"
                        "常以空格表示 0；记录在文件里）")
    p.add_argument("--blank", choices=("empty", "zero", "slash"), default="empty",
                   help="与 --pdf 或 --check 一起使用：未填的格子印成空白、0 或 /（按印出的数校验）")
    return p


def _check(files: list[str], as_json: bool, blank: str = "empty", previous: str | None = None,
           blank_as_zero: bool = False) -> int:
    """0 = final (no error, no blank cell), 1 = errors or blanks (or an incomplete import), 2 = unreadable."""
    from model.collect.previous_year import attach_previous, link_previous
    from model.core.document import as_printed
    from model.core.report import check_document, report_json, report_text
    from model.exchange.files import import_document
    from model.exchange.store import DocumentError

    if not files:
        print("--check 需要一个或多个文件（或文件夹）。", file=sys.stderr)
        return EXIT_USAGE
    path = Path(files[0])
    try:
        imported = import_document(path, blank_as_zero)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    doc = as_printed(imported.document, blank)  # "as printed with blanks as 0": the same check as --pdf's
    unfollowed = None
    if previous is not None:  # named by the caller: followed wherever it is
        try:
            link_previous(doc, previous)
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    else:
        # the file's own link runs the cross-year rules, if it points into the file's folder
        unfollowed = attach_previous(doc, path)
        if unfollowed:
            print(unfollowed, file=sys.stderr)
    report = check_document(doc)
    if as_json:
        out = report_json(doc, report)
        if doc.previous is not None:
            out["previous_year"] = {"link": doc.previous.link, "followed": unfollowed is None,
                                    **({"notice": unfollowed} if unfollowed else {})}
        if imported.problems:  # an Excel import that left doubts must say so, never pass as complete
            out["import_complete"] = imported.complete
            out["import_problems"] = [{"where": p.where, "message": p.message, "severity": p.severity}
                                      for p in imported.problems]
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(report_text(doc, report, path.name))
        if imported.problems:
            sys.stdout.write(f"\n【导入问题】{imported.summary()}\n")
            sys.stdout.write("".join(f"  {p.text()}\n" for p in imported.problems))
    return 0 if report.final and imported.complete else 1


def _review(files: list[str], as_json: bool, findings: str | None, blank_as_zero: bool) -> int:
    """Many reports (or folders of them) at once: one line, JSON entry or workbook row per report."""
    from model.collect.review import exit_code, report_files, review, review_text
    from model.exchange.store import DocumentError, write_file

    if findings is not None and Path(findings).suffix.lower() != ".xlsx":
        print(f"审阅表“{Path(findings).name}”的扩展名应为 .xlsx。", file=sys.stderr)
        return EXIT_USAGE
    try:
        paths = report_files(files)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not paths:
        print("给出的文件夹中没有可以读入的报告或统计表文件。", file=sys.stderr)
        return 2
    if findings is not None and any(p.resolve() == Path(findings).resolve() for p in paths):
        print("审阅表不能覆盖要审阅的文件，请换一个文件名。", file=sys.stderr)
        return 2
    rows = review(paths, blank_as_zero)
    if as_json:
        print(json.dumps({"reports": [r.as_json() for r in rows], "count": len(rows)}, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(review_text(rows))
    if findings is not None:
        from model.collect.findings_xlsx import findings_bytes  # openpyxl only when a sheet is written

        try:
            write_file(findings, findings_bytes(rows))
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"审阅表已写入 {findings}：{len(rows)} 份报告。", file=sys.stderr)
    return exit_code(rows)


def _xlsx(out: str, files: list[str], script: str = "hans") -> int:
    from model.exchange.files import open_document
    from model.exchange.store import DocumentError

    if len(files) != 1:
        print("--xlsx 需要且只需要一个要导出的文件。", file=sys.stderr)
        return EXIT_USAGE
    if Path(out).suffix.lower() != ".xlsx":
        print(f"导出文件“{Path(out).name}”的扩展名应为 .xlsx。", file=sys.stderr)
        return EXIT_USAGE
    if Path(out).resolve() == Path(files[0]).resolve():
        print("导出文件不能覆盖要导出的文件本身，请换一个文件名。", file=sys.stderr)
        return 2
    try:
        from model.exchange.xlsx_export import export_document  # openpyxl is imported only for --xlsx

        doc = open_document(files[0])
        _say_notes(doc.notes)
        export_document(doc, out, script)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已导出到“{out}”。")
    return 0


def _say_notes(notes: list[str]) -> None:
    """What reading the file changed (characters removed), said once before the export is written."""
    from model.exchange.files import notes_text

    print(notes_text(notes), end="", file=sys.stderr)


def _say_doubts(doubts: list[str]) -> None:
    """What an import could not read for sure: the report is still written, the exit code is 1."""
    from model.exchange.files import doubts_text

    print(doubts_text(doubts), end="", file=sys.stderr)


def _report(out: str, files: list[str], script: str = "hans", blank: str = "empty", blank_as_zero: bool = False) -> int:
    """The whole report out: .pdf printed like --pdf (same exit codes), .docx and .html for publishing."""
    from model.core.templates import HANS, HANT
    from model.exchange import formats
    from model.exchange.files import open_with_doubts
    from model.exchange.store import DocumentError, write_file

    fmt = formats.format_of(out)
    if fmt not in formats.report_outputs():
        print(f"报告文件“{Path(out).name}”的扩展名应为 {formats.suffix_list(formats.report_outputs())}。",
              file=sys.stderr)
        return EXIT_USAGE
    assert fmt is not None
    if fmt.id == formats.PDF:
        from print import command

        return command.pdf_command(out, files, script, blank, report=True, blank_as_zero=blank_as_zero)
    if len(files) != 1:
        print("--report 需要且只需要一个文件。", file=sys.stderr)
        return EXIT_USAGE
    if Path(out).resolve() == Path(files[0]).resolve():
        print("导出文件不能覆盖要导出的文件本身，请换一个文件名。", file=sys.stderr)
        return 2
    try:
        doc, doubts = open_with_doubts(files[0], blank_as_zero)
        _say_notes(doc.notes)
        _say_doubts(doubts)
        write_file(out, fmt.write(doc, HANT if script == "hant" else HANS), "导出")
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已导出到“{out}”。")
    return 1 if doubts else 0


def _roster(path: str, source: str | None, office: str, year: int | None) -> Any:
    """The workspace named by --roster, made or given a new roster from --roster-from."""
    from model.collect import roster as r
    from model.exchange.store import DocumentError

    p = Path(path)
    ws = r.load_workspace(p) if p.exists() else r.Workspace(office, year, path=p)
    if source is not None:
        ws.units = r.roster_from_file(source)
    if not ws.units:
        raise DocumentError(f"汇总工作区“{p.name}”还没有应报单位名单，请用 --roster-from 给出名单。")
    ws.office, ws.year = office or ws.office, year or ws.year
    r.save_workspace(ws, p)
    return ws


def _year_on_year(agg: Any, previous: str, chart: str | None, as_json: dict[str, Any] | None,
                  ws: Any = None) -> int:
    """The aggregate against last year's: totals and the units' largest movements, and the chart when asked."""
    from model.collect.aggregate import load_aggregate
    from model.collect.year_on_year import compare, figure_value, figures, largest, per_unit, year_on_year_text
    from model.exchange.store import DocumentError, write_file

    try:
        last = load_aggregate(previous)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if last is None or last.document is None or last.document.template.id != agg.document.template.id:
        print(f"“{Path(previous).name}”不是同一表格式的汇总表，无法做同比。", file=sys.stderr)
        return 2
    template = agg.document.template
    total = compare(template, agg.document.values, last.document.values)
    units = per_unit(template, [(u.name, u.values) for u in agg.units], [(u.name, u.values) for u in last.units])
    if as_json is not None:
        as_json["year_on_year"] = {"total": [m.text() for m in total],
                                   "largest": [f"{m.unit}：{m.text()}" for m in largest(units)]}
    else:
        sys.stdout.write(year_on_year_text(total, units))
    if chart is not None:
        from print.charts import ChartSpec, chart_pdf

        first = figures(template)[0]
        figure = first.what
        from model.collect.roster import history_aggregates

        earlier = [load_aggregate(p) for _y, p in history_aggregates(ws, last.document.year)] if ws else []
        years = [a.document for a in earlier if a is not None and a.document is not None
                 and a.document.template.id == template.id] + [last.document, agg.document]
        points = [(d.year, figure_value(d.values, first)) for d in years]
        caption = f"{agg.office}{agg.document.year}年度与上年对比"
        try:
            write_file(chart, chart_pdf(ChartSpec(tuple(units), figure, tuple(points), caption)), "保存")
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"同比图已写入“{chart}”。", file=sys.stderr)
    return 0


def _sum(out: str, files: list[str], office: str, script: str = "hans", year: int | None = None,
         level_text: str = "", roster: str | None = None, roster_from: str | None = None,
         allow_missing: bool = False, as_json: bool = False, previous: str | None = None,
         chart: str | None = None) -> int:
    from model.collect.aggregate import aggregate_files, report_text
    from model.collect.aggregate_save import save_aggregate
    from model.core.document import MAX_YEAR, MIN_YEAR, level_from_label
    from model.core.templates import LEVEL_LABELS
    from model.exchange.store import DocumentError

    table = ws = None
    out_json: dict[str, Any] = {}  # --json: one document, whatever parts were asked for
    if roster is not None:
        from model.collect.status import status_json, status_text, statuses

        try:
            ws = _roster(roster, roster_from, office, year)
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        table = statuses(ws)
        if as_json:
            out_json["status"] = status_json(table)
        else:
            sys.stdout.write(status_text(table) + "\n")
        files = files or table.files()
        office, year = office or ws.office, year or ws.year
    if not files:
        print("--sum 需要至少一个要汇总的文件。", file=sys.stderr)
        return EXIT_USAGE
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        print(f"--year 应在 {MIN_YEAR}–{MAX_YEAR} 之间。", file=sys.stderr)
        return EXIT_USAGE
    level = level_from_label(level_text)
    if level is None:
        print(f"--level “{level_text}”不认识，应为 {'、'.join(LEVEL_LABELS.values())} 之一。", file=sys.stderr)
        return EXIT_USAGE
    target = Path(out).resolve()
    # the name first: resolving every one of a thousand unit paths costs more than the check is worth
    if any(os.path.basename(f) == target.name and Path(f).resolve() == target for f in files):
        print(f"输出文件“{Path(out).name}”也在要汇总的文件中，为免覆盖单位文件，请换一个输出文件名。", file=sys.stderr)
        return 2
    agg = aggregate_files(files, office, year=year, level=level)
    (sys.stderr if as_json else sys.stdout).write(report_text(agg))
    if agg.document is None:
        return 2
    try:
        save_aggregate(agg, out, script)
        if ws is not None:
            from model.collect.roster import record_aggregate, save_workspace
            from model.collect.status import record_sum

            record_sum(ws, files)
            if agg.document is not None:
                record_aggregate(ws, agg.document.year, out)
            save_workspace(ws, ws.path or roster or "")
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"汇总表已保存到“{out}”。", file=sys.stderr if as_json else sys.stdout)
    if previous is not None and _year_on_year(agg, previous, chart, out_json if as_json else None, ws) != 0:
        return 2
    if as_json:
        print(json.dumps(out_json, ensure_ascii=False, indent=1))
    missing = table.missing() if table is not None else []
    if missing:
        names = "、".join(m.name for m in missing[:10]) + (f" 等 {len(missing)} 个" if len(missing) > 10 else "")
        print(f"仍有 {len(missing)} 个单位未报：{names}。" + ("（已按 --allow-missing 照常汇总）" if allow_missing
                                                           else "未报的单位不在汇总中；确认后可加 --allow-missing。"),
              file=sys.stderr)
    return 0 if agg.ok and (allow_missing or not missing) else 1


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        log_file = setup_log()
        return _run(args, log_file)
    except BrokenPipeError:
        # output piped into `head` (or a closed pipe): end quietly, as command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception:
        logging.getLogger("main").exception("unexpected error")
        print(f"意外错误，操作没有完成。详细信息已写入日志：{log_dir()}", file=sys.stderr)
        return EXIT_SOFTWARE


def _run(args: argparse.Namespace, log_file: Path | None = None) -> int:
    if args.sum:
        return _sum(args.sum, args.file, args.office, args.script, args.year, args.level, args.roster,
                    args.roster_from, args.allow_missing, args.json, args.previous, args.chart)
    if args.xlsx:
        return _xlsx(args.xlsx, args.file, args.script)
    if args.prepare_fonts:
        from print import fonts

        if hasattr(os, "nice"):
            os.nice(10)  # background work at the first start: the clerk's window goes first
        added = fonts.prepare_cache()
        print(f"打印字体缓存：新转换 {added} 个字。")
        return 0
    if args.report:
        return _report(args.report, args.file, args.script, args.blank, args.blank_as_zero)
    if args.pdf:
        from print import command  # reportlab is imported only for --pdf

        return command.pdf_command(args.pdf, args.file, args.script, args.blank)
    if args.check:
        if args.findings or len(args.file) > 1 or any(Path(f).is_dir() for f in args.file):
            if args.previous:
                print("--previous 只用于校验一份文件；审阅多份报告时，同一单位上一年的报告放在一起即按上年核对。",
                      file=sys.stderr)
                return EXIT_USAGE
            return _review(args.file, args.json, args.findings, args.blank_as_zero)
        return _check(args.file, args.json, args.blank, args.previous, args.blank_as_zero)
    from ui.app import run  # PySide6 is imported only when a window is wanted

    return run(args.file[0] if args.file else None, str(log_file) if log_file else None)


if __name__ == "__main__":
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
