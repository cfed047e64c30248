"""Every workaround for reportlab (and the standard library around its import), in one place, each with a test in
tests/print/test_reportlab_compat.py that fails if upstream changes underneath it. reportlab is pinned below 6.

- `import_platypus`: imports reportlab.platypus with its URL-splitting regex compiled lazily and Pillow loaded
  lazily (it swaps `re.compile` for the duration of that import only). Measured with bytecode, in the project's
  environment: importing print.pdf and reportlab.platypus costs 0.35 s of CPU plainly, 0.26 s this way (8 runs
  each). In the installed bundle, a whole `--pdf` of the seed (warm font cache, 9 runs paired): 0.60 s of CPU
  against 0.69 s plainly (0.85×), 2.8 MiB less memory; so it stays. `GDS_PLAIN_REPORTLAB_IMPORT=1` turns both off.
- `fix_to_unicode_cmap`: reportlab's ToUnicode CMap writes 5 hex digits for CJK Ext-B characters; ours writes
  UTF-16 surrogate pairs, so such a character can be copied and searched in the PDF.
- `own_face_name`: registerFont silently reuses an earlier font with the same face name.
- `kinsoku_line_breaks`: reportlab's CJK line breaking lets a line begin with "，；：？！》" (its list of marks that
  cannot start a line is Japanese and lacks them) and end with "（《", and cuts numbers ("85|47"); ours follows the
  Chinese rules (GB/T 15834 punctuation, no line starting with a closing mark, none ending with an opening one),
  hanging one closing mark in the margin as Word does, and keeps runs of digits and Latin letters whole.

Every print (the table, the report, the 催报 list, the charts) starts with `platypus_ready()`: both of the first and
the last of these.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

PLAIN_ENV = "GDS_PLAIN_REPORTLAB_IMPORT"  # set: import reportlab plainly (to measure the tricks, also installed)
URL_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how reportlab.platypus.paragraph's URL regex begins


class _LazyPattern:
    """A regex compiled on first use."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return getattr(self._compiled, name)


_compile = re.compile


def import_platypus() -> None:
    """Import reportlab.platypus with its URL-splitting regex left uncompiled until used.

    That one case-insensitive pattern over the whole BMP costs about 40 ms of CPU at import, a sixth of a
    `--pdf` run, and is used only to split long URLs, which a statistics table never has.
    """
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    if os.environ.get(PLAIN_ENV):  # for measuring what the two tricks save (bench/bench_pdf.py --plain)
        import reportlab.platypus

        return

    def lazy_url_pattern(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URL_PATTERN_START):
            return _LazyPattern(pattern, flags)
        return _compile(pattern, flags)

    lazy_pil_image()
    re.compile = lazy_url_pattern
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = _compile


def lazy_pil_image() -> None:
    """Make `PIL.Image` load on first use rather than when reportlab.lib.utils imports it.

    reportlab imports Pillow unconditionally (about 35 ms of CPU, an eighth of a `--pdf` run) but needs it
    only to embed bitmaps, which the paper copy has none of. A module a caller really uses loads in full then.
    """
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    sys.modules["PIL"].Image = module  # type: ignore[attr-defined]  # as a normal import of the submodule would
    loader.exec_module(module)


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but with UTF-16 surrogate pairs: its own writes 5 hex digits for CJK Ext-B
    characters (a name like 王𠀾), which makes the character impossible to copy or search in the PDF."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


def fix_to_unicode_cmap() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = to_unicode_cmap


def own_face_name(ttf: Any, n: int) -> None:
    """A rebuilt cache file keeps its face name: give the n-th registration its own (it also names the font in
    the PDF), or reportlab would draw with the earlier font of that name."""
    ttf.face.name = ttf.face.name + b"-" + str(n).encode()


# 标点符号用法 (GB/T 15834): marks that close (never at a line's start) and that open (never at its end)
CANNOT_START = "，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}%"
CANNOT_END = "（《「『【〔〈“‘([{"
_GLUED = re.compile(r"[0-9A-Za-z.,%]")  # inside "8,547", "34.8%", "2023", "PDF": never broken


def _breaks_ok(prev: str, nxt: str) -> bool:
    if nxt in CANNOT_START or prev in CANNOT_END:
        return False
    return not (_GLUED.fullmatch(prev or " ") and _GLUED.fullmatch(nxt or " ") and (prev.isalnum() or nxt.isalnum()))


