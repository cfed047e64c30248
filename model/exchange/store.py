"""The native file format (UTF-8 JSON with a format version) and atomic saving. No Qt."""

from __future__ import annotations

import contextlib
import errno
import json
import operator
import os
import re
import stat
import tempfile
import time
from functools import cache
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from model.core.clean import clean_document, writable
from model.core.document import MAX_YEAR, MIN_YEAR, UNIT_KEYS, Document, Justification, LastYear, UnitInfo
from model.core.templates import LEVEL_LABELS, Template, catalog, get_template, template_ids
from model.core.text import ReportText, TextFormatError
from model.core.text import from_json as text_from_json
from model.core.text import to_json as text_json
from model.core.values import INTEGER, Value, ValueParseError, parse_value, to_json
from model.core.values import shown as shown_value
from model.exchange.links import stored_link
from model.exchange.process import process_alive

FORMAT = "gov-disclosure-stats"
FORMAT_VERSION = 1
SUFFIX = ".xxgk"  # the tool's own file type (信息公开): JSON inside, registered with the desktop by the installer
NATIVE_SUFFIXES = (SUFFIX, ".json")  # documents saved as .json by earlier versions open as before
MIME_TYPE = "application/x-gov-disclosure-stats"


def is_native(path: str | Path) -> bool:
    return Path(path).suffix.lower() in NATIVE_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024
_FAST_INT_LIMIT = 10**15  # model.core.values._MAX_DIGITS: parse_value returns smaller integers unchanged


class DocumentError(Exception):
    """A file that cannot be read or written; str() is a Chinese message for the user."""


class ReadOnlyFileError(DocumentError):
    """The file itself is marked read-only: saving over it is refused, 另存为 is the way out."""


# What each OS error a save or an open can meet means to a clerk, and what to do. Windows reports its own codes
# (winerror) beside a POSIX errno; both are looked up. Anything not listed still reads in Chinese, with its code.
_ERRNO_TEXT: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在（可能已被移动、改名或删除）",
    errno.EACCES: "没有权限（文件夹只读，或文件正被 WPS/Excel 等程序占用）",
    errno.EPERM: "操作不被允许（没有权限，或文件被设为只读）",
    errno.ENOSPC: "磁盘已满。请清理磁盘或另存到其他位置",
    errno.EROFS: "该磁盘是只读的。请另存到其他位置",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长。请换一个短一些的文件名，或保存到层级浅一些的文件夹",
    errno.EIO: "读写磁盘时出错（输入/输出错误）。U 盘或网络盘可能已断开，请检查后重试，或另存到本机磁盘",
    errno.ENXIO: "设备不存在或已拔出（U 盘、移动硬盘或网络盘已断开）",
    errno.ENODEV: "设备不存在或已拔出（U 盘、移动硬盘或网络盘已断开）",
    errno.EBUSY: "文件或设备正忙（可能正被其他程序使用），请稍后再试",
    errno.ETXTBSY: "文件正被其他程序使用，请关闭后再试",
    errno.EMFILE: "打开的文件太多。请关闭一些窗口后再试",
    errno.ENFILE: "系统打开的文件太多。请关闭一些程序后再试",
    errno.ELOOP: "路径中的链接（快捷方式）循环指向自己",
    errno.EXDEV: "不能跨磁盘直接替换文件",
    errno.EINVAL: "文件名或路径无效（可能含有系统不允许的字符）",
    errno.EEXIST: "同名文件已存在",
    errno.EAGAIN: "文件暂时被锁定，请稍后再试",
    errno.ETIMEDOUT: "网络盘响应超时，请检查网络后重试",
    errno.EHOSTUNREACH: "连接不到网络盘所在的电脑",
    errno.ENETUNREACH: "网络不通，连接不到网络盘",
}
for _name, _text in (("EDQUOT", "磁盘配额已用完。请清理文件或另存到其他位置"),
                     ("ESTALE", "网络盘上的文件已失效（被别人移动或删除），请重新打开"),
                     ("ENOLCK", "网络盘不支持文件锁定，请稍后再试")):
    if hasattr(errno, _name):
        _ERRNO_TEXT[getattr(errno, _name)] = _text
