"""Read-only data shipped with the app (templates, examples); one guarded path helper, no other imports."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Path of a resource file; refuses to leave the resources folder."""
    p = ROOT.joinpath(*parts).resolve()
    if p != ROOT and ROOT not in p.parents:
        raise ValueError(f"resource path escapes resources/: {parts!r}")
    return p