def line_ends(chars: list[str], widths: list[float], max_widths: list[float],
              forced: frozenset[int] = frozenset()) -> list[int]:
    """Where each line ends (exclusive indices; the last is len(chars)): as many characters as fit, then the break
    moved so no line starts with a closing mark or ends with an opening one and no number or word is cut; one
    closing mark may hang in the margin. `forced`: indices after which a line must end (<br/>)."""
    from reportlab.rl_config import _FUZZ

    ends: list[int] = []
    n, start = len(chars), 0
    while start < n:
        max_width = max_widths[min(len(ends), len(max_widths) - 1)]
        used, i = 0.0, start
        while i < n and i not in forced:
            if used + widths[i] > max_width + _FUZZ and i > start:
                break
            used += widths[i]
            i += 1
        if i < n and i in forced:
            ends.append(i + 1)
            start = i + 1
            continue
        b = i  # the first character that did not fit
        if b < n:
            if chars[b] in CANNOT_START and (b + 1 >= n or chars[b + 1] not in CANNOT_START):
                b += 1  # one closing mark hangs in the margin
            else:
                # back at most half a line; failing that, anywhere in the line (a short line breaks no rule)
                for limit in (start + max(1, (b - start) // 2), start + 1):
                    b = i
                    while b > limit and not _breaks_ok(chars[b - 1], chars[b]):
                        b -= 1
                    if _breaks_ok(chars[b - 1], chars[b]):
                        break
                else:
                    b = i  # nowhere within the line: break where it is full
        ends.append(max(b, start + 1))
        start = ends[-1]
    return ends


def word_split(word: str, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8") -> list[Any]:
    """reportlab.lib.textsplit.wordSplit (a paragraph of one font) with Chinese line-breaking rules."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(word, bytes):
        word = word.decode(encoding)
    widths_list = max_widths if isinstance(max_widths, (list, tuple)) else [max_widths]
    chars = list(word)
    widths = [stringWidth(c, font_name, font_size) for c in chars]
    lines, start = [], 0
    for k, end in enumerate(line_ends(chars, widths, list(widths_list))):
        max_width = widths_list[min(k, len(widths_list) - 1)]
        lines.append([max_width - sum(widths[start:end]), word[start:end].strip() if end < len(word) else
                      word[start:end]])
        start = end
    return lines


def cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """reportlab.platypus.paragraph.cjkFragSplit (a paragraph of several fonts) with Chinese line-breaking rules."""
    from reportlab.platypus import paragraph as rl

    glyphs = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        glyphs.extend([rl.cjkU(t, f, encoding) for t in text] if text else [rl.cjkU(text, f, encoding)])
    widths_list = max_widths if isinstance(max_widths, (list, tuple)) else [max_widths]

    def width(u: Any, max_width: float) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        return float(w)

    widths = [width(g, widths_list[0]) for g in glyphs]
    forced = frozenset(k for k, g in enumerate(glyphs) if hasattr(g.frag, "lineBreak"))
    lines, start = [], 0
    for k, end in enumerate(line_ends([str(g) for g in glyphs], widths, list(widths_list), forced)):
        max_width = widths_list[min(k, len(widths_list) - 1)]
        # a space where a line breaks is not set (reportlab's page split ends every line with one, and the font of
        # that run may have no glyph for it)
        first, last = start, end
        while last > first + 1 and str(glyphs[last - 1]).isspace():
            last -= 1
        used = sum(widths[first:last])
        lines.append(rl.makeCJKParaLine(glyphs[first:last], max_width, used, max_width - used, end - 1 in forced,
                                        calc_bounds))
        start = end
    return rl.ParaLines(kind=1, lines=lines)


def split_cjk_lines(bl_para: Any, start: int, stop: int) -> list[Any]:
    """reportlab.platypus.paragraph._split_blParaHard, which turns the lines of a paragraph split over two pages
    back into fragments: upstream appends a space to the last fragment of every line, in place, so the lines
    still drawn on the first page get it too (a box where that run's font has no space glyph), and Chinese text
    continued on the next page gets a space at every old line end. Here the fragments are copies, and a space is
    put only between two Latin words."""
    out: list[Any] = []
    lines = bl_para.lines[start:stop]
    for k, line in enumerate(lines):
        words = [w.clone() for w in line.words]
        out.extend(words)
        if k + 1 < len(lines) and words:
            nxt = next((w.text for w in lines[k + 1].words if getattr(w, "text", "")), "")
            last = next((w for w in reversed(words) if getattr(w, "text", "")), None)
            if last is not None and last.text[-1:].isascii() and last.text[-1:].isalnum() and nxt[:1].isascii() \
                    and nxt[:1].isalnum():
                last.text += " "
    return out


def kinsoku_line_breaks() -> None:
    from reportlab.platypus import paragraph

    paragraph.cjkFragSplit = cjk_frag_split
    paragraph.wordSplit = word_split
    paragraph._split_blParaHard = split_cjk_lines


def platypus_ready() -> None:
    """Every print's start: platypus imported the quick way, then Chinese line breaking in its paragraphs."""
    import_platypus()
    kinsoku_line_breaks()
