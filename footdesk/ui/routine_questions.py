"""What the routine editor asks before it loses or replaces something: unsaved
changes when leaving a routine, a routine's file changed by hand since it
was opened, and an import of a routine that is already there. Each is a
Save / Discard / Cancel box with words of its own on the first two; its text
is plain (a routine's title may come from a received file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QStyle, QWidget

from footdesk.library import AlreadyThereError, Duplicate, RoutineChangedError

Answer = QMessageBox.StandardButton
KEEP_MINE = Answer.Save
"""Keep what is shown here (save it / save over the file)."""
LET_GO = Answer.Discard
"""Let what is shown here go (discard it / reload the file)."""
STAY = Answer.Cancel


def ask_about_changed_file(parent: QWidget, title: str, changed: RoutineChangedError) -> int:
    """Keep my edits (KEEP_MINE), reload the file (LET_GO), or Cancel (the default, and Esc)."""
    keep = (
        "Keep my edits saves what is shown here as a new file."
        if changed.gone
        else "Keep my edits saves what is shown here over it; a copy of the file as it is now is kept beside it."
    )
    box = _question(
        parent,
        QMessageBox.Icon.Warning,
        "Changed in its file",
        f"“{title}” was changed in its file since you opened it here.",
        f"In {changed.path}: {changed.what}.\n\n{keep}\n"
        "Reload the file shows the file as it is now; your changes here are dropped.",
        "fileChangedQuestion",
        STAY,
        ("&Keep my edits", "&Reload the file"),  # Alt+K, Alt+R; Esc is Cancel
    )
    reload_button = box.button(LET_GO)
    if reload_button is not None:  # Discard's own icon is a bin: nothing is thrown away on disk
        reload_button.setIcon(parent.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
    return _asked(box)


def ask_about_duplicate(parent: QWidget, there: AlreadyThereError, new_title: str) -> Duplicate | None:
    """An import of a routine already in the library: replace it, keep both (the
    new one as ``new_title``), or Cancel (the default, and Esc): None."""
    existing = there.existing
    replace_it = (
        "The built-in routine cannot be replaced."
        if existing.builtin
        else "Replace it puts the imported steps and title in its place; a copy of its file is kept."
    )
    box = _question(
        parent,
        QMessageBox.Icon.Question,
        "Already in your routines",
        f"“{existing.title}” is already in your routines ({there.same}).",
        f"{replace_it}\nKeep both adds the imported one as “{new_title}”.",
        "duplicateQuestion",
        STAY,
        ("&Replace it", "&Keep both"),  # Alt+R, Alt+K; Esc is Cancel
    )
    replace_button, both_button = box.button(KEEP_MINE), box.button(LET_GO)
    if replace_button is not None:
        replace_button.setVisible(not existing.builtin)
    if both_button is not None:  # Discard's own icon is a bin: nothing is thrown away
        both_button.setIcon(QIcon())
    answer = _asked(box)
    return {KEEP_MINE: Duplicate.REPLACE, LET_GO: Duplicate.AS_NEW}.get(Answer(answer))


def ask_to_save(parent: QWidget, title: str, new: bool) -> int:
    """Unsaved changes: Save (KEEP_MINE, the default), Discard (LET_GO) or stay."""
    question = f"Save your changes to “{title}”?"
    if new:
        question = f"Save the new routine “{title}”?" if title else "Save the new routine?"
    box = _question(
        parent,
        QMessageBox.Icon.Question,
        "Unsaved changes",
        question,
        "Discard leaves it unsaved: it is not kept." if new else "Discard leaves the saved routine as it was.",
        "unsavedQuestion",
        KEEP_MINE,
        ("&Save", "&Discard"),  # Alt+S, Alt+D; Esc is Cancel
    )
    return _asked(box)


def _asked(box: QMessageBox) -> int:
    """The button pressed, compared with KEEP_MINE, LET_GO (anything else is to stay)."""
    answer = box.exec()
    box.deleteLater()
    return answer


def _question(
    parent: QWidget,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    more: str,
    name: str,
    default: Answer,
    save_and_discard: tuple[str, str],
) -> QMessageBox:
    box = QMessageBox(icon, title, text, KEEP_MINE | LET_GO | STAY, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(more)
    box.setDefaultButton(default)
    for which, words in zip((KEEP_MINE, LET_GO), save_and_discard, strict=True):
        button = box.button(which)
        if button is not None:
            button.setText(words)
    return box
