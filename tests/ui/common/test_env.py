"""Start-up environment: fcitx → ibus, Qt's Chinese button texts, a CJK font where the system has none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from model.core.templates import HANS, HANT
from tests.conftest import ROOT_DIR
from ui.common.env import install_translations, prepare_environment, remove_translations, translations_dir

ROOT = ROOT_DIR


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"XMODIFIERS": "@im=fcitx"}, {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus"}),
        ({"GTK_IM_MODULE": "fcitx5", "QT_IM_MODULE": "fcitx5"}, {"GTK_IM_MODULE": "fcitx5", "QT_IM_MODULE": "ibus"}),
        ({"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "ibus"}),
        ({"XMODIFIERS": "@im=fcitx", "QT_IM_MODULES": "wayland;fcitx"},
         {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus", "QT_IM_MODULES": "ibus;wayland;fcitx"}),
        # already a module the wheel has: the user's choice stands
        ({"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus"}, {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus"}),
        ({"XMODIFIERS": "@im=ibus", "QT_IM_MODULE": "ibus"}, {"XMODIFIERS": "@im=ibus", "QT_IM_MODULE": "ibus"}),
        ({}, {}),
    ],
)
def test_fcitx_desktops_get_the_ibus_module_on_linux(before: dict, after: dict) -> None:
    env = {"LANG": "zh_CN.UTF-8", **before}  # a Chinese desktop
    prepare_environment(env, "linux")
    assert env == {"LANG": "zh_CN.UTF-8", **after}


@pytest.mark.parametrize(("before", "time"), [
    ({"LANG": "C.UTF-8"}, "zh_CN.UTF-8"),  # English dates in the file dialog otherwise
    ({}, "zh_CN.UTF-8"),
    ({"LANG": "en_US.UTF-8", "LC_TIME": "zh_TW.UTF-8"}, "zh_TW.UTF-8"),  # a Chinese choice stands
    ({"LANG": "zh_CN.UTF-8"}, None),
])
def test_dates_in_qts_dialogs_are_chinese_on_any_linux_locale(before: dict, time: str | None) -> None:
    env = dict(before)
    prepare_environment(env, "linux")
    assert env.get("LC_TIME") == time
    env = {"LC_ALL": "C"}  # set for everything by whoever started the program: left alone
    prepare_environment(env, "linux")
    assert env == {"LC_ALL": "C"}


def test_other_systems_are_left_alone() -> None:
    env = {"QT_IM_MODULE": "fcitx"}
    assert prepare_environment(env, "win32") == []
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_the_wheel_ships_the_ibus_plugin_and_no_fcitx_one() -> None:
    plugins = translations_dir().parent / "plugins" / "platforminputcontexts"
    names = " ".join(p.name for p in plugins.iterdir())
    assert "ibus" in names
    assert "fcitx" not in names  # if a future wheel ships it, the workaround can go


def button_texts() -> list[str]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    return [b.text() for b in box.buttons()]


@pytest.fixture
def buttons(qtbot):
    yield button_texts
    remove_translations()


def test_standard_buttons_read_chinese(buttons) -> None:
    assert install_translations(HANS) == ["qtbase_zh_CN"]
    assert buttons() == ["保存", "取消"]


def test_traditional_replaces_simplified(buttons) -> None:
    install_translations(HANS)
    assert install_translations(HANT) == ["qtbase_zh_TW"]
    assert buttons() == ["保存", "取消"]  # the program's own word for it in 繁體 (Qt's Taiwan file says 儲存)
    install_translations(HANS)
    assert buttons() == ["保存", "取消"]


def test_qt_dialogs_use_the_programs_words_and_leave_nothing_english(buttons) -> None:
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    install_translations(HANS)
    assert tr("QAbstractFileIconProvider", "Folder") == "文件夹"  # the file dialog's type column
    assert tr("QPrintDialog", "&Print") == "打印(&P)" and tr("QPrintDialog", "Printer") == "打印机"
    install_translations(HANT)
    assert tr("QPrintDialog", "&Print") == "打印(&P)"  # not 列印: the menus say 打印 in 繁體 too
    assert tr("QAbstractFileIconProvider", "Folder") == "文件夾"
    assert "檔案" not in tr("QPrintDialog", "Print to File (PDF)")


FONT_CHILD = """
import sys
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from ui.common.env import has_cjk_font, register_cjk_font

def glyphs(text):
    layout = QTextLayout(text, app.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return [g for run in layout.glyphRuns() for g in run.glyphIndexes()]

print(has_cjk_font(), min(glyphs("统计表")))
family = register_cjk_font()
print(family, min(glyphs("统计表")))
"""


def test_machine_without_cjk_fonts_gets_the_packaged_one(tmp_path: Path) -> None:
    latin = next((d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2")
                  if Path(d).is_dir()), None)
    if latin is None:
        pytest.skip("no Latin system font folder to build a CJK-free font configuration from")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{latin}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", FONT_CHILD], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=os.environ | {"FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    ).stdout.splitlines()
    assert out[0] == "False 0"  # no CJK font: glyph 0 is the empty box
    family, lowest = out[1].rsplit(" ", 1)
    assert family.startswith("Noto Sans")
    assert int(lowest) > 0  # every character now has a real glyph


APP_CHILD = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
import ui.app

def report(window, factory):
    print(os.environ.get("QT_IM_MODULE"))
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    print(box.buttons()[0].text())
    print(window.windowTitle())
    window.undo_stack.setClean()
    QTimer.singleShot(0, QApplication.instance().quit)
    return []

ui.app.restore_at_start = report
sys.exit(ui.app.run(None))
"""


def test_app_start_on_a_fcitx_desktop(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_IM_MODULE", "QT_IM_MODULES")}
    env |= {"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx", "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT), "GDS_CONFIG_DIR": str(tmp_path / "c"), "GDS_STATE_DIR": str(tmp_path / "s")}
    out = subprocess.run([sys.executable, "-c", APP_CHILD], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=env)
    assert out.returncode == 0, out.stderr
    im, save, title = out.stdout.splitlines()
    assert im == "ibus"  # set before the QApplication existed, so Qt loads the ibus input context
    assert save == "保存"
    assert title.startswith("未命名")
