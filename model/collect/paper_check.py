"""Paper and file agree: the 校验码 printed on a unit's signed and stamped copy, typed (or read by a barcode
scanner as keystrokes), against the files in the workspace — the unit's current file, its earlier versions, and
every other unit's. No Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from model.collect.intake import versions
from model.collect.roster import Workspace, same_unit
from model.collect.status import StatusTable, UnitStatus

_SIMILAR = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})  # what a code retyped from paper turns into


def normalised(code: str) -> str:
    """"7k3q m2xd-9ftb", "７Ｋ３Ｑ…" (a Chinese IME's full-width letters) → "7K3Q-M2XD-9FTB"; "" when it is no code."""
    import unicodedata

    flat = re.sub(r"[\s\-－—_]+", "", unicodedata.normalize("NFKC", code)).upper().translate(_SIMILAR)
    if not re.fullmatch(r"[0-9A-Z]{12}", flat):
        return ""
    return "-".join(flat[i:i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class PaperCheck:
    ok: bool
    message: str
    unit: str = ""  # the unit whose file carries the code
    file: str = ""


def check_code(ws: Workspace, table: StatusTable, code: str, unit: str = "") -> PaperCheck:
    """Which file carries the code typed from paper, said for the clerk: the unit's own current file (agree), an
    earlier version of it (the file changed after the paper was printed), another unit's file, or none."""
    want = normalised(code)
    if not want:
        return PaperCheck(False, f"“{code.strip()}”不是校验码：校验码是 12 位数字和字母，如 7K3Q-M2XD-9FTB。")
    rows = [r for r in table.rows if r.file is not None]
    mine = next((r for r in table.rows if unit and r.unit is not None and r.unit.name == unit), None)
    hit = next((r for r in rows if r.file is not None and r.file.code == want), None)
    if hit is not None:
        assert hit.file is not None
        if mine is None or hit is mine:
            return PaperCheck(True, f"一致：与“{hit.name}”的文件（{hit.file.path.name}，{hit.file.received} 收到）"
                                    "校验码相同，纸质件与文件是同一份数字。", hit.name, hit.file.path.name)
        return PaperCheck(False, f"不一致：这是“{hit.name}”的文件（{hit.file.path.name}）的校验码，不是“{unit}”的。"
                                 "请核对纸质件是哪个单位的。", hit.name, hit.file.path.name)
    older = _in_versions(ws, want)
    if older is not None:
        path, name = older
        now = _now_code(mine)
        now_text = f"（现在的校验码 {now}）" if now else ""
        return PaperCheck(False, f"不一致：纸质件与“{name}”较早的一份文件（{path.name}）相同，文件后来改过{now_text}。"
                                 "请让该单位按现在的文件重新打印盖章，或确认汇总应当用哪一份。", name, path.name)
    if mine is not None:
        now = _now_code(mine)
        why = f"“{unit}”现在的文件校验码为 {now}" if now else f"“{unit}”的文件还不是定稿（{mine.state}），没有校验码"
        return PaperCheck(False, f"不一致：没有哪个单位的文件是这个校验码；{why}。纸质件上至少有一个数字与文件不同，"
                                 "请逐项对照纸质件核对。", unit)
    return PaperCheck(False, "不一致：工作区中没有哪个单位的文件（包括历次版本）是这个校验码。请核对输入，"
                             "或先收取该单位的文件。")


def _now_code(row: UnitStatus | None) -> str:
    return row.file.code if row is not None and row.file is not None else ""


def _in_versions(ws: Workspace, code: str) -> tuple[Path, str] | None:
    from model.core.fingerprint import fingerprint
    from model.exchange.files import import_document
    from model.exchange.store import DocumentError

    for path in versions(ws):
        try:
            doc = import_document(path).document
        except DocumentError:
            continue
        if fingerprint(doc) == code:
            return path, next((u.name for u in ws.units if same_unit(u.name, doc.unit.name)), doc.unit.name)
    return None
