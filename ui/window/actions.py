"""Every action of the window, declared once as data: its text, slot, keys and tip; the menus, submenus, toolbar
and cell menu name them. ui/window/menus.py makes the QActions and menus from this table.

A slot is a lambda from the window to its method (`lambda w: w.save`) or a controller's (`lambda w: w.printing.
preview`): mypy checks each against `ActionTarget`, and every one is resolved once at start-up (and in
tests/ui/window/test_window.py); it is looked up again when triggered, as the controllers are made after the
actions. The export actions come from the file format table
(model/exchange/formats.py): one per format with a writer, put in the menu its format names (`EXPORTS` below).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QKeySequence

from model.exchange import formats

if TYPE_CHECKING:
    from ui.collect.aggregate_dialog import AggregationActions
    from ui.files.exports import Exports
    from ui.files.lifecycle import Lifecycle
    from ui.grid.editing import Editing
    from ui.printout.printing import PrintActions
    from ui.report.report_actions import ReportActions
    from ui.window.help_menu import HelpActions


class ActionTarget(Protocol):
    """What actions call: the window's own commands and its controllers (mypy checks every slot against this)."""

    editing: Editing
    printing: PrintActions
    aggregation: AggregationActions
    lifecycle: Lifecycle
    help: HelpActions
    report_text: ReportActions
    exports: Exports

    def new_file(self) -> None: ...
    def open_file(self) -> None: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def close_document(self) -> None: ...
    def close(self) -> bool: ...
    def use_hans(self) -> None: ...
    def use_hant(self) -> None: ...
    def find(self) -> None: ...
    def next_problem(self) -> None: ...
    def previous_problem(self) -> None: ...
    def next_table(self) -> None: ...
    def previous_table(self) -> None: ...
    def next_pane(self) -> None: ...
    def previous_pane(self) -> None: ...
    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def zoom_reset(self) -> None: ...
    def show_cell_rules(self) -> None: ...


# an action's slot, from the window: a lambda so that mypy (and a reader) sees which method it is, and so that it is
# found when triggered (the controllers are made after the actions)
Slot = Callable[[ActionTarget], Callable[..., object]]


@dataclass(frozen=True)
class ActionSpec:
    text: str
    slot: Slot  # the window's method or a controller's (`lambda w: w.printing.preview`), found when triggered
    keys: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    checkable: bool = False
    group: str = ""  # checkable actions of one group exclude each other (简/繁, how blanks print)
    arg: str = ""  # passed to the slot (`printing.use_blank` with "zero")
    toggled: bool = False  # the slot takes the new checked state


BLANK_TIP = "按印出的数校验：未填印成 0 或“/”时，按 0 或“/”检查总计是否相等"
PREVIOUS_IN_GRID_TIP = ("需先链接上年文件。只有一列数字的表（2015 年式）在“统计数”右边加一列只读的“上年数”；"
                        "多列的表（现行格式表二、表三、表四）在每个数字格左上角用小字显示上年数（每列旁各加一列会使表宽加倍）")

