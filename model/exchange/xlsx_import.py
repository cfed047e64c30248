"""Reading .xlsx: our own export exactly, and clerks' workbooks matched row by row by label. No Qt.

openpyxl is imported at the top: model.exchange.formats imports this module only when a workbook is opened.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from model.core.document import (
    LEVEL_WORD,
    MAX_YEAR,
    MIN_YEAR,
    UNIT_FIELDS,
    Document,
    UnitInfo,
    default_report_year,
    level_from_label,
)
from model.core.layout import HEADER, build_grid
from model.core.templates import Row, Table, Template, Text, available_templates, get_template, template_ids
from model.core.values import INTEGER, Value, ValueParseError, format_value, parse_value
from model.exchange import labels_match, xlsx_safety
from model.exchange.imported import (
    ERROR,
    NO_YEAR,
    NOTE,
    ImportProblem,
    ImportResult,
)
from model.exchange.labels_match import label_key, prepare, row_keys, unit_key
from model.exchange.store import DocumentError, from_dict
from model.exchange.xlsx_export import META_MARK, META_SHEET, META_VERSION, PROBLEM_SHEET

MAX_COL_SCAN = xlsx_safety.MAX_COLS


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]]
    formulas: set[tuple[int, int]]

    def value(self, r: int, c: int) -> Any:
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def addr(self, r: int, c: int) -> str:

        return f"{self.title}!{get_column_letter(c + 1)}{r + 1}"


@dataclass
class PagedSheet(Sheet):
    """A table of a PDF: a cell's place names its page ("第3页 正文 表2!D7"), one page per row."""

    pages: list[int] = field(default_factory=list)

    def addr(self, r: int, c: int) -> str:
        page = self.pages[min(r, len(self.pages) - 1)] if self.pages else 0
        return f"第{page}页 {super().addr(r, c)}"


def read_document(path: str | Path, sheet: str | None = None) -> ImportResult:
    """Import an .xlsx; DocumentError (Chinese) for unreadable files, problems for rows that need a look.

    `sheet` names the worksheet to take when a workbook holds the tables of several years.
    """
    p = Path(path)
    counts = xlsx_safety.precheck(p)
    sheets, hidden = _load(p, counts)
    meta = hidden.get(META_SHEET)
    if meta is not None and sheet is None:
        result = _read_own(p, meta, sheets)
        if result is not None:
            return result
    return _read_clerk(p, sheets, [], sheet=sheet)


def read_sheets(sheets: list[Sheet]) -> ImportResult:
    """Tables that are not a workbook (a report's Word or HTML tables, the seed's text layout) read by the same
    label matching as a clerk's workbook."""
    return _read_clerk(Path(), sheets, [])


def _load(p: Path, counts: list[xlsx_safety.SheetCount] | None = None) -> tuple[list[Sheet], dict[str, Sheet]]:
    """All worksheets as capped value grids; read-only mode so nothing big is ever held as cell objects.

    One openpyxl pass, for the stored values; where the cells hold formulas comes from the safety check's scan of
    the same bytes (`counts`). Only a workbook that scan could not place (no `counts`, or a sheet whose formulas it
    could not all locate) is read a second time, for its formulas."""
    name = p.name
    found = {c.name: c.formulas for c in counts or () if c.name}
    scanned = bool(counts) and all(c.formulas is not None and c.name for c in counts or ())
    wb_f = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions (slicers, DV lists)
            wb_v = load_workbook(p, read_only=True, data_only=True)
            if not scanned:
                wb_f = load_workbook(p, read_only=True, data_only=False)
    except DocumentError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts; all mean the same to the user
        raise xlsx_safety.refuse(name, f"工作簿内容已损坏或格式不受支持（{type(exc).__name__}）。"
                                       + xlsx_safety.SAVE_AS) from exc
    try:
        visible: list[Sheet] = []
        hidden: dict[str, Sheet] = {}
        formula_sheets = wb_f.worksheets if wb_f is not None else [None] * len(wb_v.worksheets)
        for ws_v, ws_f in zip(wb_v.worksheets, formula_sheets, strict=True):
            rows: list[list[Any]] = [list(rv) for rv in ws_v.iter_rows(
                max_row=xlsx_safety.MAX_ROWS, max_col=MAX_COL_SCAN, values_only=True)]
            formulas = set(found.get(ws_v.title) or ()) if ws_f is None else _formula_cells(ws_f)
            while rows and all(v is None for v in rows[-1]):
                rows.pop()
            sheet = Sheet(ws_v.title, rows, formulas)
            if ws_v.sheet_state == "visible":
                visible.append(sheet)
            else:
                hidden[ws_v.title] = sheet
    except DocumentError:
        raise
    except Exception as exc:
        raise xlsx_safety.refuse(name, f"读取工作表时出错（{type(exc).__name__}），文件可能已损坏。"
                                       + xlsx_safety.SAVE_AS) from exc
    finally:
        wb_v.close()  # read-only workbooks keep the zip open; on Windows that blocks later renames
        if wb_f is not None:
            wb_f.close()
    return visible, hidden


