"""Font choice for the PDF: packaged fallback, embeddable cache, per-character fallback, user font file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from print import fonts


@pytest.fixture(autouse=True)
def font_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GOVSTATS_FONT_CACHE", str(cache))
    return cache


def test_packaged_song_fonts_exist_without_any_system_font():
    chain = fonts.font_chain(system=False)
    assert [f.path.name for f in chain] == ["NotoSerifSC-Regular.otf", "NotoSerifTC-Regular.otf"]
    assert all(f.path.is_file() for f in chain)


def test_cff_font_is_converted_to_a_cached_truetype_subset(font_cache):
    fs = fonts.prepare("政府信息公开情况统计表", system=False)
    assert fs.label.startswith("Noto Serif SC")
    cached = list(font_cache.glob("*.ttf"))
    assert len(cached) == 1
    with TTFont(cached[0]) as f:
        assert "glyf" in f and "CFF " not in f  # TrueType outlines: reportlab can embed it
        cmap = f.getBestCmap()
    assert all(ord(ch) in cmap for ch in "政府信息公开情况统计表0123456789")
    before = cached[0].stat().st_mtime_ns
    fonts.prepare("统计表", system=False)  # a subset of what is cached: no rebuild
    assert cached[0].stat().st_mtime_ns == before


def test_new_characters_are_converted_alone_and_the_cache_is_never_converted_again(font_cache):
    fonts.prepare("政府", system=False)
    (base,) = font_cache.glob("*.ttf")
    before = base.stat().st_mtime_ns
    fs = fonts.prepare("鄞州區", system=False)  # characters not cached yet
    assert base.stat().st_mtime_ns == before  # what was cached is not converted again
    parts = sorted(font_cache.glob("*+1.ttf"))
    assert len(parts) == 1
    with TTFont(parts[0]) as f:
        cmap = f.getBestCmap()
    assert all(ord(ch) in cmap for ch in "鄞州區") and ord("政") not in cmap  # the new ones only
    body = fs.fonts[0].source
    assert all(next(f for f in fs.fonts if f.name == fs.font_for(ch)).source == body for ch in "政府鄞州區")
    again = fonts.prepare("政府鄞州", system=False)  # all cached now: nothing converted
    assert sorted(font_cache.glob("*.ttf")) == sorted([base, *parts]) and again.missing == set()


def test_character_missing_from_the_body_font_falls_back_per_character():
    fs = fonts.prepare("王𠀾䶮", system=False)  # 𠀾 (Ext-B) is in Noto Serif TC only
    runs = fs.runs("王𠀾䶮")
    assert [text for _name, text in runs] == ["王", "𠀾", "䶮"]
    assert runs[0][0] == runs[2][0] == fs.primary != runs[1][0]
    assert fs.missing == set()


def test_character_no_font_has_is_named_and_replaced_visibly():
    fs = fonts.prepare("王\U0001F600", system=False)
    runs = fs.runs("王\U0001F600")
    assert "".join(text for _name, text in runs) == f"王{fonts.PLACEHOLDER}"
    assert fs.missing == {"\U0001F600"}


def test_user_font_comes_first_and_missing_characters_fall_back(font_cache, tmp_path):
    # A small TrueType font holding only a few characters stands in for the user's own font file.
    small = tmp_path / "small.ttf"
    fonts.convert_subset(fonts.packaged_fonts()[0], [ord(c) for c in "海州区 0123456789"], small)
    fs = fonts.prepare("海州区政府", user_font=small, system=False)
    assert fs.label == "small.ttf"
    runs = fs.runs("海州区政府")
    assert runs[0] == (fs.primary, "海州区")
    assert runs[1][0] != fs.primary and runs[1][1] == "政府"


def test_unusable_user_font_gives_a_chinese_reason(tmp_path):
    with pytest.raises(fonts.FontError, match="找不到字体文件"):
        fonts.prepare("政府", user_font=tmp_path / "nope.ttf", system=False)
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all" * 10)
    with pytest.raises(fonts.FontError, match=r"junk\.ttf"):
        fonts.prepare("政府", user_font=junk, system=False)


def test_qt_gets_the_same_font_files():
    files = fonts.qt_font_files()
    assert files and all(Path(f).is_file() for f in files)
    assert fonts.font_chain()[0].path == files[0]


def test_unwritable_cache_folder_falls_back_to_the_temp_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("GOVSTATS_FONT_CACHE", str(blocked / "fonts"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    fs = fonts.prepare("政府", system=False)
    assert fs.font_for("政") == fs.primary
    assert list((tmp_path / "tmp" / "gov-disclosure-stats-fonts").glob("*.ttf"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(
    "海州区人民政府办公室鄞龑堃喆䶮㙟𠀾𡈼ab12（）·\U0001F600\U0001F4C4\ue000"), min_size=1, max_size=12))
def test_every_character_is_drawn_by_a_font_that_has_it_or_reported(text):
    fs = fonts.prepare(text, system=False)
    runs = fs.runs(text)
    shown = "".join(run for _name, run in runs)
    expected = "".join(fonts.PLACEHOLDER if ch in fs.missing else ch for ch in text)
    assert shown == expected
    for name, run in runs:
        font = next(f for f in fs.fonts if f.name == name)
        assert all(ord(ch) in font.codes for ch in run if not ch.isspace())
    assert fs.missing <= {"\U0001F600", "\U0001F4C4", "\ue000"}


def test_the_font_cache_key_survives_a_reinstall(tmp_path: Path) -> None:
    """The same font file in another folder, with other file times (a reinstall), finds the same cached subset."""
    import os
    import shutil

    src = fonts.packaged_fonts()[0]
    moved = tmp_path / "elsewhere" / src.path.name
    moved.parent.mkdir()
    shutil.copyfile(src.path, moved)
    os.utime(moved, (1_000_000_000, 1_000_000_000))
    assert fonts.FontSource(moved, src.index).key == src.key
    other = tmp_path / "other.otf"
    data = bytearray(moved.read_bytes())
    data[-1] ^= 0xFF  # a different font (here: one changed byte at its end) gets its own
    other.write_bytes(bytes(data))
    assert fonts.FontSource(other, src.index).key != src.key


def test_the_first_start_converts_what_nearly_every_print_needs_once(tmp_path: Path, monkeypatch) -> None:
    from model.exchange.store import load
    from print import pdf
    from resources import path as resource_path

    monkeypatch.setenv("GOVSTATS_FONT_CACHE", str(tmp_path / "cache"))
    assert not fonts.cache_prepared()
    added = fonts.prepare_cache(system=False)
    assert added > 5000 and fonts.cache_prepared()
    assert fonts.prepare_cache(system=False) == 0  # once
    files = sorted(p.name for p in (tmp_path / "cache").glob("*.ttf"))
    for example in ("haizhou-2015.json", "example-2021.json"):
        for script in ("hans", "hant"):  # a first print, in either script, converts nothing more
            pdf.render(load(resource_path("examples", example)), tmp_path / "out.pdf",
                       pdf.PrintOptions(script=script, system_fonts=False))
    assert sorted(p.name for p in (tmp_path / "cache").glob("*.ttf")) == files


def test_the_background_conversion_is_this_program_and_can_be_switched_off(monkeypatch) -> None:
    from ui.common import font_warmup

    cmd = font_warmup.command()
    assert cmd[-1] == "--prepare-fonts" and (cmd[0] == sys.executable)
    assert Path(cmd[1]).is_file() and Path(cmd[1]).name == "main.py"  # the program, wherever the module sits
    monkeypatch.setenv(font_warmup.OFF_ENV, "1")
    assert font_warmup.start() is None
