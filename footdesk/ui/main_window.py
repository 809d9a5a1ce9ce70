"""The main window: three screens (home, session, finished) and the keys.

The window holds no rules: it renders what the application model hands it
(snapshots, results, the week) and sends the person's keys and clicks to the
model as commands. Every key has one meaning everywhere and works without the
mouse. The session and finished screens are made the first time they are
needed, so the first frame costs only the home screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from footdesk.appmodel import AppModel, HistoryState, Screen
from footdesk.i18n import _
from footdesk.keys import KEY_MAP, Binding, Command
from footdesk.reminder import START_LABEL, TITLE, Snooze
from footdesk.sound import SoundStatus
from footdesk.ui.backup_actions import BackupActions
from footdesk.ui.home_view import HomeView
from footdesk.ui.notice_bar import NoticeBar
from footdesk.ui.theme import TITLE_BAR_GUESS, PlainLabel, named

if TYPE_CHECKING:
    from footdesk.routine import Routine
    from footdesk.session import Snapshot
    from footdesk.ui.finished_view import FinishedView
    from footdesk.ui.session_view import SessionView
    from footdesk.week import WeekSummary


class WindowHost(Protocol):
    """What the window asks of the program around it."""

    def keeps_running(self) -> bool:
        """Whether closing the window leaves footdesk running (in the tray)."""

    def tray_available(self) -> bool: ...

    def closing_unasked(self) -> bool:
        """Closing for the session's end (logout, a signal): nothing may ask."""


