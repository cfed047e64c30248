"""The conventions of a desktop program's command line: version, Chinese help and errors, exit codes, pipes, log."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from model import __version__
from tests.conftest import SEED_EXAMPLE

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=60, env={**os.environ, **(env or {})})


def test_version_matches_the_project() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"政府信息公开统计表 {__version__}"
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"', project, re.M).group(1) == __version__  # type: ignore[union-attr]


def test_help_is_chinese_and_names_the_exit_codes() -> None:
    r = run("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("用法：main.py") and "显示本帮助并退出" in r.stdout and "显示版本号并退出" in r.stdout
    assert "64 用法错误" in r.stdout and "show this help" not in r.stdout and "usage:" not in r.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--bogus"], "不认识的参数：--bogus"),
    (["--script", "latin", "--pdf", "x.pdf", "a.json"], "无效的选择：'latin'"),
    (["--year", "二〇二四", "--sum", "x.json", "a.json"], "无效的 int 值"),
    (["--check"], "--check 需要一个或多个文件（或文件夹）"),
    (["--pdf", "x.pdf"], "--pdf 需要且只需要一个要打印的文件"),
    (["--sum", "x.json"], "--sum 需要至少一个要汇总的文件"),
    (["--xlsx", "x.pdf", str(SEED_EXAMPLE)], "扩展名应为 .xlsx"),
])
def test_usage_errors_exit_64_in_chinese(args: list[str], words: str) -> None:
    r = run(*args)
    assert r.returncode == 64, r.stderr
    assert words in r.stderr and "error:" not in r.stderr and "Traceback" not in r.stderr


def test_an_unreadable_file_is_2_not_a_usage_error(tmp_path: Path) -> None:
    assert run("--check", str(tmp_path / "没有.json")).returncode == 2


def test_output_into_a_closed_pipe_ends_quietly() -> None:
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--check", "--json", str(SEED_EXAMPLE)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # like `| head -0`
    err = p.stderr.read().decode("utf-8", "replace")
    assert p.wait(timeout=60) in (0, 1) and "BrokenPipe" not in err and "Traceback" not in err


def test_an_unexpected_error_is_logged_with_its_traceback(tmp_path: Path) -> None:
    code = ("import sys, main\n"
            "import model.core.report as r\n"
            "def boom(*a, **k): raise RuntimeError('boom inside')\n"
            "r.check_document = boom\n"
            f"sys.exit(main.main(['--check', {str(SEED_EXAMPLE)!r}]))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                       timeout=60, env={**os.environ, "GDS_LOG_DIR": str(tmp_path)})
    assert r.returncode == 70 and "意外错误" in r.stderr and str(tmp_path) in r.stderr
    log = (tmp_path / "gov-disclosure-stats.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: boom inside" in log
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ERROR main: unexpected error", log)
