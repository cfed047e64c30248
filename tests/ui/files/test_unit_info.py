"""The 单位信息 dock: typed values land in the document and the saved file, each edit one undo step."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from model.core.document import Document
from model.exchange.store import dumps, loads
from ui.files.unit_info import UnitInfoDock, parse_year


@pytest.fixture
def dock(qtbot, seed_doc: Document) -> UnitInfoDock:
    d = UnitInfoDock(seed_doc, QUndoStack())
    qtbot.addWidget(d)
    d.show()
    return d


def type_into(qtbot, dock: UnitInfoDock, key: str, text: str) -> None:
    edit = dock.panel.edits[key]
    edit.setText(text)  # QTest.keyClicks only knows ASCII
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_fields_show_the_document(dock: UnitInfoDock, seed_doc: Document) -> None:
    edits = dock.panel.edits
    assert edits["name"].text() == seed_doc.unit.name
    assert edits["year"].text() == "2015"
    assert list(edits) == ["name", "year", "head", "reviewer", "preparer", "phone", "date"]


def test_each_edit_is_one_named_undo_step_and_is_saved(qtbot, dock: UnitInfoDock, seed_doc: Document) -> None:
    undo = dock.panel.undo
    type_into(qtbot, dock, "preparer", "张三")
    type_into(qtbot, dock, "phone", "0518-85820000")
    assert undo.count() == 2
    assert undo.undoText() == "修改联系电话"
    assert seed_doc.unit.preparer == "张三"
    back = loads(dumps(seed_doc))
    assert (back.unit.preparer, back.unit.phone) == ("张三", "0518-85820000")
    undo.undo()
    assert seed_doc.unit.phone == ""
    assert dock.panel.edits["phone"].text() == ""  # the field follows undo
    assert undo.undoText() == "修改填表人"
    undo.redo()
    assert dock.panel.edits["phone"].text() == "0518-85820000"


def test_finishing_without_a_change_adds_no_step(qtbot, dock: UnitInfoDock) -> None:
    edit = dock.panel.edits["name"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    dock.panel.commit("name", edit.text() + "  ")  # only surrounding spaces
    assert dock.panel.undo.count() == 0


def test_year_is_validated_and_undoable(qtbot, dock: UnitInfoDock, seed_doc: Document) -> None:
    type_into(qtbot, dock, "year", "1999")
    assert seed_doc.year == 2015
    assert dock.panel.error.isVisibleTo(dock) and "2008–2100" in dock.panel.error.text()
    assert dock.panel.undo.count() == 0
    type_into(qtbot, dock, "year", "２０１６年")
    assert seed_doc.year == 2016
    assert not dock.panel.error.isVisibleTo(dock)
    assert dock.panel.undo.undoText() == "修改年度"
    assert loads(dumps(seed_doc)).year == 2016
    dock.panel.undo.undo()
    assert seed_doc.year == 2015 and dock.panel.edits["year"].text() == "2015"


@pytest.mark.parametrize("text", ["", "二〇一五", "20l5", "15", "2101", "-2015", "2015.5"])
def test_parse_year_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="年度"):
        parse_year(text)


def test_on_change_is_told_which_field(qtbot, seed_doc: Document) -> None:
    seen = []
    d = UnitInfoDock(seed_doc, QUndoStack(), on_change=seen.append)
    qtbot.addWidget(d)
    d.panel.commit("name", "海州区人民政府办公室")
    d.panel.undo.undo()
    assert seen == ["name", "name"]
