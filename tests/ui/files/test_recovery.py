"""Autosave to recovery files and restoring them after a crash or a kill."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.core.document import Document
from tests.conftest import ROOT_DIR
from ui.files import recovery
from ui.files.recovery import (
    DISCARD,
    RESTORE,
    STATE_ENV,
    SUFFIX,
    Autosaver,
    Recovery,
    offer_recoveries,
    pending_recoveries,
    read_recovery,
    recovery_dir,
)

ROOT = ROOT_DIR


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    return tmp_path / "state" / "recovery"


class Holder:
    """Stands in for a window: a document, its path, a dirty flag."""

    def __init__(self, doc: Document, path: str | None) -> None:
        self.doc, self.path, self.dirty = doc, path, True

    def saver(self, idle_ms: int = 30) -> Autosaver:
        return Autosaver(lambda: self.doc, lambda: self.path, lambda: self.dirty, idle_ms=idle_ms)


def recovery_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + SUFFIX))


def test_env_var_redirects_the_folder(state: Path) -> None:
    assert recovery_dir() == state


def test_idle_pause_writes_the_document_with_its_original_path(qtbot, state: Path, seed_doc: Document) -> None:
    h = Holder(seed_doc, "/data/海州区2015.json")
    seed_doc.values["A1"] = 4321
    saver = h.saver()
    saver.changed()
    assert recovery_files(state) == []  # nothing before the pause
    qtbot.waitUntil(lambda: saver.file is not None)
    [file] = recovery_files(state)
    assert file.name.startswith("海州区2015-")
    rec = read_recovery(file)
    assert rec.original == "/data/海州区2015.json"
    assert rec.document.values["A1"] == 4321
    assert rec.document.year == 2015
    saver.discard()


def test_each_change_restarts_the_idle_timer(qtbot, state: Path, seed_doc: Document) -> None:
    # gaps of a fifth of the pause (a loaded machine stretches waits), together longer than the pause
    saver = Holder(seed_doc, None).saver(idle_ms=1000)
    saver.changed()
    for _ in range(6):  # keep typing faster than the pause: no write yet
        qtbot.wait(200)
        assert saver.file is None
        saver.changed()
    qtbot.waitUntil(lambda: saver.file is not None, timeout=3000)
    assert saver.file.name.startswith("未命名-")
    saver.discard()


def test_clean_save_removes_the_recovery_file(qtbot, state: Path, seed_doc: Document) -> None:
    h = Holder(seed_doc, None)
    saver = h.saver()
    assert saver.save_now()
    assert len(recovery_files(state)) == 1
    h.dirty = False
    saver.discard()
    assert recovery_files(state) == []
    assert list(state.iterdir()) == []  # the lock file is gone too


def test_a_clean_document_is_not_written(qtbot, state: Path, seed_doc: Document) -> None:
    h = Holder(seed_doc, None)
    h.dirty = False
    saver = h.saver()
    assert not saver.save_now()
    assert recovery_files(state) == []


def test_files_of_open_windows_are_not_offered(qtbot, state: Path, seed_doc: Document) -> None:
    saver = Holder(seed_doc, None).saver()
    saver.save_now()
    assert pending_recoveries() == ([], [])
    saver.discard()


def test_window_gone_without_cleanup_is_offered_and_restored(qtbot, state: Path, seed_doc: Document) -> None:
    seed_doc.values["A1"] = 777
    seed_doc.unit.name = "测试单位"
    savers = [Holder(seed_doc, "/data/原文件.json").saver()]
    savers[0].changed()
    qtbot.waitUntil(lambda: savers[0].file is not None)
    savers.clear()  # the window is destroyed without discard(): what a crash leaves behind
    asked, opened = [], []
    restored = offer_recoveries(opened.append, ask=lambda parent, rec: asked.append(rec.title) or RESTORE)
    assert asked == ["原文件.json"]
    assert [r.original for r in restored] == ["/data/原文件.json"]
    assert opened[0].document.values["A1"] == 777
    assert opened[0].document.unit.name == "测试单位"
    assert recovery_files(state) == []  # removed once restored


def test_discard_removes_and_later_keeps(qtbot, state: Path, seed_doc: Document) -> None:
    for _ in range(2):
        s = Holder(seed_doc, None).saver()
        s.save_now()
        del s
    answers = iter([None, DISCARD])
    offer_recoveries(pytest.fail, ask=lambda parent, rec: next(answers))
    assert len(recovery_files(state)) == 1  # "以后再说" keeps it for the next start
    offer_recoveries(pytest.fail, ask=lambda parent, rec: DISCARD)
    assert recovery_files(state) == []


def test_unreadable_recovery_file_is_kept_aside_and_reported(qtbot, state: Path, monkeypatch) -> None:
    state.mkdir(parents=True)
    (state / ("坏-1234" + SUFFIX)).write_text("{truncated", encoding="utf-8")
    told = []
    monkeypatch.setattr(recovery, "tell_broken", lambda parent, broken: told.append(broken))
    offer_recoveries(pytest.fail, ask=lambda p, r: pytest.fail("not offered"))
    assert [p.name for p in told[0]] == ["坏-1234" + SUFFIX + ".broken"]
    assert (state / ("坏-1234" + SUFFIX + ".broken")).read_text(encoding="utf-8") == "{truncated"
    assert pending_recoveries() == ([], [])


KILLED_CHILD = """
import sys
from PySide6.QtCore import QCoreApplication
from model.exchange.store import load
from ui.files.recovery import Autosaver
app = QCoreApplication(sys.argv)
doc = load(sys.argv[1])
doc.values["A1"] = 98765
saver = Autosaver(lambda: doc, lambda: sys.argv[1], lambda: True, idle_ms=10)
saver.saved.connect(lambda path: print("saved", flush=True))
saver.changed()
app.exec()
"""


def test_killed_process_leaves_a_file_the_next_start_restores(qtbot, state: Path, seed_file: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD, str(seed_file)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout.readline().strip() == "saved"
        # while it runs, its file is locked: another copy of the program must not offer it
        assert pending_recoveries() == ([], [])
    finally:
        child.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        child.wait()
    deadline = time.monotonic() + 5
    opened: list[Recovery] = []
    while not opened and time.monotonic() < deadline:
        offer_recoveries(opened.append, ask=lambda p, r: RESTORE)
    assert opened[0].original == str(seed_file)
    assert opened[0].document.values["A1"] == 98765
    assert recovery_files(state) == []
