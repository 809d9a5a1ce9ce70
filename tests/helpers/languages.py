"""footdesk in every shipped language and the pseudo-locale, at 225 % text on a
1366x768 screen (as tests/helpers/large_fonts.py sets it up), in one process:
each language gets a fresh model and window, walked through home, the session
(get-ready, left foot, right foot, a check-in, the safety card), the finished
screen, the back questionnaires (a statement, the activities), the review,
Settings, the routines dialog, the first start's self-check and the keys.

    python -m tests.helpers.languages RESULT.json [CODE ...]

For each screen it writes what does not fit (``large_fonts._clipped``), what
scrolls sideways, and, in the pseudo-locale, every text on show that did not
go through the catalog (still plain English).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from tests.helpers.large_fonts import _clipped, settle, walk_the_questionnaires

NOTICE = (
    "Sound is off: no audio device could be opened (ALSA: Couldn't open audio device: No such file or "
    "directory). The routine goes on silently; footdesk tries again next time."
)

_PLAIN_WORDS = re.compile(r"[A-Za-z]{3,}")


def _not_words() -> set[str]:
    from footdesk.i18n import ENGLISH_FORMATS

    names = (*ENGLISH_FORMATS.weekdays_short, *ENGLISH_FORMATS.weekdays, *ENGLISH_FORMATS.months_short)
    return {"footdesk", *names, *ENGLISH_FORMATS.months}


NOT_WORDS = _not_words()
"""Texts that are the same in every language, and the day and month names the
pseudo-locale takes from English QLocale (another language's come from its own)."""
QT_OWN_WORDS = {"Save", "Cancel", "Restore Defaults", "Close", "OK", "Apply", "Discard", "Yes", "No", "Help"}
"""Qt's standard buttons: Qt's own catalogs translate them (none for the pseudo-locale)."""


def untranslated(root) -> list[str]:
    """In the pseudo-locale: texts on show with an English word outside ⟦ ⟧."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = []
    for widget in [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(root):
            continue
        if widget.text().replace("&", "") in QT_OWN_WORDS:
            continue
        text = re.sub(r"⟦.*?⟧|<[^>]*>|\[[^\]]*\]|&[a-z]+;", " ", widget.text(), flags=re.S)
        words = [word for word in _PLAIN_WORDS.findall(text) if word not in NOT_WORDS]
        if words:
            found.append(widget.text()[:60] + " | " + " ".join(words))
    return found


def sideways(root) -> list[str]:
    from PySide6.QtWidgets import QScrollArea

    return [
        area.objectName() or type(area).__name__
        for area in root.findChildren(QScrollArea)
        if area.isVisibleTo(root) and area.horizontalScrollBar().maximum() > 0
    ]


def walk(code: str) -> list[dict]:
    from PySide6.QtWidgets import QApplication

    from footdesk.app import FootdeskApp, Shell
    from footdesk.appmodel import Adapters, build_model
    from footdesk.i18n import _, use_language
    from footdesk.keys import Command
    from footdesk.platform.locale_formats import apply_to_application
    from footdesk.ui.dialogs import keys_dialog, self_check_dialog
    from footdesk.ui.review_window import ReviewWindow
    from footdesk.ui.routine_editor import RoutineEditor
    from footdesk.ui.settings_dialog import SettingsDialog
    from tests.helpers import FakeClock

    qapp = FootdeskApp.application()
    language = use_language(code)
    apply_to_application(language)
    clock = FakeClock()
    model = build_model(Adapters(clock=clock))
    shell = Shell(model)
    model.open_history()
    shell.restore_window(qapp)
    window = shell.window
    window.show()
    window.show_notice(_(NOTICE))  # under every screen, as when the sound could not start
    settle(qapp)
    screens: list[dict] = []

    def look(name: str, root=None) -> None:
        settle(qapp)
        page = root or window.stack.currentWidget()
        screens.append({
            "language": language.code, "name": name, "clipped": _clipped(page), "sideways": sideways(page),
            "untranslated": untranslated(page),
        })  # fmt: skip

    def run_for(seconds: float) -> None:
        for _tick in range(round(seconds * 2)):
            clock.now += 0.5
            model.tick()

    look("home")
    model.start()
    model.skip()  # the first habit
    look("get-ready")
    run_for(5.5)
    look("left foot")
    model.skip()
    run_for(5.5)
    look("right foot")
    model.stop()
    look("finished")
    model.go_home()
    model.start()  # the whole roll, then its check-in beside the clock
    model.skip()
    run_for(5 + 120 + 5 + 120 + 1)
    look("check-in")
    model.press(Command.RATE, 9)  # a pain above the limit: the safety card
    look("safety card")
    model.press(Command.CARRY_ON)
    model.stop()
    model.go_home()
    walk_the_questionnaires(qapp, shell, look)
    for name, make in (
        ("review", lambda: ReviewWindow(model, window)),
        ("settings", lambda: SettingsDialog(model.settings, model.settings_file.defaults, model.base_routine, window)),
        ("routines", lambda: RoutineEditor(model, window)),
        ("self-check", lambda: self_check_dialog(window)),
        ("keys", lambda: keys_dialog(window)),
    ):
        dialog = make()
        dialog.show()
        look(name, dialog)
        dialog.close()
    shell.close_everything()
    window.close()
    window.deleteLater()
    for _round in range(3):
        QApplication.processEvents()
    return screens


def main(result: Path, codes: list[str]) -> None:
    screens = [screen for code in codes for screen in walk(code)]
    result.write_text(json.dumps(screens, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
