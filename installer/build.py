"""Build the installable application: `uv run installer/build.py`.

1. PyInstaller makes a self-contained one-folder application (installer/gov-disclosure-stats.spec: Python, Qt with
   its Chinese translations, the fonts, the templates; nothing downloaded at run time) in build/dist/.
2. On Linux, a .deb for Kylin V10 / UOS 20 / Debian-family desktops in build/: the application under /opt, a
   launcher in /usr/bin, a menu entry, the icon in every size, and the .xxgk file type.
3. On Windows, the same folder is what installer/windows.iss (Inno Setup) packs into a setup program.

PyInstaller is a development dependency only; the program itself never needs it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import APP_NAME, APP_TITLE, __version__  # noqa: E402 - after the path is set

BUILD = ROOT / "build"
SPEC = ROOT / "installer" / "gov-disclosure-stats.spec"
ICON_SVG = ROOT / "resources" / "icons" / f"{APP_NAME}.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
DEB_DEPENDS = ("libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0, libegl1, "
               "libfontconfig1, libdbus-1-3")
TARGET_GLIBC = (2, 28)  # Kylin V10, UOS 20 (Qt's PySide6 wheels ask for no more: manylinux_2_28)
GLIBC_VERSION = re.compile(rb"GLIBC_(2\.\d+(?:\.\d+)?)\x00")
DEB_RECOMMENDS = "libcups2, fcitx5-frontend-qt5 | ibus"


def render_icons(out: Path) -> dict[int, Path]:
    """PNGs of the SVG icon, drawn by Qt's own SVG renderer (no network, no extra tool)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ICON_SVG))
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        made[size] = out / f"{size}.png"
        image.save(str(made[size]))
    ico = out / f"{APP_NAME}.ico"
    big = QImage(str(made[256]))
    big.save(str(ico))  # Qt's ico writer: one 256 px image, which Windows scales for the smaller places
    made[0] = ico
    return made


def pyinstaller() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(BUILD / "dist"), "--workpath", str(BUILD / "work"), str(SPEC)],
                   cwd=ROOT, check=True)
    app = BUILD / "dist" / APP_NAME
    prune(app)
    return app


