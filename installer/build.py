"""Build the installable application: `uv run installer/build.py`.

0. On x86_64 Linux, the interpreter bundled is one built for glibc 2.28 (installer/python228.py: Debian's CPython
   sources compiled with zig, cached in ~/.cache/gov-disclosure-stats-build); the build runs again inside a venv of
   that interpreter (build/venv228) with the locked packages. `--host-python` (or GDS_HOST_PYTHON=1) bundles the
   running interpreter instead: quicker, for local tries, but the package then needs this machine's glibc.
1. PyInstaller makes a self-contained one-folder application (installer/gov-disclosure-stats.spec: Python, Qt with
   its Chinese translations, the fonts, the templates; nothing downloaded at run time) in build/dist/.
2. On Linux, a .deb for Kylin V10 / UOS 20 / Debian-family desktops in build/: the application under /opt, a
   launcher in /usr/bin, a menu entry, the icon in every size, and the .xxgk file type.
3. On Windows, the same folder is what installer/windows.iss (Inno Setup) packs into a setup program.

PyInstaller is a development dependency only; the program itself never needs it.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import io
import json
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
MAINTAINER = os.environ.get("GDS_MAINTAINER", "政府信息公开统计表工具开发组 <gds-dev@xxgk-tools.cn>")
HOST_PYTHON_ENV = "GDS_HOST_PYTHON"
VENV = BUILD / "venv228"
DEBIAN = ROOT / "installer" / "debian"
SYNOPSIS = "fill in, check, print and aggregate disclosure report tables"
DESCRIPTION = (
    "政府信息公开统计表：填写、校验、打印和汇总政府信息公开工作年度报告\n"
    "统计表，撰写并导出整份年度报告。\n"
    ".\n"
    "Offline desktop tool for the annual government information disclosure\n"
    "report of Chinese government offices: the statistics tables of the 2015\n"
    "style and of the current national format as an editable grid with live\n"
    "checks explained with their figures; final and draft prints on A4 with\n"
    "an embedded CJK font; Excel workbooks in and out; aggregation of many\n"
    "units' tables with provenance; the report's text beside the table, its\n"
    "figures checked against it, and the whole report out as PDF, Word or\n"
    "HTML.\n"
    ".\n"
    "The program, its Python, Qt and fonts are bundled under /opt; it needs\n"
    "no network.")


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
    for library in opt.rglob("*.so*"):  # PyInstaller copies them executable; a library is loaded, not run
        if library.is_file() and not library.is_symlink():
            library.chmod(0o644)
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
    doc = share / "doc" / APP_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(gzipped((DEBIAN / "changelog").read_bytes()))
    man = share / "man" / "man1" / f"{APP_NAME}.1.gz"
    man.parent.mkdir(parents=True)
    man.write_bytes(gzipped(man_page().encode("utf-8")))
    overrides = share / "lintian" / "overrides" / APP_NAME
    overrides.parent.mkdir(parents=True)
    overrides.write_text(lintian_overrides(), encoding="utf-8")
    control = root / "DEBIAN"
    control.mkdir()
    installed_kb = folder_size(root) // 1024
    description = "\n".join(f" {line}" for line in DESCRIPTION.splitlines())
    (control / "control").write_text(
        f"Package: {APP_NAME}\nVersion: {__version__}\nArchitecture: {arch}\nSection: utils\nPriority: optional\n"
        f"Maintainer: {MAINTAINER}\nInstalled-Size: {installed_kb}\n"
        f"Depends: libc6 (>= {'.'.join(map(str, glibc))}), {DEB_DEPENDS}\nRecommends: {DEB_RECOMMENDS}\n"
        f"Description: {SYNOPSIS}\n{description}\n",
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


def gzipped(data: bytes) -> bytes:
    """gzip -9n: no name or time in the header, so the same input packs to the same bytes."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(data)
    return out.getvalue()


def _licence_text(source: str) -> str:
    """A licence's text from where resources/licences.json says it is: the interpreter's own licence files, a bundled
    package's licence file, or a pointer to Debian's common licences."""
    kind, _, name = source.partition(":")
    if kind == "common":
        return (f"On Debian systems, the complete text of this licence can be found in "
                f"/usr/share/common-licenses/{name}.")
    if kind == "python":
        kept = sorted((Path(sys.base_prefix) / "share" / "licences").glob("*.txt"))  # installer/python228.py's
        files = kept or [Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / name]
        return "\n\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files if f.exists())
    if kind == "dist":
        dist = importlib.metadata.distribution(name)
        licences = [f for f in dist.files or () if re.search(r"LICEN[CS]E", f.name, re.I)]
        return "\n\n".join(f.read_text(encoding="utf-8") or "" for f in licences[:1])
    if kind == "text":
        return name
    raise ValueError(f"unknown licence source {source!r}")


def _dep5_block(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return "\n".join(f" {line}" if line.strip() else " ." for line in lines)


def copyright_text() -> str:
    """/usr/share/doc/<package>/copyright in Debian's machine-readable format, from resources/licences.json."""
    data = json.loads((ROOT / "resources" / "licences.json").read_text(encoding="utf-8"))
    program = data["program"]
    opt = f"opt/{APP_NAME}"
    parts = [f"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
             f"Upstream-Name: {APP_NAME}\nUpstream-Contact: {MAINTAINER}\n",
             f"Files: *\nCopyright: {program['copyright']}\nLicense: {program['license']}\n"
             f"{_dep5_block(program['text'])}\n"]
    for c in data["components"]:
        files = " ".join(f"{opt}/{pattern}" for pattern in c["files"].split())
        text = _licence_text(c["text_from"])
        if not text.strip():
            raise SystemExit(f"resources/licences.json: no licence text for {c['name']} ({c['text_from']})")
        parts.append(f"Files: {files}\nCopyright: {c['copyright']}\nLicense: {c['license']}\n"
                     f"{_dep5_block(text)}\nComment: {c['name']}\n")
    return "\n".join(parts)


def _roff(text: str) -> str:
    # \: after Chinese punctuation: a place groff may break a line of CJK text, which has no spaces
    text = text.replace("\\", "\\e").replace("-", "\\-")
    text = re.sub("([，。；、：）])", "\\1\\\\:", text)
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.splitlines())