def _formula_cells(ws: Any) -> set[tuple[int, int]]:
    """(row, column) of the formulas of a worksheet opened with data_only=False."""
    out: set[tuple[int, int]] = set()
    for r, row in enumerate(ws.iter_rows(max_row=xlsx_safety.MAX_ROWS, max_col=MAX_COL_SCAN, values_only=True)):
        for c, f in enumerate(row):
            if (isinstance(f, str) and f.startswith("=")) or type(f).__name__ in ("ArrayFormula", "DataTableFormula"):
                out.add((r, c))
    return out


# ---------------------------------------------------------------- values


_WITH_UNIT = re.compile(r"\s*([0-9０-９][0-9０-９.,，．]*)\s*([^\s0-9０-９.,，．]{1,4})\s*")
OTHER_UNITS = ("元", "千元")  # what a clerk's workbook may use instead of 万元: refused with a reason


def _unit_keys() -> frozenset[str]:
    """Every unit word a figure may carry: the formats' own (简 and 繁), and the ones refused with a reason."""
    return _unit_keys_of(template_ids())


@cache
def _unit_keys_of(ids: tuple[str, ...]) -> frozenset[str]:
    words = {w for t in map(get_template, ids) for u in t.units for w in (u.hans, u.hant)}
    return frozenset(unit_key(w) for w in (*words, *OTHER_UNITS))


def _strip_unit(where: str, raw: str, unit: Text | None, problems: list[ImportProblem]) -> tuple[bool, str]:
    """"38篇" in a 篇 row is 38 (said in a note); a figure carrying another unit is refused. (ok, text)."""
    m = _WITH_UNIT.fullmatch(raw)
    if m is None or unit_key(m.group(2)) not in _unit_keys():
        return True, raw
    have = m.group(2)
    if unit is not None and unit_key(have) in (unit_key(unit.hans), unit_key(unit.hant)):
        problems.append(ImportProblem(where, f"“{raw.strip()}”带有单位“{have}”，已读作 {m.group(1)}。", NOTE))
        return True, m.group(1)
    want = f"本项的单位是“{unit.hans}”" if unit is not None else "本项不带单位"
    problems.append(ImportProblem(where, f"“{raw.strip()}”带有单位“{have}”，{want}，未导入，请核对后改为数字。"))
    return False, raw


def read_value(sheet: Sheet, r: int, c: int, kind: str, allow_na: bool,
               problems: list[ImportProblem], unit: Text | None = None) -> tuple[bool, Value]:
    """(ok, value) of one cell; every doubt becomes a problem naming the cell. `unit` is the row's unit, which a
    figure may carry ("38篇")."""
    where = sheet.addr(r, c)
    raw = sheet.value(r, c)
    if isinstance(raw, str):
        ok, raw = _strip_unit(where, raw, unit, problems)
        if not ok:
            return False, None
    if (r, c) in sheet.formulas:
        if raw is None:
            problems.append(ImportProblem(where, "是公式，但文件里没有保存计算结果。"
                                                 "请在 Excel/WPS 中打开并保存后再导入。"))
            return False, None
        problems.append(ImportProblem(where, f"是公式，已使用 Excel/WPS 保存的计算结果 {raw}。", NOTE))
    if isinstance(raw, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        problems.append(ImportProblem(where, f"是日期/时间（{raw}），不是统计数。请改为数字后再导入。"))
        return False, None
    if isinstance(raw, float) and raw == raw and abs(raw) < 1e15:
        # binary floats from Excel arithmetic (0.1+0.2) carry noise far below 1 元 = 0.0001 万元
        rounded = round(raw, 4)
        if abs(raw - rounded) < 1e-9:
            raw = int(rounded) if kind == INTEGER and rounded == int(rounded) else rounded
    try:
        return True, parse_value(raw, kind, allow_na)
    except ValueParseError as exc:
        problems.append(ImportProblem(where, f"值无法读取：{exc}"))
        return False, None


def _is_valueish(v: Any) -> bool:
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, (int, float, Decimal)):
        return True
    if isinstance(v, str):
        s = prepare(v)
        return bool(s) and (s in ("/", "-", "—", "－") or bool(re.fullmatch(r"-?[\d,]+(\.\d+)?", s)))
    return False


# ---------------------------------------------------------------- own export


