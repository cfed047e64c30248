"""Who may write a window's file, and what the file was: the lock beside it, read-only windows, and the check before
every save that nobody else saved in the meantime.

Attached to a MainWindow through its public hooks (path, document, update_title(), statusBar(), save_as()).
Dialogs sit behind methods tests monkeypatch: `ask_locked`, `ask_conflict`, `ask_read_only_save`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QMessageBox, QStatusBar

from model.exchange import lock as locks
from model.exchange.disk import DiskState, change_lines, changed_since, state_of
from model.exchange.store import write_target
from ui.common.choice import Choice, ask_choice
from ui.common.script import script_of, shown


class GuardHost(Protocol):
    """What the guard of the open file needs of the window."""

    path: Path | None
    closed: SignalInstance

    def update_title(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...

EDIT, READ_ONLY, COPY, CANCEL = "edit", "read_only", "copy", "cancel"
SAVE_AS, OVERWRITE = "save_as", "overwrite"
STATUS_TIMEOUT = 10000


@dataclass(frozen=True)
class Claim:
    mode: str  # EDIT, READ_ONLY or COPY
    lock: locks.Lock | None = None
    taken_from: locks.LockInfo | None = None  # a stale lock taken over

    def note(self) -> str:
        """What the status bar adds after opening: a lock taken over, or why the window is read-only."""
        if self.taken_from is not None:
            return f"（留有 {self.taken_from.who()}的编辑锁，但那个程序已不在运行，已接管）"
        if self.mode == READ_ONLY:
            return "（只读：它正被别处编辑）"
        return ""


def same_file(a: str | Path | None, b: str | Path | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return write_target(a).resolve() == write_target(b).resolve()
    except OSError:
        return Path(a) == Path(b)


class FileGuard(QObject):
    def __init__(self, window: GuardHost) -> None:
        super().__init__(window)
        self.window = window
        self.lock: locks.Lock | None = None
        self.disk: DiskState | None = None
        self.read_only = False
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(locks.HEARTBEAT_SECONDS * 1000)
        self._heartbeat.timeout.connect(self._beat)
        # released when the window closes; a process that dies holding it leaves a lock the next opener takes over
        window.closed.connect(self.release)

    # --- dialogs (tests monkeypatch these)
    def ask_locked(self, path: Path, info: locks.LockInfo) -> str:
        """READ_ONLY, COPY or CANCEL."""
        return self._choose("文件正被编辑", f"“{path.name}”正由 {info.who()}打开编辑。",
                            "同一个文件同时只能由一处编辑，否则后保存的会覆盖先保存的。"
                            "可以只读打开（只能查看、打印和另存为），或打开一个副本另存为新文件。",
                            ((READ_ONLY, "只读打开(&R)", QMessageBox.ButtonRole.AcceptRole),
                             (COPY, "打开副本(&F)", QMessageBox.ButtonRole.ActionRole)))

    def ask_conflict(self, path: Path, lines: list[str]) -> str:
        """SAVE_AS, OVERWRITE or CANCEL, after showing what changed in the file since this window read it."""
        return self._choose("文件已被改动",
                            f"“{path.name}”在你打开之后被别人（或另一个窗口）保存过。直接保存会覆盖这些改动：",
                            "\n".join(lines[:8]) + ("\n……" if len(lines) > 8 else ""),
                            ((SAVE_AS, "另存为(&A)…", QMessageBox.ButtonRole.AcceptRole),
                             (OVERWRITE, "覆盖(&O)", QMessageBox.ButtonRole.DestructiveRole)),
                            details="\n".join(lines))

    def _choose(self, title: str, text: str, informative: str, choices: tuple[Choice, ...], details: str = "") -> str:
        """A warning with the given choices (the first is the default) and 取消; returns the chosen key or CANCEL."""
        return ask_choice(self.window, title, text, choices, informative, details, QMessageBox.Icon.Warning)

    def ask_read_only_save(self, text: str) -> bool:
        """True when the clerk wants 另存为 instead."""
        script = script_of(self.window)
        answer = QMessageBox.question(self.window, shown("不能保存到原文件", script),
                                      shown(text + "\n\n现在另存为一个新文件吗？", script))
        return answer == QMessageBox.StandardButton.Yes

    # --- opening
    def claim(self, path: str | Path) -> Claim | None:
        """Lock `path` for editing here, or ask how to open it when it is being edited elsewhere; None = cancel."""
        p = Path(path)
        if self.lock is not None and same_file(self.lock.document, p):
            return Claim(EDIT, self.lock)  # reopening our own file
        try:
            lock, taken = locks.acquire(p)
        except locks.LockedError as exc:
            answer = self.ask_locked(p, exc.info)
            return None if answer == CANCEL else Claim(answer)
        except OSError:
            return Claim(EDIT)  # a folder that takes no lock file (read-only media): saving there fails anyway
        return Claim(EDIT, lock, taken)

    def attach(self, claim: Claim, path: str | Path | None) -> None:
        """The window now shows `path` (None: an untitled document or a copy) under `claim`."""
        if self.lock is not None and self.lock is not claim.lock:
            self.lock.release()
        self.lock = claim.lock
        self.read_only = claim.mode == READ_ONLY
        self.disk = state_of(path) if path is not None else None
        if self.lock is not None:
            self._heartbeat.start()
        else:
            self._heartbeat.stop()
        self.window.update_title()

    def detach(self) -> None:
        """The window no longer shows a file of its own (a new document)."""
        self.attach(Claim(EDIT), None)

    # --- saving
    def check_save(self, path: str | Path) -> str:
        """Before writing `path`: OVERWRITE (go ahead), SAVE_AS (ask for another name) or CANCEL."""
        p = Path(path)
        current = self.window.path
        if same_file(p, current):
            if self.read_only:
                text = f"“{p.name}”是只读打开的（它正被别处编辑），不能保存到原文件。"
                return SAVE_AS if self.ask_read_only_save(text) else CANCEL
            if self.disk is not None:
                now = changed_since(self.disk)
                if now is not None:
                    return self.ask_conflict(p, change_lines(self.disk, now))
            return OVERWRITE
        info = locks.read_lock(p)
        if info is not None and not locks.is_stale(info) and not (self.lock and info.token == self.lock.token):
            text = f"“{p.name}”正由 {info.who()}打开编辑，不能覆盖它。"
            return SAVE_AS if self.ask_read_only_save(text) else CANCEL
        return OVERWRITE

    def saved(self, path: str | Path) -> None:
        """`path` was written by this window: it is now the file this window owns, as it is on disk."""
        p = Path(path)
        claim = Claim(EDIT, self.lock)
        if self.lock is None or not same_file(self.lock.document, p):
            try:
                lock, _taken = locks.acquire(p)
                claim = Claim(EDIT, lock)
            except (locks.LockedError, OSError):
                claim = Claim(EDIT)  # saved, but someone opened it right after: their lock stands
        self.attach(claim, p)

    # --- the lock's life
    def release(self) -> None:
        self._heartbeat.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _beat(self) -> None:
        if self.lock is not None and not self.lock.refresh():
            # taken over as stale (this computer slept?) or deleted: keep working, the next save re-checks
            self.window.statusBar().showMessage(
                "注意：这个文件的编辑锁已被别处接管或删除。保存前会检查文件是否被别人改过。", STATUS_TIMEOUT)
            self.lock = None
            self._heartbeat.stop()
