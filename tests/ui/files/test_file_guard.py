"""Two windows on one file, a colleague's save in between, a crash: no saved edit is ever overwritten silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.exchange import lock as locks
from model.exchange.store import load, save
from tests.conftest import ROOT_DIR
from ui.files import file_guard
from ui.files.file_guard import CANCEL, COPY, OVERWRITE, READ_ONLY, SAVE_AS
from ui.files.recovery import Recovery, pending_recoveries

ROOT = ROOT_DIR


def edit(window, cell: str, text: str) -> None:
    view = window.view_of(cell)
    assert view is not None
    model = view.grid_model()
    assert model.setData(model.index_of(cell), text)


def answer(window, name: str, reply, asked: list | None = None) -> None:
    def ask(*args):
        if asked is not None:
            asked.append(args)
        return reply
    setattr(window.guard, name, ask)


def test_the_second_window_is_told_who_has_the_file_and_opens_it_read_only(make_window, seed_file: Path) -> None:
    a = make_window()
    assert a.open_path(seed_file) and a.guard.lock is not None
    b = make_window()
    asked: list = []
    answer(b, "ask_locked", READ_ONLY, asked)
    assert b.open_path(seed_file)
    assert "电脑" in asked[0][1].who() and b.guard.read_only
    assert "（只读）" in b.windowTitle()
    edit(a, "A1", "1111")
    assert a.save()
    edit(b, "A1", "2222")
    said: list = []
    answer(b, "ask_read_only_save", False, said)
    assert not b.save()  # B cannot save over A's file
    assert said and "只读打开" in said[0][0]
    assert load(seed_file).value("A1") == 1111


def test_a_copy_is_untitled_and_cancel_keeps_the_window_as_it_was(make_window, seed_file: Path) -> None:
    a = make_window()
    assert a.open_path(seed_file)
    b = make_window()
    before = b.document
    answer(b, "ask_locked", CANCEL)
    assert not b.open_path(seed_file) and b.document is before
    answer(b, "ask_locked", COPY)
    assert b.open_path(seed_file) and b.path is None and b.document.value("A1") == 8547


def test_a_lock_left_by_a_crashed_copy_is_taken_over(make_window, seed_file: Path) -> None:
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)
    locks.lock_path(seed_file).write_text(json.dumps({"user": "张三", "host": locks._host(), "pid": dead,
                                                      "since": "2026-12-01T08:00:00", "token": "x"}), encoding="utf-8")
    w = make_window()
    assert w.open_path(seed_file) and not w.guard.read_only and w.guard.lock is not None
    assert "已接管" in w.statusBar().currentMessage()


def test_closing_the_window_frees_the_file(make_window, seed_file: Path) -> None:
    a = make_window()
    assert a.open_path(seed_file)
    assert locks.read_lock(seed_file) is not None
    a.close()
    assert locks.read_lock(seed_file) is None


def test_a_save_after_someone_else_saved_lists_their_changes_and_needs_overwrite(make_window,
                                                                                 seed_file: Path) -> None:
    w = make_window()
    assert w.open_path(seed_file)
    theirs = load(seed_file)
    theirs.set_value("A1", 1111)
    save(theirs, seed_file)  # a colleague on another computer (or a program without our lock)
    edit(w, "C1a", "0")
    edit(w, "B1", "4")
    asked: list = []
    answer(w, "ask_conflict", CANCEL, asked)
    assert not w.save()
    assert asked[0][1] == ["主动公开政府信息数：8547 → 1111"]
    assert load(seed_file).value("A1") == 1111 and not w.undo_stack.isClean()
    chosen: list[str] = []
    answer(w, "ask_conflict", SAVE_AS)
    w.ask_save_path = lambda: chosen.append("asked") or str(seed_file.with_name("我的.json"))
    assert w.save() and chosen == ["asked"] and w.path.name == "我的.json"
    assert load(seed_file).value("A1") == 1111  # theirs kept
    assert load(w.path).value("B1") == 4


def test_overwrite_is_the_clerks_choice(make_window, seed_file: Path) -> None:
    w = make_window()
    assert w.open_path(seed_file)
    theirs = load(seed_file)
    theirs.set_value("A1", 1111)
    save(theirs, seed_file)
    edit(w, "B1", "4")
    answer(w, "ask_conflict", OVERWRITE)
    assert w.save() and load(seed_file).value("A1") == 8547 and load(seed_file).value("B1") == 4
    edit(w, "B1", "5")
    answer(w, "ask_conflict", CANCEL)  # our own save is the new baseline: no question the second time
    w.guard.ask_conflict = lambda *a: pytest.fail("asked after our own save")
    assert w.save()


def test_a_read_only_file_offers_save_as(make_window, seed_file: Path) -> None:
    w = make_window()
    assert w.open_path(seed_file)
    edit(w, "B1", "4")
    seed_file.chmod(0o444)
    offered: list = []
    answer(w, "ask_read_only_save", False, offered)
    assert not w.save()
    assert "只读文件" in offered[0][0] and not w.undo_stack.isClean()


def test_restoring_over_a_file_a_colleague_saved_opens_an_untitled_copy_with_the_differences(
        make_window, seed_file: Path) -> None:
    w = make_window()
    assert w.open_path(seed_file)
    edit(w, "B1", "4")
    assert w.lifecycle.autosaver.save_now()
    recovery_file = w.lifecycle.autosaver.file
    assert recovery_file is not None and oct(recovery_file.stat().st_mode & 0o777) == "0o600"
    raw = json.loads(recovery_file.read_text(encoding="utf-8"))
    assert raw["original_digest"] == w.guard.disk.digest
    w.guard.release()  # the crash: the lock goes with the process
    theirs = load(seed_file)
    theirs.set_value("A1", 1111)
    save(theirs, seed_file)
    from ui.files.recovery import read_recovery

    rec = read_recovery(recovery_file)
    assert rec.original_now() is not None  # the restore question says so (ui.files.recovery.ask_restore)
    fresh = make_window()
    told: list = []
    fresh.lifecycle.tell_restored_beside_changed_file = lambda r, lines: told.append(lines)
    fresh.lifecycle.restore(rec)
    assert fresh.path is None and fresh.document.value("B1") == 4
    assert "主动公开政府信息数：1111 → 8547" in told[0] and "回应热点或舆情数：3 → 4" in told[0]
    assert load(seed_file).value("A1") == 1111


def test_restoring_an_unchanged_file_keeps_its_path_and_lock(make_window, seed_file: Path) -> None:
    w = make_window()
    assert w.open_path(seed_file)
    edit(w, "B1", "4")
    assert w.lifecycle.autosaver.save_now()
    from ui.files.recovery import read_recovery

    rec = read_recovery(w.lifecycle.autosaver.file)
    w.guard.release()
    fresh = make_window()
    fresh.lifecycle.restore(rec)
    assert fresh.path == seed_file and fresh.guard.lock is not None and fresh.document.value("B1") == 4


def test_started_with_the_file_the_restored_copy_goes_into_that_window(qtbot, make_window, seed_file: Path,
                                                                       monkeypatch) -> None:
    from ui.files import lifecycle, recovery

    w = make_window()
    assert w.open_path(seed_file)
    edit(w, "B1", "4")
    assert w.lifecycle.autosaver.save_now()
    w.lifecycle.autosaver._lock.unlock()  # the crash
    w.lifecycle.autosaver._lock = None
    w.guard.release()
    first = make_window()
    assert first.open_path(seed_file)  # started as `main.py 海州区2015.json`
    made: list = []
    monkeypatch.setattr(recovery, "ask_restore", lambda parent, rec: recovery.RESTORE)
    opened = lifecycle.restore_at_start(first, lambda: made.append(1) or make_window())
    assert opened == [first] and made == [] and first.document.value("B1") == 4 and first.path == seed_file


def test_autosave_runs_at_most_8_seconds_after_the_first_edit_however_steady_the_typing(qtbot, make_window) -> None:
    w = make_window()
    saver = w.lifecycle.autosaver
    saver.set_idle_ms(400)
    saver._deadline.setInterval(1200)  # the bound, scaled down with the idle time
    start = time.monotonic()
    n = 0
    while saver.file is None and time.monotonic() - start < 5:
        n += 1
        edit(w, "A1", str(n))  # one figure every 150 ms: never an idle pause
        qtbot.wait(150)
    assert saver.file is not None and time.monotonic() - start < 2.5


STEADY = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from model.core.document import new_document
from model.core.templates import get_template
from ui.window.main_window import MainWindow
w = MainWindow(new_document(get_template("gov2015"), 2015))
w.show()
model = w.models[0]
n = 0
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    n += 1
    model.setData(model.index_of("A1"), str(n))
    print(n, flush=True)
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
"""


