"""Layer rules of the design card: model/ and print/ never load Qt; nothing shadows the builtin `print`."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".git", "__pycache__", "node_modules", ".ruff_cache", ".hypothesis", "build", "dist"}


def modules_of(package: str) -> list[str]:
    return sorted(
        f"{package}.{p.stem}" if p.stem != "__init__" else package for p in (ROOT / package).glob("*.py")
    )


def loaded_after_import(modules: list[str]) -> set[str]:
    """Top-level packages loaded after importing `modules` in a fresh interpreter (pytest-qt cannot hide a leak)."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


def test_model_modules_load_no_qt_no_reportlab_no_ui() -> None:
    modules = modules_of("model")
    assert "model.rules" in modules and "model.store" in modules
    loaded = loaded_after_import(modules)
    assert "PySide6" not in loaded and "shiboken6" not in loaded
    assert "ui" not in loaded
    assert "reportlab" not in loaded


def test_print_modules_load_no_qt() -> None:
    modules = modules_of("print")
    assert "print" in modules
    loaded = loaded_after_import(modules)
    assert "PySide6" not in loaded and "shiboken6" not in loaded and "ui" not in loaded


def test_core_model_does_not_load_openpyxl() -> None:
    core = ["model.values", "model.expr", "model.templates", "model.rules", "model.document", "model.store",
            "model.report", "model.layout", "model.files"]
    assert "openpyxl" not in loaded_after_import(core)  # Excel support is loaded only when a workbook is opened


def python_files() -> list[Path]:
    out = []
    for p in ROOT.rglob("*.py"):
        if not SKIP_DIRS & set(p.relative_to(ROOT).parts):
            out.append(p)
    return out


def binds_print(tree: ast.AST) -> list[int]:
    """Lines of imports that rebind the name `print` (`import print`, `import print.pdf`, `... as print`)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                bound = a.asname or a.name.split(".")[0]
                if bound == "print":
                    lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            lines += [node.lineno for a in node.names if (a.asname or a.name) == "print"]
    return lines


def test_the_checker_catches_both_forms() -> None:
    assert binds_print(ast.parse("import print\nimport print.pdf\nfrom x import y as print\nimport os")) == [1, 2, 3]
    assert binds_print(ast.parse("from print import pdf\nimport print.pdf as pdf\nfrom print.pdf import render")) == []


def test_no_module_binds_the_name_print() -> None:
    files = python_files()
    assert ROOT / "main.py" in files and len(files) > 10
    offenders = []
    for p in files:
        tree = ast.parse(p.read_text(encoding="utf-8"), filename=str(p))
        offenders += [f"{p.relative_to(ROOT)}:{line}" for line in binds_print(tree)]
    assert offenders == []


def test_tests_folder_is_flat() -> None:
    folders = [p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name not in SKIP_DIRS]
    assert folders == []
