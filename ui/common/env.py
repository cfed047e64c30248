"""Start-up environment: input method on Linux, Qt's own Chinese translations, a CJK UI font.

prepare_environment() runs before the QApplication exists (Qt reads QT_IM_MODULE once, at creation);
install_translations() and register_cjk_font() run right after it is created.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication

from model.core.script import to_hant
from model.core.templates import HANS, HANT
from resources import path as resource_path

IM_VARS = ("XMODIFIERS", "GTK_IM_MODULE", "QT_IM_MODULE", "QT_IM_MODULES", "SDL_IM_MODULE")
# Input-context plugins the PyPI wheel actually ships (plugins/platforminputcontexts); fcitx is not one of them.
WHEEL_IM_MODULES = ("ibus", "compose", "qtvirtualkeyboard")
QM_FILES = {HANS: ("qtbase_zh_CN",), HANT: ("qtbase_zh_TW",)}
LOCALES = {HANS: "zh_CN", HANT: "zh_TW"}

_translators: list[QTranslator] = []  # Qt does not own installed translators: keep them alive here


class QtTerms(QTranslator):
    """Asked before Qt's own translation: fills the strings it leaves in English ("Folder") and, in 繁體, puts the
    program's words in place of Taiwan's (列印 → 打印, 檔案 → 文件), per resources/qt_terms.json."""

    def __init__(self, base: QTranslator, script: str, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.base = base
        data = json.loads(resource_path("qt_terms.json").read_text(encoding="utf-8"))
        self.missing: dict[str, dict[str, str]] = data["missing"]
        self.replace: list[tuple[str, str]] = list(data["hant"].items()) if script == HANT else []
        self.script = script

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        text = self.base.translate(context, source, disambiguation, n)
        if not text:
            text = self.missing.get(context, {}).get(source, "")
            text = to_hant(text) if text and self.script == HANT else text
        for old, new in self.replace:
            text = text.replace(old, new)
        return text

    def isEmpty(self) -> bool:
        return False


def _mentions_fcitx(environ: MutableMapping[str, str]) -> bool:
    return any("fcitx" in environ.get(var, "").lower() for var in IM_VARS)


def _works(value: str) -> bool:
    return any(part.strip().lower() in WHEEL_IM_MODULES for part in value.replace(";", ",").split(","))


def prepare_environment(environ: MutableMapping[str, str] | None = None, platform: str | None = None) -> list[str]:
    """Adjust the environment before QApplication exists; returns the variables changed (for the log).

    The wheel has no fcitx plugin, so with QT_IM_MODULE=fcitx Chinese typing silently does nothing;
    fcitx5 (and fcitx 4 with its ibus frontend) also speaks the ibus protocol, which the wheel does support.
    """
    env = os.environ if environ is None else environ
    changed = []
    system = platform or sys.platform
    if system.startswith("linux") and not env.get("LC_ALL") and not _chinese(env.get("LC_TIME") or env.get("LANG", "")):
        # Qt's file dialog writes the files' dates in the system locale's words ("1 Dec 2026" on an English or
        # C locale); the program is Chinese throughout, so its dates are too (LC_ALL, when set, is left alone)
        env["LC_TIME"] = "zh_CN.UTF-8"
        changed.append("LC_TIME")
    if not system.startswith("linux") or not _mentions_fcitx(env):
        return changed
    if not _works(env.get("QT_IM_MODULE", "")):
        env["QT_IM_MODULE"] = "ibus"
        changed.append("QT_IM_MODULE")
    modules = env.get("QT_IM_MODULES")
    if modules and not _works(modules):  # Qt ≥ 6.7 tries this list first
        env["QT_IM_MODULES"] = "ibus;" + modules
        changed.append("QT_IM_MODULES")
    return changed


def _chinese(locale_name: str) -> bool:
    return locale_name.lower().startswith("zh")


def translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translations(script: str = HANS, app: QCoreApplication | None = None) -> list[str]:
    """Install Qt's own qtbase translation (standard buttons read 保存/取消); replaces a previous one.

    Returns the names of the files loaded; a missing file leaves English buttons, never an error.
    """
    app = app or QCoreApplication.instance()
    remove_translations(app)
    loaded = []
    folder = str(translations_dir())
    for name in QM_FILES.get(script, QM_FILES[HANS]):
        translator = QTranslator(app)
        if translator.load(name, folder):
            terms = QtTerms(translator, script, app)
            if app.installTranslator(terms):
                _translators.extend((translator, terms))
                loaded.append(name)
    # QLocale drives number formats and the layout direction of standard dialogs
    QLocale.setDefault(QLocale(LOCALES.get(script, "zh_CN")))
    return loaded


def remove_translations(app: QCoreApplication | None = None) -> None:
    app = app or QCoreApplication.instance()
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()


def ui_font_files(script: str = HANS) -> list[Path]:
    """Font files that can show Chinese in the window: the print engine's font chain (which names the
    OFL Noto fonts shipped as a dependency), with the sans-serif cut of the same package first because
    window text reads better without serifs. The installed package leaves the sans cut out (the clerks'
    desktops have CJK fonts of their own): there the serif cut serves."""
    files: list[Path] = []
    try:
        pkg = importlib.import_module("pylopdf_fonts_zh_tw" if script == HANT else "pylopdf_fonts_zh_cn")
        files.append(Path(pkg.sans_path()))
    except (ImportError, AttributeError):
        pass
    try:
        from print import fonts  # never `import print`: it would shadow the builtin

        files.extend(fonts.qt_font_files())
    except (ImportError, OSError, ValueError):  # a broken print setup must not stop the window from opening
        pass
    return [f for f in dict.fromkeys(files) if f.is_file()]


def has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def register_cjk_font(script: str = HANS, files: list[Path] | None = None, force: bool = False) -> str | None:
    """On a machine without any CJK font, register one and put it in the application font's fallback list.

    Returns the family used, or None when the system already has a CJK font (its own looks native) or none
    of the files could be loaded (the window then shows boxes, but still works).
    """
    if has_cjk_font() and not force:
        return None
    for file in files if files is not None else ui_font_files(script):
        font_id = QFontDatabase.addApplicationFont(str(file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            font = QGuiApplication.font()
            # Keep the Latin family first so digits look as before; Qt falls back per character
            font.setFamilies([*font.families(), families[0]])
            QGuiApplication.setFont(font)
            return families[0]
    return None
