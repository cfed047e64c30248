"""`main.py --check` as a clerk or a script runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_EXAMPLE, edited_copy

ROOT = Path(__file__).resolve().parent.parent


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--check", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )


def test_seed_example_passes_and_exits_0() -> None:
    r = run_check(str(SEED_EXAMPLE), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["template"] == "gov2015"
    assert out["errors"] == [] and out["warnings"] == []


def test_changed_copy_exits_1_naming_the_total(tmp_path: Path) -> None:
    bad = edited_copy(SEED_EXAMPLE, tmp_path / "bad.json", C1c=3)
    r = run_check(str(bad), "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    (err,) = out["errors"]
    assert err["rule"] == "R01"
    assert err["message"].endswith("收到申请数 5 ≠ 当面申请数 0 + 传真申请数 0 + 网络申请数 3 + 信函申请数 1 = 4，差 1")
    assert err["cells"][0] == {"cell": "C1", "row": "（一）收到申请数", "column": None, "value": 5}
    plain = run_check(str(bad))
    assert plain.returncode == 1 and "收到申请数" in plain.stdout and "错误 1" in plain.stdout


def test_unreadable_file_exits_2_with_chinese_message(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x00\xff not json")
    r = run_check(str(junk))
    assert r.returncode == 2
    assert "不是" in r.stderr and r.stdout == ""
    r = run_check(str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "找不到文件" in r.stderr


def test_check_does_not_import_qt(tmp_path: Path) -> None:
    code = (
        f"import sys, runpy; sys.argv=['main.py','--check',{str(SEED_EXAMPLE)!r}];"
        "import main; rc = main.main(sys.argv[1:]);"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 imported';"
        "assert 'model.exchange.xlsx_import' not in sys.modules, 'workbook reader imported for a .json file';"
        "print('rc', rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "rc 0" in r.stdout


def test_2021_example_passes_and_a_broken_copy_names_the_cells(tmp_path: Path) -> None:
    from resources import path as resource_path

    example = resource_path("examples", "example-2021.json")
    r = run_check(str(example))
    assert r.returncode == 0, r.stderr
    assert "全部校验通过" in r.stdout and "青山县自然资源局" in r.stdout
    bad = edited_copy(example, tmp_path / "bad2021.json", **{"fy.zj": 3})
    r = run_check(str(bad), "--json")
    assert r.returncode == 1
    (err,) = json.loads(r.stdout)["errors"]
    assert err["rule"] == "K4"
    assert err["cells"][0] == {
        "cell": "fy.zj", "row": "四、政府信息公开行政复议、行政诉讼情况", "column": "行政复议·总计", "value": 3}


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    bad = edited_copy(SEED_EXAMPLE, tmp_path / "warn.json", I3=0)
    r = run_check(str(bad), "--json")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["errors"] == [] and [w["rule"] for w in out["warnings"]] == ["R21"]


def test_a_bad_value_in_the_file_exits_2_naming_the_cell(tmp_path: Path) -> None:
    bad = edited_copy(SEED_EXAMPLE, tmp_path / "bad.json", I3="八十")
    r = run_check(str(bad))
    assert r.returncode == 2 and "接受培训人员数" in r.stderr and "不是数字" in r.stderr
