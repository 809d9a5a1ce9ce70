"""The daily reminder: a tray icon while it is set, and one notification a day.

The rule of when (``footdesk.reminder``) is pure; this module only keeps a
timer and talks to the desktop. Qt's timers do not count time the computer
sleeps, so while a reminder is set the timer never sleeps longer than
``LONGEST_SLEEP_S``: a laptop opened after the set time is reminded within a
few minutes, at the cost of one tiny wake-up every few minutes (and none at
all with no reminder set).

Where to show it, best first: a desktop notification with "Start the
routine" and snooze buttons; the tray icon's own balloon (clicking it starts;
its menu snoozes); with neither, the footdesk window comes forward with the
reminder and its buttons in it. However it is shown, the model sounds it and
puts it in the window (``AppModel.reminder_shown``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, time
from time import monotonic
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from footdesk.i18n import _
from footdesk.platform.notifications import DEFAULT_ACTION, DesktopNotifier, Shown

if TYPE_CHECKING:
    from footdesk.platform.bus import BusLine
from footdesk.reminder import (
    START_LABEL,
    TITLE,
    ReminderMemory,
    Snooze,
    next_reminder_check,
    reminder_due,
    time_of_day_text,
)

log = logging.getLogger(__name__)

LONGEST_SLEEP_S = 300
START_ACTION = "start"


TRAY_CALL_TIMEOUT_S = 2.0
"""How long the session bus has to answer before Qt may look for the tray."""
TRAY_FRESH_S = 5.0
"""Qt looks for the tray only this soon after the bus answered footdesk."""


class TrayCheck(QObject):
    """Whether a system tray is there, without ever holding the window.

    Qt's ``QSystemTrayIcon.isSystemTrayAvailable`` asks the session bus for a
    StatusNotifierWatcher on the window's thread, and libdbus waits with no
    limit while a hung bus (a stopped dbus-daemon) takes the connection: the
    window froze until the bus came back. So Qt is asked only right after the
    bus answered a call of footdesk's own (on a thread of its own, within a
    limit); otherwise the last answer stands, a new look is under way, and
    ``changed`` says when the answer is different."""

    changed = Signal()

    def __init__(
        self,
        qt_check: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        address: str | bool | None = True,
        clock: Callable[[], float] = monotonic,
        parent: QObject | None = None,
    ) -> None:
        """``address``: the session bus (True: as libdbus finds it; None: there is none)."""
        super().__init__(parent)
        from footdesk.platform.bus import session_bus_address
        from footdesk.to_window import ToWindow

        self._qt_check = qt_check
        self._address: str | None = session_bus_address() if address is True else (address or None)
        self._clock = clock
        self._window = ToWindow(self)
        self._known = False
        self._answered_at: float | None = None
        self._looking = False
        self._told = False

    def __call__(self) -> bool:
        if self._address is None:  # no session bus: nothing for Qt to wait on
            return self._qt_check()
        if self._answered_at is not None and self._clock() - self._answered_at < TRAY_FRESH_S:
            self._known = self._qt_check()
        else:
            self._look()
        return self._known

    def _look(self) -> None:
        if self._looking or self._address is None:
            return
        from footdesk.platform.bus import BusLine

        self._looking = True
        line = BusLine(self._address, TRAY_CALL_TIMEOUT_S, self._window.post, name="footdesk-tray-check")
        line.submit(_bus_id, lambda _id: self._answered(line), lambda error: self._no_answer(line, error))

    def _answered(self, line: BusLine) -> None:
        self._close(line)
        self._answered_at = self._clock()
        before, self._known = self._known, self._qt_check()
        if self._known != before:
            self.changed.emit()

    def _no_answer(self, line: BusLine, error: Exception) -> None:
        self._close(line)
        if not self._told:
            self._told = True
            log.warning("the tray is not looked for while the session bus does not answer (%s)", error)

    def _close(self, line: BusLine) -> None:
        self._looking = False
        line.close()


def _bus_id(bus: BusLine) -> object:
    from jeepney import message_bus

    return bus.call(message_bus.GetId())


class DailyReminder(QObject):
    start_requested = Signal()
    open_requested = Signal()
    quit_requested = Signal()
    snooze_requested = Signal(str)
    """The person put the reminder off: a ``Snooze`` value."""
    next_changed = Signal(str)
    """When the next reminder comes, in words: said at each look (the day moves on)."""
    shown = Signal(str)
    """A reminder went out, and how: "notification", "tray" or "window"
    ("notification+window" where the server shows no buttons and there is no tray)."""

    def __init__(
        self,
        at: Callable[[], time | None],
        done_today: Callable[[], bool],
        memory: Callable[[], ReminderMemory],
        mark_shown: Callable[[datetime], None],
        body: Callable[[], str],
        icon: QIcon,
        notifier: Callable[[], DesktopNotifier | None] = DesktopNotifier,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        tray_available: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``done_today``: no reminder is wanted now (the routine is done, or under way).
        ``mark_shown``: a reminder is going out (the model remembers, sounds and shows it)."""
        super().__init__(parent)
        self.later: Callable[[], Sequence[time]] = tuple
        """The day's reminder times after ``at``'s that the routine's dose asks for
        (twice a day: one more); set by whoever has the model."""
        self.times_done: Callable[[], int] = lambda: 0
        """How many times the routine in use was done today; set by whoever has the model."""
        self.next_text: Callable[[], str] | None = None
        """When the next reminder comes, in words (the tray's tooltip, ``next_changed``,
        what a snooze from the tray shows); set by whoever has the model."""
        self._at = at
        self._done_today = done_today
        self._memory = memory
        self._mark_shown = mark_shown
        self._body = body
        self._icon = icon
        self._make_notifier = notifier
        self._notifier: DesktopNotifier | None = None
        self._notification: int | None = None
        self._now = now
        if tray_available is None:  # the desktop's own, asked only while its bus answers
            check = TrayCheck(parent=self)
            check.changed.connect(lambda: self._show_tray(self._at()))
            tray_available = check
        self._tray_available = tray_available
        self.tray: QSystemTrayIcon | None = None
        self._snooze_actions: list[QAction] = []
        self._later: QAction | None = None
        """The tray menu's "Remind me later", there only while a reminder is out."""
        self._pending = False
        self._answers = 0
        """How many times a reminder was answered (or taken back): a notification
        that arrives after its reminder was answered leaves again at once."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # a reminder needs no better than a second
        self._timer.timeout.connect(self.check)

    @property
    def in_tray(self) -> bool:
        """footdesk lives on in the tray when its window closes."""
        return self.tray is not None and self.tray.isVisible()

    def tray_available(self) -> bool:
        return self._tray_available()

    @property
    def timer_armed(self) -> bool:
        return self._timer.isActive()

    def reschedule(self) -> None:
        """Call after anything that changes the answer: settings, a finished session."""
        self._timer.stop()
        at = self._at()
        self._show_tray(at)
        self._tell_next(at)
        if at is None:
            return
        now = self._now()
        memory = self._memory()
        wake = next_reminder_check(now, at, memory.shown_on, self._done_today(), memory.snoozed_until,
                                   later=self.later(), times_done=self.times_done(),
                                   shown_number=memory.shown_number)  # fmt: skip
        delay_s = min(max(0.0, (wake - now).total_seconds()), LONGEST_SLEEP_S)
        self._timer.start(round(delay_s * 1000) + (50 if delay_s > 0 else 0))

    def check(self) -> None:
        at = self._at()
        if at is not None:
            now = self._now()
            memory = self._memory()
            due = reminder_due(now, at, memory.shown_on, self._done_today(), memory.snoozed_until,
                               later=self.later(), times_done=self.times_done(),
                               shown_number=memory.shown_number)  # fmt: skip
            if due:
                self._mark_shown(now)  # first: a failure below must not repeat it every few minutes
                self._remind()
        self.reschedule()

    def follow(self, pending: bool) -> None:
        """The model's reminder came or was answered (in the window, say): the
        tray offers snoozing only while one is out, and an answered
        notification leaves the screen."""
        self._pending = pending
        for action in self._snooze_actions:
            action.setEnabled(pending)
        if self._later is not None:
            self._later.setVisible(pending)
        self._tell_next(self._at())
        if not pending:
            self._answers += 1
        if not pending and self._notification is not None and self._notifier is not None:
            self._notifier.close(self._notification)
            self._notification = None

    def _remind(self) -> None:
        body = self._body()
        notifier = self._notifier_or_none()
        if notifier is None:
            self._show_elsewhere(body)
            return
        actions = [(START_ACTION, _(START_LABEL)), *((choice.value, choice.label) for choice in Snooze)]
        answers = self._answers
        # the server answers on the bus's time, never the window's: the rest follows its answer
        notifier.show(_(TITLE), body, actions, lambda shown: self._notified(shown, body, answers))

    def _notified(self, shown: Shown | None, body: str, answers: int) -> None:
        if answers != self._answers:
            # answered in the window while the notification was on its way
            if shown is not None and self._notifier is not None:
                self._notifier.close(shown.notification)
            return
        if shown is None:
            self._show_elsewhere(body)
            return
        self._notification = shown.notification
        if shown.buttons or self.in_tray:
            log.info("reminder shown as a desktop notification%s", "" if shown.buttons else " (menu in the tray)")
            self.shown.emit("notification")
            return
        # a notification without buttons and no tray: the window has them
        log.info("reminder shown as a desktop notification without buttons, and in the window")
        self.open_requested.emit()
        self.shown.emit("notification+window")

    def _show_elsewhere(self, body: str) -> None:
        """No notification server took it: the tray's balloon, else the window."""
        if self.in_tray and self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(_(TITLE), _("{text}\nClick here to start.").format(text=body), self._icon, 0)
            log.info("reminder shown by the tray icon")
            self.shown.emit("tray")
            return
        log.info("reminder shown in the window (no notification service or tray)")
        self.open_requested.emit()
        self.shown.emit("window")

    def _notifier_or_none(self) -> DesktopNotifier | None:
        if self._notifier is None:
            self._notifier = self._make_notifier()
            if self._notifier is not None:
                self._notifier.activated.connect(self._answered)
        return self._notifier

    def _answered(self, action: str) -> None:
        # the notification stays where it is: most servers take it off once a
        # button is used, dunst's menu does not, so ``follow`` closes it
        if action == START_ACTION:
            self.start_requested.emit()
        elif action == DEFAULT_ACTION:
            self.open_requested.emit()
        elif action in {choice.value for choice in Snooze}:
            self._snooze(action)

    def _show_tray(self, at: time | None) -> None:
        if at is None or not self._tray_available():
            if self.tray is not None:
                self.tray.hide()
                self.tray.deleteLater()
                self.tray = None
                self._snooze_actions = []
                self._later = None
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(self._icon, self)
            menu = QMenu()
            menu.addAction(_(START_LABEL), self.start_requested.emit)
            # TRANSLATORS: the tray icon's menu
            later = menu.addMenu(_("Remind me later"))
            for choice in Snooze:
                action = later.addAction(choice.label, self._snoozer(choice))
                action.setEnabled(self._pending)
                self._snooze_actions.append(action)
            self._later = later.menuAction()
            self._later.setVisible(self._pending)  # nothing to put off until a reminder is out
            menu.addAction(_("Show footdesk"), self.open_requested.emit)
            menu.addSeparator()
            menu.addAction(_("Quit footdesk"), self.quit_requested.emit)
            self._menu = menu  # the tray does not own its menu
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(self._tray_clicked)
            self.tray.messageClicked.connect(self.start_requested.emit)
            self.tray.show()
        self.tray.setToolTip(self._tooltip(at))

    def _tooltip(self, at: time) -> str:
        # TRANSLATORS: the tray icon's tooltip (keep it short): {status} is when the next reminder comes
        return _("footdesk: {status}").format(status=self._next_words(at))

    def _next_words(self, at: time) -> str:
        said = self.next_text() if self.next_text is not None else ""
        return said or _("reminder every day at {time}").format(time=time_of_day_text(at))

    def _tell_next(self, at: time | None) -> None:
        """When the next reminder comes: in the tray's tooltip, and to whoever listens."""
        if self.tray is not None and at is not None:
            self.tray.setToolTip(self._tooltip(at))
        if self.next_text is not None:
            self.next_changed.emit(self.next_text())

    def _snoozer(self, choice: Snooze) -> Callable[[], None]:
        return lambda: self._snooze(choice.value)

    def _snooze(self, value: str) -> None:
        """Put off from the tray or a notification: the model snoozes (and says
        so in the window); with the window away, the tray's balloon says when."""
        self.snooze_requested.emit(value)
        self.reschedule()
        if self.next_text is not None and self.in_tray and self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage("footdesk", self.next_text(), self._icon, 4000)

    def _tray_clicked(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()
