"""No dead code: vulture over the program and its tests ([tool.vulture] in pyproject.toml says what it may ignore)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_vulture_finds_no_unused_code() -> None:
    paths = ["model", "ui", "print", "main.py", "tests", "installer", "bench", "resources"]
    found = subprocess.run([sys.executable, "-m", "vulture", *paths], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert found.stdout == "" and found.returncode == 0, found.stdout + found.stderr


def test_vulture_would_see_a_dead_function(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def used() -> int:\n    return 1\n\n\ndef never_called() -> int:\n    return used()\n",
                     encoding="utf-8")
    found = subprocess.run([sys.executable, "-m", "vulture", str(probe)], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert "unused function 'never_called'" in found.stdout
