"""The main window: three screens (home, session, finished) and the keys.

Every key has one meaning everywhere and works without the mouse; the window
only routes keys and clicks to the controller and shows what it reports.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from footdesk.audio import CuePlayer
from footdesk.history import History
from footdesk.routine import Routine
from footdesk.session import State
from footdesk.settings import Settings, SettingsFile, SettingsSaveError
from footdesk.ui.controller import SessionController
from footdesk.ui.dialogs import about_dialog, keys_dialog, self_check_dialog
from footdesk.ui.finished_view import FinishedView
from footdesk.ui.home_view import HomeView
from footdesk.ui.screen_awake import NoScreenAwake, ScreenAwake
from footdesk.ui.session_view import SessionView, show_sound_status


class MainWindow(QMainWindow):
    welcome_acknowledged = Signal()
    settings_changed = Signal(object)
    """New Settings are in force (saved, or kept for this run if saving failed)."""
    preview_requested = Signal(int)
    closing = Signal()
    """The window is closing (or going to the tray): the moment to remember its size and place."""
    went_to_tray = Signal()
    """The window closed but footdesk keeps running in the tray for the reminder."""

    def __init__(
        self,
        controller: SessionController,
        routine: Callable[[], Routine],
        settings_file: SettingsFile,
        sound: CuePlayer,
        history: History,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        # Qt adds the application display name ("— footdesk") to every title
        self.controller = controller
        self._routine = routine
        self.settings_file = settings_file
        self.sound = sound
        self.history = history
        self._screen_awake: ScreenAwake = NoScreenAwake()
        self.keeps_running: Callable[[], bool] = lambda: False
        """Whether closing the window leaves footdesk running (in the tray)."""
        self.tray_available: Callable[[], bool] = lambda: False
        self._quitting = False
        self.last_announcement = ""

        self.home = HomeView()
        self.session_view = SessionView()
        self.finished_view = FinishedView()
        self.stack = QStackedWidget()
        for view in (self.home, self.session_view, self.finished_view):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)
        self.notice = QLabel(objectName="notice")
        self.notice.setWordWrap(True)
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().hide()

        self.home.start_requested.connect(self.start_routine)
        self.home.self_check_requested.connect(self.show_self_check)
        self.home.settings_requested.connect(self.open_settings)
        self.home.review_requested.connect(self.open_review)
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

        self._build_menus()
        self._bind_keys()
        self.refresh_home()
        self.refresh_week()
        self.refresh_sound_status()

    # Screens ------------------------------------------------------------------

    def refresh_home(self) -> None:
        self.home.show_routine(self._routine())

    def start_routine(self) -> None:
        self.controller.reset()
        self.controller.start()

    def refresh_week(self) -> None:
        self.home.show_week(self.history.this_week())

    def go_home(self) -> None:
        self.controller.reset()
        self.refresh_home()
        self.refresh_week()
        self.stack.setCurrentWidget(self.home)
        self.setWindowTitle("")

    def announce(self, text: str) -> None:
        """Hand a sentence to the screen reader (Qt 6.8+ announcement event)."""
        self.last_announcement = text
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.session_view, text))

    def set_screen_awake(self, screen_awake: ScreenAwake) -> None:
        self._screen_awake = screen_awake

    def refresh(self) -> None:
        snap = self.controller.snapshot()
        self._screen_awake.hold(snap is not None and snap.keeps_screen_awake)
        if snap is None or snap.state is State.IDLE:
            return
        if snap.state is State.FINISHED:
            wall = (snap.finished_at or 0.0) - (snap.started_at or 0.0)
            if self.stack.currentWidget() is not self.finished_view:
                self.finished_view.pain.clear()
            self.finished_view.show_result(snap, wall)
            self.finished_view.pain.setVisible(self.history.saving)
            self.stack.setCurrentWidget(self.finished_view)
            self.setWindowTitle("Finished")
            return
        self.session_view.render(snap)
        if self.stack.currentWidget() is not self.session_view:
            self.stack.setCurrentWidget(self.session_view)
        if snap.phase is not None:
            self.setWindowTitle(f"Step {snap.phase.step_index + 1} of {snap.step_count}")

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.statusBar().show()
        self.refresh_sound_status()  # a notice may be about sound going off

    def toggle_mute(self) -> None:
        self.sound.set_muted(not self.sound.muted)
        self.refresh_sound_status()

    def refresh_sound_status(self) -> None:
        status = self.sound.status()
        self.session_view.show_sound_status(status)
        show_sound_status(self.home.sound_label, status)

    # Dialogs ------------------------------------------------------------------

    def open_review(self) -> None:
        from footdesk.ui.review_window import ReviewWindow  # imported when first wanted: not at start

        review = ReviewWindow(self.history, self._routine(), self)
        review.exec()
        self._done_with(review)
        self.refresh_week()

    def rate_pain(self, value: int) -> None:
        if not self.history.rate_last_session(value):
            self.finished_view.pain.hint.setText("History is not being saved, so the rating is not kept.")

    def open_settings(self) -> None:
        from footdesk.ui.settings_dialog import SettingsDialog  # imported when first wanted: not at start

        current = self.settings_file.settings
        dialog = SettingsDialog(
            current, self.settings_file.defaults, self._routine(), self, tray_available=self.tray_available()
        )
        dialog.preview_requested.connect(self.preview_requested)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen_settings()
        self._done_with(dialog)
        if not accepted:
            return
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

    def _on_screen(self, view: QWidget) -> bool:
        return self.stack.currentWidget() is view

    def _primary(self) -> None:
        """Space: start on the home and finished screens; in a session, the
        controller's start / pause / resume / go on."""
        if self._on_screen(self.session_view):
            self.controller.toggle()
        else:
            self.start_routine()

    def _when_in_session(self, action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if self._on_screen(self.session_view):
                action()

        return run

    def _escape(self) -> None:
        if self._on_screen(self.session_view):
            self.controller.stop()
        elif self._on_screen(self.finished_view):
            self.go_home()
        elif self.isFullScreen():
            self.toggle_full_screen()

    def _arrow(self, step: int) -> Callable[[], None]:
        """← and →: back and next in a session; on the finished screen they
        move the lower-back rating."""

        def run() -> None:
            if self._on_screen(self.session_view):
                (self.controller.skip if step > 0 else self.controller.back)()
            elif self._on_screen(self.finished_view) and self.finished_view.pain.isVisible():
                self.finished_view.pain.step(step)

        return run

    def _rate_key(self, value: int) -> Callable[[], None]:
        def run() -> None:
            if self._on_screen(self.finished_view) and self.finished_view.pain.isVisible():
                self.finished_view.pain.rate(value)

        return run

    def _enter(self) -> None:
        if self._on_screen(self.finished_view):
            self.go_home()
        elif self._on_screen(self.home):
            self.start_routine()

    def _bind_keys(self) -> None:
        bindings: list[tuple[list[str | QKeySequence.StandardKey | Qt.Key], Callable[[], None]]] = [
            ([Qt.Key.Key_Space], self._primary),
            ([Qt.Key.Key_Right], self._arrow(1)),
            ([Qt.Key.Key_Left], self._arrow(-1)),
            ([Qt.Key.Key_N], self._when_in_session(self.controller.skip)),
            ([Qt.Key.Key_B], self._when_in_session(self.controller.back)),
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
        help_menu.addAction(action("&Keyboard", lambda: self._show_text_dialog(keys_dialog(self))))
        help_menu.addAction(action("&About footdesk", lambda: self._show_text_dialog(about_dialog(self))))

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
        if start and not self.controller.active:
            self.start_routine()

    def quit_app(self) -> None:
        """Ctrl+Q: quit even when the tray would keep footdesk running."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # a session open at quit ends as stopped, so what was done is recorded
        if self.controller.active:
            self.controller.stop()
        self._screen_awake.release()
        self.closing.emit()
        if not self._quitting and self.keeps_running():
            event.ignore()
            self.hide()
            self.went_to_tray.emit()
            return
        event.accept()
