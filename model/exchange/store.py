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

from model.core.document import MAX_YEAR, MIN_YEAR, Document, Justification, UnitInfo
from model.core.templates import LEVEL_LABELS, TEMPLATE_FILES, Template, get_template
from model.core.values import INTEGER, Value, ValueParseError, parse_value, to_json
from model.core.values import shown as shown_value

FORMAT = "gov-disclosure-stats"
FORMAT_VERSION = 1
SUFFIX = ".json"
MAX_FILE_BYTES = 20 * 1024 * 1024
_FAST_INT_LIMIT = 10**15  # model.core.values._MAX_DIGITS: parse_value returns smaller integers unchanged


class DocumentError(Exception):
    """A file that cannot be read or written; str() is a Chinese message for the user."""


def _document_dict(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template": {"id": doc.template.id, "version": doc.template.version},
        "year": doc.year,
        # the level only once chosen: files of units that never set it stay as they were
        "unit": {k: getattr(doc.unit, k) for k in UnitInfo.__dataclass_fields__ if k != "level" or doc.unit.level},
        "values": {c: to_json(doc.values[c]) for c in doc.template.cells if c in doc.values}
        | {h: to_json(doc.values[h]) for h in doc.template.headings if h in doc.values},
        "justifications": {
            k: {"reason": j.reason, "values": dict(j.values)} for k, j in sorted(doc.justifications.items())
        },
        "previous_year": doc.previous_year,
    }


_KNOWN_KEYS = frozenset(("format", "format_version", "template", "year", "unit", "values", "justifications",
                         "previous_year"))
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


def dumps(doc: Document) -> str:
    text = json.dumps(_document_dict(doc), ensure_ascii=False, indent=1)
    sections = [f" {_compact(k)}: {_section_text(v)}" for k, v in _extra(doc).items()]
    if sections:
        text = text[:-2] + ",\n" + ",\n".join(sections) + "\n}"
    text += "\n"
    # A lone surrogate (e.g. pasted from a broken Windows clipboard) cannot be encoded as UTF-8; the JSON escape
    # keeps the file valid UTF-8 and loads back to the same string.
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    return ints  # type: ignore[return-value]


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
    if not isinstance(tinfo, dict) or not isinstance(tinfo.get("id"), str) or tinfo["id"] not in TEMPLATE_FILES:
        shown = tinfo.get("id") if isinstance(tinfo, dict) else tinfo
        raise DocumentError(f"{name} 使用了不认识的表格式 {shown!r}。")
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
    for key in UnitInfo.__dataclass_fields__:
        v = unit_raw.get(key, "")
        if not isinstance(v, str):
            raise DocumentError(f"{name} 的单位信息“{key}”不是文字。")
        setattr(unit, key, v)
    if unit.level and unit.level not in LEVEL_LABELS:
        choices = "、".join(LEVEL_LABELS.values())
        raise DocumentError(f"{name} 的行政层级 “{shown_value(unit.level)}” 不认识（应为 {choices}）。")
    values_raw = raw.get("values", {})
    if not isinstance(values_raw, dict):
        raise DocumentError(f"{name} 的数据部分已损坏。")
    values = _plain_integers(template, values_raw)
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
    return Document(template, year, unit, values, justifications, prev, _extra_sections(raw))


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
    if isinstance(exc, PermissionError):
        return DocumentError(f"没有权限读取 {name}（文件可能正被其他程序占用）。")
    return DocumentError(f"无法读取 {name}：{exc.strerror or exc}")


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
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{name} 已损坏或不是统计表文件（第 {exc.lineno} 行格式错误）。") from exc
    except RecursionError as exc:
        raise DocumentError(f"{name} 的结构过深，不是统计表文件。") from exc
    except ValueError as exc:  # e.g. an integer literal longer than Python's 4300-digit limit
        raise DocumentError(f"{name} 含有无法读取的数字，不是统计表文件。") from exc


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


def write_atomic(path: str | Path, data: bytes) -> None:
    """Temp file in the same folder, flush, fsync, replace: a failure leaves the old file intact."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    # a short prefix: the temp name must fit the file-name limit even when the document's own name nearly fills it
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        _copy_mode(tmp, p)
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


def write_file(path: str | Path, data: bytes, action: str = "保存") -> None:
    """write_atomic with every failure a DocumentError whose Chinese message says why; any old file stays intact."""
    p = Path(path)
    try:
        write_atomic(p, data)
    except PermissionError as exc:
        raise DocumentError(
            f"没有权限写入“{p.name}”（文件夹只读，或文件正被 WPS/Excel 等程序占用）。原文件未改动。"
        ) from exc
    except FileNotFoundError as exc:
        raise DocumentError(f"保存位置“{p.parent}”不存在。") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"“{p.name}”是一个文件夹，不能保存为这个名字。") from exc
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            reason = "磁盘已满。请清理磁盘或另存到其他位置"
        elif exc.errno == errno.EROFS:
            reason = "该磁盘是只读的。请另存到其他位置"
        else:
            reason = str(exc.strerror or exc)
        raise DocumentError(f"{action}“{p.name}”失败：{reason}。原文件未改动。") from exc


def save(doc: Document, path: str | Path) -> None:
    """Save atomically; raises DocumentError with a Chinese message, leaving any old file intact."""
    write_file(path, dumps(doc).encode("utf-8"))
