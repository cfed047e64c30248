"""User settings (last template and year, recent files, script, print font) in one JSON file per user."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from model.core.templates import DEFAULT_TEMPLATE, HANS, SCRIPTS, template_ids
from model.exchange.store import write_atomic
from model.places import config_dir

FILE_NAME = "settings.json"
MAX_RECENT = 10
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 60, 250, 10


@dataclass
class Settings:
    last_template: str = DEFAULT_TEMPLATE
    last_year: int | None = None
    recent: list[str] = field(default_factory=list)  # most recent first
    script: str = HANS
    print_font: str | None = None  # a font file the user chose for printing; None = the bundled default
    # the window as the clerk left it: Qt's saveGeometry()/saveState() in base64, and the grid's zoom (percent)
    window_geometry: str = ""
    window_state: str = ""
    zoom: int = 100


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def _from_raw(raw: Any) -> Settings:
    """Take every field that looks right and ignore the rest: a damaged file must never stop the start."""
    s = Settings()
    if not isinstance(raw, dict):
        return s
    if raw.get("last_template") in template_ids():
        s.last_template = raw["last_template"]
    year = raw.get("last_year")
    if isinstance(year, int) and not isinstance(year, bool) and 1990 <= year <= 2100:
        s.last_year = year
    recent = raw.get("recent")
    if isinstance(recent, list):
        s.recent = _dedupe([r for r in recent if isinstance(r, str) and r])[:MAX_RECENT]
    if raw.get("script") in SCRIPTS:
        s.script = raw["script"]
    font = raw.get("print_font")
    if isinstance(font, str) and font:
        s.print_font = font
    for key in ("window_geometry", "window_state"):
        if isinstance(raw.get(key), str):
            setattr(s, key, raw[key])
    zoom = raw.get("zoom")
    if isinstance(zoom, int) and not isinstance(zoom, bool) and ZOOM_MIN <= zoom <= ZOOM_MAX:
        s.zoom = zoom
    return s


def load_settings(path: Path | None = None) -> Settings:
    p = path or settings_path()
    try:
        raw = json.loads(p.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return Settings()
    return _from_raw(raw)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write atomically; False when the folder is not writable (settings are a convenience, not data)."""
    p = path or settings_path()
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=1) + "\n"
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, data.encode("utf-8"))
    except OSError:
        return False
    return True


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _dedupe(paths: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for p in paths:
        if _key(p) not in seen:
            seen.add(_key(p))
            out.append(p)
    return out


def add_recent(settings: Settings, path: str | Path) -> None:
    """Move path to the front of the recent list (at most MAX_RECENT entries)."""
    full = os.path.abspath(str(path))
    settings.recent = _dedupe([full, *settings.recent])[:MAX_RECENT]


def prune_recent(settings: Settings) -> bool:
    """Drop files that no longer exist; True when the list changed."""
    kept = [p for p in settings.recent if os.path.isfile(p)]
    changed = kept != settings.recent
    settings.recent = kept
    return changed
