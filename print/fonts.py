"""CJK fonts for the PDF: find a Song-style font, make it embeddable, and pick a font for every character. No Qt.

reportlab embeds only TrueType-outline fonts and silently drops characters a font lacks. So every character is
checked against the cmaps of a chain of fonts (the user's choice, a system 宋体, the packaged Noto Serif SC/TC);
CFF-outline fonts are subset to the characters needed and converted to TrueType once, then cached on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from model.exchange.store import write_atomic
from print import reportlab_compat

# U+3013 GETA MARK: the typesetter's sign for "character missing from the font"; printed instead of a silent gap.
PLACEHOLDER = "〓"
_ALWAYS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("（）：、，。·．﹒—“”《》〔〕［］〓□※第页共")
# beyond this the cached subsets are rebuilt from scratch, so conversion time stays bounded (the first start's
# background conversion puts ~6,200 characters in)
_MAX_CACHED_CHARS = 9000
_MAX_PARTS = 12  # cached subset files per font before they are merged into one (a PDF embeds each part it uses)


@dataclass(frozen=True)
class FontSource:
    """One font file (a TTC needs its index) and the name shown to the user."""

    path: Path
    index: int = 0
    label: str = ""

    @property
    def key(self) -> str:
        """Names the cached conversion by the font's content, not where it lies: a reinstall (another folder, new
        file times) finds the subset the last installation built."""
        st = self.path.stat()
        digest = _content_digest(str(self.path.resolve()), st.st_size, st.st_mtime_ns)
        return f"{self.path.stem[:24]}-{self.index}-{digest}"


@cache
def _content_digest(path: str, size: int, _mtime_ns: int) -> str:
    """Size and the first and last 64 KiB (a font's tables directory and its end): cheap, and equal for copies."""
    with open(path, "rb") as f:
        head = f.read(65536)
        f.seek(max(0, size - 65536))
        tail = f.read()
    return hashlib.sha1(b"%d|" % size + head + tail).hexdigest()[:10]


class FontError(ValueError):
    """A font file the user chose that cannot be used; str() is a Chinese reason."""


def _windows_fonts() -> list[FontSource]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [FontSource(root / "simsun.ttc", 0, "宋体 (SimSun)"), FontSource(root / "simsunb.ttf", 0, "宋体-ExtB")]


_UNIX_NAMES = {"simsun.ttc": "宋体 (SimSun)", "SimSun.ttf": "宋体 (SimSun)", "simsunb.ttf": "宋体-ExtB",
               "Songti.ttc": "宋体 (Songti)", "uming.ttc": "AR PL UMing (明体)"}


def _scan(root: Path, depth: int, wanted: frozenset[str], found: dict[str, Path]) -> None:
    """Font files of the `wanted` names under `root`, at most `depth` folders down (a full walk is slow)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.name in wanted and entry.name not in found and entry.is_file():
            found[entry.name] = Path(entry.path)
        elif depth and entry.is_dir():
            _scan(Path(entry.path), depth - 1, wanted, found)


@cache
def _unix_font_files() -> dict[str, Path]:
    """Every font file this module looks for (宋体 and the 公文 faces), found in one walk of the font folders."""
    roots = [Path.home() / ".local/share/fonts", Path.home() / ".fonts", Path("/usr/share/fonts"),
             Path("/usr/local/share/fonts"), Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    wanted = frozenset(_UNIX_NAMES) | frozenset(n for names in ROLE_FILES.values() for n in names)
    found: dict[str, Path] = {}
    for root in roots:
        _scan(root, 3, wanted, found)
    return found


def _unix_fonts() -> list[FontSource]:
    found = _unix_font_files()
    return [FontSource(found[name], 0, label) for name, label in _UNIX_NAMES.items() if name in found]


# the faces of the 公文 page (GB/T 9704: 标题 小标宋, 一级标题 黑体, 二级标题 楷体, 正文 仿宋), by the file names
# Windows, Kylin, UOS and the free Linux packages give them; a role no file serves is set in the body font's chain
ROLE_FILES: dict[str, dict[str, str]] = {
    "title": {"FZXBSJW.TTF": "方正小标宋简体", "fzxbsjw.ttf": "方正小标宋简体", "FZXBSK.TTF": "方正小标宋简体",
              "simhei.ttf": "黑体 (SimHei)", "SIMHEI.TTF": "黑体 (SimHei)", "FZHTK.TTF": "方正黑体简体",
              "wqy-zenhei.ttc": "文泉驿正黑", "NotoSansCJK-Regular.ttc": "Noto Sans CJK（思源黑体）"},
    "heiti": {"simhei.ttf": "黑体 (SimHei)", "SIMHEI.TTF": "黑体 (SimHei)", "FZHTK.TTF": "方正黑体简体",
              "wqy-zenhei.ttc": "文泉驿正黑", "NotoSansCJK-Regular.ttc": "Noto Sans CJK（思源黑体）"},
    "kaiti": {"simkai.ttf": "楷体 (SimKai)", "SIMKAI.TTF": "楷体 (SimKai)", "KAITI_GB2312.TTF": "楷体_GB2312",
              "kaiti_GB2312.ttf": "楷体_GB2312", "FZKTK.TTF": "方正楷体简体", "ukai.ttc": "AR PL UKai（文鼎楷体）"},
    "fangsong": {"simfang.ttf": "仿宋 (SimFang)", "SIMFANG.TTF": "仿宋 (SimFang)",
                 "FANGSONG_GB2312.TTF": "仿宋_GB2312", "fangsong_GB2312.ttf": "仿宋_GB2312",
                 "FZFSK.TTF": "方正仿宋简体"},
}


def role_fonts(role: str) -> list[FontSource]:
    """System fonts of a 公文 face (see ROLE_FILES), best first; [] where the machine has none."""
    names = ROLE_FILES[role]
    if sys.platform == "win32":
        root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found = {n: root / n for n in names}
    else:
        found = {n: p for n, p in _unix_font_files().items() if n in names}
    return [FontSource(found[n], 0, label) for n, label in names.items() if n in found and found[n].is_file()]


def system_fonts() -> list[FontSource]:
    """Song-style system fonts that exist on this machine, best first."""
    candidates = _windows_fonts() if sys.platform == "win32" else _unix_fonts()
    return [f for f in candidates if f.path.is_file()]


def packaged_fonts() -> list[FontSource]:
    """Noto Serif SC and TC (SIL OFL 1.1) from the pylopdf-fonts-zh-cn / -zh-tw packages: always present."""
    out: list[FontSource] = []
    try:
        import pylopdf_fonts_zh_cn

        out.append(FontSource(pylopdf_fonts_zh_cn.serif_path(), 0, "Noto Serif SC（思源宋体）"))
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    try:
        import pylopdf_fonts_zh_tw

        out.append(FontSource(pylopdf_fonts_zh_tw.serif_path(), 0, "Noto Serif TC（思源宋體）"))
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    return [f for f in out if f.path.is_file()]


def font_chain(user_font: str | Path | None = None, system: bool = True) -> list[FontSource]:
    """Fonts in the order they are tried for each character: the user's, a system 宋体, the packaged ones."""
    chain: list[FontSource] = []
    if user_font:
        p = Path(user_font)
        if not p.is_file():
            raise FontError(f"找不到字体文件：{p}")
        chain.append(FontSource(p, 0, p.name))
    if system:
        chain.extend(system_fonts())
    chain.extend(packaged_fonts())
    return chain


def qt_font_files(user_font: str | Path | None = None) -> list[Path]:
    """Font files for QFontDatabase.addApplicationFont, so the window shows Chinese on machines without CJK fonts.

    Qt reads CFF-outline OTF itself, so these are the original files, not the converted cache.
    """
    return [f.path for f in font_chain(user_font)]


def cache_dir() -> Path:
    """Where converted font subsets live: the user cache folder, or the temp folder if that is not writable."""
    override = os.environ.get("GOVSTATS_FONT_CACHE")
    if override:
        wanted = Path(override)
    else:
        from platformdirs import user_cache_dir

        wanted = Path(user_cache_dir("gov-disclosure-stats", appauthor=False)) / "fonts"
    return _writable(wanted)


@cache
def _writable(wanted: Path) -> Path:
    try:
        wanted.mkdir(parents=True, exist_ok=True)
        if os.access(wanted, os.W_OK):
            return wanted
    except OSError:
        pass
    import tempfile

    return Path(tempfile.gettempdir()) / "gov-disclosure-stats-fonts"


def _read_ttf(path: Path, index: int) -> tuple[bool, frozenset[int]]:
    """(has TrueType outlines, cmap) read with fontTools; only the needed tables are parsed."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as f:
            return "glyf" in f, frozenset(f.getBestCmap() or ())
    except (TTLibError, OSError, AssertionError, KeyError, ValueError) as exc:
        raise FontError(f"无法读取字体文件 {path.name}：{exc}") from exc


@cache
def _source_info(source: FontSource) -> tuple[bool, frozenset[int]]:
    """(TrueType outlines?, cmap) of a source font, cached on disk: reading a CJK cmap costs 50–250 ms."""
    meta = cache_dir() / f"{source.key}.cmap"
    try:
        text = meta.read_text(encoding="ascii")
        kind, _, body = text.partition("\n")
        return kind == "glyf", frozenset(_decode_ranges(body))
    except (OSError, ValueError):
        pass
    glyf, cmap = _read_ttf(source.path, source.index)
    with contextlib.suppress(OSError):  # the cmap file is only a speed-up
        _write_atomic(meta, (("glyf" if glyf else "cff") + "\n" + _encode_ranges(cmap)).encode("ascii"))
    return glyf, cmap


def _encode_ranges(codes: Iterable[int]) -> str:
    out: list[str] = []
    start = prev = -2
    for c in sorted(codes):
        if c != prev + 1:
            if start >= 0:
                out.append(f"{start:x}-{prev:x}")
            start = c
        prev = c
    if start >= 0:
        out.append(f"{start:x}-{prev:x}")
    return " ".join(out)


def _decode_ranges(text: str) -> Iterable[int]:
    for part in text.split():
        a, _, b = part.partition("-")
        yield from range(int(a, 16), int(b, 16) + 1)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)  # the temp-folder fallback of cache_dir is made on first use
    write_atomic(path, data)


def convert_subset(source: FontSource, codes: Iterable[int], out: Path) -> None:
    """Subset a (CFF-outline) font to `codes` and write it with TrueType outlines reportlab can embed."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont, newTable

    opts = Options()
    opts.layout_features = []
    # reportlab reads outlines, metrics and the cmap only: the layout tables (their decompiling was a fifth of a
    # first print) and vertical metrics are left out
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    # the CFF outlines are redrawn as TrueType below, which keeps no hints and needs no flat charstrings: removing
    # hints and subroutines from the CFF first (each runs every charstring once more) would be thrown away
    opts.hinting = True
    opts.desubroutinize = False
    font = TTFont(source.path, fontNumber=source.index)
    for tag in opts.drop_tables:  # removed unread: the subsetter would decompile them to compact them first
        if tag in font:
            del font[tag]
    sub = Subsetter(opts)
    sub.populate(unicodes=list(codes))
    sub.subset(font)
    if "CFF " in font:
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            # CFF contours run counter-clockwise; TrueType wants clockwise, hence reverse_direction.
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        font["loca"] = newTable("loca")
        font["glyf"] = glyf
        del font["CFF "]
        if "VORG" in font:
            del font["VORG"]
        maxp = newTable("maxp")
        maxp.tableVersion = 0x00010000
        for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                     "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
        font["maxp"] = maxp
        post = font["post"]
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        font["head"].glyphDataFormat = 0
        font.sfntVersion = "\x00\x01\x00\x00"
    import io

    buf = io.BytesIO()
    font.save(buf)
    _write_atomic(out, buf.getvalue())


@dataclass
class _Registered:
    name: str  # reportlab font name
    codes: frozenset[int]
    source: FontSource


_registered: dict[tuple[str, int], _Registered] = {}


def _register_ttf(path: Path, index: int, source: FontSource) -> _Registered:
    """Register a TrueType-outline file with reportlab once per process (by path and mtime)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    reportlab_compat.fix_to_unicode_cmap()

    key = (str(path), path.stat().st_mtime_ns)
    if key in _registered:
        return _registered[key]
    name = f"F{len(_registered)}-{path.stem[:20]}".replace(" ", "")
    try:
        ttf = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError) as exc:
        raise FontError(f"字体 {path.name} 不能嵌入 PDF：{exc}") from exc
    if len(_registered):
        reportlab_compat.own_face_name(ttf, len(_registered))
    pdfmetrics.registerFont(ttf)
    reg = _Registered(name, frozenset(ttf.face.charToGlyph), source)
    _registered[key] = reg
    return reg


def _cached_subsets(source: FontSource, need: frozenset[int]) -> list[_Registered]:
    """The cached TrueType subsets of a CFF font covering `need`: the first one (`<key>.ttf`), then one more
    (`<key>+n.ttf`) for each print that needed characters not cached yet. What is cached is never converted again:
    a new character costs the conversion of the new characters only. Past `_MAX_PARTS` parts or
    `_MAX_CACHED_CHARS` characters, the cache starts afresh with what this print needs."""
    base = cache_dir() / f"{source.key}.ttf"
    parts = [base, *sorted(cache_dir().glob(f"{source.key}+*.ttf"), key=_part_number)] if base.is_file() else []
    regs = [_register_ttf(p, 0, source) for p in parts]
    have = frozenset().union(*(r.codes for r in regs))
    if need <= have:
        return regs
    _, cmap = _source_info(source)  # read only when something is missing: characters the font lacks are not
    need = need & cmap  # "missing" from its cache
    if need <= have:
        return regs
    if len(regs) >= _MAX_PARTS or len(have | need) > _MAX_CACHED_CHARS:
        for p in parts:
            with contextlib.suppress(OSError):
                p.unlink()
        regs, have, parts = [], frozenset(), []
    new = (need - have) | ({ord(c) for c in _ALWAYS} if not regs else set())
    out = base if not regs else cache_dir() / f"{source.key}+{len(regs)}.ttf"
    try:
        convert_subset(source, new & cmap, out)
    except OSError as exc:
        raise FontError(f"无法保存转换后的字体（{out.parent}）：{exc.strerror or exc}") from exc
    return [*regs, _register_ttf(out, 0, source)]


def _part_number(path: Path) -> int:
    tail = path.stem.rpartition("+")[2]
    return int(tail) if tail.isdigit() else 0


@dataclass
class FontSet:
    """Registered fonts in fallback order; splits text into runs per font and names characters none has."""

    fonts: list[_Registered]
    missing: set[str] = field(default_factory=set)

    @property
    def primary(self) -> str:
        return self.fonts[0].name

    @property
    def label(self) -> str:
        return self.fonts[0].source.label

    def font_for(self, ch: str) -> str | None:
        code = ord(ch)
        for f in self.fonts:
            if code in f.codes:
                return f.name
        return None

    def markup(self, text: str) -> str:
        """Paragraph markup of `text` (escaped) with a <font> switch wherever the body font lacks a character."""
        out = []
        for name, run in self.runs(text):
            run = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
            out.append(run if name == self.primary else f'<font face="{name}">{run}</font>')
        return "".join(out)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """[(font name, text)] covering `text`; characters no font has become PLACEHOLDER and are recorded."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch) if not ch.isspace() else self.primary
            if name is None:
                self.missing.add(ch)
                ch, name = PLACEHOLDER, self.font_for(PLACEHOLDER) or self.primary
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out


def prepare_role(chars: Iterable[str], role: str, base: FontSet) -> FontSet | None:
    """The 公文 face `role` (ROLE_FILES) for `chars`, falling back to the fonts of `base` (already prepared for
    the whole document, so nothing of its cache is rebuilt while it is in use); None where the system has none."""
    need = frozenset(ord(c) for c in set(chars) | _ALWAYS if not c.isspace())
    for source in role_fonts(role):
        try:
            regs = _fonts_for_chars(source, need)
        except FontError:
            continue
        if regs:
            return FontSet([*regs, *base.fonts])
    return None


def prepare(chars: Iterable[str], user_font: str | Path | None = None, system: bool = True) -> FontSet:
    """Make the fonts that together cover `chars` ready for reportlab; the first font of the chain is the body font."""
    need = frozenset(ord(c) for c in set(chars) | _ALWAYS if not c.isspace())
    chain = font_chain(user_font, system)
    if not chain:
        raise FontError("找不到可用的中文字体（缺少 pylopdf-fonts-zh-cn 包？）")
    fonts: list[_Registered] = []
    left = set(need)
    for i, source in enumerate(chain):
        if not left and i > 0:
            break
        try:
            regs = _fonts_for_chars(source, frozenset(left) if i else need)
        except FontError:
            if i == 0 and user_font:
                raise
            continue
        for reg in regs:
            if reg.codes & left or not fonts:
                fonts.append(reg)
            left -= reg.codes
    if not fonts:
        raise FontError("找不到可用的中文字体")
    return FontSet(fonts)


def broad_charset() -> frozenset[str]:
    """What nearly every print needs, converted once ahead of the first print: GB2312's 3,755 common characters
    (level 1), the Traditional forms the app's texts use, and every character of the formats' fixed texts."""
    from model.core.layout import build_grid
    from model.core.script import in_script, traditional_chars
    from model.core.templates import SCRIPTS, available_templates

    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):  # GB2312 level 1: rows 16–55
        chars |= set(bytes(b for lo in range(0xA1, 0xFF) for b in (hi, lo)).decode("gb2312", errors="ignore"))
    chars |= set(in_script("".join(sorted(chars)), SCRIPTS[1]))  # their Traditional forms, for 繁體 prints
    chars |= traditional_chars()  # and whatever the app's own words become in 繁體 (联系 → 聯繫)
    for t in available_templates():
        for script in SCRIPTS:
            chars |= set(t.name.get(script) + t.title.get(script))
            chars |= {c for h in t.text.skeleton for c in in_script(h.heading, script)}
            for table in t.tables:
                chars |= {c for cell in build_grid(t, table, script).cells for c in cell.text}
                chars |= {c for n in table.notes for c in n.get(script)}
    return frozenset(c for c in chars if c.isprintable() and not c.isspace()) | _ALWAYS


