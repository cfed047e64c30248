"""Editing the form as in Excel: copy, paste (a refused value explained, the rest pasted on request), clear,
and the fills (选中的空格填 0 / 填 /, 本部分 / 本表 / 全部空白填 0). One undo step each.

A controller of the window, reached through the small interface below, not through the window's attributes;
its actions are declared with the window's others in `ui.window.actions.ACTIONS` ("editing.<method>").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QUndoCommand
from PySide6.QtWidgets import QStatusBar, QWidget

from model.core import layout
from model.core.document import Document
from model.core.values import DECIMAL, NA, Value
from ui.grid import clipboard, paste_report
from ui.grid.commands import SetCells, edit_text
from ui.grid.grid_view import FormView

STATUS_TIMEOUT = 8000


class EditingHost(Protocol):
    """What editing needs of the window."""

    document: Document

    def current_view(self) -> FormView | None: ...
    def select_cells(self, cell_ids: tuple[str, ...] | list[str]) -> None: ...
    def push_command(self, cmd: QUndoCommand) -> None: ...
    def cells_changed(self, cell_ids: list[str]) -> None: ...
    def statusBar(self) -> QStatusBar: ...


class Editing(QObject):
    def __init__(self, window: EditingHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window

    def _selected_positions(self, view: FormView) -> list[tuple[int, int]]:
        return sorted({(ix.row(), ix.column()) for ix in view.selectionModel().selectedIndexes()})

    def copy_selection(self) -> None:
        view = self.window.current_view()
        if view is None:
            return
        positions = self._selected_positions(view) or [(view.currentIndex().row(), view.currentIndex().column())]
        positions = [p for p in positions if p[0] >= 0]
        if not positions:
            return
        model = view.grid_model()
        r0, r1 = min(p[0] for p in positions), max(p[0] for p in positions)
        c0, c1 = min(p[1] for p in positions), max(p[1] for p in positions)
        chosen = set(positions)
        rows = [
            [str(model.data(model.index(r, c)) or "") if (r, c) in chosen else "" for c in range(c0, c1 + 1)]
            for r in range(r0, r1 + 1)
        ]
        QGuiApplication.clipboard().setText(clipboard.to_tsv(rows))
        self.window.statusBar().showMessage(f"已复制 {len(positions)} 个格子。", STATUS_TIMEOUT)

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a TSV block at the selection's top-left cell. A bad value stops the paste: the clerk sees each one
        and why, and may paste the others."""
        view = self.window.current_view()
        if view is None or not text:
            return False
        model = view.grid_model()
        block = clipboard.parse_tsv(text)
        positions = self._selected_positions(view)
        current = view.currentIndex()
        if current.isValid() and (current.row(), current.column()) not in positions:
            positions = []  # the cursor left the selection (onto a header): paste where the clerk looks
        if positions:
            start = (min(p[0] for p in positions), min(p[1] for p in positions))
        elif current.isValid():
            start = (current.row(), current.column())
        else:
            return False
        plan = clipboard.plan_paste(model.grid, self.window.document, start, block, fill=positions if len(positions) > 1
                                    else None)
        labels = self.window.document.template.cells
        refused: list[tuple[str, str, str]] = []
        if not plan.ok:
            shown = "；".join(f"{labels[cid].short}：{reason}" for cid, _text, reason in plan.refused[:3])
            more = f" 等 {len(plan.refused)} 处" if len(plan.refused) > 3 else ""
            self.window.select_cells([cid for cid, _t, _r in plan.refused])
            self.show_paste_refused(f"粘贴未执行（有不能填入的值，表中数字未改动）：{shown}{more}")
            refused = [(labels[cid].short, text, reason) for cid, text, reason in plan.refused]
            if paste_report.ask_paste_partly(self.window, refused, len(plan.values)) != paste_report.PASTE_SOME:
                return False
            # the clerk chose: the values that can go in; the refused cells stay as they were
        changes = {cid: v for cid, v in plan.values.items() if not _same(self.window.document.value(cid), v)}
        notes = []
        if plan.skipped:
            notes.append(f"{plan.skipped} 个值落在标题或说明格上，已跳过")
        if plan.outside:
            notes.append(f"{plan.outside} 个值超出表格范围，已忽略")
        if changes:
            text = edit_text("粘贴", [labels[c].short for c in changes])
            self.window.push_command(SetCells(self.window.document, changes, text, self.window.cells_changed))
        msg = f"已粘贴 {len(plan.values)} 个格子" + ("；" + "；".join(notes) if notes else "") + "。"
        if refused:
            msg += f"未粘贴 {len(refused)} 个不能填入的值。"
        self.window.statusBar().showMessage(msg, STATUS_TIMEOUT)
        return True

    def show_paste_refused(self, message: str) -> None:
        """Non-modal: the refused cells are selected and the reason stays in the status bar."""
        self.window.statusBar().showMessage(message)

    def clear_selection(self) -> None:
        cids = self._selected_cells()
        changes: dict[str, Value] = {c: None for c in cids if self.window.document.value(c) is not None}
        if changes:
            labels = [self.window.document.template.cells[c].short for c in changes]
            text = edit_text("清除", labels)
            self.window.push_command(SetCells(self.window.document, changes, text, self.window.cells_changed))

    def _selected_cells(self) -> list[str]:
        view = self.window.current_view()
        if view is None:
            return []
        model = view.grid_model()
        return [c for c in (model.cell_id(ix) for ix in view.selectionModel().selectedIndexes()) if c]

    def fill_selection_zero(self) -> None:
        self._fill_zero(self._selected_cells(), "选中的格子")

    def fill_selection_na(self) -> None:
        changes: dict[str, Value] = {c: NA for c in self._selected_cells() if self.window.document.value(c) is None}
        if not self.window.document.template.allow_na or not changes:
            self.window.statusBar().showMessage("选中的格子没有空白格。", STATUS_TIMEOUT)
            return
        self.window.push_command(SetCells(self.window.document, changes, "选中的空白格填 /", self.window.cells_changed))

    def _fill_zero(self, cell_ids: list[str], what: str) -> None:
        doc = self.window.document
        changes: dict[str, Value] = {
            c: (Decimal(0) if doc.template.cells[c].type == DECIMAL else 0) for c in cell_ids if doc.value(c) is None
        }
        if not changes:
            self.window.statusBar().showMessage(f"{what}没有空白格。", STATUS_TIMEOUT)
            return
        self.window.push_command(SetCells(self.window.document, changes, f"{what}空白填 0", self.window.cells_changed))
        self.window.statusBar().showMessage(f"{what}：{len(changes)} 个空白格已填 0。", STATUS_TIMEOUT)

    def section_cells(self) -> tuple[str, list[str]]:
        """The top-level part of the table holding the current cell: its title and value cells."""
        view = self.window.current_view()
        if view is None:
            return "", []
        grid = view.grid_model().grid
        row = max(view.currentIndex().row(), grid.header_rows)
        # a table made of captioned parts (2021 table 二: 第二十条第（一）项 …) is divided by its captions only
        captioned = any(c.role == layout.CAPTION and c.row >= grid.header_rows for c in grid.cells)
        roles = (layout.CAPTION,) if captioned else (layout.SECTION, layout.LABEL, layout.GROUP)

        def top_title(r: int) -> str | None:
            for c in range(grid.n_cols):
                a = grid.at(r, c)
                if a is not None and a.row == r and a.col == c and a.level == 0 and a.role in roles:
                    return a.text
            return None

        start = next((r for r in range(row, grid.header_rows - 1, -1) if top_title(r)), grid.header_rows)
        end = next((r for r in range(start + 1, grid.n_rows) if top_title(r)), grid.n_rows)
        title = top_title(start) or ""
        cids = [cid for cid, (r, _c) in grid.positions.items() if start <= r < end]
        return title, cids

    def fill_section(self) -> None:
        title, cids = self.section_cells()
        self._fill_zero(cids, f"“{title}”" if title else "本部分")

    def fill_table(self) -> None:
        view = self.window.current_view()
        if view is not None:
            self._fill_zero(list(view.grid_model().grid.positions), "本表")

    def fill_all(self) -> None:
        self._fill_zero(list(self.window.document.template.cells), "全部")


def _same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and a == b
