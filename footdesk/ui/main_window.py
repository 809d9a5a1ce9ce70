"""The main window: three screens (home, session, finished) and the keys.

Every key has one meaning everywhere and works without the mouse; the window
only routes keys and clicks to the controller and shows what it reports.

The window is built in two steps so that a person sees it as soon as possible:
the home screen, menus and keys first, then ``attach`` adds the session
machinery (controller, sound, history and the other two screens) once the
first frame is on screen. A Space pressed in between starts the routine as
soon as it can.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QSizePolicy, QStackedWidget, QWidget

from footdesk.routine import Routine
from footdesk.settings import Settings, SettingsFile, SettingsSaveError
from footdesk.ui.home_view import HomeView

if TYPE_CHECKING:
    from footdesk.history import History
    from footdesk.platform.autostart import LoginStart
    from footdesk.platform.screen_awake import ScreenAwake
    from footdesk.sound import CuePlayer
    from footdesk.ui.controller import SessionController
    from footdesk.ui.finished_view import FinishedView
    from footdesk.ui.session_view import SessionView


class MainWindow(QMainWindow):
    welcome_acknowledged = Signal()
    settings_changed = Signal(object)
    """New Settings are in force (saved, or kept for this run if saving failed)."""
    preview_requested = Signal(int)
    closing = Signal()
    """The window is closing (or going to the tray): the moment to remember its size and place."""
    went_to_tray = Signal()
    """The window closed but footdesk keeps running in the tray for the reminder."""
    first_frame = Signal()
    """The window has been painted once: the moment to build what it does not show yet."""

    controller: SessionController
    sound: CuePlayer
    history: History
    session_view: SessionView
    finished_view: FinishedView

    def __init__(
        self,
        routine: Callable[[], Routine],
        settings_file: SettingsFile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        # Qt adds the application display name ("— footdesk") to every title
        self._routine = routine
        self.settings_file = settings_file
        self.ready = False
        """Whether ``attach`` has run: the controller, sound, history and session screens exist."""
        self._start_when_ready = False
        self._painted = False
        self._screen_awake: ScreenAwake | None = None
        self.keeps_running: Callable[[], bool] = lambda: False
        """Whether closing the window leaves footdesk running (in the tray)."""
        self.tray_available: Callable[[], bool] = lambda: False
        self.login_start: LoginStart | None = None
        """Starting footdesk at login, where this desktop allows it."""
        self._quitting = False
        self.last_announcement = ""

        self.home = HomeView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        self.notice = QLabel(objectName="notice")
        self.notice.setWordWrap(True)
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().hide()

        self.home.start_requested.connect(self.start_routine)
        self.home.self_check_requested.connect(self.show_self_check)
        self.home.settings_requested.connect(self.open_settings)
        self.home.review_requested.connect(self.open_review)
        self._build_menus()
        self._bind_keys()
        self.refresh_home()

    def attach(self, controller: SessionController, sound: CuePlayer, history: History) -> None:
        """Add the session machinery; until then the window shows the home screen only."""
        from footdesk.ui.finished_view import FinishedView
        from footdesk.ui.session_view import SessionView

        self.controller = controller
        self.sound = sound
        self.history = history
        self.session_view = SessionView()
        self.finished_view = FinishedView()
        for page in (self.session_view, self.finished_view):
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.stack.addWidget(page)
        self.finished_view.pain.rated.connect(self.rate_pain)
        self.session_view.toggle_requested.connect(controller.toggle)
        self.session_view.next_requested.connect(controller.skip)
        self.session_view.back_requested.connect(controller.back)
        self.session_view.stop_requested.connect(controller.stop)
        self.finished_view.home_requested.connect(self.go_home)
        self.finished_view.again_requested.connect(self.start_routine)
        controller.changed.connect(self.refresh)
        controller.finished.connect(self.refresh_week)
        controller.listener_failed.connect(self.show_notice)
        controller.announce.connect(self.announce)
        self.preview_requested.connect(sound.preview)
        self.settings_changed.connect(lambda _settings: self.refresh_sound_status())
        self.ready = True
        self.refresh_week()
        self.refresh_sound_status()
        if self._start_when_ready:
            self._start_when_ready = False
            self.start_routine()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_frame.emit)  # after this frame is flushed to the screen

    # Screens ------------------------------------------------------------------

    def refresh_home(self) -> None:
        self.home.show_routine(self._routine())

    def start_routine(self) -> None:
        if not self.ready:
            self._start_when_ready = True
            return
        self.controller.reset()
        self.controller.start()

    def refresh_week(self) -> None:
        if self.ready:
            self.home.show_week(self.history.this_week())

    def go_home(self) -> None:
        self.controller.reset()
        self.refresh_home()
        self.refresh_week()
        self._show_page(self.home, self.home.start_button)
        self.setWindowTitle("")

    def _show_page(self, page: QWidget, focus: QWidget) -> None:
        """Only the page on show counts toward the window's minimum size. A hidden
        page keeps the sizes of when it was last shown (a bigger window, say); a
        stacked widget would let them hold the window larger than a small screen.
        The keyboard focus goes to the page's main button: otherwise Qt leaves it
        on whatever comes next in the tab order, which a screen reader then
        reads out as an unnamed pane."""
        if self.stack.currentWidget() is page:
            return
        page.resize(self.stack.size())
        for index in range(self.stack.count()):
            other = self.stack.widget(index)
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def announce(self, text: str) -> None:
        """Hand a sentence to the screen reader (Qt 6.8+ announcement event)."""
        self.last_announcement = text
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.session_view, text))

    def set_screen_awake(self, screen_awake: ScreenAwake) -> None:
        self._screen_awake = screen_awake

    def refresh(self) -> None:
        from footdesk.session import State  # loaded with the controller, after the first frame
        from footdesk.ui.session_view import window_title

        snap = self.controller.snapshot()
        if self._screen_awake is not None:
            self._screen_awake.hold(snap is not None and snap.keeps_screen_awake)
        if snap is None or snap.state is State.IDLE:
            return
        if snap.state is State.FINISHED:
            wall = (snap.finished_at or 0.0) - (snap.started_at or 0.0)
            if self.stack.currentWidget() is not self.finished_view:
                self.finished_view.pain.clear()
            self.finished_view.show_result(snap, wall)
            self.finished_view.pain.setVisible(self.history.saving)
            self._show_page(self.finished_view, self.finished_view.home_button)
            self.setWindowTitle("Finished")
            return
        self._show_page(self.session_view, self.session_view.toggle_button)
        self.session_view.render(snap)
        if snap.phase is not None:
            self.setWindowTitle(window_title(snap.phase, snap.step_count))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.statusBar().show()
        self.refresh_sound_status()  # a notice may be about sound going off

    def toggle_mute(self) -> None:
        if self.ready:
            self.sound.set_muted(not self.sound.muted)
            self.refresh_sound_status()

    def refresh_sound_status(self) -> None:
        if not self.ready:
            return
        from footdesk.ui.session_view import show_sound_status

        status = self.sound.status()
        self.session_view.show_sound_status(status)
        show_sound_status(self.home.sound_label, status)

    # Dialogs ------------------------------------------------------------------

    def open_review(self) -> None:
        if not self.ready:
            return
        from footdesk.ui.review_window import ReviewWindow  # imported when first wanted: not at start

        review = ReviewWindow(self.history, self._routine(), self)
        review.exec()
        self._done_with(review)
        self.refresh_week()

    def rate_pain(self, value: int) -> None:
        if not self.history.rate_last_session(value):
            self.finished_view.pain.hint.setText("History is not being saved, so the rating is not kept.")

    def open_settings(self) -> None:
        if not self.ready:
            return
        from footdesk.ui.settings_dialog import SettingsDialog  # imported when first wanted: not at start

        current = self.settings_file.settings
        login_start_now = self.login_start.enabled() if self.login_start is not None else None
        dialog = SettingsDialog(
            current,
            self.settings_file.defaults,
            self._routine(),
            self,
            tray_available=self.tray_available(),
            login_start=login_start_now,
        )
        dialog.preview_requested.connect(self.preview_requested)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen_settings()
        chosen_login_start = dialog.chosen_login_start()
        self._done_with(dialog)
        if not accepted:
            return
        self._apply_chosen_settings(chosen, current)
        # after the settings, so a problem with the login entry stays on screen
        if chosen_login_start is not None and chosen_login_start != login_start_now:
            self.apply_login_start(chosen_login_start)

    def _apply_chosen_settings(self, chosen: Settings, current: Settings) -> None:
        problems = self.settings_file.problems
        if chosen == current and not problems:
            return
        if problems and not self.confirm_replacing_settings(len(problems)):
            return
        self.apply_settings(chosen)

    def confirm_replacing_settings(self, problem_count: int) -> bool:
        path = self.settings_file.path
        answer = QMessageBox.question(
            self,
            "Replace the settings file?",
            f"{path} has {problem_count} value{'s' if problem_count != 1 else ''} footdesk could not use.\n\n"
            "Saving writes the settings shown in the dialog. A copy of the current file is kept beside it.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def apply_login_start(self, on: bool) -> None:
        from footdesk.platform.autostart import AutostartError

        assert self.login_start is not None
        try:
            self.login_start.set(on)
        except AutostartError as exc:
            self.show_notice(f"{exc}; footdesk {'will not' if on else 'still'} start when you log in.")

    def apply_settings(self, chosen: Settings) -> None:
        try:
            kept = self.settings_file.save(chosen)
        except SettingsSaveError as exc:
            self.settings_file.use_for_now(chosen)
            self.show_notice(f"Settings not saved: {exc}. They apply until you quit footdesk.")
        else:
            if kept is not None:
                self.show_notice(f"Settings saved. Your previous settings file was kept as {kept}.")
            elif not self.statusBar().isHidden():
                self.statusBar().hide()
        self.controller.adopt_settings()
        self.refresh_home()
        self.settings_changed.emit(chosen)

    def show_self_check(self) -> None:
        from footdesk.ui.dialogs import self_check_dialog

        self._show_text_dialog(self_check_dialog(self))
        self.welcome_acknowledged.emit()

    def _show_text_dialog(self, dialog: QDialog) -> None:
        dialog.exec()
        self._done_with(dialog)

    def _done_with(self, dialog: QDialog) -> None:
        """Dialogs are made fresh each time; delete them and give the keys back
        to this window (the routine's shortcuts are window shortcuts)."""
        dialog.hide()
        dialog.setParent(None)
        dialog.deleteLater()
        self.activateWindow()

    # Keys and menus -----------------------------------------------------------

    def _on_screen(self, view: str) -> bool:
        """Whether the "home", "session" or "finished" screen is showing."""
        current = self.stack.currentWidget()
        if view == "home":
            return current is self.home
        return self.ready and current is (self.session_view if view == "session" else self.finished_view)

    def _primary(self) -> None:
        """Space: start on the home and finished screens; in a session, the
        controller's start / pause / resume / go on."""
        if self._on_screen("session"):
            self.controller.toggle()
        else:
            self.start_routine()

    def _when_in_session(self, action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if self._on_screen("session"):
                action()

        return run

    def _escape(self) -> None:
        if self._on_screen("session"):
            self.controller.stop()
        elif self._on_screen("finished"):
            self.go_home()
        elif self.isFullScreen():
            self.toggle_full_screen()

    def _arrow(self, step: int) -> Callable[[], None]:
        """← and →: back and next in a session; on the finished screen they
        move the lower-back rating."""

        def run() -> None:
            if self._on_screen("session"):
                (self.controller.skip if step > 0 else self.controller.back)()
            elif self._on_screen("finished") and self.finished_view.pain.isVisible():
                self.finished_view.pain.step(step)

        return run

    def _rate_key(self, value: int) -> Callable[[], None]:
        def run() -> None:
            if self._on_screen("finished") and self.finished_view.pain.isVisible():
                self.finished_view.pain.rate(value)

        return run

    def _enter(self) -> None:
        if self._on_screen("finished"):
            self.go_home()
        elif self._on_screen("home"):
            self.start_routine()

    def _bind_keys(self) -> None:
        bindings: list[tuple[list[str | QKeySequence.StandardKey | Qt.Key], Callable[[], None]]] = [
            ([Qt.Key.Key_Space], self._primary),
            ([Qt.Key.Key_Right], self._arrow(1)),
            ([Qt.Key.Key_Left], self._arrow(-1)),
            ([Qt.Key.Key_N], self._when_in_session(lambda: self.controller.skip())),
            ([Qt.Key.Key_B], self._when_in_session(lambda: self.controller.back())),
            ([Qt.Key.Key_Escape], self._escape),
            ([Qt.Key.Key_Return, Qt.Key.Key_Enter], self._enter),
            ([Qt.Key.Key_M], self.toggle_mute),
            *[([Qt.Key(Qt.Key.Key_0 + digit)], self._rate_key(digit)) for digit in range(10)],
        ]
        self._shortcuts: list[QShortcut] = []
        for keys, slot in bindings:
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    def _build_menus(self) -> None:
        def action(text: str, slot: Callable[[], None], shortcut: str | None = None) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                self.addAction(act)  # keeps working while the menu bar is hidden in full screen
            return act

        self.full_screen_action = action("&Full screen", self.toggle_full_screen, "F11")
        self.full_screen_action.setCheckable(True)
        routine_menu = self.menuBar().addMenu("&Routine")
        routine_menu.addAction(action("&Start routine\tSpace", self.start_routine))
        routine_menu.addAction(action("S&ettings…", self.open_settings, "Ctrl+,"))
        routine_menu.addAction(action("Your &week…", self.open_review, "Ctrl+H"))
        routine_menu.addAction(self.full_screen_action)
        routine_menu.addSeparator()
        routine_menu.addAction(action("&Quit", self.quit_app, "Ctrl+Q"))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(action("&Is this for you?", self.show_self_check))
        help_menu.addAction(action("&Keyboard", self._show_keys))
        help_menu.addAction(action("&About footdesk", self._show_about))

    def _show_keys(self) -> None:
        from footdesk.ui.dialogs import keys_dialog

        self._show_text_dialog(keys_dialog(self))

    def _show_about(self) -> None:
        from footdesk.ui.dialogs import about_dialog

        self._show_text_dialog(about_dialog(self))

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self._follow_window_state()

    def _follow_window_state(self) -> None:
        self.menuBar().setVisible(not self.isFullScreen())
        self.full_screen_action.setChecked(self.isFullScreen())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # full screen may also come from the window manager or a restored geometry
        if event.type() == QEvent.Type.WindowStateChange:
            self._follow_window_state()
        super().changeEvent(event)

    def bring_forward(self, start: bool = False) -> None:
        """Another launch of footdesk asked for this window (and maybe the routine)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if start and not (self.ready and self.controller.active):
            self.start_routine()

    def quit_app(self) -> None:
        """Ctrl+Q: quit even when the tray would keep footdesk running."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # a session open at quit ends as stopped, so what was done is recorded
        if self.ready and self.controller.active:
            self.controller.stop()
        if self._screen_awake is not None:
            self._screen_awake.release()
        self.closing.emit()
        if not self._quitting and self.keeps_running():
            event.ignore()
            self.hide()
            self.went_to_tray.emit()
            return
        event.accept()
