"""Saves that behave like a careful editor's, locks between writers, received files as data, errors in Chinese."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from model.collect.aggregate import aggregate_files
from model.collect.aggregate_save import save_aggregate
from model.core.document import Document, Justification
from model.exchange import lock as locks
from model.exchange.disk import change_lines, changed_since, state_of
from model.exchange.store import (
    DocumentError,
    ReadOnlyFileError,
    load,
    loads,
    os_error_text,
    remove_stale_temps,
    save,
)
from model.exchange.xlsx_export import export_document
from tests.conftest import SEED_EXAMPLE

# -- one writer per file ----------------------------------------------------------------------------------------

def test_a_second_lock_is_refused_naming_who_has_it(seed_file: Path) -> None:
    first, taken = locks.acquire(seed_file)
    assert taken is None and first.held()
    with pytest.raises(locks.LockedError) as info:
        locks.acquire(seed_file)
    who = info.value.info.who()
    assert "电脑" in who and "起" in who and info.value.info.pid == os.getpid()
    lock_file = locks.lock_path(seed_file)
    assert lock_file.name == f".~lock.{seed_file.name}#" and lock_file.parent == seed_file.parent
    first.release()
    assert not lock_file.exists()
    again, _ = locks.acquire(seed_file)
    again.release()


def test_a_lock_left_by_a_dead_process_is_taken_over(seed_file: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    lock_file = locks.lock_path(seed_file)
    lock_file.write_text(json.dumps({"user": "张三", "host": locks._host(), "pid": pid, "since": "2026-11-30T09:00:00",
                                     "token": "old"}), encoding="utf-8")
    lock, taken = locks.acquire(seed_file)
    assert taken is not None and taken.user == "张三" and lock.held()
    lock.release()


def test_a_lock_from_another_computer_counts_until_it_stops_being_refreshed(seed_file: Path) -> None:
    lock_file = locks.lock_path(seed_file)
    lock_file.write_text(json.dumps({"user": "李四", "host": "另一台电脑", "pid": 1, "since": "2026-12-01T08:00:00",
                                     "token": "far"}), encoding="utf-8")
    with pytest.raises(locks.LockedError, match="李四（电脑 另一台电脑，自 2026-12-01 08:00 起）"):
        locks.acquire(seed_file)
    old = time.time() - locks.STALE_SECONDS - 60
    os.utime(lock_file, (old, old))
    lock, taken = locks.acquire(seed_file)
    assert taken is not None and taken.host == "另一台电脑"
    lock.release()


def test_another_programs_lock_file_is_respected(seed_file: Path) -> None:
    locks.lock_path(seed_file).write_text(",王五,WPS-PC,01.12.2026 08:00,", encoding="utf-8")  # LibreOffice's own
    with pytest.raises(locks.LockedError):
        locks.acquire(seed_file)


def test_a_link_and_its_target_share_one_lock(tmp_path: Path, seed_file: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(seed_file)
    lock, _ = locks.acquire(link)
    with pytest.raises(locks.LockedError):
        locks.acquire(seed_file)
    lock.release()


# -- no silent overwrite: what the file was ---------------------------------------------------------------------

def test_a_file_changed_by_someone_else_is_noticed_with_what_changed(seed_file: Path) -> None:
    state = state_of(seed_file)
    assert state is not None and changed_since(state) is None
    theirs = load(seed_file)
    theirs.set_value("A1", 1111)
    theirs.unit.phone = "0518-1"
    save(theirs, seed_file)
    now = changed_since(state)
    assert now is not None
    assert change_lines(state, now) == ["联系电话：（空） → 0518-1", "主动公开政府信息数：8547 → 1111"]
    seed_file.write_bytes(now.content)  # saved again, same content: not a change
    assert changed_since(now) is None


# -- saves like a careful editor's ------------------------------------------------------------------------------

def test_saving_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path, seed_doc: Document) -> None:
    real = tmp_path / "real" / "海州.json"
    real.parent.mkdir()
    shutil.copy(SEED_EXAMPLE, real)
    link = tmp_path / "桌面快捷.json"
    link.symlink_to(real)
    seed_doc.set_value("A1", 1)
    save(seed_doc, link)
    assert link.is_symlink() and load(real).value("A1") == 1
    assert sorted(p.name for p in real.parent.iterdir()) == ["海州.json"]


def test_a_read_only_file_is_refused_offering_save_as(seed_file: Path, seed_doc: Document) -> None:
    before = seed_file.read_bytes()
    seed_file.chmod(0o444)
    with pytest.raises(ReadOnlyFileError, match=r"只读文件.*另存为"):
        save(seed_doc, seed_file)
    assert seed_file.read_bytes() == before and stat.S_IMODE(seed_file.stat().st_mode) == 0o444


def test_permissions_are_kept(seed_file: Path, seed_doc: Document) -> None:
    seed_file.chmod(0o640)
    save(seed_doc, seed_file)
    assert stat.S_IMODE(seed_file.stat().st_mode) == 0o640


def test_temp_files_of_interrupted_saves_are_removed_next_time_ours_only(seed_file: Path,
                                                                         seed_doc: Document) -> None:
    folder = seed_file.parent
    ours = [folder / f".{seed_file.name}.{tag}.tmp" for tag in ("a1b2c3d4", "zz_9x8y7")]
    fresh = folder / f".{seed_file.name}.q1w2e3r4.tmp"  # a save that may still be running elsewhere
    others = [folder / ".other.json.a1b2c3d4.tmp", folder / f".{seed_file.name}.notours!.tmp", folder / "x.tmp"]
    old = time.time() - 3600
    for p in (*ours, *others, fresh):
        p.write_bytes(b"half a file")
    for p in (*ours, *others):
        os.utime(p, (old, old))
    save(seed_doc, seed_file)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in (*others, fresh))
    assert remove_stale_temps(seed_file, now=time.time() + 3600) == [fresh]


# -- received files are data ------------------------------------------------------------------------------------

def test_duplicate_keys_are_refused_not_silently_resolved() -> None:
    text = SEED_EXAMPLE.read_text(encoding="utf-8").replace('"A1": 8547,', '"A1": 8547,\n  "A1": 1,', 1)
    with pytest.raises(DocumentError, match="“A1”出现了两次"):
        loads(text, "“x.json”")


def test_unknown_unit_fields_are_kept_through_a_save(tmp_path: Path) -> None:
    raw = json.loads(SEED_EXAMPLE.read_text(encoding="utf-8"))
    raw["unit"]["统一社会信用代码"] = "11320700MB1234567X"
    p = tmp_path / "newer.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    save(load(p), p)
    assert json.loads(p.read_text(encoding="utf-8"))["unit"]["统一社会信用代码"] == "11320700MB1234567X"


FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]


def texts_of(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    out.append(f"FORMULA {ws.title}!{c.coordinate} {c.value}")
                elif isinstance(c.value, str):
                    out.append(c.value)
    return out


def test_formula_looking_text_is_written_as_text_in_every_workbook(tmp_path: Path, seed_doc: Document) -> None:
    seed_doc.unit.name = FORMULAS[0]
    seed_doc.unit.head = FORMULAS[1]
    seed_doc.set_value("A1a", 9000)  # R08 error; R14 warning with a reason
    seed_doc.set_value("A1b", 10)
    seed_doc.justifications["R14"] = Justification(FORMULAS[0] + "因为规范性文件由上级转发，不计入制发数", (
        ("A1a", 9000), ("A1b", 10)))
    form = tmp_path / "form.xlsx"
    export_document(seed_doc, form)
    units = []
    for k, name in enumerate(FORMULAS):
        d = load(SEED_EXAMPLE)
        d.unit.name = name
        d.set_value("A1", k)
        units.append(tmp_path / f"u{k}.json")
        save(d, units[-1])
    agg = aggregate_files(units, FORMULAS[0])
    summary = tmp_path / "sum.xlsx"
    save_aggregate(agg, summary)
    for book in (form, summary):
        texts = texts_of(book)
        assert not [t for t in texts if t.startswith("FORMULA")], book
        assert any(FORMULAS[0] in t for t in texts)
    assert any(t == FORMULAS[3] for t in texts_of(summary))  # a unit column header, exactly as the unit wrote it


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_formula_looking_text_as_text(tmp_path: Path, seed_doc: Document) -> None:
    seed_doc.unit.name = "=1+1"
    form = tmp_path / "form.xlsx"
    export_document(seed_doc, form)
    subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(form)],
                   capture_output=True, timeout=120, check=True, env={**os.environ, "HOME": str(tmp_path)})
    text = (tmp_path / "form.csv").read_text(encoding="utf-8", errors="replace")
    assert "=1+1" in text and "填报单位（盖章）：2" not in text


# -- every failure in Chinese -----------------------------------------------------------------------------------

ERRNOS = [getattr(errno, n) for n in ("ENAMETOOLONG", "EIO", "ENODEV", "ENXIO", "EDQUOT", "EBUSY", "ETXTBSY",
                                      "ENOSPC", "EROFS", "EACCES", "EPERM", "ENOENT", "EMFILE", "ELOOP", "ESTALE",
                                      "ETIMEDOUT", "EINVAL") if hasattr(errno, n)]


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_every_os_error_reads_in_chinese(code: int) -> None:
    english = os.strerror(code)
    text = os_error_text(OSError(code, english))
    assert english not in text and "系统报告了一个错误" not in text  # known, and said in Chinese
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 6, text


@pytest.mark.parametrize("winerror", [32, 33, 53, 64, 67, 112, 206])
def test_windows_sharing_and_network_errors_read_in_chinese(winerror: int) -> None:
    exc = OSError(errno.EACCES, "The process cannot access the file")
    exc.winerror = winerror  # type: ignore[attr-defined]
    text = os_error_text(exc)
    assert "The process" not in text and text != os_error_text(OSError(errno.EACCES, "x"))


def test_an_unexpected_error_still_reads_in_chinese_with_its_code() -> None:
    text = os_error_text(OSError(9999, "Something odd"))
    assert text.startswith("系统报告了一个错误（错误代码 9999）") and "Something" not in text


def test_a_name_too_long_save_says_so_in_chinese(tmp_path: Path, seed_doc: Document) -> None:
    with pytest.raises(DocumentError) as info:
        save(seed_doc, tmp_path / ("长" * 200 + ".json"))
    assert "文件名或路径太长" in str(info.value) and "too long" not in str(info.value)
