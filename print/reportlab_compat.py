"""Every workaround for reportlab (and the standard library around its import), in one place, each with a test in
tests/test_reportlab_compat.py that fails if upstream changes underneath it. reportlab is pinned below 6.

- `import_platypus`: imports reportlab.platypus with its URL-splitting regex compiled lazily and Pillow loaded
  lazily (it swaps `re.compile` for the duration of that import only). Measured with bytecode, in the project's
  environment: importing print.pdf and reportlab.platypus costs 0.35 s of CPU plainly, 0.26 s this way (8 runs
  each). In the installed bundle, a whole `--pdf` of the seed (warm font cache, 9 runs paired): 0.60 s of CPU
  against 0.69 s plainly (0.85×), 2.8 MiB less memory; so it stays. `GDS_PLAIN_REPORTLAB_IMPORT=1` turns both off.
- `fix_to_unicode_cmap`: reportlab's ToUnicode CMap writes 5 hex digits for CJK Ext-B characters; ours writes
  UTF-16 surrogate pairs, so such a character can be copied and searched in the PDF.
- `own_face_name`: registerFont silently reuses an earlier font with the same face name.
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
