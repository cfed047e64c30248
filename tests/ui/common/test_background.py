"""Long work off the window's thread: the event loop keeps turning, progress is shown, 取消 stops cleanly."""

from __future__ import annotations

import shutil
import time

import pytest
from PySide6.QtCore import QTimer

from model.core.progress import CancelledError
from model.exchange.store import load
from model.exchange.xlsx_export import export_document
from tests.conftest import SEED_EXAMPLE
from ui.collect.aggregate_dialog import AggregateDialog
from ui.common import background
from ui.common.background import Progress, run_with_progress

UNITS = 200


class Ticker:
    """Counts GUI-thread timer ticks and remembers what the progress dialog showed; may press its 取消."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.ticks = 0
        self.values: list[int] = []
        self.labels: set[str] = set()
        self.cancel_at = cancel_at
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self.ticks += 1
        dialog = background.current_dialog()
        if dialog is None:
            return
        self.values.append(dialog.value())
        self.labels.add(dialog.labelText())
        if self.cancel_at is not None and dialog.value() >= self.cancel_at and not dialog.wasCanceled():
            dialog.cancel()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """200 clerks' workbooks of the seed (one written by the export, copied: reading is what is measured)."""
    folder = tmp_path_factory.mktemp("units")
    first = folder / "unit-000.xlsx"
    export_document(load(SEED_EXAMPLE), first)
    paths = [first]
    for i in range(1, UNITS):
        paths.append(folder / f"unit-{i:03d}.xlsx")
        shutil.copyfile(first, paths[-1])
    return [str(p) for p in paths]


def test_result_and_errors_come_back_where_the_work_was_asked_for(qtbot) -> None:
    assert run_with_progress(None, "测试", lambda progress: 6 * 7) == 42
    with pytest.raises(ValueError, match="坏"):
        run_with_progress(None, "测试", lambda progress: (_ for _ in ()).throw(ValueError("坏")))
    assert not background.running()


def test_the_event_loop_turns_while_the_work_runs_and_cancel_stops_it(qtbot) -> None:
    steps: list[int] = []

    def work(progress: Progress) -> str:
        for i in range(200):
            progress(i, 200, f"第{i}步")
            steps.append(i)
            time.sleep(0.01)
        return "完"

    ticker = Ticker(cancel_at=30)
    with pytest.raises(CancelledError):
        run_with_progress(None, "测试", work)
    ticker.stop()
    # the GUI thread ran its timers during the work: the 取消 itself came from a tick (a frozen loop ticks not at all
    # before the work ends); how many depends on the machine's load (2 CPUs shared in CI), so only a few are asked
    assert ticker.ticks >= 3
    assert 30 <= len(steps) < 200  # stopped at the next step after 取消, not at the end
    assert not background.running()


def test_aggregating_200_workbooks_keeps_the_window_responsive(qtbot, workbooks: list[str]) -> None:
    dialog = AggregateDialog(None, workbooks, "某区政府办公室")
    qtbot.addWidget(dialog)
    ticker = Ticker()
    agg = dialog.run()
    ticker.stop()
    assert agg is not None and agg.document is not None
    assert ticker.ticks > 50  # a frozen window would have ticked once, after the end
    assert max(ticker.values) > UNITS // 2  # per-file progress on the bar
    assert any("unit-" in label and f"/ {UNITS}" in label for label in ticker.labels)


def test_cancelling_a_200_workbook_aggregate_leaves_nothing(qtbot, workbooks: list[str]) -> None:
    dialog = AggregateDialog(None, workbooks, "某区政府办公室")
    qtbot.addWidget(dialog)
    ticker = Ticker(cancel_at=20)
    agg = dialog.run()
    ticker.stop()
    assert agg is None and dialog.result_aggregate is None
    assert "已取消" in dialog.report.toPlainText()
    assert max(ticker.values) < UNITS  # it stopped reading, it did not finish first
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_an_operation_carries_its_success_failure_cancel_and_undo_text(make_window, qtbot) -> None:
    from PySide6.QtGui import QUndoCommand

    from model.exchange.store import DocumentError
    from ui.common.background import CANCELLED, Operation

    w = make_window()
    shown: list[str] = []
    w.show_error = shown.append  # type: ignore[method-assign]
    assert Operation("测试", lambda progress: 6 * 7, success=lambda n: n + 1, done=lambda n: f"得 {n}").run(w) == 43
    assert w.statusBar().currentMessage() == "得 43"

    def refuse(progress: Progress) -> int:
        raise DocumentError("文件坏了")

    assert Operation("测试", refuse).run(w) is CANCELLED and shown == ["文件坏了"]  # told, not raised
    with pytest.raises(ValueError):  # a bug is not swallowed
        Operation("测试", lambda progress: int("x")).run(w)

    def slow(progress: Progress) -> int:
        for i in range(500):
            progress(i, 500)
            time.sleep(0.01)
        return 1

    ticker = Ticker(cancel_at=5)
    assert Operation("测试", slow, cancelled="已取消测试。").run(w) is CANCELLED
    ticker.stop()
    assert w.statusBar().currentMessage() == "已取消测试。"

    steps_before = w.undo_stack.count()
    Operation("测试", lambda progress: None, success=lambda _none: QUndoCommand(), undo="批量填写").run(w)
    assert w.undo_stack.count() == steps_before + 1 and w.undo_stack.undoText() == "批量填写"