def _read_own(p: Path, meta: Sheet, sheets: list[Sheet]) -> ImportResult | None:
    if not meta.rows or meta.value(0, 0) != META_MARK:
        return None
    version = meta.value(0, 1)
    if not isinstance(version, int) or version > META_VERSION:
        raise xlsx_safety.refuse(p.name, "此工作簿由更新版本的工具导出，请升级本工具后再导入。")
    positions_text = ""
    doc_text = ""
    for row in meta.rows[1:]:
        key = row[0] if row else None
        text = row[1] if len(row) > 1 and isinstance(row[1], str) else ""
        if key == "positions":
            positions_text += text
        elif key == "document":
            doc_text += text
    note = [ImportProblem("", "工作簿中隐藏的原始数据已损坏，已改为按行名称匹配导入。", NOTE)]
    try:
        stored = from_dict(json.loads(doc_text), f"“{p.name}”")
        positions = json.loads(positions_text)
        if not isinstance(positions, dict):
            raise ValueError
    except (ValueError, DocumentError, RecursionError):
        return _read_clerk(p, sheets, note)
    template = stored.template
    by_title = {s.title: s for s in sheets}
    problems: list[ImportProblem] = []
    values: dict[str, Value] = {h: v for h, v in stored.values.items() if h not in template.cells}
    for cid, cell in template.cells.items():
        pos = positions.get(cid)
        m = re.fullmatch(r"'?(.+?)'?!([A-Z]+)(\d+)", pos) if isinstance(pos, str) else None
        sheet = by_title.get(m.group(1).replace("''", "'")) if m else None
        if m is None or sheet is None:
            return _relabelled(p, sheets, stored)
        r, c = int(m.group(3)) - 1, column_index_from_string(m.group(2)) - 1
        if not _label_still_there(sheet, r, c, template, cell.row):
            return _relabelled(p, sheets, stored)
        ok, v = read_value(sheet, r, c, cell.type, template.allow_na, problems, cell.unit)
        if not ok:
            continue
        before = stored.values.get(cid)
        if v != before:
            was, now = format_value(before, cell.type), format_value(v, cell.type)
            problems.append(ImportProblem(sheet.addr(r, c), f"导出后在表格中改过：原为“{was}”，现为“{now}”。", NOTE))
        if v is not None:
            values[cid] = v
    doc = Document(template, stored.year, stored.unit, values, stored.justifications, stored.previous,
                   stored.extra)
    return ImportResult(doc, problems, own_export=True, year_source="导出时的文件")


def _label_still_there(sheet: Sheet, r: int, c: int, template: Template, row_id: str) -> bool:
    row = next(x for t in template.tables for x in t.rows if x.id == row_id)
    if not row.label.hans:
        return True  # table 四 has no row label; its header was checked by position
    want = labels_match.keys_for([row.label.hans, row.label.hant, row.short])
    return any(isinstance(sheet.value(r, k), str) and label_key(sheet.value(r, k)) in want for k in range(c))


def _relabelled(p: Path, sheets: list[Sheet], stored: Document) -> ImportResult:
    note = ImportProblem("", "导出后工作表的行或列被改动过，已改为按行名称匹配导入；"
                             "单位信息和理由说明取自原导出。", NOTE)
    result = _read_clerk(p, sheets, [note], template=stored.template)
    doc = result.document
    doc.year, doc.unit, doc.justifications = stored.year, stored.unit, stored.justifications
    result.problems = [x for x in result.problems if not x.message.startswith(("没有找到报告年度", "没有找到填报单位"))]
    result.year_source = "导出时的文件"
    return result


# ---------------------------------------------------------------- clerks' workbooks


@dataclass
class _ColumnSpec:
    column_id: str
    leaf: set[str]
    owner: set[str]


def _column_specs(template: Template, table: Table) -> list[_ColumnSpec]:
    """Column label keys and, for repeated labels (table 四: 结果维持 ×3), the key of the header that owns them."""
    grid = build_grid(template, table)
    first = grid.label_cols + (1 if table.unit_column else 0)
    specs = []
    for k, col in enumerate(table.columns):
        gcol = first + k
        covering = [h for h in grid.cells if h.role == HEADER and h.col <= gcol < h.col + h.colspan]
        owners = sorted((h for h in covering if h.colspan > 1), key=lambda h: h.colspan)
        owner = labels_match.keys_for([owners[0].text]) if owners else set()
        specs.append(_ColumnSpec(col.id, labels_match.keys_for([col.label.hans, col.label.hant]), owner))
    return specs