_WINERROR_TEXT = {
    5: "没有权限（文件夹只读，或文件正被 WPS/Excel 等程序占用）",
    32: "文件正被其他程序打开（共享冲突）。请在 WPS/Excel 或其他程序中关闭它后再试",
    33: "文件的一部分被其他程序锁定。请关闭使用它的程序后再试",
    53: "找不到网络路径（网络盘所在的电脑关机或网络断开）",
    55: "网络资源已不可用",
    64: "网络连接已断开",
    67: "找不到网络名（共享文件夹名称有误或已取消共享）",
    112: "磁盘已满。请清理磁盘或另存到其他位置",
    206: "文件名或路径太长。请换一个短一些的文件名，或保存到层级浅一些的文件夹",
    1224: "文件正被其他程序以映射方式打开，请关闭后再试",
    1392: "文件或目录已损坏，无法读取",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese reason for an OS error, with the system's code appended when it is not one we know."""
    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINERROR_TEXT:
        return _WINERROR_TEXT[winerror]
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    code = f"Windows 错误 {winerror}" if isinstance(winerror, int) else f"错误代码 {exc.errno}"
    return f"系统报告了一个错误（{code}），请重试，或另存到其他位置"


def _document_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template": {"id": doc.template.id, "version": doc.template.version},
        "year": doc.year,
        # the level only once chosen: files of units that never set it stay as they were
        "unit": {k: getattr(doc.unit, k) for k in UNIT_KEYS if k != "level" or doc.unit.level} | doc.unit.other,
        "values": {c: to_json(doc.values[c]) for c in doc.template.cells if c in doc.values}
        | {h: to_json(doc.values[h]) for h in doc.template.headings if h in doc.values},
        "justifications": {
            k: {"reason": j.reason, "values": dict(j.values)} for k, j in sorted(doc.justifications.items())
        },
        "previous_year": doc.previous.link if doc.previous is not None else None,
    } | ({"report": text_json(doc.text)} if doc.text.sections else {})


_KNOWN_KEYS = frozenset(("format", "format_version", "template", "year", "unit", "values", "justifications",
                         "previous_year", "report"))
# the C encoder: json.dumps with indent falls back to the pure-Python one, too slow for a large 汇总 provenance
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _extra(doc: Document) -> dict[str, Any]:
    return {k: v for k, v in doc.extra.items() if k not in _KNOWN_KEYS}


def to_dict(doc: Document) -> dict[str, Any]:
    """The native file's content: the document's own sections, then the extra sections written back."""
    return _document_dict(doc) | _extra(doc)


def _section_text(value: Any) -> str:
    """An extra section as compact JSON; in a section that is an object, a list of lists or objects is written one
    item per line (a 汇总 provenance: one line per unit)."""
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return _compact(value)
    parts = []
    for k, v in value.items():
        if isinstance(v, list) and v and all(isinstance(x, (dict, list)) for x in v):
            parts.append(f"{_compact(k)}:[\n  " + ",\n  ".join(map(_compact, v)) + "]")
        else:
            parts.append(f"{_compact(k)}:{_compact(v)}")
    return "{" + ",".join(parts) + "}"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(doc: Document, path: str | Path | None = None) -> str:
    """The native file's text; saved at `path`, the link to last year is stored relative when it lies inside the
    document's folder."""
    raw = _document_dict(writable(doc))
    if path is not None and doc.previous is not None:
        raw["previous_year"] = stored_link(doc.previous.link, path)
    text = json.dumps(raw, ensure_ascii=False, indent=1)
    sections = [f" {_compact(k)}: {_section_text(v)}" for k, v in _extra(doc).items()]
    if sections:
        text = text[:-2] + ",\n" + ",\n".join(sections) + "\n}"
    # the extra sections come only from files read (cleaned there) and from 汇总 of such files; a lone surrogate
    # would still be written as its JSON escape rather than fail the save
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text + "\n")


