"""简体 / 繁體 for the window's own texts, in one place.

`apply(window, script)` converts the texts of a window's actions, menus, docks, labels and buttons; an
application-wide filter does the same to every dialog, message box and menu as it is shown (so dialogs made
anywhere need no code of their own). Texts that code keeps changing (the problems list, the counts, status
messages, tooltips of cells) are converted where they are produced, with `shown(text)`.

Each converted text keeps its Simplified original in a dynamic property, so switching back restores it and a
text is never converted twice. A widget or action whose texts are already in the shown script or are the
clerk's own data (the form's tabs and heading, recent file names) carries the property SKIP.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStatusBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from model.core.script import in_script
from model.core.templates import HANS, HANT

SKIP = "scriptSkip"
# the main window's labels it fills in the shown script itself (template text, converted counts)
SKIP_NAMES = frozenset({"formHeading", "tableNotes", "checkCounts"})
_ORIGINAL = "scriptHans_"  # + field: the Simplified text
_SHOWN = "scriptShown_"  # + field: what we set, to notice when code has replaced it since
_ORIGINAL_ROLE = Qt.ItemDataRole.UserRole + 901  # the same two for combo box and tree header items
_SHOWN_ROLE = Qt.ItemDataRole.UserRole + 902


class _State:
    script = HANS
    used = False  # nothing to restore until 繁體 has been chosen once
    filter: _ShowFilter | None = None


def current() -> str:
    """The script the app's texts are shown in."""
    return _State.script


def shown(text: str, script: str | None = None) -> str:
    """A Simplified text of ours as the clerk sees it now (for texts produced after `apply`)."""
    return in_script(text, script or _State.script)


def apply_script(window: QWidget, script: str) -> None:
    """Show `window` and every later dialog and menu in `script` (HANS restores the original texts)."""
    _State.script = script if script in (HANS, HANT) else HANS
    _State.used = _State.used or _State.script == HANT
    _install_filter()
    convert_tree(window, _State.script)


def script_of(widget: QObject | None) -> str:
    """The script of the window `widget` belongs to (a window has `.script`), else the last one chosen."""
    while widget is not None:
        chosen = getattr(widget, "script", None)
        if chosen in (HANS, HANT):
            return chosen
        widget = widget.parent()
    return _State.script


def convert_tree(root: QObject, script: str) -> None:
    """Convert the texts of `root` and of everything below it."""
    if script == HANS and not _State.used:
        return
    if isinstance(root, QFileDialog):  # Qt's own words, from its translations: only the title is ours
        _convert(root, "windowTitle", root.windowTitle, root.setWindowTitle, script)
        return
    objects = [root, *root.findChildren(QObject)]
    # a menu's actions usually belong to the window, not to the menu
    objects += [a for m in objects if isinstance(m, QMenu) for a in m.actions()]
    inside_file_dialogs = {id(c) for d in objects if isinstance(d, QFileDialog) for c in d.findChildren(QObject)}
    for obj in objects:
        if not obj.property(SKIP) and obj.objectName() not in SKIP_NAMES and id(obj) not in inside_file_dialogs:
            _convert_object(obj, script)


def _convert(obj: QObject, field: str, get: Callable[[], str], put: Callable[[str], None], script: str) -> None:
    current_text = get()
    original, last = obj.property(_ORIGINAL + field), obj.property(_SHOWN + field)
    if original is None or current_text != last:
        original = current_text  # first time, or the owner has set a new (Simplified) text since
    if not original:
        return
    new = in_script(original, script)
    obj.setProperty(_ORIGINAL + field, original)
    obj.setProperty(_SHOWN + field, new)
    if new != current_text:
        put(new)


def _convert_object(obj: QObject, script: str) -> None:
    if isinstance(obj, QAction):
        if not obj.isSeparator():
            _convert(obj, "text", obj.text, obj.setText, script)
            _convert(obj, "statusTip", obj.statusTip, obj.setStatusTip, script)
            _convert(obj, "iconText", obj.iconText, obj.setIconText, script)  # what a toolbar button shows
        return
    if not isinstance(obj, QWidget) or type(obj).__name__ == "QTipLabel":
        return
    if isinstance(obj, QDialog):
        _convert(obj, "windowTitle", obj.windowTitle, obj.setWindowTitle, script)
    elif isinstance(obj, QDockWidget):
        # Qt copies a dock's title into its 视图 menu action, which has a text of its own (问题 → 问题列表)
        toggle = obj.toggleViewAction()
        kept = toggle.text()
        _convert(obj, "windowTitle", obj.windowTitle, obj.setWindowTitle, script)
        if toggle.text() != kept:
            toggle.setText(kept)
    if isinstance(obj, QFileDialog):
        return  # its own words come from Qt's translations already (its children are skipped by convert_tree)
    _convert(obj, "toolTip", obj.toolTip, obj.setToolTip, script)
    if isinstance(obj, QMenu):
        _convert(obj, "title", obj.title, obj.setTitle, script)
    elif isinstance(obj, QLabel | QAbstractButton):
        _convert(obj, "text", obj.text, obj.setText, script)
    elif isinstance(obj, QGroupBox):
        _convert(obj, "title", obj.title, obj.setTitle, script)
    elif isinstance(obj, QLineEdit | QPlainTextEdit | QTextEdit):
        _convert(obj, "placeholderText", obj.placeholderText, obj.setPlaceholderText, script)
    elif isinstance(obj, QComboBox):
        for i in range(obj.count()):
            _convert_item(obj.itemText(i), obj.itemData(i, _ORIGINAL_ROLE), obj.itemData(i, _SHOWN_ROLE),
                          partial(_set_combo_item, obj, i), script)
    elif isinstance(obj, QTreeWidget):
        header = obj.headerItem()
        for col in range(header.columnCount()):
            _convert_item(header.text(col), header.data(col, _ORIGINAL_ROLE), header.data(col, _SHOWN_ROLE),
                          partial(_set_header_item, obj, col), script)


def _convert_item(text: str, original: str | None, last: str | None, put: Callable[[str, str], None],
                  script: str) -> None:
    if original is None or text != last:
        original = text
    if original:
        put(original, in_script(original, script))


def _set_combo_item(combo: QComboBox, i: int, original: str, new: str) -> None:
    combo.setItemData(i, original, _ORIGINAL_ROLE)
    combo.setItemData(i, new, _SHOWN_ROLE)
    if combo.itemText(i) != new:
        combo.setItemText(i, new)


def _set_header_item(tree: QTreeWidget, col: int, original: str, new: str) -> None:
    header = tree.headerItem()
    header.setData(col, _ORIGINAL_ROLE, original)
    header.setData(col, _SHOWN_ROLE, new)
    if header.text(col) != new:
        header.setText(col, new)


class ScriptStatusBar(QStatusBar):
    """A status bar whose messages (from any part of the UI) are shown in the current script."""

    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(shown(text, script_of(self)), timeout)


class _ShowFilter(QObject):
    """Converts dialogs, message boxes and menus (context menus too) when they appear."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog | QMenu) and not watched.property(SKIP):
            convert_tree(watched, script_of(watched))
        return False


def _install_filter() -> None:
    app = QCoreApplication.instance()
    if app is None or _State.filter is not None:
        return
    _State.filter = _ShowFilter(app)
    app.installEventFilter(_State.filter)
