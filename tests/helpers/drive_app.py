"""Run the real footdesk (``footdesk.cli.main``, as the ``footdesk`` command
starts it) and drive it through what a person does, then quit: a routine with
a pause, skips and a rating, mute, settings saved, full screen, the week
review with every button (exports to the folder given), and Quit.

Run by tests/test_current_folder.py in a subprocess, from an empty folder:
``python drive_app.py EXPORT_FOLDER``. Prints DONE when it got to the end.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from footdesk import app as app_module
from footdesk.cli import main

exports = Path(sys.argv[1])
started: list[app_module.Shell] = []
original_finish_start = app_module.Shell.finish_start


def finish_start(shell: app_module.Shell) -> None:
    if started:  # called again (the first frame and the latest-start timer): already done
        return
    started.append(shell)
    # driven from inside the first start's welcome dialog, as a person would be
    QTimer.singleShot(0, lambda: drive(shell))
    # no garbage collection while starting (cli.main); back on once the window is up
    assert not gc.isenabled(), "collection should be off until the first frame"
    original_finish_start(shell)
    assert gc.isenabled(), "collection should be back on after the first frame"


def drive(shell: app_module.Shell) -> None:
    from footdesk.ui.review_window import ReviewWindow

    model, window = shell.model, shell.window
    assert model.history is not None
    model.start()
    model.skip()  # the barefoot habit, done
    model.toggle()  # pause while getting ready
    model.toggle()
    for _ in range(4):  # the left foot, the right foot, the heel raises: skipped; the shoes habit, done
        model.skip()
    assert model.result() is not None
    window.rate_pain(4)
    model.toggle_mute()
    model.toggle_mute()
    model.go_home()
    model.apply_settings(replace(model.settings, goal_days=5))  # settings.toml written
    window.toggle_full_screen()
    window.toggle_full_screen()

    answers = iter([exports / "all.csv", exports / "week.pdf"])
    review = ReviewWindow(model, window, choose_file=lambda *_: str(next(answers, "")))
    review.show()
    for button in (review.previous_button, review.next_button, review.this_week_button, review.rest_button,
                   review.rest_button, review.export_button, review.pdf_button, review.close_button):  # fmt: skip
        if button.isEnabled():
            button.click()
    review.toggle_trend()

    # the review as the menu opens it (the real file dialog, not used), closed again
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())  # type: ignore[union-attr]
    window.open_review()
    print("DONE", flush=True)
    shell.close_everything()  # Quit: the window's place is remembered, the history closed


app_module.Shell.finish_start = finish_start  # type: ignore[method-assign]
sys.exit(main([]))