@cache
def _integer_cells(template_id: str, version: int) -> frozenset[str]:
    t = get_template(template_id)
    return frozenset(c for c, cell in t.cells.items() if cell.type == INTEGER) | frozenset(t.headings)


def _plain_integers(template: Template, values_raw: dict[str, Any]) -> dict[str, Value]:
    """The stored integers of integer cells, taken as they are: exactly what parse_value would return for them.
    Checked with set and min/max operations so that a file of hundreds of cells costs microseconds (汇总)."""
    # the keys whose values are not plain ints, found with C-level iterators only (no Python loop per value)
    others = list(compress(values_raw, map(operator.is_not, map(type, values_raw.values()), repeat(int))))
    ints = dict(values_raw)
    for c in others:
        del ints[c]
    if not ints or not ints.keys() <= _integer_cells(template.id, template.version):
        return {}
    if min(ints.values()) < 0 or max(ints.values()) >= _FAST_INT_LIMIT:
        return {}  # let parse_value name the bad value
    return ints


def _extra_sections(raw: dict[Any, Any]) -> dict[str, Any]:
    """The top-level sections this tool does not interpret, kept to be written back: JSON values only (a NaN or a
    Python object from a caller is dropped), at most MAX_FILE_BYTES of them in all."""
    extra: dict[str, Any] = {}
    budget = MAX_FILE_BYTES
    for key in raw:
        if key in _KNOWN_KEYS or not isinstance(key, str):
            continue
        try:
            size = len(_compact(raw[key]))
        except (TypeError, ValueError, RecursionError):
            continue
        if size <= budget:
            budget -= size
            extra[key] = raw[key]
    return extra