def cached_codes(user_font: str | Path | None = None, system: bool = True) -> frozenset[int]:
    """The characters of the body font already converted and cached (all of its characters for a TrueType font)."""
    chain = font_chain(user_font, system)
    if not chain:
        return frozenset()
    source = chain[0]
    base = cache_dir() / f"{source.key}.ttf"
    if not base.is_file():
        glyf, cmap = _source_info(source)
        return cmap if glyf else frozenset()
    parts = [base, *cache_dir().glob(f"{source.key}+*.ttf")]
    return frozenset().union(*(_register_ttf(p, 0, source).codes for p in parts))


PREPARED = "prepared"  # a marker in the cache folder: the broad character set was converted


def prepare_cache(user_font: str | Path | None = None, system: bool = True) -> int:
    """Convert the broad character set into the body font's cache, once: the first print then finds its
    characters converted (run in a process of its own at the first start, so the window never waits for it).
    Returns how many characters were added."""
    before = cached_codes(user_font, system)
    need = {ord(c) for c in broad_charset()} - before
    if need:
        prepare(broad_charset(), user_font, system)
    chain = font_chain(user_font, system)
    _write_atomic(cache_dir() / PREPARED, "\n".join(s.key for s in chain[:1]).encode("utf-8"))
    return len(cached_codes(user_font, system) - before) if need else 0


def cache_prepared() -> bool:
    """Whether prepare_cache ran for the cache as it is (an emptied cache folder has no marker)."""
    try:
        return (cache_dir() / PREPARED).is_file()
    except OSError:
        return False


def _fonts_for_chars(source: FontSource, need: frozenset[int]) -> list[_Registered]:
    if (cache_dir() / f"{source.key}.ttf").is_file():  # only CFF sources are cached; the usual case: all cached
        return _cached_subsets(source, need)
    glyf, cmap = _source_info(source)
    if glyf:
        return [_register_ttf(source.path, source.index, source)]
    want = need & cmap
    return _cached_subsets(source, frozenset(want)) if want else []
