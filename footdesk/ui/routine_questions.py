"""What the routine editor asks before it loses or replaces something: unsaved
changes when leaving a routine, a routine's file changed by hand since it
was opened, and an import of a routine that is already there. Each is a
Save / Discard / Cancel box with words of its own on the first two; its text
is plain (a routine's title may come from a received file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QStyle, QWidget

from footdesk.i18n import _
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
        _("Keep my edits saves what is shown here as a new file.")
        if changed.gone
        else _("Keep my edits saves what is shown here over it; a copy of the file as it is now is kept beside it.")
    )
    box = _question(
        parent,
        QMessageBox.Icon.Warning,
        _("Changed in its file"),
        _("“{routine}” was changed in its file since you opened it here.").format(routine=title),
        # TRANSLATORS: {path} is the routine's file, {what} how it changed; {keep} what "Keep my edits" does
        _(
            "In {path}: {what}.\n\n{keep}\nReload the file shows the file as it is now; your changes here are dropped."
        ).format(path=changed.path, what=changed.what, keep=keep),
        "fileChangedQuestion",
        STAY,
        # TRANSLATORS: the question's buttons; & marks the Alt key of each (Esc is Cancel)
        (_("&Keep my edits"), _("&Reload the file")),  # Alt+K, Alt+R; Esc is Cancel
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
        _("The built-in routine cannot be replaced.")
        if existing.builtin
        else _("Replace it puts the imported steps and title in its place; a copy of its file is kept.")
    )
    box = _question(
        parent,
        QMessageBox.Icon.Question,
        _("Already in your routines"),
        # TRANSLATORS: {same} says how it is the same routine (its id, its title)
        _("“{routine}” is already in your routines ({same}).").format(routine=existing.title, same=there.same),
        # TRANSLATORS: {replace_it} says what "Replace it" does; {title} the title the imported one would get
        _("{replace_it}\nKeep both adds the imported one as “{title}”.").format(replace_it=replace_it, title=new_title),
        "duplicateQuestion",
        STAY,
        # TRANSLATORS: the question's buttons; & marks the Alt key of each (Esc is Cancel)
        (_("&Replace it"), _("&Keep both")),  # Alt+R, Alt+K; Esc is Cancel
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
    question = _("Save your changes to “{routine}”?").format(routine=title)
    if new:
        question = _("Save the new routine “{routine}”?").format(routine=title) if title else _("Save the new routine?")
    box = _question(
        parent,
        QMessageBox.Icon.Question,
        _("Unsaved changes"),
        question,
        _("Discard leaves it unsaved: it is not kept.") if new else _("Discard leaves the saved routine as it was."),
        "unsavedQuestion",
        KEEP_MINE,
        # TRANSLATORS: the question's buttons; & marks the Alt key of each (Esc is Cancel)
        (_("&Save"), _("&Discard")),  # Alt+S, Alt+D; Esc is Cancel
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
