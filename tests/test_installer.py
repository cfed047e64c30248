"""The packaging files agree with each other and with the program: one spec for both platforms, one file type."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from model import APP_NAME, __version__
from model.exchange.store import MIME_TYPE, SUFFIX

INSTALLER = Path(__file__).resolve().parent.parent / "installer"


def test_one_spec_serves_linux_and_windows() -> None:
    specs = sorted(p.name for p in INSTALLER.glob("*.spec"))
    assert specs == [f"{APP_NAME}.spec"]
    text = (INSTALLER / specs[0]).read_text(encoding="utf-8")
    assert 'WINDOWS = sys.platform == "win32"' in text and "COLLECT(" in text
    # the data and what is left out are the same on both; only console, icon and stripping differ
    assert len(re.findall(r"\bWINDOWS\b", text)) <= 6


def test_the_bundle_holds_every_reader_and_writer_of_the_format_table() -> None:
    """They are imported by name when a file of theirs is read or written: PyInstaller must be told of them."""
    from model.exchange.formats import format_modules

    text = (INSTALLER / f"{APP_NAME}.spec").read_text(encoding="utf-8")
    assert "hiddenimports=[\"PySide6.QtSvg\", *format_modules()]" in text
    assert {"model.exchange.xlsx_import", "model.exchange.report_read", "model.exchange.report_docx",
            "model.exchange.report_html", "model.exchange.xlsx_export"} <= set(format_modules())


def test_windows_installer_registers_the_same_file_type_and_version() -> None:
    iss = (INSTALLER / "windows.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in iss
    assert f"Software\\Classes\\{SUFFIX}" in iss and MIME_TYPE in iss
    assert "build\\dist\\{#AppId}" in iss and f'#define AppId "{APP_NAME}"' in iss
    assert "PrivilegesRequired=lowest" in iss  # clerks do not administer their computers


def test_desktop_entry_and_mime_type_name_the_file_type() -> None:
    desktop = (INSTALLER / f"{APP_NAME}.desktop").read_text(encoding="utf-8")
    mime = (INSTALLER / f"{APP_NAME}-mime.xml").read_text(encoding="utf-8")
    assert f"MimeType={MIME_TYPE};" in desktop and "Name[zh_CN]=政府信息公开统计表" in desktop
    assert "Categories=Office;" in desktop and f"Icon={APP_NAME}" in desktop
    assert f'type="{MIME_TYPE}"' in mime and f'pattern="*{SUFFIX}"' in mime


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    r = subprocess.run(["desktop-file-validate", str(INSTALLER / f"{APP_NAME}.desktop")], capture_output=True,
                       text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout


def _build_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("installer_build", INSTALLER / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_glibc_a_bundle_needs_is_read_from_its_files(tmp_path: Path) -> None:
    build = _build_module()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libold.so").write_bytes(b"\x7fELF" + b"\0GLIBC_2.2.5\0GLIBC_2.17\0")
    (tmp_path / "libnew.so").write_bytes(b"\x7fELF" + b"\0GLIBC_2.14\0GLIBC_2.34\0GLIBC_2.4\0")
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99\0")  # not an ELF file
    needed = build.glibc_needed(tmp_path)
    assert needed == {tmp_path / "lib" / "libold.so": (2, 17), tmp_path / "libnew.so": (2, 34)}
    glibc, over = build.glibc_report(needed, tmp_path)
    assert glibc == (2, 34) and over == ["2.34  libnew.so"]
    assert build.glibc_report({}, tmp_path) == ((2, 28), [])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries: Linux only")
def test_every_compiled_library_but_python_itself_runs_on_glibc_2_28() -> None:
    """What the package needs beyond Kylin V10 / UOS 20 comes only from the interpreter it is built with."""
    import sysconfig

    build = _build_module()
    site = Path(sysconfig.get_paths()["purelib"])
    needed = build.glibc_needed(site)
    assert any("PySide6" in str(p) for p in needed)  # Qt is among what was read
    assert {str(p.relative_to(site)): v for p, v in needed.items() if v > build.TARGET_GLIBC} == {}


def test_every_data_file_the_program_reads_is_bundled() -> None:
    spec = (INSTALLER / f"{APP_NAME}.spec").read_text(encoding="utf-8")
    resources = INSTALLER.parent / "resources"
    runtime = [p.name for p in resources.glob("*.json") if p.name != "template.schema.json"]  # the schema: for tests
    assert runtime and [n for n in runtime if f'"{n}"' not in spec] == []


# --- the Debian package's own files (issue 20): a copyright file, a changelog, a manual page, lintian's overrides


def test_help_names_the_installed_command() -> None:
    import main

    assert main._parser(prog=APP_NAME).format_help().startswith(f"用法：{APP_NAME}")
    assert main.program_name() == "main.py"  # a development checkout says how it is started there


def test_the_manual_page_is_the_help_in_roff() -> None:
    import main

    page = _build_module().man_page()
    assert page.startswith(f".TH {APP_NAME.upper()} 1")
    for action in main._parser()._actions:
        for option in action.option_strings:
            assert option.replace("-", "\\-") in page, option
    assert "退出码" in page and "64 用法错误" in page


def test_the_copyright_file_is_machine_readable_and_names_every_bundled_component() -> None:
    import json

    text = _build_module().copyright_text()
    assert text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    paragraphs = text.split("\n\n")
    data = json.loads((INSTALLER.parent / "resources" / "licences.json").read_text(encoding="utf-8"))
    for component in data["components"]:
        assert f"Comment: {component['name']}" in text
    for para in paragraphs[1:]:
        if para.startswith("Files:"):
            fields = [line.split(":", 1)[0] for line in para.splitlines() if not line.startswith(" ")]
            assert fields[:3] == ["Files", "Copyright", "License"], fields
            assert any(line.startswith(" ") for line in para.splitlines()), "a licence without its text"
    assert "Files: *\n" in text and "SIL OPEN FONT LICENSE" in text.upper()


def test_the_changelog_leads_with_this_version_and_the_maintainer() -> None:
    build = _build_module()
    changelog = (INSTALLER / "debian" / "changelog").read_text(encoding="utf-8")
    assert changelog.startswith(f"{APP_NAME} ({__version__}) ")
    assert f" -- {build.MAINTAINER}  " in changelog
    assert "noreply" not in build.MAINTAINER and "localhost" not in build.MAINTAINER


def test_every_lintian_override_says_why() -> None:
    overrides = _build_module().read_overrides()
    assert overrides and all(len(why) > 40 for _tag, why in overrides)
    assert {tag.split()[0] for tag, _why in overrides} >= {"dir-or-file-in-opt", "embedded-library"}


def test_the_glibc_228_interpreter_recipe_patches_what_it_says() -> None:
    """installer/python228.py's patch of CPython's setup.py: the host's /usr/local and multiarch folders go."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("python228", INSTALLER / "python228.py")
    assert spec is not None and spec.loader is not None
    python228 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(python228)
    setup = INSTALLER.parent / "build" / "setup_py_test.py"
    setup.parent.mkdir(exist_ok=True)
    setup.write_text("    def configure_compiler(self):\n"
                     "        if not CROSS_COMPILING:\n"
                     "            add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')\n"
                     "            add_dir_to_list(self.compiler.include_dirs, '/usr/local/include')\n"
                     "        self.add_multiarch_paths()\n"
                     "        self.add_ldflags_cppflags()\n", encoding="utf-8")
    try:
        python228.patch_setup(setup)
        patched = setup.read_text(encoding="utf-8")
        assert "/usr/local" not in patched and "add_multiarch_paths" not in patched
        assert "add_ldflags_cppflags" in patched
        with pytest.raises(SystemExit):  # a CPython whose setup.py changed: said, not silently built wrong
            python228.patch_setup(setup)
    finally:
        setup.unlink()