# Every action, declared once; menus below refer to them by name.
ACTIONS: dict[str, ActionSpec] = {
    "new": ActionSpec("新建(&N)…", lambda w: w.new_file, QKeySequence.StandardKey.New, "新建一份统计表"),
    "open": ActionSpec("打开(&O)…", lambda w: w.open_file, QKeySequence.StandardKey.Open,
                       "打开统计表（.xxgk、Excel 工作簿）或整份报告（Word、网页、文本）"),
    "save": ActionSpec("保存(&S)", lambda w: w.save, QKeySequence.StandardKey.Save),
    "save_as": ActionSpec("另存为(&A)…", lambda w: w.save_as, QKeySequence.StandardKey.SaveAs),
    "close": ActionSpec("关闭(&C)", lambda w: w.close_document,
                        QKeySequence.StandardKey.Close, "关闭当前文件，换成一张空表"),
    "quit": ActionSpec("退出(&X)", lambda w: w.close, QKeySequence.StandardKey.Quit),
    "copy": ActionSpec("复制(&C)", lambda w: w.editing.copy_selection, QKeySequence.StandardKey.Copy,
                       "复制选中的格子（制表符分隔）"),
    "paste": ActionSpec("粘贴(&P)", lambda w: w.editing.paste,
                        QKeySequence.StandardKey.Paste, "从 Excel/WPS 粘贴一块数字"),
    "clear": ActionSpec("清除内容(&D)", lambda w: w.editing.clear_selection, QKeySequence.StandardKey.Delete),
    "fill_section": ActionSpec("本部分空白填 0", lambda w: w.editing.fill_section, None, "把当前部分中没填的格子填 0"),
    "fill_table": ActionSpec("本表空白填 0", lambda w: w.editing.fill_table, None, "把当前表中没填的格子填 0"),
    "fill_all": ActionSpec("全部空白填 0", lambda w: w.editing.fill_all, None, "把整份报表中没填的格子填 0"),
    "hans": ActionSpec("简体(&J)", lambda w: w.use_hans, None, "表中文字用简体", checkable=True, group="script"),
    "hant": ActionSpec("繁體(&F)", lambda w: w.use_hant,
                       None, "表中文字用繁體（与原表一致）", checkable=True, group="script"),
    "fill_zero_here": ActionSpec("选中的空格填 0", lambda w: w.editing.fill_selection_zero,
                                 None, "把选中的格子中没填的填 0"),
    "fill_na_here": ActionSpec("选中的空格填 /", lambda w: w.editing.fill_selection_na, None,
                               "把选中的格子中没填的填“/”（无此项）"),
    "find": ActionSpec("查找(&F)…", lambda w: w.find, QKeySequence.StandardKey.Find, "按行的名称或格中的数查找"),
    "next_problem": ActionSpec("下一个问题", lambda w: w.next_problem, "F8"),
    "prev_problem": ActionSpec("上一个问题", lambda w: w.previous_problem, "Shift+F8"),
    "next_table": ActionSpec("下一张表", lambda w: w.next_table,
                             "Ctrl+PgDown", "切换到下一张表（如 Excel 的下一个工作表）"),
    "prev_table": ActionSpec("上一张表", lambda w: w.previous_table, "Ctrl+PgUp", "切换到上一张表"),
    "next_pane": ActionSpec("下一个窗格", lambda w: w.next_pane,
                            "F6", "键盘移到下一个窗格（表格、问题列表、当前单元格…）"),
    "prev_pane": ActionSpec("上一个窗格", lambda w: w.previous_pane, "Shift+F6"),
    "zoom_in": ActionSpec("放大", lambda w: w.zoom_in, "Ctrl+=", "放大表格（也可按住 Ctrl 滚动鼠标滚轮）"),
    "zoom_out": ActionSpec("缩小", lambda w: w.zoom_out, "Ctrl+-"),
    "zoom_reset": ActionSpec("实际大小", lambda w: w.zoom_reset, "Ctrl+0"),
    "show_rules": ActionSpec("查看本格的规则", lambda w: w.show_cell_rules, None, "在“当前单元格”中列出本格涉及的规则"),
    "print_preview": ActionSpec("打印预览(&V)…", lambda w: w.printing.preview, None, "按打印出来的样子查看各页"),
    "print": ActionSpec("打印(&P)…", lambda w: w.printing.print_document, QKeySequence.StandardKey.Print, "打印统计表"),
    "export_pdf": ActionSpec("导出 PDF(&D)…", lambda w: w.printing.export_pdf, None,
                             "保存为 PDF 文件（内嵌字体，任何电脑上一样）"),
    "open_pdf": ActionSpec("用系统阅读器打开 PDF", lambda w: w.printing.open_in_viewer, None,
                           "打印不正常时：生成 PDF 并用系统的 PDF 阅读器打开，从那里打印"),
    "print_about_final": ActionSpec("定稿与草稿……", lambda w: w.printing.explain_final),
    "print_blank_empty": ActionSpec("未填的格印成空白", lambda w: w.printing.use_blank,
                                    None, BLANK_TIP, True, "blank", "empty"),
    "print_blank_zero": ActionSpec("未填的格印成 0", lambda w: w.printing.use_blank,
                                   None, BLANK_TIP, True, "blank", "zero"),
    "print_blank_slash": ActionSpec("未填的格印成“/”", lambda w: w.printing.use_blank,
                                    None, BLANK_TIP, True, "blank", "slash"),
    "print_font": ActionSpec("打印字体…", lambda w: w.printing.choose_font,
                             None, "选一个字体文件（.ttf/.ttc/.otf）用于打印件"),
    "print_font_default": ActionSpec("恢复默认打印字体", lambda w: w.printing.reset_font, None,
                                     "系统宋体，或随软件安装的思源宋体"),
    "sum": ActionSpec("汇总(&U)…", lambda w: w.aggregation.open_dialog, None, "把各单位的统计表逐项相加成一张汇总表"),
    "desk": ActionSpec("上报情况(&T)…", lambda w: w.aggregation.open_desk, None,
                       "应报单位名单上各单位的上报情况：未报、草稿、定稿，收取新文件、核对校验码、催报清单"),
    "year_on_year": ActionSpec("同比(&Y)…", lambda w: w.aggregation.year_on_year, None,
                               "汇总表与上年的汇总表对比：总数、变化最大的单位和同比图"),
    "review_reports": ActionSpec("审阅多份报告(&R)…", lambda w: w.aggregation.review_reports, None,
                                 "一次读入多份报告（PDF、Word、网页或统计表文件），逐份校验，写出一张审阅表（.xlsx）"),
    "resum": ActionSpec("重新汇总", lambda w: w.aggregation.resum, None, "重新读取各单位文件，更新汇总表"),
    "export_sum": ActionSpec("导出汇总表 Excel…", lambda w: w.aggregation.export_summary, None,
                             "导出 Excel 工作簿：表样各表，另加每个单位一列的“汇总表”"),
    "link_prev": ActionSpec("链接上年文件(&L)…", lambda w: w.aggregation.link_previous, None,
                            "与上年的统计表逐项比较（跨年度检查）"),
    "unlink_prev": ActionSpec("取消上年链接", lambda w: w.aggregation.unlink_previous),
    "previous_in_grid": ActionSpec("表中显示上年数", lambda w: w.aggregation.show_previous_in_grid,
                                   None, PREVIOUS_IN_GRID_TIP,
                                   checkable=True, toggled=True),
    "justify": ActionSpec("说明理由(&J)…", lambda w: w.lifecycle.justify_current, "Ctrl+J",
                          "为选中的警告写明理由（数字虽然触发警告但是正确的）"),
    "shortcuts": ActionSpec("快捷键(&K)…", lambda w: w.help.show_shortcuts),
    "about": ActionSpec("关于(&A)…", lambda w: w.help.show_about),
    "report_draft": ActionSpec("生成初稿(&G)", lambda w: w.report_text.draft, None,
                               "根据表中数字写出正文各部分的基本情况（浅蓝底，可修改）；不经确认不覆盖您写的文字"),
    "report_preview": ActionSpec("整份报告打印预览(&V)…", lambda w: w.report_text.preview, None,
                                 "正文和统计表一起，按打印出来的样子查看"),
    "report_pdf": ActionSpec("导出整份报告 PDF(&P)…", lambda w: w.report_text.export_pdf, None,
                             "正文和统计表一起导出为 PDF（标题、页码、校验码）"),
}
EXPORTS = "+exports"  # in a menu: the export actions of the file formats that go in it (model/exchange/formats.py)


