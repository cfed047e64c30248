"""Progress and cancel for long operations, with no UI: the caller passes a function, the operation calls it.

The window's background helper (ui/common/background.py) passes one that moves a progress bar and raises
`CancelledError` once the clerk pressed 取消; the command line passes none.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): `done` of `total` steps, `what` names the step (a file name, say). May raise
`CancelledError`; an operation calls it only where stopping leaves nothing half-done."""


class CancelledError(Exception):
    """The clerk cancelled; nothing the operation was making has been kept."""


def no_progress(done: int, total: int, what: str = "") -> None:
    """The progress of an operation nobody watches (the command line, tests)."""