def man_page() -> str:
    """The command's manual page, from the same parser as its --help."""
    sys.path.insert(0, str(ROOT))
    import main as program

    parser = program._parser(prog=APP_NAME)
    out = [f'.TH {APP_NAME.upper()} 1 "" "{__version__}" "{APP_TITLE}"', ".SH 名称",
           f"{APP_NAME} \\- {_roff(parser.description or '')}", ".SH 用法",
           _roff(parser.format_usage().removeprefix("用法：").strip()), ".SH 选项"]
    for action in parser._actions:
        names = ", ".join(action.option_strings) or (action.metavar or action.dest)
        if action.metavar and action.option_strings:
            names += f" {action.metavar}"
        out += [".TP", f".B {_roff(str(names))}", _roff(action.help or "")]
    out += [".SH 退出码", _roff(parser.epilog or ""), ".SH 文件",
            "设置、恢复文件、日志和字体缓存的位置见窗口里的“帮助 → 关于”。"]
    return "\n".join(out) + "\n"


def lintian_overrides() -> str:
    """What lintian says of any application that bundles its own Python and Qt under /opt, each with its reason."""
    return "".join(f"# {why}\n{APP_NAME}: {tag}\n" for tag, why in read_overrides())


def lintian_findings(package: Path) -> list[str]:
    """lintian's errors and warnings of the built package, after the package's own overrides."""
    r = subprocess.run(["lintian", "--no-tag-display-limit", str(package)], capture_output=True, text=True,
                       check=False)
    return [line for line in r.stdout.splitlines() if line.startswith(("E:", "W:"))]


def read_overrides() -> list[tuple[str, str]]:
    pairs = []
    for line in (DEBIAN / "lintian-overrides").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            tag, _, why = line.partition(" # ")
            pairs.append((tag.strip(), why.strip()))
    return pairs


def glibc228_venv() -> Path:
    """A venv of the glibc-2.28 interpreter holding the locked packages (made once, refreshed when the lock
    changes): the build then runs again inside it."""
    import python228

    python = python228.ensure_python()
    lock = (ROOT / "uv.lock").read_bytes() + python.resolve().parent.parent.name.encode()
    stamp = VENV / ".lock-digest"
    digest = __import__("hashlib").sha256(lock).hexdigest()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return VENV / "bin" / "python"
    shutil.rmtree(VENV, ignore_errors=True)
    uv = shutil.which("uv") or "uv"
    subprocess.run([uv, "venv", "--quiet", "--python", str(python), str(VENV)], check=True)
    requirements = BUILD / "requirements228.txt"
    subprocess.run([uv, "export", "--frozen", "--no-hashes", "--no-emit-project", "--quiet", "-o", str(requirements)],
                   cwd=ROOT, check=True)
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(VENV / "bin" / "python"), "-r",
                    str(requirements)], cwd=ROOT, check=True)
    stamp.write_text(digest, encoding="utf-8")
    return VENV / "bin" / "python"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="installer/build.py", description="生成安装包（PyInstaller 单文件夹程序与 .deb）")
    p.add_argument("--no-deb", action="store_true", help="只生成单文件夹程序，不打 .deb 包")
    p.add_argument("--check-glibc", metavar="FOLDER",
                   help="只检查 FOLDER（如已安装的 /opt/gov-disclosure-stats）中每个 ELF 文件需要的 glibc 不超过 2.28")
    p.add_argument("--lintian", metavar="DEB",
                   help="只用 lintian 检查 DEB（覆盖项见 installer/debian/lintian-overrides）")
    p.add_argument("--host-python", action="store_true",
                   help="用运行本脚本的 Python 打包（快，供本机试用；安装包需要本机的 glibc）；"
                        f"也可设 {HOST_PYTHON_ENV}=1")
    args = p.parse_args(argv)
    if args.check_glibc:
        folder = Path(args.check_glibc)
        needed = glibc_needed(folder)
        glibc, over = glibc_report(needed, folder)
        print(f"{len(needed)} 个 ELF 文件，最高需要 glibc {'.'.join(map(str, glibc))}")
        print("\n".join(f"  超过 2.28：{line}" for line in over), file=sys.stderr)
        return 1 if over or not needed else 0
    if args.lintian:
        findings = lintian_findings(Path(args.lintian))
        print("\n".join(findings) or "lintian：没有错误或警告（覆盖项除外）")
        return 1 if findings else 0
    host = args.host_python or os.environ.get(HOST_PYTHON_ENV) == "1"
    if not host and sys.platform == "linux" and platform.machine() == "x86_64":
        python = glibc228_venv()
        print(f"用 glibc 2.28 的 Python 打包：{python}")
        rest = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--host-python"]
        code = subprocess.run([str(python), str(Path(__file__).resolve()), *rest, "--host-python"],
                              cwd=ROOT).returncode
        over = glibc_report(glibc_needed(BUILD / "dist" / APP_NAME), BUILD / "dist" / APP_NAME)[1]
        if code == 0 and over:  # the point of this interpreter: fail rather than ship a package Kylin refuses
            print("glibc 2.28 的程序中仍有文件需要更新的 glibc：\n  " + "\n  ".join(over), file=sys.stderr)
            return 1
        return code
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
