"""Taking in what units sent: new and changed files from a watched folder (a shared folder, a USB stick) copied
into the workspace's folder, nothing overwritten — a file replaced by a newer one of the same name is kept, with
the time it was replaced, in the folder's 历次版本 (earlier versions). No Qt."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from model.collect.review import report_files
from model.collect.roster import Workspace
from model.collect.status import digest
from model.exchange.store import DocumentError

VERSIONS = "历次版本"


@dataclass(frozen=True)
class Taken:
    name: str
    replaced: str = ""  # the earlier version's name in 历次版本, when the file replaced one


def pending(ws: Workspace, watched: Path) -> list[Path]:
    """The files of the watched folder that are new to the workspace or differ from its copy (新到 n 份)."""
    folder = ws.folder_path()
    out = []
    for f in report_files([watched]):
        mine = folder / f.name
        if not mine.exists():
            out.append(f)
            continue
        a, b = mine.stat(), f.stat()
        if (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
            continue  # taken in before (copied with its time): not read again at every look
        if a.st_size != b.st_size or digest(mine) != digest(f):
            out.append(f)
    return out


def take_in(ws: Workspace, watched: Path, now: datetime | None = None) -> list[Taken]:
    """Copy the pending files in; an earlier version goes to 历次版本 first, named with the time it was replaced."""
    folder = ws.folder_path()
    if watched.resolve() == folder:
        raise DocumentError("要收取的文件夹就是汇总工作区的文件夹，"
                            "请选择各单位送来的文件所在的文件夹（如共享文件夹或 U 盘）。")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    taken: list[Taken] = []
    for f in pending(ws, watched):
        mine = folder / f.name
        replaced = ""
        try:
            if mine.exists():
                (folder / VERSIONS).mkdir(exist_ok=True)
                keep = folder / VERSIONS / f"{mine.stem}.{stamp}{mine.suffix}"
                shutil.copy2(mine, keep)  # copied, then overwritten: the folder never lacks the unit's file
                replaced = keep.name
            tmp = folder / f".{f.name}.part"
            shutil.copy2(f, tmp)
            tmp.replace(mine)
        except OSError as exc:
            raise DocumentError(f"无法收取“{f.name}”：{exc.strerror or exc}。"
                                f"已收取的 {len(taken)} 份不受影响。") from exc
        taken.append(Taken(f.name, replaced))
    return taken


def versions(ws: Workspace) -> list[Path]:
    """Every earlier version kept, oldest first."""
    folder = ws.folder_path() / VERSIONS
    return sorted(report_files([folder]), key=lambda p: p.stat().st_mtime_ns) if folder.is_dir() else []
