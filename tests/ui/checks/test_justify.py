"""Justifying a warning: refused boilerplate, one undo step, stale after a change, counted as closed."""

import pytest
from PySide6.QtGui import QUndoStack

from model.core.document import Document, reason_problem
from model.core.report import check_document
from model.core.rules import Finding, checker_for
from ui.checks import justify as justify_mod
from ui.checks.justify import JustifyDialog, justify

REASON = "本年有 2 件上年度结转的申请在本年办结，故办结数大于本年收到的申请数。"


def finding(doc: Document, key: str) -> Finding:
    return checker_for(doc.template).check(doc.values)[key]


@pytest.fixture
def doc(seed_doc: Document) -> Document:
    seed_doc.values["C1"] = 3  # C2 = C3 = 5: R17 and R19 warn
    return seed_doc


def test_dialog_refuses_boilerplate_in_place(qtbot, doc: Document) -> None:
    dialog = JustifyDialog(doc, finding(doc, "R17"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "办结数通常不超过收到申请数" in dialog.message.text()
    dialog.set_reason("核实无误")
    dialog.accept()
    assert dialog.isVisible()  # not closed
    assert dialog.justification is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == reason_problem("核实无误")
    assert "套话" in dialog.error.text()
    dialog.set_reason(REASON)
    assert not dialog.error.isVisible()  # typing hides the old complaint
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.justification.reason == REASON


def test_flow_refused_then_stored_as_one_undo_step(qtbot, doc: Document, monkeypatch) -> None:
    seen_errors = []

    def fill(dialog: JustifyDialog) -> bool:
        dialog.set_reason("  核实无误。 ")
        dialog.accept()
        seen_errors.append(dialog.error.text())
        dialog.set_reason(REASON)
        dialog.accept()
        return dialog.result() == JustifyDialog.DialogCode.Accepted

    monkeypatch.setattr(justify_mod, "run_dialog", fill)
    undo = QUndoStack()
    notified = []
    before = check_document(doc)
    assert [f.key for f in before.warnings] == ["R17", "R19"]

    assert justify(None, doc, finding(doc, "R17"), undo, lambda: notified.append(1))
    assert "套话" in seen_errors[0]
    assert undo.count() == 1
    assert undo.undoText() == "说明理由 R17 申请办结数"  # the rule and the cell, as the menu shows it
    assert doc.justifications["R17"].reason == REASON
    assert notified == [1]
    after = check_document(doc)
    assert [f.key for f in after.warnings] == ["R19"]
    assert [f.key for f in after.justified] == ["R17"]
    assert after.counts_text() == before.counts_text().replace("警告 2", "警告 1")

    undo.undo()
    assert "R17" not in doc.justifications
    assert [f.key for f in check_document(doc).warnings] == ["R17", "R19"]
    undo.redo()
    assert doc.justifications["R17"].reason == REASON


def test_changed_values_make_the_reason_stale_and_the_warning_open(qtbot, doc: Document, monkeypatch) -> None:
    monkeypatch.setattr(justify_mod, "run_dialog", lambda d: d.set_reason(REASON) or d.accept() or True)
    justify(None, doc, finding(doc, "R17"), QUndoStack(), lambda: None)
    doc.values["C1"] = 4  # still a warning, but not the numbers the reason was written for
    assert [f.key for f in check_document(doc).warnings] == ["R17", "R19"]
    dialog = JustifyDialog(doc, finding(doc, "R17"))
    qtbot.addWidget(dialog)
    assert dialog.state_label.isVisibleTo(dialog)
    assert "相关数字已改变" in dialog.state_label.text()
    assert dialog.reason() == REASON  # the old reason is there to confirm or edit


def test_remove_a_reason_is_one_step(qtbot, doc: Document, monkeypatch) -> None:
    undo = QUndoStack()
    monkeypatch.setattr(justify_mod, "run_dialog", lambda d: d.set_reason(REASON) or d.accept() or True)
    justify(None, doc, finding(doc, "R17"), undo, lambda: None)
    monkeypatch.setattr(justify_mod, "run_dialog", lambda d: d.remove() or True)
    assert justify(None, doc, finding(doc, "R17"), undo, lambda: None)
    assert undo.undoText() == "删除理由 R17 申请办结数"
    assert "R17" not in doc.justifications
    undo.undo()
    assert doc.justifications["R17"].reason == REASON


def test_cancel_and_errors_change_nothing(qtbot, doc: Document, monkeypatch) -> None:
    undo = QUndoStack()
    monkeypatch.setattr(justify_mod, "run_dialog", lambda d: False)
    assert not justify(None, doc, finding(doc, "R17"), undo, lambda: None)
    doc.values["C2"] = 9  # R02: an error, which must be corrected, not explained
    monkeypatch.setattr(justify_mod, "run_dialog", lambda d: pytest.fail("no dialog for an error"))
    assert not justify(None, doc, finding(doc, "R02"), undo, lambda: None)
    assert undo.count() == 0 and doc.justifications == {}