class _Matcher:
    """Walks every row of every sheet once, keeping the context (section, column headers) a reader would."""

    def __init__(self, template: Template, sheets: list[Sheet], problems: list[ImportProblem]) -> None:
        self.t = template
        self.sheets = sheets
        self.problems = problems
        self.keys = row_keys(template)
        self.rows: dict[str, Row] = {r.id: r for tb in template.tables for r in tb.rows}
        self.table_of: dict[str, Table] = {r.id: tb for tb in template.tables for r in tb.rows}
        self.specs = {tb.id: _column_specs(template, tb) for tb in template.tables if len(tb.columns) > 1}
        self.owner_keys = {k for specs in self.specs.values() for s in specs for k in s.owner}
        self.unit_keys = _unit_keys() | {unit_key(u) for u in ("單位", "单位", "计量单位")}
        # columns beside the figures that are not the form's: last year's figures (one note), or unknown headers
        # (one problem per column, naming the header): (sheet, column) → header text and the rows with numbers
        self.headers: dict[tuple[str, int], str] = {}
        self.previous_cols: set[tuple[str, int]] = set()
        self.strays: dict[tuple[str, int], list[int]] = {}
        self.previous_seen: dict[tuple[str, int], int] = {}
        self.found: dict[str, list[tuple[str, Value]]] = {}
        self.collapsed: dict[str, tuple[Sheet, int, list[tuple[int, str]]]] = {}  # group row → its figures
        self.seen_rows: set[str] = set()

    def _flag(self, sheet: Sheet, r: int, c: int, message: str, severity: str = ERROR) -> None:
        self.problems.append(ImportProblem(sheet.addr(r, c), message, severity))

    def checker_label(self, cid: str) -> str:
        return self.t.cells[cid].short or cid

    def top(self, row_id: str) -> str:
        r = self.rows[row_id]
        while r.parent:
            r = self.rows[r.parent]
        return r.id

    def run(self) -> None:
        for sheet in self.sheets:
            self._sheet(sheet)
        for row_id, (sheet, r, columns) in self.collapsed.items():
            self._split_collapsed(row_id, sheet, r, columns)
        by_title = {s.title: s for s in self.sheets}
        for (title, c), n in sorted(self.previous_seen.items()):
            header = self.headers.get((title, c), "")
            self.problems.append(ImportProblem(
                f"{title}!{get_column_letter(c + 1)} 列",
                f"“{header}”列是上年的数（{n} 个），未导入：本年的数取自本年的列。"
                "如需跨年度校验，请用“文件 → 链接上年文件…”链接上年的统计表。", NOTE))
        for (title, c), rows in sorted(self.strays.items()):
            sheet = by_title[title]
            stray_header = self.headers.get((title, c))
            expected = self._expected_columns(rows[0])
            what = f"列标题“{stray_header}”不是本表的列" if stray_header else "这一列没有可识别的列标题"
            self.problems.append(ImportProblem(
                sheet.addr(rows[0], c), f"{what}（应为：{expected}），这一列的 {len(rows)} 个数未导入。"))

    def _split_collapsed(self, row_id: str, sheet: Sheet, r: int, columns: list[tuple[int, str]]) -> None:
        """A group row printed with figures of its own and without its lines: a 0 is 0 in every line below it
        (counts are never negative); any other figure cannot be split, and is said so."""
        leaves = [x.id for x in self.rows.values() if x.kind == "data" and self._under(x.id, row_id)]
        if not leaves or any(f"{leaf}.{col}" in self.found for leaf in leaves for _c, col in columns):
            c = columns[0][0] if columns else 0
            self._flag(sheet, r, c, f"“{self.rows[row_id].label.hans}”是标题行，不填数，这一行的数未导入。", NOTE)
            return
        names = "、".join(self.rows[leaf].label.hans for leaf in leaves)
        label = self.rows[row_id].label.hans
        nonzero = []
        for c, col in columns:
            ok, v = read_value(sheet, r, c, INTEGER, self.t.allow_na, [], None)
            for leaf in leaves:
                cid = f"{leaf}.{col}"
                if cid in self.t.cells:
                    self._record(cid, sheet.addr(r, c), 0 if ok and v == 0 else _AMBIGUOUS)
            if not (ok and v == 0):
                first = self.t.cells.get(f"{leaves[0]}.{col}")
                heading = first.column_label.hans if first is not None and first.column_label else ""
                nonzero.append(f"{heading}：{sheet.value(r, c)}" if heading else str(sheet.value(r, c)))
        if nonzero:
            self._flag(sheet, r, columns[0][0], f"“{label}”印为一行（{'、'.join(nonzero)}），本表分为{names}，"
                                                "无法拆分，这些格未导入，请按原始台账填写。")
        else:
            self._flag(sheet, r, columns[0][0], f"“{label}”印为一行且各列均为 0，其下各项（{names}）已按 0 读入。",
                       NOTE)

    def _under(self, row_id: str, ancestor: str) -> bool:
        parent = self.rows[row_id].parent
        while parent:
            if parent == ancestor:
                return True
            parent = self.rows[parent].parent
        return False

    def _expected_columns(self, r: int) -> str:
        tables = [tb for tb in self.t.tables if len(tb.columns) > 1]
        if not tables:
            return "项目名称、单位、统计数"
        return "；".join(f"{tb.title.hans or tb.id}：" + "、".join(c.label.hans for c in tb.columns) for tb in tables)

    def _header_texts(self, sheet: Sheet, r: int, texts: list[tuple[int, str]]) -> None:
        year = _sheet_year(sheet)[0]
        for c, _k in texts:
            text = str(sheet.value(r, c)).strip()
            self.headers[(sheet.title, c)] = text
            if _is_previous_year(text, year):
                self.previous_cols.add((sheet.title, c))

    def _sheet(self, sheet: Sheet) -> None:
        colmap: dict[str, dict[int, str]] = {}  # table id → sheet column → column id
        value_col: int | None = None  # the "统计数" column of a one-column table
        header_cells: list[tuple[int, int, str]] = []  # (row, col, key) of recent header rows
        last: str | None = None
        pending_unlabelled: str | None = None  # a table whose only row has no label (table 四)
        stat_keys = {k for tb in self.t.tables if len(tb.columns) == 1 for k in
                     labels_match.keys_for([tb.columns[0].label.hans, tb.columns[0].label.hant])}
        header_row = -1
        for r, row in enumerate(sheet.rows):
            cells = [(c, v) for c, v in enumerate(row) if v is not None and not (isinstance(v, str) and not v.strip())]
            texts = [(c, label_key(v)) for c, v in cells if isinstance(v, str) and not _is_valueish(v)]
            if (pending_unlabelled and r == header_row + 1 and not any(_is_valueish(v) for _c, v in cells)
                    and not self._header_row(texts, cells)):
                # the unlabelled row right under its header is there but left blank (table 四 not filled)
                row_id = next(x.id for x in self.t.table(pending_unlabelled).rows if x.kind == "data")
                for c, col_id in sorted(colmap.get(pending_unlabelled, {}).items()):
                    self._record(".".join(x for x in (row_id, col_id) if x), sheet.addr(r, c), None)
                pending_unlabelled = None
            if not cells:
                continue
            # group headers (行政复议 / 复议后起诉) sit in the rows just above the leaves they own
            header_cells = [h for h in header_cells if r - h[0] <= 4] + [(r, c, k) for c, k in texts]
            if not any(_is_valueish(v) for _c, v in cells) and (
                    any(k in stat_keys for _c, k in texts) or any(_is_previous_year(str(sheet.value(r, c)),
                                                                                    None) for c, _k in texts)):
                if any(k in stat_keys for _c, k in texts):
                    value_col = next(c for c, k in texts if k in stat_keys)
                self._header_texts(sheet, r, texts)
            header_table = self._header_row(texts, cells)
            if header_table:
                self._header_texts(sheet, r, texts)
                colmap[header_table] = {**colmap.get(header_table, {}), **self._map_columns(sheet, r, header_table,
                                                                                            texts, header_cells)}
                tb = self.t.table(header_table)
                data_rows = [x for x in tb.rows if x.kind == "data"]
                if len(data_rows) == 1 and not data_rows[0].label.hans:
                    pending_unlabelled = header_table
                header_row = r
                continue
            matched = self._label_of(sheet, r, texts, last)
            if matched is None:
                if pending_unlabelled and any(_is_valueish(v) for _c, v in cells):
                    row_id = next(x.id for x in self.t.table(pending_unlabelled).rows if x.kind == "data")
                    self._take(sheet, r, -1, row_id, colmap.get(pending_unlabelled), None)
                    pending_unlabelled = None
                else:
                    self._unmatched(sheet, r, cells, texts)
                continue
            label_col, row_id = matched
            last = row_id
            self._take(sheet, r, label_col, row_id, colmap.get(self.table_of[row_id].id), value_col)

    def _header_row(self, texts: list[tuple[int, str]], cells: list[tuple[int, Any]]) -> str | None:
        if any(_is_valueish(v) for _c, v in cells):
            return None
        best, score = None, 0
        for tid, specs in self.specs.items():
            n = sum(1 for _c, k in texts if any(k in s.leaf for s in specs))
            n += sum(1 for _c, k in texts if k in self.owner_keys and any(k in s.owner for s in specs))
            if n > score:
                best, score = tid, n
        return best if score >= 2 else None

    def _map_columns(self, sheet: Sheet, r: int, tid: str, texts: list[tuple[int, str]],
                     header_cells: list[tuple[int, int, str]]) -> dict[int, str]:
        out: dict[int, str] = {}
        specs = self.specs[tid]
        for c, k in texts:
            cands = [s for s in specs if k in s.leaf]
            if len(cands) > 1:
                owners = [(hc, hr) for hr, hc, hk in header_cells if hc <= c and hk in self.owner_keys
                          and any(hk in s.owner for s in cands)]
                if owners:
                    oc, orow = max(owners)
                    ok = next(hk for hr, hc, hk in header_cells if hc == oc and hr == orow)
                    cands = [s for s in cands if ok in s.owner]
            if len(cands) == 1:
                out[c] = cands[0].column_id
            elif len(cands) > 1:
                self.problems.append(ImportProblem(sheet.addr(r, c), f"列标题“{sheet.value(r, c)}”重复出现，"
                                                                     "无法判断属于哪一组（行政复议/行政诉讼），该列未导入。"))
        return out

    def _label_of(self, sheet: Sheet, r: int, texts: list[tuple[int, str]], last: str | None) -> tuple[int, str] | None:
        """The template row a sheet row stands for; the most specific label wins (table 三's nested labels)."""
        hits: list[tuple[int, str]] = []
        for c, k in texts:
            ids = self.keys.get(k)
            if not ids:
                continue
            if len(ids) > 1:
                same = [i for i in ids if last and self.top(i) == self.top(last)]
                if len(same) != 1:
                    shown = "、".join(f"{self.rows[self.top(i)].label.hans}下的“{self.rows[i].label.hans}”"
                                     for i in ids)
                    self._flag(sheet, r, c, f"“{sheet.value(r, c)}”可能是{shown}，无法从上下文确定，未导入。"
                                            "请在它前面保留所属大项的行。")
                    self.seen_rows.add(f"{sheet.title}:{r}")
                    return None
                ids = tuple(same)
            hits.append((c, ids[0]))
        if not hits:
            return self._by_numbering(sheet, r, texts, last)
        data_hits = [h for h in hits if self.rows[h[1]].kind == "data"]
        return max(data_hits) if data_hits else max(hits)

    def _by_numbering(self, sheet: Sheet, r: int, texts: list[tuple[int, str]], last: str | None
                      ) -> tuple[int, str] | None:
        """A label printed with a word dropped or changed ("2.其他法律行政止公开") read by its number and its place:
        the form's row of that number among the rows beside the one before, when most of its words are there."""
        if last is None:
            return None
        parent = self.rows[last].parent
        for c, _k in texts:
            raw = str(sheet.value(r, c))
            number, words = _numbered(raw)
            if number is None:
                continue
            for group in (last, parent):
                siblings = [x for x in self.rows.values() if group and x.parent == group]
                for row in siblings:
                    n, form_words = _numbered(row.label.hans)
                    if n == number and SequenceMatcher(None, label_key(words), label_key(form_words)).ratio() >= 0.6:
                        self.problems.append(ImportProblem(sheet.addr(r, c), f"“{raw}”与表中的“{row.label.hans}”"
                                                                             "字样不同，按编号和位置读作该项，请核对。",
                                                           NOTE))
                        return c, row.id
        return None

    def _unmatched(self, sheet: Sheet, r: int, cells: list[tuple[int, Any]], texts: list[tuple[int, str]]) -> None:
        if f"{sheet.title}:{r}" in self.seen_rows:
            return
        values = [(c, v) for c, v in cells if _is_valueish(v)]
        if not values:
            return
        raw_texts = [str(v) for _c, v in cells if isinstance(v, str)]
        if any(label in labels_match.to_simplified(t) for t in raw_texts for _k, label in UNIT_FIELDS):
            return  # the unit line (联系电话, 报出日期), not statistics
        if texts:
            c, _k = texts[0]
            self.problems.append(ImportProblem(sheet.addr(r, c), f"“{sheet.value(r, c)}”不是本表的统计项"
                                                                 f"（{self.t.name.hans}），这一行的数未导入。"))
        else:
            c, v = values[0]
            self._flag(sheet, r, c, f"这一行有数（{v}）但没有项目名称，无法确定是哪一项，未导入。")

    def _take(self, sheet: Sheet, r: int, label_col: int, row_id: str, colmap: dict[int, str] | None,
              value_col: int | None) -> None:
        row = self.rows[row_id]
        table = self.table_of[row_id]
        right = [(c, v) for c, v in enumerate(sheet.rows[r]) if c > label_col and v is not None
                 and not (isinstance(v, str) and not v.strip())]
        previous = [(c, v) for c, v in right if (sheet.title, c) in self.previous_cols]
        for c, _v in previous:
            self.previous_seen[(sheet.title, c)] = self.previous_seen.get((sheet.title, c), 0) + 1
        right = [(c, v) for c, v in right if (sheet.title, c) not in self.previous_cols]
        if row.kind != "data":
            stray = [(c, v) for c, v in right if _is_valueish(v) and not (isinstance(v, str) and prepare(v) == "/")]
            if stray and colmap and len(table.columns) > 1:
                # the group printed as one row (an office's table without 其他处理's three lines): settled in run()
                self.collapsed[row_id] = (sheet, r, [(c, colmap[c]) for c, _v in stray if c in colmap])
            elif stray:
                c, v = stray[0]
                self._flag(sheet, r, c, f"“{row.label.hans}”是标题行，不填数，{v} 未导入。", NOTE)
            return
        units = [(c, v) for c, v in right if isinstance(v, str) and unit_key(v) in self.unit_keys]
        if units and row.unit:
            have, want = unit_key(units[0][1]), unit_key(row.unit.hans)
            if have != want and ("元" in have or "元" in want):
                self._flag(sheet, r, units[0][0], f"“{row.label.hans}”的单位是“{units[0][1]}”，"
                                                  f"本表要求“{row.unit.hans}”，请换算后再导入；该项未导入。")
                self._record(row_id, sheet.addr(r, units[0][0]), _AMBIGUOUS)
                return
        right = [(c, v) for c, v in right if (c, v) not in units]
        multi = len(table.columns) > 1 and not row.span
        if multi:
            if not colmap:
                self.problems.append(ImportProblem(sheet.addr(r, max(label_col, 0)),
                                                   f"找不到“{table.title.hans}”的列标题，无法确定各列对应哪一项，这一行未导入。"))
                return
            for c, col_id in sorted(colmap.items()):
                cid = ".".join(x for x in (row_id, col_id) if x)
                self._put(sheet, r, c, cid)
            for c, _v in [(c, v) for c, v in right if c not in colmap and _is_valueish(v)]:
                self.strays.setdefault((sheet.title, c), []).append(r)
            return
        cid = row_id
        if value_col is not None and value_col > label_col and len(table.columns) == 1:
            others = [(c, v) for c, v in right if c != value_col and _is_valueish(v)]
            self._put(sheet, r, value_col, cid)
            for c, _v in others:
                self.strays.setdefault((sheet.title, c), []).append(r)
            return
        cands = [(c, v) for c, v in right if _is_valueish(v) or not isinstance(v, str) or len(prepare(v)) <= 12]
        if not cands:
            self._record(cid, sheet.addr(r, label_col + 1), None)
            return
        if len(cands) > 1:
            shown = "、".join(sheet.addr(r, c).split("!")[1] for c, _v in cands)
            self._flag(sheet, r, cands[0][0], f"“{row.label.hans}”这一行有多个值（{shown}），"
                                              "无法确定哪个是统计数，未导入。")
            self._record(cid, sheet.addr(r, cands[0][0]), _AMBIGUOUS)
            return
        self._put(sheet, r, cands[0][0], cid)

    def _put(self, sheet: Sheet, r: int, c: int, cid: str) -> None:
        cell = self.t.cells[cid]
        ok, v = read_value(sheet, r, c, cell.type, self.t.allow_na, self.problems, cell.unit)
        self._record(cid, sheet.addr(r, c), v if ok else _AMBIGUOUS)

    def _record(self, cid: str, where: str, value: Any) -> None:
        self.found.setdefault(cid, []).append((where, value))