def quit_losing(window: QWidget, unsaved: str) -> bool:
    """Asked before quitting would lose what waits to be written to the history."""
    from PySide6.QtWidgets import QMessageBox  # its enums cost 2 ms: not before the first frame

    box = QMessageBox(QMessageBox.Icon.Warning, _("Quit and lose what is not saved?"), unsaved,
                      QMessageBox.StandardButton.NoButton, window)  # fmt: skip
    box.setObjectName("quitLosing")
    keep = box.addButton(_("Keep footdesk open"), QMessageBox.ButtonRole.RejectRole)
    box.addButton(_("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is not keep


def replacing_settings_confirmed(window: QWidget, model: AppModel) -> bool:
    """Asked before Settings' OK replaces a settings file that had problems (what they were is said)."""
    from PySide6.QtWidgets import QMessageBox  # its enums cost 2 ms: not before the first frame

    from footdesk.report import replace_settings_question

    answer = QMessageBox.question(
        window,
        _("Replace the settings file?"),
        replace_settings_question(model.settings_file.path, model.settings_problems),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Save


class _Pages(QStackedWidget):
    """The screens, one at a time, each given the room there is: the session
    screen fits its sizes to it, the others scroll their content. What the
    page on show needs at least is its least height at this width, wrapped
    lines included (a size hint leaves them out); its height for a width
    would count its preferred sizes (a whole list that could scroll), so the
    window's scroll area is told there is none."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        layout = page.layout() if page is not None else None
        # (a page that fits itself to its height, the session's, says it has no height for a width)
        if layout is not None and page is not None and page.hasHeightForWidth():
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(max(self.width(), hint.width()))))
        return hint


def follow_next_reminder(home: HomeView, model: AppModel) -> None:
    """The home screen's "Next reminder at 18:00", said again whenever what it
    depends on changes (the shell's reminder says it as the day goes by too)."""

    def show(_changed: object = None) -> None:
        home.show_next_reminder(model.next_reminder_text())

    for changed in (model.settings_changed, model.week_changed, model.reminder_changed):
        changed.connect(show)
    show()


class NoTray:
    def keeps_running(self) -> bool:
        return False

    def tray_available(self) -> bool:
        return False

    def closing_unasked(self) -> bool:
        return False


class ReminderBanner(QFrame):
    """The daily reminder in the window, above every screen: what it is, a
    button that starts and buttons that put it off. It is how the reminder
    reaches a desktop with no notification service and no tray."""

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # the desktop's highlight colours: readable in every palette, light or dark
        self.setStyleSheet(
            "#reminderBanner { background: palette(highlight); border-radius: 6px; }"
            "#reminderBanner QLabel { color: palette(highlighted-text); }"
        )
        self.heading = named(PlainLabel(_(TITLE)), "reminderHeading")
        font = self.heading.font()
        font.setPixelSize(max(font.pixelSize(), 26))
        font.setBold(True)
        self.heading.setFont(font)
        self.body = named(PlainLabel(), "reminderBody")
        self.body.setWordWrap(True)
        font = self.body.font()
        font.setPixelSize(max(font.pixelSize(), 17))
        self.body.setFont(font)
        self.start_button = named(QPushButton(_("▶  Start the routine   [Space]")), "reminderStart")
        self.start_button.setAccessibleName(_(START_LABEL))
        self.start_button.setMinimumHeight(36)
        self.start_button.clicked.connect(lambda: model.start())  # not start(checked)
        self.snooze_buttons: dict[Snooze, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addSpacing(12)
        for choice in Snooze:
            button = named(QPushButton(choice.label), f"reminder-{choice.value}")
            button.setMinimumHeight(36)
            # TRANSLATORS: a screen reader's description of the reminder's "In 10 minutes", "In an hour", "Tomorrow"
            button.setAccessibleDescription(_("Remind me again then"))
            button.clicked.connect(lambda _checked=False, choice=choice: model.snooze_reminder(choice))
            buttons.addWidget(button)
            self.snooze_buttons[choice] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addLayout(buttons)


def fit_inside_screen(window: QMainWindow) -> bool:
    """The whole window, frame and title bar included, inside the screen's
    available area (not under a panel, not past an edge): a size restored
    from a bigger screen shrinks and moves. Maximised and full screen are
    the window manager's to place. True when the frame was only guessed (the
    window is not framed yet)."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return False
    available = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    sides = frame.width() - inner.width()
    # not framed yet (before it is first shown): allow for a title bar
    guessed = frame.height() <= inner.height()
    title = TITLE_BAR_GUESS if guessed else frame.height() - inner.height()
    width = min(window.width(), available.width() - sides)
    height = min(window.height(), available.height() - title)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    outer_width, outer_height = width + sides, height + title
    if guessed:
        # where the window manager puts the frame is not known yet, and a
        # move now places the frame where the window itself was: a restored
        # window crept right by the frame's border at every start. Only a
        # window that would not fit even unframed moves now; the first
        # frame fits it again with its real frame (paintEvent).
        outer_width, outer_height = width, height
    left = min(max(frame.left(), available.left()), available.right() + 1 - outer_width)
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - outer_height)
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)
    return guessed


def press_focused(window: QWidget) -> bool:
    """Space or Enter on a focused control of this window: a button is
    pressed, a list to choose from opens. False when none has the focus."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    focused = window.focusWidget()
    if focused is None or not focused.isVisible() or not focused.isEnabled() or not window.isAncestorOf(focused):
        return False
    if isinstance(focused, QAbstractButton):
        focused.click()
        return True
    if isinstance(focused, QComboBox):
        focused.showPopup()
        return True
    return False


def keys_stay_with_the_page(page: QWidget) -> None:
    """A click does not leave the keyboard focus on a control: Space, the one
    big key from across the room, must not press Next because the mouse did
    once. Tab still reaches every control."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    for control in (*page.findChildren(QAbstractButton), *page.findChildren(QComboBox)):
        if control.focusPolicy() in (Qt.FocusPolicy.StrongFocus, Qt.FocusPolicy.WheelFocus):
            control.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def quiet_lists(page: QWidget) -> None:
    """The page's closed lists report no item focused (``theme.quiet_combo``);
    after the first frame, as a combo's list costs time to make."""
    from PySide6.QtWidgets import QComboBox

    from footdesk.ui.theme import quiet_combo

    for combo in page.findChildren(QComboBox):
        quiet_combo(combo)


def focus_before_the_page_changes(focus: QWidget) -> None:
    """The new page's main button takes the focus while its page is still
    hidden, so the focus moves once. Otherwise Qt hands it to the new page's
    first Tab stop (the countdown, a check-in answer) before the button takes
    it, and a screen reader says both; letting it go first (clearFocus) made Qt
    report the old button focused again."""
    focus.setFocus(Qt.FocusReason.OtherFocusReason)


class MainWindow(QMainWindow):
    closing = Signal()
    """The window is closing (or going to the tray): the moment to remember its size and place."""
    went_to_tray = Signal()
    """The window closed but footdesk keeps running in the tray for the reminder."""
    first_frame = Signal()
    """The window has been painted once: the moment to build what it does not show yet."""

    def __init__(self, model: AppModel, host: WindowHost | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        # Qt adds the application display name ("— footdesk") to every title
        self.model = model
        self.host: WindowHost = host or NoTray()
        self._painted = False
        self._frame_guessed = False
        self._closing = False
        self._quitting = False
        self._session_view: SessionView | None = None
        self._finished_view: FinishedView | None = None
        self.last_announcement = ""
        self.backups = BackupActions(self, model, self.quit_app)

        self.home = HomeView()
        self.stack = _Pages()
        self.stack.addWidget(self.home)
        # a page that needs more room than the screen has (very large fonts)
        # scrolls here rather than holding the window larger than the screen
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.stack)
        self.pages = named(QScrollArea(), "pages")
        self.pages.setWidget(holder)
        self.pages.setWidgetResizable(True)
        self.pages.setFrameShape(QFrame.Shape.NoFrame)
        self.pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCentralWidget(self.pages)
        self._reminder_banner: ReminderBanner | None = None  # made when a reminder is first shown
        self.notices = NoticeBar(self.statusBar())
        self.notice = self.notices.newest

        keys_stay_with_the_page(self.home)
        self.first_frame.connect(lambda: quiet_lists(self.home))
        self.first_frame.connect(lambda: self.home.show_previews(model.pictures.previews(model.routine)))
        self._listen_to(model)
        self._build_menus()
        self._bind_keys()
        self.home.show_routine(model.routine)
        self._show_routines()
        self._show_week(model.this_week())
        follow_next_reminder(self.home, model)
        self._show_sound(model.sound_status())
        self._show_offers()
        # the first focus is the big button's, not the first control in the Tab order
        self.home.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _listen_to(self, model: AppModel) -> None:
        """The home screen's requests to the model, and the model's changes to the screens."""
        self.home.start_requested.connect(model.start)
        self.home.self_check_requested.connect(self.show_self_check)
        self.home.settings_requested.connect(self.open_settings)
        self.home.review_requested.connect(self.open_review)
        self.home.routines_requested.connect(self.open_routines)
        self.home.resume_requested.connect(model.resume)
        self.home.restore_requested.connect(self.restore_set_aside)
        self.home.leave_requested.connect(self.leave_set_aside)
        model.session_changed.connect(self._show_session)
        model.week_changed.connect(self._show_week)
        model.settings_changed.connect(lambda _settings: self._show_home_routine(model.routine))
        model.routine_changed.connect(self._show_routine)
        model.routines_changed.connect(lambda _none: self._show_routines())
        self.home.routine_chosen.connect(model.select_routine)
        model.sound_changed.connect(self._show_sound)
        model.notice.connect(self.show_notice)
        model.notice_withdrawn.connect(self.withdraw_notice)
        model.offers_changed.connect(lambda _none: self._show_offers())
        model.announce.connect(self.announce)
        model.reminder_changed.connect(self._show_reminder)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._frame_guessed:  # framed by now: fit again with its real title bar
                QTimer.singleShot(0, self.fit_to_screen)
            QTimer.singleShot(0, self.first_frame.emit)  # after this frame is flushed to the screen

    def fit_to_screen(self) -> None:
        """The whole window inside the screen (``fit_inside_screen``); remembers
        whether its frame was only guessed, to fit again once it is known."""
        self._frame_guessed = fit_inside_screen(self)

    # Screens ------------------------------------------------------------------

    @property
    def session_view(self) -> SessionView:
        if self._session_view is None:
            from footdesk.ui.session_view import SessionView

            view = SessionView()
            view.toggle_requested.connect(self.model.toggle)
            view.next_requested.connect(self.model.skip)
            view.back_requested.connect(self.model.back)
            view.stop_requested.connect(self.model.stop)
            view.picture_failed.connect(self.model.pictures.not_shown)
            view.show_sound_status(self.model.sound_status())
            self._add_page(view)
            self._session_view = view
        return self._session_view

    @property
    def finished_view(self) -> FinishedView:
        if self._finished_view is None:
            from footdesk.ui.finished_view import FinishedView

            view = FinishedView()
            view.pain.rated.connect(self.rate_pain)
            view.home_requested.connect(self.model.go_home)
            view.again_requested.connect(self.model.start)
            self._add_page(view)
            self._finished_view = view
        return self._finished_view

    def _add_page(self, page: QWidget) -> None:
        wire_answers(self, page)
        page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        keys_stay_with_the_page(page)
        self.stack.addWidget(page)

    def _show_session(self, snap: Snapshot | None) -> None:
        screen = self.model.screen
        if snap is None or screen is Screen.HOME:
            self._show_page(self.home, self.home.start_button)
            self.setWindowTitle("")
            return
        if screen is Screen.FINISHED:
            result = self.model.result()
            assert result is not None
            view = self.finished_view
            if self.stack.currentWidget() is not view:
                view.clear_answers()
            view.show_result(result)
            self._show_page(view, view.home_button)
            # TRANSLATORS: the window's title once the routine is over
            self.setWindowTitle(_("Finished"))
            return
        from footdesk.ui.session_view import window_title

        session_view = self.session_view
        self._show_page(session_view, session_view.toggle_button)
        session_view.show_snapshot(snap, self.model.pictures.now(snap))
        if snap.phase is not None:
            self.setWindowTitle(window_title(snap.phase, snap.step_count))

    def _show_routine(self, routine: Routine) -> None:
        self._show_home_routine(routine)
        self.home.show_routines(self.model.routines(), routine.id)

    def _show_home_routine(self, routine: Routine) -> None:
        self.home.show_routine(routine)
        if self._painted:  # before it, the first frame asks (a picture costs a file read)
            self.home.show_previews(self.model.pictures.previews(routine))

    def _show_routines(self) -> None:
        self.home.show_routines(self.model.routines(), self.model.routine.id)

    def _show_week(self, summary: WeekSummary | None) -> None:
        self.home.show_week(summary, self.model.history_state is HistoryState.OPENING)

    def _show_offers(self) -> None:
        """What waits for the person on the home screen: today's interrupted
        routine to resume, the first history file moved aside."""
        offer = self.model.resume_offer()
        self.home.show_resume(offer.text if offer is not None else None)
        first = self.model.set_aside[0] if self.model.set_aside else None
        self.home.show_set_aside(first.text if first else None, first.can_restore if first else False)

    def restore_set_aside(self) -> None:
        self._settle_set_aside(self.model.restore_set_aside)

    def leave_set_aside(self) -> None:
        self._settle_set_aside(self.model.leave_set_aside)

    def _settle_set_aside(self, action: Callable[[Path], str]) -> None:
        from footdesk.history import HistoryError
        from footdesk.report import history_problem_text

        if not self.model.set_aside:
            return
        try:
            self.show_notice(action(self.model.set_aside[0].info.path))
        except HistoryError as exc:
            self.show_notice(history_problem_text(exc.problem))
        self._show_offers()

    def _show_sound(self, status: SoundStatus) -> None:
        from footdesk.ui.theme import show_sound_status

        show_sound_status(self.home.sound_label, status)
        self.home.fit_header()
        if self._session_view is not None:
            self._session_view.show_sound_status(status)

    def _show_page(self, page: QWidget, focus: QWidget) -> None:
        """Only the page on show counts toward the window's minimum size. A hidden
        page keeps the sizes of when it was last shown (a bigger window, say); a
        stacked widget would let them hold the window larger than a small screen.
        The keyboard focus goes to the page's main button: otherwise Qt leaves it
        on whatever comes next in the tab order, which a screen reader then
        reads out as an unnamed pane; and in one move (``focus_before_the_page_changes``)."""
        if self.stack.currentWidget() is page:
            return
        focus_before_the_page_changes(focus)
        page.resize(self.stack.size())
        for index in range(self.stack.count()):
            other = self.stack.widget(index)
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            if other is not None:
                other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.notices.set_compact(page is not self.home)  # the session's and the end's screens need the height
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def announce(self, text: str) -> None:
        """Hand a sentence to the screen reader (Qt 6.8+ announcement event)."""
        self.last_announcement = text
        # QAccessible's Python enums cost ~2 ms to build: not before the first frame
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.session_view, text))

    @property
    def reminder_banner(self) -> ReminderBanner:
        """The reminder above every screen, made the first time it is needed
        (most starts never show it; it took 3 ms of the first window)."""
        if self._reminder_banner is None:
            self._reminder_banner = ReminderBanner(self.model)
            keys_stay_with_the_page(self._reminder_banner)
            # beside the central widget rather than around it: a wrapper would
            # make the window slower to follow a resize
            bar = named(QToolBar(_("Reminder")), "reminderBar")
            bar.setMovable(False)
            bar.setFloatable(False)
            bar.toggleViewAction().setVisible(False)
            bar.addWidget(self._reminder_banner)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
            bar.hide()
            self.reminder_bar = bar
        return self._reminder_banner

    def _show_reminder(self, pending: bool) -> None:
        if not pending and self._reminder_banner is None:
            return
        banner = self.reminder_banner
        if pending:
            banner.body.setText(self.model.reminder_text())
            self.reminder_bar.show()
            banner.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
            # TRANSLATORS: read by a screen reader; {title} is "Time for your feet", {reminder} the reminder's words
            self.announce(_("{title}. {reminder}").format(title=_(TITLE), reminder=self.model.reminder_text()))
            return
        refocus = banner.isAncestorOf(self.focusWidget()) if self.focusWidget() is not None else False
        self.reminder_bar.hide()
        if refocus and self.model.screen is Screen.HOME:
            self.home.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_notice(self, text: str) -> None:
        self.notices.show(text)

    def withdraw_notice(self, text: str) -> None:
        self.notices.withdraw(text)

    def clear_notices(self) -> None:
        self.notices.clear()

    def start_routine(self) -> None:
        self.model.start()

    def go_home(self) -> None:
        self.model.go_home()

    # Dialogs ------------------------------------------------------------------

    def open_review(self) -> None:
        from footdesk.ui.review_window import ReviewWindow  # imported when first wanted: not at start

        review = ReviewWindow(self.model, self)
        self.run_dialog(review)
        self._done_with(review)

    def open_routines(self) -> None:
        from footdesk.ui.routine_editor import open_routines  # imported when first wanted: not at start

        open_routines(self)

    def rate_pain(self, value: int) -> None:
        if not self.model.rate(value):
            self.finished_view.pain.not_kept(value, self.model.rating_note)
            return
        self.announce(self.finished_view.pain.noted.text())  # heard, whichever key or click gave it

    def open_settings(self) -> None:
        from footdesk.ui.settings_dialog import SettingsDialog  # imported when first wanted: not at start

        model = self.model
        current = model.settings
        login_start_now = model.login_start.enabled() if model.login_start is not None else None
        chosen_routine = model.routine  # the durations are the built-in routine's; an own one has its file's
        dialog = SettingsDialog(
            current,
            model.settings_file.defaults,
            model.base_routine,
            self,
            tray_available=self.host.tray_available(),
            login_start=login_start_now,
            own_routine=chosen_routine if chosen_routine.id != model.base_routine.id else None,
            problems=model.settings_problems,
        )
        dialog.preview_requested.connect(model.preview_sound)
        dialog.edit_routine_requested.connect(lambda _routine_id: self._edit_routine_over(dialog))
        accepted = self.run_dialog(dialog) == QDialog.DialogCode.Accepted
        chosen = dialog.chosen_settings()
        chosen_login_start = dialog.chosen_login_start()
        self._done_with(dialog)
        if not accepted:
            return
        problems = model.settings_problems
        unchanged = chosen == current and not model.settings_unsaved and chosen_login_start == login_start_now
        if unchanged and not problems:
            return
        if problems and not self.confirm_replacing_settings(len(problems)):
            return
        self.clear_notices()  # the settings' problems are answered: a new notice, if saving has one, shows
        model.apply_settings(chosen, chosen_login_start)

    def _edit_routine_over(self, dialog: QDialog) -> None:
        """The routine editor over Settings, on the chosen routine (the one Settings
        offered to edit); closing it goes back to Settings, keys and all."""
        self.open_routines()
        dialog.activateWindow()

    def confirm_replacing_settings(self, problem_count: int) -> bool:
        return replacing_settings_confirmed(self, self.model)

    def show_self_check(self) -> None:
        from footdesk.ui.dialogs import self_check_dialog

        self._show_text_dialog(self_check_dialog(self))
        # a self-check closed by logout or shutdown was not read: show it next time
        if not self._closing:
            self.model.acknowledge_welcome()

    def _show_text_dialog(self, dialog: QDialog) -> None:
        self.run_dialog(dialog)
        self._done_with(dialog)

    def run_dialog(self, dialog: QDialog) -> int:
        """A dialog over the window, modal. A modal dialog blocks the window's own
        shortcuts, so Ctrl+Q is given to the dialog too: it quits from there."""
        dialog.addAction(self.quit_action)
        return dialog.exec()

    def _done_with(self, dialog: QDialog) -> None:
        """Dialogs are made fresh each time; delete them and give the keys back
        to this window (the routine's shortcuts are window shortcuts)."""
        dialog.hide()
        dialog.setParent(None)
        dialog.deleteLater()
        self.activateWindow()

    # Keys and menus -----------------------------------------------------------

    def toggle_mute(self) -> None:
        self.model.toggle_mute()

    def _bind_keys(self) -> None:
        self._shortcuts: list[QShortcut] = []
        for binding in KEY_MAP:
            for key in binding.keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda binding=binding: press_key(self, binding))
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

        # TRANSLATORS: menu entries: & marks the letter Alt presses, one per menu; "\t" comes before the key shown
        self.full_screen_action = action(_("&Full screen"), self.toggle_full_screen, "F11")
        self.full_screen_action.setCheckable(True)
        self.routine_menu = routine_menu = self.menuBar().addMenu(_("&Routine"))
        routine_menu.addAction(action(_("&Start routine\tSpace"), self.model.start))
        routine_menu.addAction(action(_("S&ettings…"), self.open_settings, "Ctrl+,"))
        routine_menu.addAction(action(_("Your &week…"), self.open_review, "Ctrl+H"))
        routine_menu.addAction(action(_("&Routines…"), self.open_routines, "Ctrl+R"))
        routine_menu.addAction(action(_("&Back up now…"), self.backups.back_up_now))
        routine_menu.addAction(action(_("Res&tore from a backup…"), self.backups.restore_from_backup))
        routine_menu.addAction(self.full_screen_action)
        routine_menu.addSeparator()
        self.quit_action = action(_("&Quit"), self.quit_app, "Ctrl+Q")
        routine_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(action(_("&Is this for you?"), self.show_self_check))
        self.keys_action = action(_("&Keyboard"), lambda: self._show_help("keys_dialog"), "F1")
        help_menu.addAction(self.keys_action)
        help_menu.addAction(action(_("Your &files…"), self.show_your_files))
        help_menu.addAction(action(_("&About footdesk"), lambda: self._show_help("about_dialog")))

    def _show_help(self, dialog: str) -> None:
        from footdesk.ui import dialogs  # loaded when first asked for

        self._show_text_dialog(getattr(dialogs, dialog)(self))

    def show_your_files(self) -> None:
        from footdesk.ui.dialogs import your_files_dialog

        self._show_text_dialog(your_files_dialog(self, self.model.files))

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
        self._follow_window_state()

    def _follow_window_state(self) -> None:
        self.menuBar().setVisible(not self.isFullScreen())
        self.full_screen_action.setChecked(self.isFullScreen())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # full screen may also come from the window manager or a restored geometry
        if event.type() == QEvent.Type.WindowStateChange:
            self._follow_window_state()
        super().changeEvent(event)

    def bring_forward(self, start: bool = False, routine: str | None = None) -> None:
        """Another launch of footdesk asked for this window (and maybe a routine)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            # the person is answering a dialog (the first-run check, Settings):
            # it stays in front, and the routine starts once all are closed
            dialog.raise_()
            dialog.activateWindow()
        if start:
            self._start_when_answered(routine)

    def _start_when_answered(self, routine: str | None) -> None:
        """Start now, or once the open dialogs are answered: the one in front
        first, then any under it, and any its answer opens (a question after
        Save), each looked at after the last one closed."""
        if self.model.session_active or self._closing or self._quitting:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dialog.finished.connect(lambda _result: QTimer.singleShot(0, lambda: self._start_when_answered(routine)))
            return
        self.model.start(routine)

    def quit_app(self) -> None:
        """Ctrl+Q: quit even when the tray would keep footdesk running, and from
        an open dialog too (it closes as if cancelled)."""
        self._quitting = True
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # a session open at quit ends as stopped, so what was done is recorded
        self.model.stop()
        self.closing.emit()
        if not self._quitting and self.host.keeps_running():
            event.ignore()
            self.hide()
            self.went_to_tray.emit()
            return
        unsaved = None if self.host.closing_unasked() else self.model.unsaved_history()
        if unsaved and not quit_losing(self, unsaved):
            event.ignore()
            self._quitting = False
            return
        self._closing = True
        event.accept()


def wire_answers(window: MainWindow, page: QWidget) -> None:
    """A page's check-in, safety card and note: answered to the model when
    pressed or clicked, and following the model (after the page is shown)."""
    from footdesk.ui.finished_view import FinishedView
    from footdesk.ui.session_view import SessionView

    if not isinstance(page, SessionView | FinishedView):
        return
    model = window.model
    check_ins = model.check_ins
    page.check_in.effort_chosen.connect(check_ins.answer_effort)
    page.check_in.pain_chosen.connect(check_ins.answer_pain)
    page.stop_card.carry_on_requested.connect(check_ins.carry_on)
    if isinstance(page, SessionView):
        page.stop_card.stop_requested.connect(check_ins.stop_for_today)
    else:  # after the session "Stop for today" is back to the start (the view's own signal)
        page.note.saved.connect(lambda text: save_note(window, text))
        # the history changed: a rating or a note that waited may be in it
        model.week_changed.connect(lambda _week: page.saved_now(model.rating_note is None,
                                                                 model.keeper.answer_note is None))  # fmt: skip
    model.session_changed.connect(lambda _snap: show_answers(window, page))
    check_ins.changed.connect(lambda _ask: show_answers(window, page))
    check_ins.card_changed.connect(lambda _card: show_answers(window, page))
    show_answers(window, page)  # made while the model moves on: what it shows now


def show_answers(window: MainWindow, page: SessionView | FinishedView) -> None:
    """The check-in and the safety card on ``page``, when it is the screen's now."""
    from footdesk.model.checkins import StopCard
    from footdesk.report import check_in_answer
    from footdesk.ui.session_view import SessionView

    model = window.model
    asking, card, limit = model.check_ins.asking, model.check_ins.card, model.settings.pain_limit
    if isinstance(page, SessionView):
        if model.screen is not Screen.SESSION:
            return
        page.show_check_in(asking)
        page.show_stop_card(limit if card is StopCard.DURING else None)
    else:
        if model.screen is not Screen.FINISHED:
            return
        page.show_check_in(asking, digits_here=asking is not None and asking.waits_for_pain)
        page.show_stop_card(limit if card is StopCard.AFTER else None)
    if asking is not None and asking.answered and asking != page.check_in.announced:
        # TRANSLATORS: read by a screen reader; {exercise} is the step's title, {answer} "hard, pain 3"
        noted = _("{exercise}: noted {answer}").format(
            exercise=asking.title, answer=check_in_answer(asking.effort, asking.pain)
        )
        window.announce(noted)
    page.check_in.announced = asking


def save_note(window: MainWindow, text: str) -> None:
    """The finished screen's note, kept with the session (or why it is not yet)."""
    view = window.finished_view
    check_ins = window.model.check_ins
    kept = check_ins.add_note(text)
    from footdesk.records import note_of  # the note as history keeps it: a pasted escape or bidi override made a space

    view.note.show_saved(note_of(text) or "", kept, None if kept else check_ins.answer_note)
    window.announce(view.note.noted.text())


def press_key(window: MainWindow, binding: Binding) -> None:
    """A key from the key map: the model does what it means on this screen,
    and hands back what is the view's (the rating shown, full screen).
    Space and Enter press the button that has the keyboard focus, as
    everywhere else; the page's main button has it unless the person moved it."""
    if binding.command in (Command.PRIMARY, Command.CONFIRM) and press_focused(window):
        return
    model = window.model
    left_to_view = model.press(binding.command, binding.value)
    if binding.command is Command.MUTE:
        from footdesk.ui.theme import sound_words

        window.announce(sound_words(model.sound_status()))
    if left_to_view is Command.ESCAPE:
        if window.isFullScreen():
            window.toggle_full_screen()
        return
    if left_to_view is None or not window.finished_view.pain.isVisible():
        return
    if left_to_view is Command.RATE and binding.value is not None:
        window.finished_view.pain.rate(model.typed_rating(binding.value))
    elif left_to_view in (Command.RIGHT, Command.LEFT):
        window.finished_view.pain.step(1 if left_to_view is Command.RIGHT else -1)
