"""Shared fixtures. The first lines make every Qt test headless."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# python-docx (tests only: it reads back the exported .docx) brings lxml, which openpyxl would then use; the
# installed program has no lxml, so the tests write workbooks the way it does
os.environ["OPENPYXL_LXML"] = "False"
os.environ["GDS_NO_FONT_WARMUP"] = "1"  # no window of a test converts the print font in the background
# Windows made by tests must never touch the clerk's own settings, recent files or recovery files.
os.environ["GDS_CONFIG_DIR"] = tempfile.mkdtemp(prefix="gds-config-")
os.environ["GDS_STATE_DIR"] = tempfile.mkdtemp(prefix="gds-state-")

import json
import subprocess
import sys
from pathlib import Path

import pytest

from model.core.document import Document, new_document
from model.core.templates import get_template
from model.exchange.store import load
from resources import path as resource_path

SEED_EXAMPLE = resource_path("examples", "haizhou-2015.json")
ROOT_DIR = Path(__file__).resolve().parent.parent  # the repository, wherever a test sits below tests/
DATA = Path(__file__).resolve().parent / "data"  # copies of published reports and the seed's text


@pytest.fixture
def seed_doc() -> Document:
    """The seed report's table as a document (海州区, 2015年度)."""
    return load(SEED_EXAMPLE)


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    """A writable copy of the seed example."""
    p = tmp_path / "海州区2015.json"
    p.write_text(SEED_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return p


def edited_copy(src: Path, dst: Path, **values: object) -> Path:
    raw = json.loads(src.read_text(encoding="utf-8"))
    raw["values"].update(values)
    dst.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return dst


@pytest.fixture
def make_window(qtbot):
    """Build a MainWindow for a document; closed clean at teardown (a dirty window would block on "save?")."""
    import shiboken6

    from ui.window.main_window import MainWindow

    made: list[MainWindow] = []

    def make(doc: Document | None = None, path: Path | str | None = None) -> "MainWindow":
        if doc is None and path is None:  # a new form of the seed's format, whatever year the machine's clock says
            doc = new_document(get_template("gov2015"), 2015)
        w = MainWindow(doc, path)
        qtbot.addWidget(w, before_close_func=lambda win: win.undo_stack.setClean())
        w.show()
        # held until teardown: qtbot keeps only a weak reference, and a window left to the cyclic garbage collector
        # may be destroyed in the middle of another window's painting, which the offscreen platform does not survive
        made.append(w)
        return w

    yield make
    for w in made:
        if shiboken6.isValid(w):
            w.undo_stack.setClean()
            w.close()
            w.deleteLater()
    made.clear()


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application with the app's own CJK fallback font: on a machine without any Chinese font
    (a fresh CI box) text would otherwise be measured as boxes, and wrapping tests would depend on the host."""
    from ui.common.env import register_cjk_font

    register_cjk_font()
    return qapp


@pytest.fixture(autouse=True)
def no_unexpected_file_dialogs(monkeypatch):
    """A lock, conflict or read-only question no test asked for fails the test at once instead of waiting for a
    click that never comes; tests that expect one set the answer on the window's guard."""
    from ui.files.file_guard import FileGuard

    def unexpected(self, *args):
        pytest.fail(f"unexpected file dialog: {args!r}")

    for name in ("ask_locked", "ask_conflict", "ask_read_only_save"):
        monkeypatch.setattr(FileGuard, name, unexpected)
    from ui.grid import paste_report

    monkeypatch.setattr(paste_report, "ask_paste_partly", lambda *args: paste_report.CANCEL)  # the safe answer


def run_main(*args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """`main.py ARGS` as a clerk's script runs it: its exit code, stdout and stderr (UTF-8)."""
    return subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT_DIR, timeout=timeout)
