"""Where the program keeps the clerk's settings and own templates: the platform's folders, or one set by env."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from model import APP_NAME

CONFIG_ENV = "GDS_CONFIG_DIR"  # tests and portable installs point this elsewhere


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_template_dir() -> Path:
    """Table formats added without a new release (a province's own, a new national one): one JSON file each."""
    return config_dir() / "templates"