def from_dict(raw: Any, name: str = "文件") -> Document:
    """Build a document from parsed JSON; anything unexpected raises DocumentError naming the problem."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DocumentError(f"{name} 不是本工具保存的统计表文件。")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DocumentError(f"{name} 缺少有效的文件格式版本号，可能已损坏。")
    if version > FORMAT_VERSION:
        raise DocumentError(f"{name} 由更新版本的工具保存（格式版本 {version}），请升级本工具后再打开。")
    if version < 1:
        raise DocumentError(f"{name} 的文件格式版本 {version} 无效。")
    tinfo = raw.get("template")
    if not isinstance(tinfo, dict) or not isinstance(tinfo.get("id"), str) or tinfo["id"] not in template_ids():
        shown = tinfo.get("id") if isinstance(tinfo, dict) else tinfo
        # a format file of that name that could not be used says why (a broken file in the templates folder)
        why = next((p for p in catalog().problems if isinstance(shown, str) and f"{shown}.json" in p), "")
        unusable = f"该表格式文件未能采用：{why}" if why else ""
        raise DocumentError(f"{name} 使用了不认识的表格式 {shown!r}。{unusable}")
    template = get_template(str(tinfo["id"]))
    tversion = tinfo.get("version")
    if not isinstance(tversion, int) or isinstance(tversion, bool) or tversion > template.version:
        raise DocumentError(f"{name} 的表格式版本 {tversion!r} 比本工具支持的（{template.version}）新，请升级本工具。")
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DocumentError(f"{name} 的年度 {year!r} 无效（应为 {MIN_YEAR}–{MAX_YEAR} 之间的整数）。")
    unit_raw = raw.get("unit", {})
    if not isinstance(unit_raw, dict):
        raise DocumentError(f"{name} 的单位信息已损坏。")
    unit = UnitInfo()
    for key in UNIT_KEYS:
        v = unit_raw.get(key, "")
        if not isinstance(v, str):
            raise DocumentError(f"{name} 的单位信息“{key}”不是文字。")
        setattr(unit, key, v)
    # fields a newer version (or another tool) added to the unit: kept as read and written back, never dropped
    unit.other = {str(k): v for k, v in unit_raw.items() if k not in UNIT_KEYS}
    if unit.level and unit.level not in LEVEL_LABELS:
        choices = "、".join(LEVEL_LABELS.values())
        raise DocumentError(f"{name} 的行政层级 “{shown_value(unit.level)}” 不认识（应为 {choices}）。")
    values_raw = raw.get("values", {})
    if not isinstance(values_raw, dict):
        raise DocumentError(f"{name} 的数据部分已损坏。")
    values = _plain_integers(template, values_raw)
    rewritten: list[str] = []  # figures stored in another spelling ("12", 12.0): read as the number, said once
    for cid, v in values_raw.items():
        if cid in values:
            continue
        cell = template.cells.get(cid)
        if cell is None and cid not in template.headings:
            raise DocumentError(f"{name} 含有表中不存在的单元格 {cid!r}。")
        if v is None:
            continue
        if not isinstance(v, (int, float, str)) or isinstance(v, bool):
            raise DocumentError(f"{name} 中 {cid} 的值 {str(v)[:40]!r} 无效。")
        label = cell.short if cell else cid
        try:
            parsed = parse_value(v, cell.type if cell else "integer", template.allow_na)
        except ValueParseError as exc:
            raise DocumentError(f"{name} 中“{label}”的值无效：{exc}") from exc
        if parsed is not None:
            values[cid] = parsed
            if to_json(parsed) != v or type(to_json(parsed)) is not type(v):
                stored = f"“{shown_value(v)[:12]}”" if isinstance(v, str) else str(v)[:12]
                rewritten.append(f"{label}（{stored} → {to_json(parsed)}）")
    just_raw = raw.get("justifications", {})
    if not isinstance(just_raw, dict):
        raise DocumentError(f"{name} 的理由说明部分已损坏。")
    justifications = {}
    for key, j in just_raw.items():
        if not isinstance(j, dict) or not isinstance(j.get("reason"), str) or not isinstance(j.get("values"), dict):
            raise DocumentError(f"{name} 中规则 {key} 的理由说明已损坏。")
        snap = tuple((str(c), v) for c, v in j["values"].items())
        if any(not (v is None or isinstance(v, (int, str))) or isinstance(v, bool) for _c, v in snap):
            raise DocumentError(f"{name} 中规则 {key} 的理由说明已损坏。")
        justifications[str(key)] = Justification(j["reason"], snap)
    prev = raw.get("previous_year")
    if prev is not None and not isinstance(prev, str):
        raise DocumentError(f"{name} 的上年文件链接已损坏。")
    text = ReportText()
    if raw.get("report") is not None:
        try:
            text = text_from_json(raw["report"])
        except TextFormatError as exc:
            raise DocumentError(f"{name} 的报告正文部分已损坏：{exc}") from exc
    doc = Document(template, year, unit, values, justifications, LastYear(prev) if prev is not None else None,
                   _extra_sections(raw), text)
    cleaned = clean_document(doc)
    if cleaned:
        doc.notes.append(cleaned)
    if rewritten:
        more = f"等 {len(rewritten)} 格" if len(rewritten) > 3 else ""
        doc.notes.append(f"{name}中有数字不是按本工具的写法保存的，已按数读入：{'、'.join(rewritten[:3])}{more}；"
                         "保存时按本工具的写法写入。")
    return doc


def read_limited(path: str | Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; DocumentError (Chinese, naming the file) otherwise."""
    p = Path(path)
    name = f"“{p.name}”"
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(p)
        if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
            raise DocumentError(f"{name} 不是普通文件。")
        if info.st_size > MAX_FILE_BYTES:
            raise DocumentError(f"{name} 太大（{info.st_size // 1024 // 1024} MB），不是统计表文件。")
        with p.open("rb") as fh:
            # read what stat saw, then any growth: read(MAX + 1) would allocate the whole limit for every file (汇总)
            data = fh.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += fh.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(f"{name} 太大，不是统计表文件。")
    except OSError as exc:
        raise read_error(exc, name) from exc
    return data


