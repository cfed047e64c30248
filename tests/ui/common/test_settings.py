"""Settings file and the 最近打开 menu: what is on disk, what the menu shows."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.core.templates import HANT
from model.places import CONFIG_ENV
from tests.conftest import ROOT_DIR
from ui.common.settings import (
    MAX_RECENT,
    Settings,
    add_recent,
    load_settings,
    save_settings,
    settings_path,
)
from ui.files.recent import RecentMenu


@pytest.fixture
def conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "conf"))
    return tmp_path / "conf" / "settings.json"


def test_env_var_redirects_the_settings_file(conf: Path) -> None:
    assert settings_path() == conf


def test_missing_file_gives_defaults(conf: Path) -> None:
    s = load_settings()
    assert s == Settings()
    assert s.last_template == "gov2015"


def test_round_trip_in_a_fresh_process(conf: Path, tmp_path: Path) -> None:
    doc = tmp_path / "海州区 2015.json"
    doc.write_text("{}", encoding="utf-8")
    s = Settings(last_template="gov2021", last_year=2023, script=HANT, print_font="/fonts/宋体.ttf")
    add_recent(s, doc)
    assert save_settings(s)
    code = "from ui.common.settings import load_settings; import json; print(json.dumps(load_settings().__dict__))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=os.environ | {"PYTHONIOENCODING": "utf-8"}, cwd=ROOT_DIR,
    ).stdout
    back = json.loads(out)
    assert back == {
        "last_template": "gov2021", "last_year": 2023, "recent": [str(doc)], "script": HANT,
        "print_font": "/fonts/宋体.ttf", "window_geometry": "", "window_state": "", "zoom": 100,
    }


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[1, 2]", b"\xff\xfe garbage", b'{"recent": "x", "last_year": "2020"}', b"[" * 100000],
)
def test_corrupt_file_gives_defaults(conf: Path, content: bytes) -> None:
    conf.parent.mkdir(parents=True)
    conf.write_bytes(content)
    assert load_settings() == Settings()


def test_bad_fields_are_dropped_good_ones_kept(conf: Path) -> None:
    conf.parent.mkdir(parents=True)
    conf.write_text(json.dumps({"last_template": "nope", "last_year": 2022, "script": "klingon",
                                "recent": ["/a.json", 3, None, "/a.json", "/b.json"]}), encoding="utf-8")
    s = load_settings()
    assert (s.last_template, s.last_year, s.script) == ("gov2015", 2022, "hans")
    assert s.recent == ["/a.json", "/b.json"]


def test_recent_most_recent_first_no_duplicates_at_most_ten(tmp_path: Path) -> None:
    s = Settings()
    files = [tmp_path / f"{i}.json" for i in range(12)]
    for f in files:
        add_recent(s, f)
    add_recent(s, files[5])
    assert len(s.recent) == MAX_RECENT
    assert s.recent[0] == str(files[5])
    assert s.recent[1] == str(files[11])
    assert s.recent.count(str(files[5])) == 1
    assert str(files[0]) not in s.recent


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert save_settings(Settings(), blocker / "sub" / "settings.json") is False


def test_recent_menu_drops_missing_files_when_it_opens(qtbot, conf: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "甲.json", tmp_path / "乙&丙.json"
    a.write_text("{}")
    b.write_text("{}")
    s = Settings()
    add_recent(s, a)
    add_recent(s, b)
    menu = RecentMenu(s)
    qtbot.addWidget(menu)
    assert menu.paths() == [str(b), str(a)]
    assert menu.actions()[0].text() == "&1 乙&&丙.json"
    a.unlink()
    menu.aboutToShow.emit()
    assert menu.paths() == [str(b)]
    assert load_settings().recent == [str(b)]  # the pruned list is saved


def test_recent_menu_emits_the_chosen_path_and_can_be_cleared(qtbot, conf: Path, tmp_path: Path) -> None:
    a = tmp_path / "甲.json"
    a.write_text("{}")
    s = Settings()
    add_recent(s, a)
    menu = RecentMenu(s)
    qtbot.addWidget(menu)
    with qtbot.waitSignal(menu.file_chosen) as blocker:
        menu.actions()[0].trigger()
    assert blocker.args == [str(a)]
    clear = next(x for x in menu.actions() if x.text() == "清除列表")
    clear.trigger()
    assert s.recent == [] and load_settings().recent == []
    assert [x.text() for x in menu.actions()] == ["（无）"]


def test_same_name_in_two_folders_says_which_folder(qtbot, conf: Path, tmp_path: Path) -> None:
    s = Settings()
    for folder in ("2015年", "2016年"):
        (tmp_path / folder).mkdir()
        f = tmp_path / folder / "统计表.json"
        f.write_text("{}")
        add_recent(s, f)
    menu = RecentMenu(s)
    qtbot.addWidget(menu)
    assert [a.text() for a in menu.actions()[:2]] == ["&1 统计表.json（2016年）", "&2 统计表.json（2015年）"]
