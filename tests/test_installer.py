"""The packaging files agree with each other and with the program: one spec for both platforms, one file type."""

from __future__ import annotations

import re
import shutil
import subprocess
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
