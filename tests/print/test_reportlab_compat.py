"""One test per reportlab workaround (print/reportlab_compat.py): each fails if upstream changes underneath it."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from print import reportlab_compat
from tests.conftest import ROOT_DIR

ROOT = ROOT_DIR


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          encoding="utf-8").stdout.strip()


def test_the_url_pattern_is_the_one_left_uncompiled_and_still_works() -> None:
    out = run(
        "import re\n"
        "from print import reportlab_compat as c\n"
        "c.import_platypus()\n"
        "from reportlab.platypus import paragraph\n"
        "print(type(paragraph.uri_pat).__name__, re.compile is c._compile,"
        " bool(paragraph.uri_pat.match('https://www.gov.cn/zhengce')), 'PIL.Image' in __import__('sys').modules)\n")
    # lazily compiled (else the trick does nothing: reportlab renamed or rewrote its pattern), matching as the
    # real one does, re.compile restored, and Pillow registered for lazy loading
    assert out == "_LazyPattern True True True"


def test_upstream_still_writes_the_to_unicode_cmap_through_the_function_replaced() -> None:
    from reportlab.pdfbase import ttfonts

    from print import reportlab_compat

    assert hasattr(ttfonts, "makeToUnicodeCMap")
    upstream = ttfonts.makeToUnicodeCMap
    bmp = [0x20, 0x738B]  # " 王": where upstream is right, ours writes the same CMap
    try:
        assert upstream("F0", bmp) == reportlab_compat.to_unicode_cmap("F0", bmp)
        reportlab_compat.fix_to_unicode_cmap()
        assert ttfonts.makeToUnicodeCMap is reportlab_compat.to_unicode_cmap
        # an Ext-B character as UTF-16 surrogates (upstream writes 5 hex digits, which readers cannot map)
        assert "<01> <D840DC3E>" in reportlab_compat.to_unicode_cmap("F0", [0x20, 0x2003E])
    finally:
        ttfonts.makeToUnicodeCMap = upstream


def test_registering_a_second_font_of_the_same_face_name_needs_its_own_name(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from print import fonts, reportlab_compat

    path = tmp_path / "small.ttf"  # a TrueType subset of the packaged font, as the print cache holds
    fonts.convert_subset(fonts.packaged_fonts()[0], map(ord, "政府信息公开"), path)
    a, b = TTFont("CompatA", str(path)), TTFont("CompatB", str(path))
    assert isinstance(a.face.name, bytes) and a.face.name == b.face.name  # what registerFont keys its reuse on
    reportlab_compat.own_face_name(b, 987654)  # a number no other registration in this process uses
    # `a` keeps no plain face name either: the print fonts registered after this test must not be taken for it
    reportlab_compat.own_face_name(a, 987653)
    pdfmetrics.registerFont(a)
    pdfmetrics.registerFont(b)
    assert pdfmetrics.getFont("CompatB").face is b.face and b.face.name.endswith(b"-987654")


def _lines(text: str, width: float) -> list[str]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # reportlab's own CJK metrics: no font file needed
    para = Paragraph(text, ParagraphStyle("t", fontName="STSong-Light", fontSize=12, leading=16, wordWrap="CJK"))
    para.wrap(width, 10_000)
    lines = para.blPara.lines
    if para.blPara.kind == 0:  # one font: (extra space, [text]) per line
        return ["".join(words) for _space, words in lines]
    return ["".join(w.text for w in line.words) for line in lines]


PIECES = [*list("政府信息公开工作年度报告主动依申请") * 3, *"，。、；：？！）》」』（《「『",
          "8547", "34.8%", "2023", "PDF"]


@settings(max_examples=80, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), min_size=20, max_size=200).map("".join),
       width=st.integers(80, 300))
@example(text="政政政（8547，，政政政政政政政政政政政政政", width=80)  # two closing marks after a number in brackets
def test_chinese_lines_never_start_with_a_closing_mark_nor_end_with_an_opening_one(text: str, width: int) -> None:
    reportlab_compat.kinsoku_line_breaks()
    lines = _lines(text, width)
    assert "".join(lines) == text  # nothing lost or doubled
    for before, after in itertools.pairwise(lines):
        assert after[:1] not in reportlab_compat.CANNOT_START, (before, after)
        assert before[-1:] not in reportlab_compat.CANNOT_END, (before, after)
        assert not (before[-1:].isdigit() and after[:1].isdigit()), (before, after)
        assert not (before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha())


def test_upstream_cjk_splitter_is_the_function_replaced_and_still_lets_a_comma_start_a_line() -> None:
    """If reportlab learns the Chinese rules itself, this patch can go."""
    import inspect

    from reportlab.lib.textsplit import ALL_CANNOT_START
    from reportlab.platypus import paragraph

    source = inspect.getsource(paragraph.Paragraph.breakLinesCJK)
    assert "wordSplit(text, maxWidths, f.fontName, f.fontSize)" in source and "cjkFragSplit(frags" in source

    assert "，" not in ALL_CANNOT_START and "》" not in ALL_CANNOT_START
    reportlab_compat.kinsoku_line_breaks()
    assert paragraph.cjkFragSplit is reportlab_compat.cjk_frag_split
    assert paragraph.wordSplit is reportlab_compat.word_split


def test_a_chinese_paragraph_split_over_two_pages_gains_no_spaces() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph

    reportlab_compat.kinsoku_line_breaks()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("t", fontName="STSong-Light", fontSize=12, leading=16, wordWrap="CJK")
    text = "政府信息公开" * 40
    para = Paragraph(f'{text[:100]}<font name="Helvetica">PDF report</font>{text[100:]}', style)
    para.wrap(200, 1000)
    first, second = para.split(200, 16 * 3)
    drawn = "".join(w.text for line in first.blPara.lines for w in line.words)
    assert " " not in drawn  # the lines kept on the first page are drawn as they were wrapped
    second.wrap(200, 1000)
    rest = "".join(w.text for line in second.blPara.lines for w in line.words)
    assert drawn + rest == text[:100] + "PDF report" + text[100:]
