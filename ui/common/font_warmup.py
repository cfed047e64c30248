"""The first print on a machine should not wait for the print font's conversion: at the first start, a process of
its own (`--prepare-fonts`, low priority) converts the characters nearly every print needs into the font cache,
while the clerk is still filling in the table. It runs once: a marker in the cache says it was done (a later font
file, or an emptied cache, runs it again). Nothing waits for it, and a print meanwhile simply converts what it
needs itself (the cache's files are written atomically, so the two never spoil each other)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from print import fonts

OFF_ENV = "GDS_NO_FONT_WARMUP"  # the tests set it: their windows must not start a background conversion
DELAY_MS = 4000  # after the window is up and the clerk's file is open
log = logging.getLogger(__name__)


def command() -> list[str]:
    """This program with --prepare-fonts: the installed executable itself, or main.py under the interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--prepare-fonts"]
    return [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py"), "--prepare-fonts"]


def needed() -> bool:
    return not os.environ.get(OFF_ENV) and not fonts.cache_prepared()


def start() -> subprocess.Popen[bytes] | None:
    """Start the conversion in the background when it was never done; None when not needed or not possible."""
    if not needed():
        return None
    flags = 0
    if sys.platform == "win32":
        flags = subprocess.BELOW_NORMAL_PRIORITY_CLASS | subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
    try:
        return subprocess.Popen(command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, creationflags=flags,
                                start_new_session=sys.platform != "win32")
    except OSError:
        log.warning("could not start the font conversion in the background", exc_info=True)
        return None
