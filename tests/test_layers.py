"""Layer rules of the design card: model/ and print/ never load Qt; nothing shadows the builtin `print`."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".git", "__pycache__", "node_modules", ".ruff_cache", ".hypothesis", "build", "dist"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(package: str) -> list[str]:
    return sorted(module_name(p) for p in (ROOT / package).rglob("*.py"))


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
    assert "model.core.rules" in modules and "model.exchange.store" in modules
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
    core = [*modules_of("model/core"), "model.exchange.store", "model.exchange.files"]
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


def test_tests_mirror_the_source_tree() -> None:
    """tests/model/core/… beside model/core/…: every folder of tests (but data) is a package of the program, and the
    tests of a module sit in its package's folder; the tests of the whole program (command line, layers, installer)
    at the top."""
    folders = sorted(str(p.relative_to(ROOT / "tests")) for p in (ROOT / "tests").rglob("*")
                     if p.is_dir() and not SKIP_DIRS & set(p.parts) and p.name != "data")
    assert "model/core" in folders and "ui/grid" in folders
    assert [f for f in folders if not (ROOT / f / "__init__.py").is_file()] == []
    assert [f for f in folders if not (ROOT / "tests" / f / "__init__.py").is_file()] == []


# What each part of the tree may import, by static scan of every import statement, also those inside functions
# (a deferred import is still a dependency). model's groups point down: collect -> exchange -> core.
FORBIDDEN = {
    "model": ("PySide6", "shiboken6", "reportlab", "ui", "print", "tests"),
    "model.core": ("model.exchange", "model.collect", "openpyxl"),
    "model.exchange": ("model.collect",),
    "print": ("PySide6", "shiboken6", "ui", "tests"),
    "ui": ("tests",),  # the installed program has no tests folder
    "main": ("tests",),
    "resources": ("PySide6", "model", "ui", "print", "reportlab", "openpyxl", "tests"),
}


def imported_names(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level] if not module.endswith("__init__") else module.split(".")
                name = ".".join([*base, node.module or ""]).rstrip(".")
            else:
                name = node.module or ""
            out += [(node.lineno, name)] + [(node.lineno, f"{name}.{a.name}") for a in node.names if name == "model"]
    return out


def layer_violations(path: Path, source: str | None = None) -> list[str]:
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, filename=str(path))
    bad = []
    for layer, banned in FORBIDDEN.items():
        if module != layer and not module.startswith(layer + "."):
            continue
        for line, name in imported_names(tree, module):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return bad


def test_the_static_layer_scan_sees_imports_inside_functions() -> None:
    fake = ROOT / "model" / "core" / "probe.py"
    source = "def f():\n    from PySide6 import QtCore\n    import model.collect.aggregate\n    from model import ui\n"
    assert layer_violations(fake, source) == [
        "model/core/probe.py:2 imports PySide6",
        "model/core/probe.py:3 imports model.collect.aggregate",
    ]
    assert layer_violations(ROOT / "ui" / "common" / "probe.py", "from tests.conftest import ROOT_DIR\n") == [
        "ui/common/probe.py:1 imports tests.conftest"]  # the installed program has no tests: the window would not start
    assert layer_violations(ROOT / "print" / "probe.py", "import reportlab\nfrom ui import app\n") == [
        "print/probe.py:2 imports ui"
    ]


def test_every_module_keeps_to_its_layer() -> None:
    files = python_files()
    assert any(p.parts[-3:] == ("model", "core", "rules.py") for p in files)
    assert [v for p in files for v in layer_violations(p)] == []


def internal_imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The program's own modules a module imports, by static scan (inside functions and TYPE_CHECKING too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join([*package[: len(package) - (node.level - 1)], base]).rstrip(".")
            names += [f"{base}.{a.name}" for a in node.names]  # `from model.exchange import formats` is a module
    out = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.add(name)
    return out


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_cycle_scan_finds_a_loop() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    """Every module of the program imports only modules that do not import it back (a window part names the window
    through a host protocol of its own, never `from ui.window.main_window import MainWindow`)."""
    files = {module_name(p): p for p in python_files()
             if p.relative_to(ROOT).parts[0] in ("model", "ui", "print", "resources", "main.py")}
    known = set(files)
    graph = {m: internal_imports(p, m, known) for m, p in files.items()}
    assert "model.exchange.formats" in graph["model.exchange.files"]
    assert import_cycles(graph) == []