def read_error(exc: OSError, name: str) -> DocumentError:
    """The Chinese message for a file that could not be read; `name` is the quoted file name (“a.json”)."""
    if isinstance(exc, FileNotFoundError):
        return DocumentError(f"找不到文件 {name}。")
    if isinstance(exc, IsADirectoryError):
        return DocumentError(f"{name} 是文件夹，不是文件。")
    if isinstance(exc, PermissionError) and getattr(exc, "winerror", None) not in _WINERROR_TEXT:
        return DocumentError(f"没有权限读取 {name}（文件可能正被其他程序占用）。")
    return DocumentError(f"无法读取 {name}：{os_error_text(exc)}。")


def _parse(data: str | bytes, name: str = "文件") -> Any:
    """The JSON of a native file's content (bytes must be UTF-8); DocumentError with a Chinese message."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"{name} 太大，不是统计表文件。")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{name} 不是 UTF-8 文本，不是本工具保存的统计表文件。") from exc
    try:
        return json.loads(data, object_pairs_hook=_no_duplicates)
    except DuplicateKeyError as exc:
        raise DocumentError(f"{name} 中“{exc.args[0]}”出现了两次，无法确定哪个是对的；"
                            "文件可能被手工改过或已损坏，没有打开。") from exc
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{name} 已损坏或不是统计表文件（第 {exc.lineno} 行格式错误）。") from exc
    except RecursionError as exc:
        raise DocumentError(f"{name} 的结构过深，不是统计表文件。") from exc
    except ValueError as exc:  # e.g. an integer literal longer than Python's 4300-digit limit
        raise DocumentError(f"{name} 含有无法读取的数字，不是统计表文件。") from exc


class DuplicateKeyError(ValueError):
    """A JSON object that names the same key twice: json.loads would silently keep the last one."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKeyError(shown_value(k))
        out[k] = v
    return out


def loads(text: str | bytes, name: str = "文件") -> Document:
    """Parse a native document; every failure is a DocumentError with a Chinese message."""
    raw = _parse(text, name)
    try:
        return from_dict(raw, name)
    except RecursionError as exc:
        raise DocumentError(f"{name} 的结构过深，不是统计表文件。") from exc


def load(path: str | Path) -> Document:
    """Read a native document; every failure is a DocumentError with a Chinese message."""
    return loads(read_limited(path), f"“{Path(path).name}”")


TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 120  # a temp file this old beside its target is a save that was interrupted, not one running


def _temp_prefix(target: Path) -> str:
    # short: the temp name must fit the file-name limit even when the document's own name nearly fills it
    return f".{target.name[:40]}."


@cache
def _host_tag() -> str:
    """Four letters for this computer, in each temp file's name: a temp file of a process that no longer runs here
    is removed at once, while one of a colleague's computer (a shared folder) is left until it is old."""
    import hashlib
    import socket

    return hashlib.sha1((socket.gethostname() or "?").encode("utf-8", "replace")).hexdigest()[:4]


def _temp_owner() -> str:
    return f"{_host_tag()}{os.getpid()}-"


def write_target(path: str | Path) -> Path:
    """Where a save of `path` really writes: through a symbolic link to the file it points at, so the link stays a
    link and the real file gets the edit (on Windows a .lnk shortcut is a file of its own and is not followed)."""
    p = Path(path)
    try:
        if p.is_symlink():
            return Path(os.path.realpath(p))
    except OSError:
        pass
    return p


