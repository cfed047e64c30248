"""Autosave of unsaved work to recovery files, and the offer to restore them after a crash or kill."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from model import APP_NAME
from model.core.clean import writable
from model.core.document import Document
from model.exchange.disk import DiskState, state_of
from model.exchange.store import DocumentError, from_dict, os_error_text, remove_stale_temps, to_dict, write_atomic
from ui.common.choice import CANCEL, ask_choice

STATE_ENV = "GDS_STATE_DIR"  # tests point this at a temporary folder
IDLE_MS = 3000
# At most this long after the first unsaved edit the work is written, however steadily the clerk types: with the
# idle wait alone, one figure every 1.5 s would never be saved. Together they bound the loss to ~10 s of work.
MAX_DELAY_MS = 8000
BROKEN_KEEP_DAYS = 30  # an unreadable recovery file is kept this long (someone may want to look), then removed
FORMAT = "gov-disclosure-stats-recovery"
SUFFIX = ".recovery.json"
LOCK_SUFFIX = ".lock"
BROKEN_SUFFIX = ".broken"


def recovery_dir() -> Path:
    override = os.environ.get(STATE_ENV)
    base = Path(override) if override else Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return base / "recovery"


@dataclass(frozen=True)
class Recovery:
    file: Path
    original: str | None  # the path the document had (None: never saved)
    saved_at: str
    document: Document
    original_digest: str | None = None  # the original file's content when the window read or saved it

    @property
    def title(self) -> str:
        return Path(self.original).name if self.original else "未命名文档"

    def original_now(self) -> DiskState | None:
        """The original file as it is now, when it differs from what the window had read (someone saved it since
        the autosave); None when it is unchanged, gone, or the document was never saved."""
        if not self.original or self.original_digest is None:
            return None
        now = state_of(self.original)
        return now if now is not None and now.digest != self.original_digest else None


def write_recovery(file: Path, doc: Document, original: str | None, original_digest: str | None = None) -> None:
    """Private to the user: the folder 0700 and the file 0600 on Linux (a per-user profile folder on Windows)."""
    payload = {
        "format": FORMAT,
        "format_version": 1,
        "original_path": original,
        "original_digest": original_digest,
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "document": to_dict(writable(doc)),
    }
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder made earlier (or by an older version) is made private too
        os.chmod(file.parent, 0o700)
    remove_stale_temps(file)  # an autosave killed while writing leaves its temp file
    # ASCII escapes: a file name that is not valid Unicode (surrogate-escaped bytes on Linux) still writes and reads
    write_atomic(file, (json.dumps(payload) + "\n").encode("ascii"), mode=0o600)


def read_recovery(file: Path) -> Recovery:
    """Raises DocumentError (Chinese message) when the file is not a readable recovery file."""
    name = f"恢复文件“{file.name}”"
    try:
        raw: Any = json.loads(file.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise DocumentError(f"{name} 无法读取。") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DocumentError(f"{name} 不是本工具的恢复文件。")
    original = raw.get("original_path")
    if original is not None and not isinstance(original, str):
        raise DocumentError(f"{name} 已损坏。")
    doc = from_dict(raw.get("document"), name)
    digest = raw.get("original_digest")
    return Recovery(file, original, str(raw.get("saved_at", "")), doc, digest if isinstance(digest, str) else None)


def _lock_for(file: Path) -> QLockFile:
    lock = QLockFile(str(file) + LOCK_SUFFIX)
    # 0 disables "old means stale": a window may stay open for days; a dead owner is still detected by pid
    lock.setStaleLockTime(0)
    return lock


def pending_recoveries(folder: Path | None = None) -> tuple[list[Recovery], list[Path]]:
    """Recovery files left by windows that are gone (crash, kill), oldest first, and the unreadable ones.

    Files of windows still open (in this or another running copy of the program) are locked and skipped.
    Unreadable files are renamed to *.broken so they are kept but not offered again.
    """
    folder = folder or recovery_dir()
    found: list[Recovery] = []
    broken: list[Path] = []
    remove_old_broken(folder)
    try:
        files = sorted(folder.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime)
    except OSError:
        return [], []
    for file in files:
        lock = _lock_for(file)
        if not lock.tryLock(0):
            continue
        try:
            try:
                found.append(read_recovery(file))
            except DocumentError:
                target = file.with_name(file.name + BROKEN_SUFFIX)
                with contextlib.suppress(OSError):
                    os.replace(file, target)
                    broken.append(target)
        finally:
            lock.unlock()
    return found, broken


def remove_old_broken(folder: Path, now: float | None = None) -> list[Path]:
    """Unreadable recovery files older than BROKEN_KEEP_DAYS: removed, so they do not pile up forever."""
    now = time.time() if now is None else now
    removed = []
    try:
        old = [p for p in folder.glob("*" + SUFFIX + BROKEN_SUFFIX)
               if now - p.stat().st_mtime > BROKEN_KEEP_DAYS * 86400]
    except OSError:
        return []
    for p in old:
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


def remove_recovery(file: Path) -> None:
    with contextlib.suppress(OSError):
        file.unlink()


def _file_stem(original: str | None) -> str:
    stem = Path(original).stem if original else "未命名"
    return "".join(ch for ch in stem if ch.isalnum() or ch in "-_ ")[:40] or "文档"


class Autosaver(QObject):
    """Writes the document to its own recovery file once the user has been idle after a change.

    The window calls changed() after every change and discard() after a clean save or a clean close.
    """

    saved = Signal(str)
    failed = Signal(str)  # a Chinese message for the status bar

    def __init__(
        self,
        document: Callable[[], Document],
        original: Callable[[], str | None],
        is_dirty: Callable[[], bool],
        parent: QObject | None = None,
        folder: Path | None = None,
        idle_ms: int = IDLE_MS,
        original_digest: Callable[[], str | None] | None = None,
        max_delay_ms: int = MAX_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._original = original
        self._original_digest = original_digest or (lambda: None)
        self._is_dirty = is_dirty
        self._folder = folder
        self._file: Path | None = None
        self._lock: QLockFile | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self._on_idle)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max_delay_ms)
        self._deadline.timeout.connect(self._on_idle)

    @property
    def file(self) -> Path | None:
        """The recovery file currently on disk, if any."""
        return self._file if self._file is not None and self._file.exists() else None

    def set_idle_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def changed(self) -> None:
        self._timer.start()  # restarting: an idle pause triggers the write...
        if not self._deadline.isActive():
            self._deadline.start()  # ...and so does the time since the first edit not yet written

    def save_now(self) -> bool:
        self._timer.stop()
        self._deadline.stop()
        if not self._is_dirty():
            self.discard()
            return False
        if self._file is None:
            folder = self._folder or recovery_dir()
            self._file = folder / f"{_file_stem(self._original())}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        try:
            self._file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if self._lock is None:
                lock = _lock_for(self._file)
                if lock.tryLock(0):
                    self._lock = lock
            write_recovery(self._file, self._document(), self._original(), self._original_digest())
        except OSError as exc:
            self.failed.emit(f"自动保存失败：{os_error_text(exc)}")
            return False
        self.saved.emit(str(self._file))
        return True

    def discard(self) -> None:
        """The work is safe (saved, or deliberately not kept): remove the recovery file."""
        self._timer.stop()
        self._deadline.stop()
        if self._file is not None:
            remove_recovery(self._file)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        self._file = None

    def _on_idle(self) -> None:
        self.save_now()


RESTORE, DISCARD = "restore", "discard"


def ask_restore(parent: QWidget | None, recovery: Recovery) -> str | None:
    """RESTORE, DISCARD, or None (decide later: the file stays). Tests monkeypatch this."""
    where = f"原文件：{recovery.original}" if recovery.original else "该文档尚未保存过。"
    if recovery.original_now() is not None:
        where += ("\n\n注意：原文件在自动保存之后又被保存过（可能是同事或另一个窗口）。恢复的内容将作为未命名文档打开，"
                  "并列出与原文件的不同之处，不会覆盖原文件。")
    when = recovery.saved_at.replace("T", " ")
    answer = ask_choice(parent, "恢复未保存的工作",
                        f"上次程序意外退出，“{recovery.title}”有未保存的修改（自动保存于 {when}）。\n是否恢复？",
                        ((RESTORE, "恢复(&R)", QMessageBox.ButtonRole.AcceptRole),
                         (DISCARD, "丢弃(&D)", QMessageBox.ButtonRole.DestructiveRole)),
                        informative=where, cancel="以后再说(&L)")
    return None if answer == CANCEL else answer


def offer_recoveries(
    open_recovered: Callable[[Recovery], object],
    parent: QWidget | None = None,
    folder: Path | None = None,
    ask: Callable[[QWidget | None, Recovery], str | None] | None = None,
) -> list[Recovery]:
    """Ask about each left-over recovery file; open_recovered(recovery) opens a restored window.

    The recovery file is removed only after open_recovered returned (the new window autosaves on its own).
    """
    ask = ask or ask_restore
    found, broken = pending_recoveries(folder)
    restored = []
    for rec in found:
        answer = ask(parent, rec)
        if answer == RESTORE:
            open_recovered(rec)
            remove_recovery(rec.file)
            restored.append(rec)
        elif answer == DISCARD:
            remove_recovery(rec.file)
    if broken:
        tell_broken(parent, broken)
    return restored


def tell_broken(parent: QWidget | None, broken: list[Path]) -> None:
    QMessageBox.warning(
        parent, "恢复文件无法读取",
        f"有 {len(broken)} 个自动保存的恢复文件已损坏，无法恢复。文件保留在：\n{broken[0].parent}",
    )