def export_actions() -> dict[str, ActionSpec]:
    """One action per format with a writer, named and worded by the format table."""
    return {f.export.action: ActionSpec(f.export.text, lambda w: w.exports.export, None, f.export.tip, arg=f.id)
            for f in formats.exports() if f.export is not None and f.writer}


TOOLBAR = ("new", "open", "save", "-", "undo", "redo", "-", "print_preview", "export_pdf", "export_xlsx", "-",
           "find", "next_problem", "-", "dock_report")
CELL_MENU = ("copy", "paste", "clear", "-", "fill_zero_here", "fill_na_here", "-", "justify", "show_rules",
             "dock_provenance")
# "@name": a submenu, from SUBMENUS or given by a controller (最近打开: its items change with the files opened)
SUBMENUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "@print_options": ("打印选项", ("print_about_final", "-", "print_blank_empty", "print_blank_zero",
                                    "print_blank_slash", "-", "print_font", "print_font_default")),
}
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("文件(&F)", ("new", "open", "@recent", "-", "save", "save_as", "-", EXPORTS, "-", "print_preview", "print",
                "export_pdf", "open_pdf", "@print_options", "-", "desk", "sum", "resum", "export_sum", "year_on_year",
                "review_reports", "-", "link_prev", "unlink_prev", "-", "close", "-", "quit")),
    ("编辑(&E)", ("undo", "redo", "-", "copy", "paste", "clear", "-", "fill_zero_here", "fill_na_here", "fill_section",
                "fill_table", "fill_all", "-", "find")),
    ("视图(&V)", ("hans", "hant", "-", "zoom_in", "zoom_out", "zoom_reset", "-", "next_table", "prev_table",
                "next_pane", "prev_pane", "-", "toolbar", "dock_problems", "dock_cell", "dock_report", "dock_unit",
                "dock_provenance", "dock_compare", "previous_in_grid")),
    ("校验(&C)", ("next_problem", "prev_problem", "-", "justify")),
    ("报告(&R)", ("report_draft", "-", "report_preview", "report_pdf", EXPORTS, "-",
                "dock_report")),
    ("帮助(&H)", ("shortcuts", "about")),
)
TOOLTIPS = ("print_blank_empty", "print_blank_zero", "print_blank_slash", "previous_in_grid")  # shown in the menu


def plain_title(title: str) -> str:
    """"文件(&F)" → "文件"."""
    return re.sub(r"\(&.\)|&", "", title).strip()