def prune(app: Path) -> None:
    """What the hooks collect but the program never loads: Qt translations other than Chinese and English, and
    Qt plugins of kinds a statistics table does not use."""
    for qm in app.rglob("*.qm"):
        stem = qm.stem
        if not (stem.endswith(("_zh_CN", "_zh_TW", "_en")) or "_" not in stem):
            qm.unlink()
    for plugin_dir in app.rglob("plugins"):
        for kind in ("qmltooling", "networkinformation", "tls", "sqldrivers", "multimedia", "webview", "position",
                     "sensors", "texttospeech", "canbus", "designer", "scenegraph", "renderplugins", "geometryloaders",
                     "sceneparsers", "virtualkeyboard"):
            shutil.rmtree(plugin_dir / kind, ignore_errors=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def glibc_needed(app: Path) -> dict[Path, tuple[int, ...]]:
    """The newest glibc symbol version each ELF file of the bundle asks for (read from its version strings).

    The bundle carries the build machine's Python: built on a newer system, that Python (and libraries it brought,
    such as libexpat) asks for that system's glibc, whatever Qt's wheels need."""
    needed: dict[Path, tuple[int, ...]] = {}
    for path in sorted(app.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
            data = f.read()
        versions = [tuple(int(n) for n in v.decode().split(".")) for v in GLIBC_VERSION.findall(data)]
        if versions:
            needed[path] = max(versions)
    return needed


def glibc_report(needed: dict[Path, tuple[int, ...]], app: Path) -> tuple[tuple[int, ...], list[str]]:
    """The glibc the bundle needs, and a line per file that asks for more than the target systems have."""
    newest = max(needed.values(), default=TARGET_GLIBC)
    over = [f"{'.'.join(map(str, v))}  {p.relative_to(app)}" for p, v in sorted(needed.items(), key=lambda i: i[1])
            if v > TARGET_GLIBC]
    return max(newest, TARGET_GLIBC), over


def deb(app: Path, glibc: tuple[int, ...] = TARGET_GLIBC) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    root = BUILD / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    opt = root / "opt" / APP_NAME
    shutil.copytree(app, opt, symlinks=True)
    launcher = root / "usr" / "bin" / APP_NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(f'#!/bin/sh\nexec /opt/{APP_NAME}/{APP_NAME} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(ROOT / "installer" / f"{APP_NAME}.desktop", share / "applications" / f"{APP_NAME}.desktop")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(ROOT / "installer" / f"{APP_NAME}-mime.xml", share / "mime" / "packages" / f"{APP_NAME}.xml")
    icons = render_icons(BUILD / "icons")
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_NAME}.png"
        target.parent.mkdir(parents=True)
        shutil.copy(icons[size], target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_NAME}.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copy(ICON_SVG, scalable)
    # the file type's own icon name, as desktops look it up for files of the type
    mime_icon = share / "icons" / "hicolor" / "scalable" / "mimetypes" / "application-x-gov-disclosure-stats.svg"
    mime_icon.parent.mkdir(parents=True)
    shutil.copy(ICON_SVG, mime_icon)
    control = root / "DEBIAN"
    control.mkdir()
    installed_kb = folder_size(root) // 1024
    (control / "control").write_text(
        f"Package: {APP_NAME}\nVersion: {__version__}\nArchitecture: {arch}\nSection: editors\nPriority: optional\n"
        f"Maintainer: 政府信息公开统计表工具 <noreply@localhost>\nInstalled-Size: {installed_kb}\n"
        f"Depends: libc6 (>= {'.'.join(map(str, glibc))}), {DEB_DEPENDS}\nRecommends: {DEB_RECOMMENDS}\n"
        f"Description: {APP_TITLE}：填写、校验、打印和汇总政府信息公开工作年度报告统计表\n"
        " Offline desktop tool for the annual government information disclosure report statistics tables\n"
        " (2015 style and the current national format): editing with live checks, final and draft prints\n"
        " with an embedded CJK font, Excel exchange and aggregation of many units' tables.\n",
        encoding="utf-8")
    refresh = ("#!/bin/sh\nset -e\n"
               "command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true\n"
               "command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications"
               " || true\n"
               "command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor"
               " || true\n")
    for script in ("postinst", "postrm"):
        (control / script).write_text(refresh, encoding="utf-8")
        (control / script).chmod(0o755)
    out = BUILD / f"{APP_NAME}_{__version__}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="installer/build.py", description="生成安装包（PyInstaller 单文件夹程序与 .deb）")
    p.add_argument("--no-deb", action="store_true", help="只生成单文件夹程序，不打 .deb 包")
    args = p.parse_args(argv)
    if sys.platform == "win32":
        render_icons(ROOT / "installer")  # installer/gov-disclosure-stats.ico for the .exe and the setup program
        shutil.copy(ROOT / "installer" / f"{APP_NAME}.ico", ROOT / "installer" / "icon.ico")
    app = pyinstaller()
    print(f"程序文件夹：{app}（{folder_size(app) / 1e6:.0f} MB）")
    if sys.platform.startswith("linux") and not args.no_deb:
        if shutil.which("dpkg-deb") is None:
            print("没有 dpkg-deb，未生成 .deb（Debian 系的系统自带）。", file=sys.stderr)
            return 1
        glibc, over = glibc_report(glibc_needed(app), app)
        if over:  # dpkg then refuses the package on an older system, instead of it failing to start there
            print(f"注意：此程序需要 glibc {'.'.join(map(str, glibc))}（Kylin V10 / UOS 20 为 2.28）。"
                  "以下文件来自构建机器的 Python，要求更高，请在 glibc 2.28 的系统上构建（见 README）：\n  "
                  + "\n  ".join(over), file=sys.stderr)
        package = deb(app, glibc)
        print(f"安装包：{package}（{package.stat().st_size / 1e6:.0f} MB，安装后 "
              f"{folder_size(BUILD / 'deb-root') / 1e6:.0f} MB）")
    elif sys.platform == "win32":
        print("Windows：再用 Inno Setup 编译 installer\\windows.iss（iscc installer\\windows.iss）生成安装程序。")
    print(f"平台：{platform.platform()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
