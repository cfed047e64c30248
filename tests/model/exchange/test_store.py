"""The native file: save → load round trip, atomic save that never damages the old file, and every kind of bad file."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.core.clean import printable
from model.core.document import Document, Justification, LastYear, UnitInfo
from model.core.rules import checker_for
from model.core.templates import get_template
from model.core.values import DECIMAL, NA
from model.exchange import store
from model.exchange.store import FORMAT_VERSION, DocumentError, dumps, load, loads, save
from resources import path as resource_path

SEED = resource_path("examples", "haizhou-2015.json")
EXAMPLE_2021 = resource_path("examples", "example-2021.json")
ODD = ["\ud800", "\udfff", "\x00", "\u2028", '"', "\\", "𠀀", "\r\n", "\t", "{}", "海州区（盖章）", "\ufeff", "'"]

odd_text = st.lists(st.one_of(st.text(max_size=5), st.sampled_from(ODD)), max_size=6).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    template = get_template(draw(st.sampled_from(["gov2015", "gov2021"])))
    values = {}
    for cid, cell in template.cells.items():
        if cell.type == DECIMAL:
            v = draw(st.one_of(st.none(), st.just(NA), st.decimals(min_value=0, max_value=10**9, places=4)))
        else:
            v = draw(st.one_of(st.none(), st.just(NA), st.integers(0, 10**12)))
        if v is not None:
            values[cid] = v
    keys = [i.key for i in checker_for(template).instances if i.spec.severity == "warning"]
    justifications = {}
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)):
        cells = next(i.cells for i in checker_for(template).instances if i.key == key)
        snap = tuple((c, draw(st.one_of(st.none(), st.integers(0, 99), st.sampled_from(["/", "1.5"])))) for c in cells)
        justifications[key] = Justification(draw(odd_text), snap)
    unit = UnitInfo(*(draw(odd_text) for _ in range(6)))
    year = draw(st.integers(2008, 2100))
    prev = draw(st.one_of(st.none(), odd_text))
    return Document(template, year, unit, values, justifications, LastYear(prev) if prev is not None else None)


def paired(text: str | None) -> str | None:
    """JSON joins an escaped high+low surrogate pair into one character; so does this."""
    return None if text is None else text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


def link_of(doc: Document) -> str | None:
    return doc.previous.link if doc.previous is not None else None


def same(a: Document, b: Document) -> None:
    """`a` came back from the file, `b` went in: its texts as every writer writes them (lone surrogates as U+FFFD,
    control characters and invisible marks removed: model/core/clean.py), the link to last year as written."""
    unit = UnitInfo(*(printable(b.unit.get(k), lines=False) for k in UnitInfo.__dataclass_fields__))
    assert (a.template.id, a.template.version, a.year, a.unit, link_of(a)) == (
        b.template.id, b.template.version, b.year, unit, paired(link_of(b)))
    assert a.values == b.values
    assert {k: type(v) for k, v in a.values.items()} == {
        k: (Decimal if a.template.cells[k].type == DECIMAL and v is not NA else type(v)) for k, v in a.values.items()}
    assert a.justifications == {k: Justification(printable(j.reason), j.values) for k, j in b.justifications.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_dumps_loads_round_trip(doc: Document) -> None:
    text = dumps(doc)
    text.encode("utf-8")  # always valid UTF-8, even with lone surrogates in the unit name
    same(loads(text), doc)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_save_load_round_trip_through_a_file(tmp_path: Path, doc: Document) -> None:
    p = tmp_path / "报表 (1).json"
    save(doc, p)
    same(load(p), doc)
    assert [f.name for f in tmp_path.iterdir()] == ["报表 (1).json"]


def test_the_file_is_readable_utf8_json(tmp_path: Path, seed_doc: Document) -> None:
    p = tmp_path / "a.json"
    save(seed_doc, p)
    text = p.read_text(encoding="utf-8")
    assert "连云港市海州区人民政府" in text and '"format_version": 1' in text and '\n "values": {' in text
    raw = json.loads(text)
    assert raw["template"] == {"id": "gov2015", "version": 1} and raw["values"]["G"] == "0"


def test_examples_load_and_save_byte_identical(tmp_path: Path) -> None:
    for src in (SEED, EXAMPLE_2021):
        p = tmp_path / src.name
        save(load(src), p)
        assert json.loads(p.read_text(encoding="utf-8")) | {"previous_year": None} == json.loads(
            src.read_text(encoding="utf-8")) | {"previous_year": None}


# --- atomic save ------------------------------------------------------------------------------------------------

@pytest.fixture
def old_file(tmp_path: Path, seed_doc: Document) -> Path:
    p = tmp_path / "old.json"
    save(seed_doc, p)
    return p


def changed(doc: Document) -> Document:
    doc.set_value("C1", 99)
    return doc


def assert_untouched(p: Path, before: bytes) -> None:
    assert p.read_bytes() == before
    assert sorted(f.name for f in p.parent.iterdir()) == [p.name], "temp file left behind"


@pytest.mark.parametrize(
    ("target", "exc", "words"),
    [
        ("replace", OSError(errno.EIO, "I/O error"), "原文件未改动"),
        ("fsync", OSError(errno.EIO, "I/O error"), "原文件未改动"),
        ("fsync", OSError(errno.ENOSPC, "No space left on device"), "磁盘已满"),
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "没有权限"),
        ("replace", OSError(errno.ENAMETOOLONG, "File name too long"), "文件名或路径太长"),
        ("fsync", OSError(errno.EDQUOT, "Disk quota exceeded"), "磁盘配额已用完"),
        ("replace", OSError(errno.EBUSY, "Device or resource busy"), "正忙"),
        ("fsync", OSError(errno.ENODEV, "No such device"), "已拔出"),
        ("replace", OSError(errno.EROFS, "Read-only file system"), "只读"),
    ],
)
def test_failed_save_keeps_the_old_file_and_leaves_no_temp_file(
    monkeypatch: pytest.MonkeyPatch, old_file: Path, seed_doc: Document, target: str, exc: OSError, words: str
) -> None:
    before = old_file.read_bytes()

    def fail(*_args: object) -> None:
        raise exc

    monkeypatch.setattr(store.os, target, fail)
    with pytest.raises(DocumentError, match=words) as info:
        save(changed(seed_doc), old_file)
    assert "old.json" in str(info.value) or "磁盘" in str(info.value)
    monkeypatch.undo()
    assert_untouched(old_file, before)


def test_killed_during_save_keeps_the_old_file(
    monkeypatch: pytest.MonkeyPatch, old_file: Path, seed_doc: Document
) -> None:
    before = old_file.read_bytes()

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(changed(seed_doc), old_file)
    monkeypatch.undo()
    assert_untouched(old_file, before)


def test_read_only_folder_simulated(monkeypatch: pytest.MonkeyPatch, old_file: Path, seed_doc: Document) -> None:
    before = old_file.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store.tempfile, "mkstemp", refuse)
    with pytest.raises(DocumentError, match=r"没有权限写入“old\.json”"):
        save(changed(seed_doc), old_file)
    monkeypatch.undo()
    assert_untouched(old_file, before)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_for_real(old_file: Path, seed_doc: Document) -> None:
    before = old_file.read_bytes()
    old_file.parent.chmod(0o555)
    try:
        with pytest.raises(DocumentError, match="没有权限"):
            save(changed(seed_doc), old_file)
    finally:
        old_file.parent.chmod(0o755)
    assert_untouched(old_file, before)


def test_save_keeps_file_permissions(old_file: Path, seed_doc: Document) -> None:
    old_file.chmod(0o644)
    save(changed(seed_doc), old_file)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o644
    assert load(old_file).value("C1") == 99


def test_save_into_a_missing_folder(tmp_path: Path, seed_doc: Document) -> None:
    with pytest.raises(DocumentError, match="不存在"):
        save(seed_doc, tmp_path / "nope" / "a.json")


# --- bad files ----------------------------------------------------------------------------------------------------

def seed_raw() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def bad(**changes: object) -> str:
    raw = seed_raw()
    raw.update(changes)
    return json.dumps(raw, ensure_ascii=False)


BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("truncated", SEED.read_text(encoding="utf-8")[:300], "已损坏"),
    ("empty", "", "已损坏"),
    ("foreign json", '{"name": "通讯录", "rows": []}', "不是本工具保存的统计表文件"),
    ("json list", "[1, 2, 3]", "不是本工具保存的统计表文件"),
    ("xlsx bytes", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "不是 UTF-8"),
    ("utf-16", "{}".encode("utf-16"), "不是 UTF-8"),
    ("newer format", bad(format_version=FORMAT_VERSION + 1), "更新版本的工具"),
    ("bad format version", bad(format_version="1"), "格式版本"),
    ("newer template", bad(template={"id": "gov2015", "version": 99}), "请升级本工具"),
    ("unknown template", bad(template={"id": "gov2030", "version": 1}), "不认识的表格式"),
    ("template id a list", bad(template={"id": ["gov2015"], "version": 1}), "不认识的表格式"),
    ("year too old", bad(year=1900), "年度"),
    ("year as text", bad(year="2015"), "年度"),
    ("year true", bad(year=True), "年度"),
    ("unknown cell", bad(values={**seed_raw()["values"], "Z9": 1}), "不存在的单元格 'Z9'"),
    ("2021 cell in a 2015 file", bad(values={"n1.zrr": 1}), "不存在的单元格 'n1.zrr'"),
    ("not a number", bad(values={"I3": "八十"}), "“接受培训人员数”的值无效：'八十' 不是数字"),
    ("negative", bad(values={"C1": -5}), "“收到申请数”的值无效"),
    ("value a list", bad(values={"C1": [5]}), "C1 的值"),
    ("values a list", bad(values=[1]), "数据部分已损坏"),
    ("unit a list", bad(unit=["海州区"]), "单位信息已损坏"),
    ("unit field a number", bad(unit={"name": 5}), "单位信息"),
    ("justification broken", bad(justifications={"R21": "核实"}), "理由说明已损坏"),
    ("justification values broken", bad(justifications={"R21": {"reason": "x", "values": {"I2": [1]}}}),
     "理由说明已损坏"),
    ("previous year link broken", bad(previous_year=5), "上年文件链接已损坏"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "不是统计表文件"),
    ("huge integer", '{"format": "gov-disclosure-stats", "x": ' + "9" * 5000 + "}", "不是统计表文件"),
]


@pytest.mark.parametrize(("case", "content", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_give_a_chinese_message_and_stay_unchanged(tmp_path: Path, case: str, content: str | bytes,
                                                            words: str) -> None:
    p = tmp_path / "坏文件.json"
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    p.write_bytes(data)
    with pytest.raises(DocumentError, match=words) as info:
        load(p)
    assert "坏文件.json" in str(info.value)
    assert p.read_bytes() == data


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.json"
    p.write_bytes(b" " * 2048)
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 1024)
    with pytest.raises(DocumentError, match="太大"):
        load(p)
    with pytest.raises(DocumentError, match="太大"):
        loads(" " * 2048)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="找不到文件"):
        load(tmp_path / "missing.json")
    with pytest.raises(DocumentError, match="是文件夹"):
        load(tmp_path)


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.json"
    p.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    assert load(p).value("A1") == 8547


# --- fuzzing the loader ---------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["format", "format_version", "template", "year", "unit", "values", "justifications", "previous_year"]


def only_document_errors(text: str) -> None:
    try:
        doc = loads(text)
    except DocumentError as exc:
        assert str(exc)
    else:
        assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
@example(b"\xff\xfe{")
def test_fuzz_bytes(data: bytes) -> None:
    only_document_errors(data.decode("latin-1"))
    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder) / "fuzz.json"
        p.write_bytes(data)
        with contextlib.suppress(DocumentError):
            load(p)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_text(text: str) -> None:
    only_document_errors(text)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_fuzz_json(value: object) -> None:
    only_document_errors(json.dumps(value))


@settings(max_examples=500, deadline=None)
@given(field=st.sampled_from(FIELDS), value=json_values, cell=st.sampled_from([*get_template("gov2015").cells, "SEC1"]))
def test_fuzz_one_field_of_a_valid_document(field: str, value: object, cell: str) -> None:
    raw = seed_raw()
    raw[field] = value
    only_document_errors(json.dumps(raw))
    raw = seed_raw()
    raw["values"][cell] = value
    only_document_errors(json.dumps(raw))
    raw = seed_raw()
    raw["template"] = {"id": "gov2015", "version": value}
    raw["justifications"] = {"R21": {"reason": "x", "values": value}}
    only_document_errors(json.dumps(raw))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    p = tmp_path / "pipe.json"
    os.mkfifo(p)
    with pytest.raises(DocumentError, match="不是普通文件"):
        load(p)


def test_saving_over_a_folder_or_with_a_long_name(tmp_path: Path, seed_doc: Document) -> None:
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(DocumentError, match="文件夹"):
        save(seed_doc, tmp_path / "folder.json")
    long_name = "海" * 78 + ".json"  # 239 bytes in UTF-8: near the 255-byte limit of most file systems
    save(seed_doc, tmp_path / long_name)
    assert load(tmp_path / long_name).value("A1") == 8547


# --- sections this version does not know (a newer feature's, or 汇总 provenance) ----------------------------------

safe_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
safe_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | safe_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(safe_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(sections=st.dictionaries(safe_text.filter(lambda k: k not in FIELDS), safe_json, max_size=3))
def test_unknown_top_level_sections_survive_a_save(sections: dict[str, object]) -> None:
    raw = seed_raw() | sections
    doc = loads(json.dumps(raw, ensure_ascii=False))
    assert doc.extra == sections
    written = json.loads(dumps(doc))
    assert {k: written[k] for k in sections} == sections
    assert written["values"] == raw["values"] and loads(dumps(doc)).extra == sections


def test_unknown_sections_that_are_not_json_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = loads(json.dumps(seed_raw())[:-1] + ', "a": NaN, "b": [1, {"c": Infinity}], "d": {"e": [2]}}')
    assert doc.extra == {"d": {"e": [2]}}
    assert store.from_dict(seed_raw() | {"f": object(), "g": (1, 2)}).extra == {"g": (1, 2)}
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 100)
    doc = store.from_dict(seed_raw() | {"small": "x" * 50, "big": "y" * 60, "tiny": 1})
    assert doc.extra == {"small": "x" * 50, "tiny": 1}
    assert "big" not in dumps(doc) and '"small": "' + "x" * 50 in dumps(doc)


def test_a_documents_own_sections_cannot_be_overwritten_by_extra_ones(seed_doc: Document) -> None:
    seed_doc.extra = {"year": 1999, "later": {"rows": [[1, 2], [3]]}}
    text = dumps(seed_doc)
    assert json.loads(text)["year"] == 2015 and json.loads(text)["later"] == {"rows": [[1, 2], [3]]}
    assert '"later": {"rows":[\n  [1,2],\n  [3]]}' in text  # one line per row of a long list
