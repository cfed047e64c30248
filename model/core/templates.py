"""Table formats by id: the ones shipped in resources/templates, the clerk's own folder, GDS_TEMPLATE_DIR. No Qt.

What a format is (Template, Row, Cell…) is model/core/template_types.py, reading one file model/core/template_load.py;
both are named here too, as every part of the program has always imported them from this module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from model.core.template_load import load_template
from model.core.template_types import (
    HANS,
    HANT,
    LEVEL_LABELS,
    LEVELS,
    ORIENTATIONS,
    PREV,
    ROW_KINDS,
    SCRIPTS,
    SEVERITIES,
    Cell,
    Column,
    HeaderCell,
    PageSpec,
    Row,
    RuleSpec,
    Table,
    Template,
    TemplateError,
    Text,
    expand,
    short_label,
)
from resources import path as resource_path

__all__ = [
    "DEFAULT_TEMPLATE", "HANS", "HANT", "LEVELS", "LEVEL_LABELS", "ORIENTATIONS", "PREV", "ROW_KINDS", "SCRIPTS",
    "SEVERITIES", "SUFFIX", "TEMPLATE_DIR_ENV", "Catalog", "Cell", "Column", "HeaderCell", "PageSpec", "Row",
    "RuleSpec", "Table", "Template", "TemplateError", "Text", "available_templates", "catalog",
    "clear_template_cache", "expand", "get_template", "load_template", "short_label", "template_dirs",
    "template_for_year", "template_ids",
]

DEFAULT_TEMPLATE = "gov2015"
TEMPLATE_DIR_ENV = "GDS_TEMPLATE_DIR"  # one more folder of formats (tests; an office's shared folder)
SUFFIX = ".json"


def template_dirs() -> tuple[Path, ...]:
    """Where formats are found, in order: the ones shipped with the program, then the clerk's own folder, then
    GDS_TEMPLATE_DIR. A format is one `<id>.json` file; the first folder that has an id wins, so a file elsewhere
    can never replace an official format's rules."""
    from model.places import user_template_dir

    extra = os.environ.get(TEMPLATE_DIR_ENV)
    return (resource_path("templates"), user_template_dir(), *((Path(extra),) if extra else ()))


@dataclass(frozen=True)
class Catalog:
    files: dict[str, Path]  # id → file, in the order formats are offered
    problems: tuple[str, ...]  # files left out, each with why (Chinese)


@cache
def _catalog(dirs: tuple[Path, ...]) -> Catalog:
    files: dict[str, Path] = {}
    problems: list[str] = []
    for folder in dirs:
        try:
            found = sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())
        except OSError:
            continue
        for p in found:
            if p.stem in files:
                if folder != dirs[0]:
                    problems.append(f"{p}：表格式 {p.stem} 已有（{files[p.stem]}），未采用此文件。")
                continue
            files[p.stem] = p
    # The shipped formats first, in their own order; the others after them, each checked once when listed.
    for tid, p in list(files.items()):
        if p.parent == dirs[0]:
            continue
        try:
            t = _load(p)  # the same cache get_template reads: a dropped-in format is parsed once
        except (TemplateError, OSError, ValueError) as exc:
            problems.append(f"{p}：{exc}")
            del files[tid]
            continue
        if t.id != tid:
            problems.append(f"{p}：文件名应与表格式的 id 相同（{t.id}{SUFFIX}），未采用此文件。")
            del files[tid]
    return Catalog(files, tuple(problems))


def catalog() -> Catalog:
    return _catalog(template_dirs())


def template_ids() -> tuple[str, ...]:
    """Ids of every format that can be used here: shipped, then the clerk's own."""
    return tuple(catalog().files)


def clear_template_cache() -> None:
    """Forget what was read (after a format file was added or changed, and between tests)."""
    _catalog.cache_clear()
    _load.cache_clear()


@cache
def _load(file: Path) -> Template:
    return load_template(file)


def get_template(template_id: str) -> Template:
    """A format by id (cached: templates are immutable); KeyError for an id no folder has."""
    files = catalog().files
    if template_id not in files:
        raise KeyError(template_id)
    return _load(files[template_id])


def available_templates() -> list[Template]:
    """Every format that can be used here (see template_ids)."""
    return [get_template(t) for t in template_ids()]


def template_for_year(year: int) -> Template | None:
    """The format in force for a report year (the newest that applies), None for years no format covers."""
    found = [t for t in available_templates() if t.applies_to(year)]
    return max(found, key=lambda t: t.years[0]) if found else None