_AMBIGUOUS = object()
_NUMBERED = re.compile(r"\s*(?:(\d{1,2})\s*[.．、]|[（(]\s*([一二三四五六七八九十\d]{1,3})\s*[）)])\s*(.*)", re.S)


def _numbered(label: str) -> tuple[str | None, str]:
    """A label's own number ("2." → "2", "（三）" → "三") and its words."""
    m = _NUMBERED.match(prepare(label) if label else "")
    if m is None:
        return None, label
    return m.group(1) or m.group(2), m.group(3)
_PREVIOUS = re.compile(r"上年|上一年|去年|前一年")


def _is_previous_year(header: str, report_year: int | None) -> bool:
    """A column header of last year's figures: 上年数, 上年, 上年度, 去年, or a year before the report year."""
    text = labels_match.to_simplified(prepare(header))
    if _PREVIOUS.search(text):
        return True
    m = re.fullmatch(r"(\d{4})年?度?(?:数|统计数)?", text)
    return bool(m and report_year is not None and int(m.group(1)) < report_year)


def _detect(sheets: list[Sheet]) -> tuple[Template, int]:
    scores: list[tuple[int, str]] = []
    for t in available_templates():
        keys = row_keys(t)
        col_keys = {k for tb in t.tables if len(tb.columns) > 1 for s in _column_specs(t, tb) for k in s.leaf | s.owner}
        hit_rows: set[str] = set()
        hit_cols = 0
        for s in sheets:
            for row in s.rows:
                for v in row:
                    if isinstance(v, str) and v.strip():
                        k = label_key(v)
                        hit_rows.update(keys.get(k, ()))
                        hit_cols += k in col_keys
        scores.append((len(hit_rows) + min(hit_cols, 20) // 4, t.id))
    scores.sort(reverse=True)
    best, second = scores[0], scores[1] if len(scores) > 1 else (0, "")
    if best[0] < 3 or best[0] == second[0]:
        raise DocumentError("在工作簿中没有找到政府信息公开统计表的行（例如“收到申请数”"
                            "“本年新收政府信息公开申请数量”），无法判断是哪种统计表。请确认选对了文件。")
    return get_template(best[1]), best[0]


# Only a year line or a title that names the report year: "（2015年度）", "(2015年)", "2021年政府信息公开工作年度
# 报告", "海州区2015年政府信息公开情况统计表". Never a date ("填报时间：2016年1月10日", "2016年1月20日报出"): that is
# the day of filling in or signing, usually the year after the report year.
_YEARS = (
    re.compile(r"(\d{4})年度"),
    re.compile(r"^\(?(\d{4})年\)?$"),
    re.compile(r"(\d{4})年(?!\d{1,2}月)[^:]*(?:报告|统计表|情况)"),
)
_DATE_WORDS = ("日期", "时间", "填报于", "报出", "签发", "盖章")
_YEAR_ROWS = 12  # title lines are at the top of a sheet


def _sheet_year(sheet: Sheet) -> tuple[int | None, str]:
    """The report year a sheet's title lines name, and where; (None, "") when none does."""
    for pattern in _YEARS:
        for r, row in enumerate(sheet.rows[:_YEAR_ROWS]):
            for c, v in enumerate(row):
                if not isinstance(v, str):
                    continue
                text = labels_match.to_simplified(prepare(v))
                if any(w in text for w in _DATE_WORDS) or re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text):
                    continue
                m = pattern.search(text)
                if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
                    return int(m.group(1)), sheet.addr(r, c)
    return None, ""


def _find_year(sheets: list[Sheet]) -> tuple[int | None, str]:
    for s in sheets:
        year, where = _sheet_year(s)
        if year is not None:
            return year, where
    return None, ""


def _statistics_score(template: Template, sheet: Sheet) -> int:
    keys = row_keys(template)
    return len({i for row in sheet.rows for v in row if isinstance(v, str) and v.strip()
                for i in keys.get(label_key(v), ())})


def _choose_sheets(template: Template, sheets: list[Sheet], wanted: str | None,
                   problems: list[ImportProblem]) -> list[Sheet]:
    """The sheets of one report year: a workbook holding this year's and last year's tables is never mixed.

    With sheets of several years, the sheet the clerk named (`wanted`) is taken, else the latest year's, and the
    import says which it took.
    """
    with_stats = [s for s in sheets if _statistics_score(template, s) >= 3]
    years = {s.title: _sheet_year(s)[0] for s in with_stats}
    distinct = sorted({y for y in years.values() if y is not None})
    if wanted is not None:
        chosen = [s for s in sheets if s.title == wanted]
        if not chosen:
            raise DocumentError(f"工作簿中没有名为“{wanted}”的工作表。")
        return chosen
    if len(distinct) <= 1:
        return sheets
    latest = distinct[-1]
    chosen = [s for s in with_stats if years[s.title] == latest]
    others = "、".join(f"“{s.title}”（{years[s.title] or '未写年度'}）" for s in with_stats if s not in chosen)
    problems.append(ImportProblem(
        "", f"工作簿中有 {len(distinct)} 个年度的统计表（{'、'.join(map(str, distinct))}），已导入"
            f"{'、'.join(f'“{s.title}”' for s in chosen)}（{latest}年度）；未导入 {others}。"
            "如需另一年度，请只保留那张工作表后再导入。", NOTE))
    return chosen


def _find_unit(sheets: list[Sheet]) -> UnitInfo:
    unit = UnitInfo()
    for key, label in UNIT_FIELDS:
        for s in sheets:
            found = None
            for row in s.rows:
                for c, v in enumerate(row):
                    if not isinstance(v, str) or label not in labels_match.to_simplified(v):
                        continue
                    text = labels_match.to_simplified(v)
                    m = re.search(re.escape(label) + r"\s*(?:[（(]盖章[）)])?\s*[:：]?\s*(.*?)(?:\s{2,}|　|$)", text)
                    got = m.group(1).strip() if m else ""
                    if not got:
                        nxt = next((x for x in row[c + 1:c + 4] if x is not None and str(x).strip()), None)
                        got = str(nxt).strip() if nxt is not None else ""
                    found = v[m.start(1):m.end(1)].strip() if (m and m.group(1).strip()) else got
                    break
                if found is not None:
                    break
            if found:
                setattr(unit, key, found)
                break
    unit.level = _find_level(sheets)
    return unit


def _find_level(sheets: list[Sheet]) -> str:
    """The 行政层级 line of a workbook ("行政层级：县级"), as our export writes it; "" when there is none."""
    for s in sheets:
        for row in s.rows:
            for v in row:
                if not isinstance(v, str):
                    continue
                m = re.search(LEVEL_WORD + r"\s*[:：]\s*(\S+)", labels_match.to_simplified(v))
                if m:
                    return level_from_label(m.group(1)) or ""
    return ""


def _read_clerk(p: Path, sheets: list[Sheet], problems: list[ImportProblem],
                template: Template | None = None, sheet: str | None = None) -> ImportResult:
    sheets = [s for s in sheets if s.title != PROBLEM_SHEET]
    if template is None:
        template, _score = _detect(sheets)
    problems = list(problems)
    sheets = _choose_sheets(template, sheets, sheet, problems)
    m = _Matcher(template, sheets, problems)
    m.run()
    values: dict[str, Value] = {}
    sources: dict[str, str] = {}
    for cid in template.cells:
        got = m.found.get(cid, [])
        if not got:
            continue
        distinct = {repr(v) for _w, v in got if v is not _AMBIGUOUS}
        if any(v is _AMBIGUOUS for _w, v in got):
            continue
        if len(distinct) > 1:
            shown = "、".join(f"{w}（{format_value(v, template.cells[cid].type) or '空'}）" for w, v in got)
            what = m.checker_label(cid)
            problems.append(ImportProblem(got[0][0], f"“{what}”出现了多次且数不同：{shown}，未导入，请核对。"))
            continue
        v = got[0][1]
        if v is not None:
            values[cid] = v
            sources[cid] = got[0][0]
    missing_rows: dict[str, list[str]] = {}
    for cid, cell in template.cells.items():
        if cid not in m.found:
            missing_rows.setdefault(cell.row, []).append(cid)
    for row_id, cids in missing_rows.items():
        row = m.rows[row_id]
        table = m.table_of[row_id]
        what = row.label.hans or table.title.hans
        if len(cids) < len([c for c in template.cells.values() if c.row == row_id]):
            labels = (template.cells[c].column_label for c in cids)
            cols = "、".join(label.hans for label in labels if label is not None)
            problems.append(ImportProblem("", f"“{what}”一行缺少这些列：{cols}，这些格为空，请核对。"))
        else:
            where = table.title.hans or "统计表"
            problems.append(ImportProblem("", f"工作簿中没有找到“{what}”这一行（{where}），该项为空，请核对。"))
    year, where = _find_year(sheets)
    if year is None:
        year = default_report_year()
        problems.append(ImportProblem("", f"没有找到报告年度（标题下的“（2015年度）”一行，或写明年度的标题；"
                                          f"填报日期不算），暂作 {year} 年度：请核对并在“单位信息”中改正，"
                                          "汇总时可用 --year 或汇总对话框的“年度”指定。", code=NO_YEAR))
    unit = _find_unit(sheets)
    if not unit.name:
        problems.append(ImportProblem("", "没有找到填报单位，请导入后填写。", NOTE))
    doc = Document(template, year, unit, values, {}, None)
    return ImportResult(doc, problems, own_export=False, year_source=where, sources=sources)

