"""The 新建 dialog: offered formats, default year, remembered choice."""

import datetime
from pathlib import Path

import pytest

from model.places import CONFIG_ENV
from ui.common.settings import Settings, load_settings
from ui.files import new_dialog
from ui.files.new_dialog import NewDialog, ask_new


@pytest.fixture(autouse=True)
def conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path))


def test_offers_both_formats_and_last_year(qtbot) -> None:
    d = NewDialog(Settings(), today=datetime.date(2026, 2, 3))
    qtbot.addWidget(d)
    names = [d.template.itemText(i) for i in range(d.template.count())]
    assert len(names) == 2 and all(names)
    assert d.choice() == ("gov2021", 2025)  # last year, in the format in force for it
    assert d.year.text() == "2025 年度"
    d.year.setValue(2016)
    assert d.choice() == ("gov2015", 2016)
    d.year.setValue(2022)
    assert d.choice() == ("gov2021", 2022)
    assert d.hint.text()  # the format's full title is shown


def test_choice_is_remembered_for_next_time(qtbot, monkeypatch) -> None:
    def pick(dialog: NewDialog) -> bool:
        dialog.template.setCurrentIndex(dialog.template.findData("gov2021"))
        dialog.year.setValue(2023)
        return True

    monkeypatch.setattr(new_dialog, "run_dialog", pick)
    s = Settings()
    assert ask_new(None, s) == ("gov2021", 2023)
    stored = load_settings()
    assert (stored.last_template, stored.last_year) == ("gov2021", 2023)
    d = NewDialog(stored)
    qtbot.addWidget(d)
    assert d.choice()[0] == "gov2021"


def test_cancel_changes_nothing(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(new_dialog, "run_dialog", lambda d: False)
    assert ask_new(None, Settings()) is None
    assert load_settings() == Settings()