def test_steady_typing_then_a_kill_loses_at_most_about_ten_seconds(tmp_path: Path) -> None:
    env = {**os.environ, "GDS_STATE_DIR": str(tmp_path / "state"), "GDS_CONFIG_DIR": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", STEADY], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    typed = 0
    start = time.monotonic()
    while time.monotonic() - start < 16:
        line = proc.stdout.readline()
        if not line:
            break
        typed = int(line)
    proc.kill()
    proc.wait(timeout=10)
    found, _broken = pending_recoveries(tmp_path / "state" / "recovery")
    assert found, "no recovery file after 16 s of steady typing"
    rec: Recovery = found[-1]
    kept = rec.document.value("A1")
    assert isinstance(kept, int) and typed - kept <= 20  # two figures a second: at most ~10 s of them lost


def test_recovery_files_are_private_and_old_broken_ones_are_removed(tmp_path: Path) -> None:
    from ui.files.recovery import BROKEN_SUFFIX, SUFFIX, remove_old_broken, write_recovery

    folder = tmp_path / "recovery"
    write_recovery(folder / f"a{SUFFIX}", load(ROOT / "resources" / "examples" / "haizhou-2015.json"), None)
    assert oct((folder / f"a{SUFFIX}").stat().st_mode & 0o777) == "0o600"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    old = folder / f"old{SUFFIX}{BROKEN_SUFFIX}"
    new = folder / f"new{SUFFIX}{BROKEN_SUFFIX}"
    for p in (old, new):
        p.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    assert remove_old_broken(folder) == [old] and new.exists()


def test_a_received_files_foreign_link_opens_only_when_the_clerk_confirms(make_window, tmp_path: Path) -> None:
    from tests.model.collect.test_cross_year import copy_with

    copy_with(ROOT / "resources" / "examples" / "haizhou-2015.json", tmp_path / "他处" / "2014.json", 2014, A1=1)
    (tmp_path / "收件").mkdir()
    received = tmp_path / "收件" / "海州2015.json"
    raw = json.loads((ROOT / "resources" / "examples" / "haizhou-2015.json").read_text(encoding="utf-8"))
    raw["previous_year"] = "../他处/2014.json"
    received.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    w = make_window()
    asked: list = []
    w.aggregation.confirm_previous = lambda link, reason: asked.append(reason) or False
    assert w.open_path(received)
    assert asked and "不在本文件所在的文件夹内" in asked[0]
    assert w.document.previous is not None and not w.document.previous.values and w.document.previous.problem
    w.close()
    w2 = make_window()
    w2.aggregation.confirm_previous = lambda link, reason: True
    assert w2.open_path(received)
    assert w2.document.previous is not None and w2.document.previous.values.get("A1") == 1


def test_the_guard_module_names_its_answers() -> None:
    assert {file_guard.EDIT, READ_ONLY, COPY, CANCEL, SAVE_AS, OVERWRITE} == {
        "edit", "read_only", "copy", "cancel", "save_as", "overwrite"}