def remove_stale_temps(target: str | Path, now: float | None = None) -> list[Path]:
    """Temp files an interrupted save left beside `target`: only our own pattern, only beside this file, only
    old enough that no save can still be writing them. Returns what was removed."""
    p = Path(target)
    folder = p.parent if str(p.parent) else Path(".")
    prefix = _temp_prefix(p)
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = [c for c in folder.iterdir() if c.name.startswith(prefix) and c.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return []
    for c in candidates:
        middle = c.name[len(prefix):-len(TEMP_SUFFIX)]
        # mkstemp's random part, after the owner "<host><pid>-" (files of older versions have none): nothing else
        m = re.fullmatch(r"(?:(?P<host>[0-9a-f]{4})(?P<pid>\d{1,10})-)?[A-Za-z0-9_]{6,12}", middle)
        if m is None:
            continue
        # a save of a process of this computer that no longer runs is over, however recent its temp file
        dead = (m.group("host") == _host_tag() and int(m.group("pid")) != os.getpid()
                and not process_alive(int(m.group("pid"))))
        with contextlib.suppress(OSError):
            if c.is_file() and not c.is_symlink() and (dead or now - c.stat().st_mtime > STALE_TEMP_SECONDS):
                c.unlink()
                removed.append(c)
    return removed


def write_atomic(path: str | Path, data: bytes, mode: int | None = None) -> None:
    """Temp file in the same folder, flush, fsync, replace: a failure leaves the old file intact.

    The new file keeps the old one's permissions, or gets `mode` when given (0600 for a private file)."""
    p = write_target(path)
    folder = p.parent if str(p.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(p) + _temp_owner(), suffix=TEMP_SUFFIX, dir=folder)
    try:
        if mode is None:
            _copy_mode(tmp, p)
        else:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        try:
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass  # some filesystems cannot sync a directory; the data itself is synced


def _copy_mode(tmp: str, target: Path) -> None:
    """mkstemp creates 0600; keep the old file's permissions (or the umask default) so colleagues can still read it."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _replace(tmp: str, target: Path) -> None:
    # Windows: antivirus or WPS may hold the target briefly (sharing violation); retry a few times.
    for attempt in range(6):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 5:
                raise
            time.sleep(0.05 * (attempt + 1))


def is_read_only_file(path: str | Path) -> bool:
    """The file exists and is marked read-only (no write permission bit; on Windows the 只读 attribute)."""
    p = write_target(path)
    try:
        mode = p.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & stat.S_IWUSR


def write_file(path: str | Path, data: bytes, action: str = "保存") -> None:
    """write_atomic with every failure a DocumentError whose Chinese message says why; any old file stays intact.

    A file marked read-only is refused (ReadOnlyFileError): replacing it would silently undo the marking, which a
    colleague or the office set on purpose (a final copy, an archive)."""
    p = Path(path)
    if is_read_only_file(p):
        raise ReadOnlyFileError(f"“{p.name}”是只读文件，没有覆盖它。请用“另存为”保存到另一个文件名，"
                                "或先在文件属性中取消“只读”。")
    remove_stale_temps(write_target(p))
    try:
        write_atomic(p, data)
    except FileNotFoundError as exc:
        raise DocumentError(f"保存位置“{p.parent}”不存在。原文件未改动。") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"“{p.name}”是一个文件夹，不能保存为这个名字。") from exc
    except PermissionError as exc:
        if getattr(exc, "winerror", None) in _WINERROR_TEXT:  # a sharing violation says more than "no permission"
            raise DocumentError(f"{action}“{p.name}”失败：{os_error_text(exc)}。原文件未改动。") from exc
        raise DocumentError(
            f"没有权限写入“{p.name}”（文件夹只读，或文件正被 WPS/Excel 等程序占用）。原文件未改动。"
        ) from exc
    except OSError as exc:
        raise DocumentError(f"{action}“{p.name}”失败：{os_error_text(exc)}。原文件未改动。") from exc


def save(doc: Document, path: str | Path) -> None:
    """Save atomically; raises DocumentError with a Chinese message, leaving any old file intact."""
    write_file(path, dumps(doc, path).encode("utf-8"))
