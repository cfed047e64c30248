"""One writer per file: a lock file beside the document that other windows, other copies of the program and other
computers (through a shared folder) see. No Qt.

The lock is `.~lock.<name>#` in the document's folder, the name LibreOffice and WPS also use and hide, holding who
has the file (user, computer, process, since when). The holder refreshes its modification time every
HEARTBEAT_SECONDS; a lock is stale, and may be taken over, when its process is gone (same computer) or when it has
not been refreshed for STALE_SECONDS (another computer: its processes cannot be seen from here).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.exchange.process import process_alive
from model.exchange.store import write_target

HEARTBEAT_SECONDS = 60
STALE_SECONDS = 10 * 60  # ten missed heartbeats: the holder crashed, or its computer went away
_PREFIX, _SUFFIX = ".~lock.", "#"
_MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str  # ISO time on the holder's clock
    token: str
    refreshed: float  # the lock file's modification time (seconds since the epoch)

    def who(self) -> str:
        """“张三（电脑 PC-01，自 2026-12-01 09:00 起）”."""
        since = self.since.replace("T", " ")[:16]
        return f"{self.user or '另一位用户'}（电脑 {self.host or '未知'}，自 {since} 起）"

    @property
    def here(self) -> bool:
        return self.host == _host()


class LockedError(Exception):
    """The file is being edited elsewhere; `info` says by whom."""

    def __init__(self, info: LockInfo) -> None:
        super().__init__(info.who())
        self.info = info


def lock_path(document: str | Path) -> Path:
    p = write_target(document)  # a link and its target are one file: one lock, beside the real file
    return p.with_name(f"{_PREFIX}{p.name}{_SUFFIX}")


def _host() -> str:
    return socket.gethostname() or os.environ.get("COMPUTERNAME", "")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in a bare environment
        return os.environ.get("USERNAME", "")


def read_lock(document: str | Path) -> LockInfo | None:
    """Who holds the lock of `document`; None when there is no lock (an unreadable lock still counts as held)."""
    p = lock_path(document)
    try:
        refreshed = p.stat().st_mtime
        with p.open("rb") as fh:
            data = fh.read(_MAX_LOCK_BYTES)
    except FileNotFoundError:
        return None
    except OSError:
        return LockInfo("", "", 0, "", "", time.time())
    try:
        raw = json.loads(data.decode("utf-8"))
        return LockInfo(str(raw.get("user", "")), str(raw.get("host", "")), int(raw.get("pid", 0)),
                        str(raw.get("since", "")), str(raw.get("token", "")), refreshed)
    except (ValueError, AttributeError, TypeError):
        # another program's lock (LibreOffice writes "user,host,…" text): held, by someone we cannot name
        return LockInfo("", "", 0, "", "", refreshed)


def is_stale(info: LockInfo, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    if info.here and info.pid and not process_alive(info.pid):
        return True
    return now - info.refreshed > STALE_SECONDS


class Lock:
    """A lock this process holds on one document."""

    def __init__(self, document: Path, token: str) -> None:
        self.document = document
        self.path = lock_path(document)
        self.token = token

    def held(self) -> bool:
        info = read_lock(self.document)
        return info is not None and info.token == self.token

    def refresh(self) -> bool:
        """The heartbeat; False when the lock is no longer ours (taken over as stale, or deleted)."""
        if not self.held():
            return False
        with contextlib.suppress(OSError):
            os.utime(self.path)
        return True

    def release(self) -> None:
        if self.held():
            with contextlib.suppress(OSError):
                self.path.unlink()


def _payload(token: str) -> bytes:
    return json.dumps({"app": "gov-disclosure-stats", "user": _user(), "host": _host(), "pid": os.getpid(),
                       "since": datetime.now().isoformat(timespec="seconds"), "token": token},
                      ensure_ascii=False).encode("utf-8")


def _hide(path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only: a dot does not hide a file there
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # FILE_ATTRIBUTE_HIDDEN


def acquire(document: str | Path, take_stale: bool = True) -> tuple[Lock, LockInfo | None]:
    """Lock `document` for this process. Returns the lock and, when a stale lock was taken over, whose it was.

    Raises LockedError when someone else holds it; OSError when the folder takes no lock file (a read-only
    folder: the caller may still open the document, it cannot be saved there anyway).
    """
    doc = Path(document)
    path = lock_path(doc)
    token = uuid.uuid4().hex
    taken: LockInfo | None = None
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            info = read_lock(doc)
            if info is None:
                continue  # released in between: try again
            if not (take_stale and is_stale(info)):
                raise LockedError(info) from None
            taken = info
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            continue
        with os.fdopen(fd, "wb") as fh:
            fh.write(_payload(token))
        _hide(path)
        lock = Lock(doc, token)
        if lock.held():  # two takers of one stale lock: only the one whose token is there wins
            return lock, taken
    info = read_lock(doc)
    raise LockedError(info or LockInfo("", "", 0, "", "", time.time()))
