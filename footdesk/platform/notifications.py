"""Desktop notifications with buttons, over org.freedesktop.Notifications.

Qt's QSystemTrayIcon.showMessage cannot carry a "Start the routine" button,
so the reminder talks to the notification server itself. It does so with
jeepney, a small pure-Python D-Bus client, because PySide6's QtDBus cannot
send Notify's arguments with their types: a Python int goes out as int32
where the interface wants uint32, and the hints map (``a{sv}``) only goes
through a server's introspection data, which dunst, GNOME Shell and Xfce do
not annotate for Qt, so the call never left.

What servers offer differs (``GetCapabilities``): buttons ("actions") on
GNOME, KDE, Xfce and dunst (in its context menu), but not on every server, and
a few show no body text. The notification uses what is there and says how it
went, so the reminder can add what is missing (the window, with its buttons).

The session bus is shared with every program of the session, and a button
press is a signal anyone can send, to everyone or to footdesk alone. So the
name ``org.freedesktop.Notifications`` is resolved to the unique name of the
server that owns it (``GetNameOwner``), Notify goes to that server, and an
``ActionInvoked`` or ``NotificationClosed`` counts only when it comes from
the server that took that notification, about a notification footdesk sent,
with the arguments the interface defines. Anything else is ignored (said once
in the log).

The connection lives on a thread of its own (footdesk.platform.bus): a bus or
server that hangs costs the reminder its notification after a few seconds
(``CALL_TIMEOUT_S`` a step), never the window a moment.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from footdesk import APP_ID
from footdesk.i18n import _
from footdesk.platform.bus import BusError, BusLine, session_bus_address
from footdesk.to_window import ToWindow
from footdesk.untrusted import for_log

if TYPE_CHECKING:
    from jeepney import Message

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT_S = 2.0
"""The longest any one step waits for the bus or the server (connecting, each call)."""
DEFAULT_ACTION = "default"
"""The action servers invoke when the notification itself is clicked."""
NEVER_EXPIRES = 0
"""A reminder stays until it is answered: the person may be in another room."""
SIGNATURES = {"ActionInvoked": "us", "NotificationClosed": "uu"}
"""The signals footdesk listens to, and their arguments (D-Bus signatures)."""


@dataclass(frozen=True)
class Shown:
    """A notification the server took."""

    notification: int
    buttons: bool
    """Whether its action buttons are shown (the server supports actions)."""
    server: str = ""
    """The unique bus name of the server that took it: only it may answer for it."""


@dataclass(frozen=True)
class Heard:
    """A signal from the notification server about one of footdesk's notifications."""

    member: str
    notification: int
    action: str = ""


def hear(message: Message, ours: Mapping[int, str]) -> Heard | str | None:
    """What a message received on the bus means for footdesk.

    ``ours`` maps each notification footdesk sent to the server that took it.
    A ``Heard`` when the server that took a notification of ours signals
    about it with the right arguments; a reason (words for the log) when a
    message poses as such a signal and is not one; None for the rest, which
    is none of footdesk's business (servers tell every program about every
    notification, and the bus greets us).
    """
    from jeepney import HeaderFields, MessageType

    fields = message.header.fields
    member = fields.get(HeaderFields.member)
    if (
        message.header.message_type is not MessageType.signal
        or fields.get(HeaderFields.interface) != INTERFACE
        or member not in SIGNATURES
    ):
        return None
    sender = str(fields.get(HeaderFields.sender, ""))
    if sender not in ours.values():
        return f"{member} from {for_log(sender, 60)}, which is not the notification server"
    if fields.get(HeaderFields.path) != PATH:
        return f"{member} from {for_log(str(fields.get(HeaderFields.path)), 60)}, not {PATH}"
    signature = str(fields.get(HeaderFields.signature, ""))
    if signature != SIGNATURES[member]:
        return f"{member} with arguments ({for_log(signature, 20)}) instead of ({SIGNATURES[member]})"
    notification = message.body[0]
    if ours.get(notification) != sender:
        return None  # another program's notification
    return Heard(member, notification, message.body[1] if member == "ActionInvoked" else "")


@dataclass
class _Server:
    """What one connection learned about the notification server (on its thread)."""

    matched: set[str] = field(default_factory=set)
    capabilities: dict[str, frozenset[str]] = field(default_factory=dict)


class DesktopNotifier(QObject):
    activated = Signal(str)
    """A notification of ours was answered: the action's key ("default" for a click)."""

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = bus_address
        self._line: BusLine | None = None
        self._server = _Server()
        self._window = ToWindow(self)
        self._ours: dict[int, str] = {}
        """Notification → the server that took it. Replaced, never changed in
        place, so that either thread can read it as it is."""
        self._ours_lock = threading.Lock()
        self._told: set[str] = set()
        self._told_lock = threading.Lock()

    def show(
        self,
        summary: str,
        body: str,
        actions: list[tuple[str, str]],
        answer: Callable[[Shown | None], None],
        icon: str = APP_ID,
    ) -> None:
        """Shows a notification with what the server supports. ``answer`` hears
        once, on this thread, what came of it: None when no server took it
        (within a few ``CALL_TIMEOUT_S``)."""
        line = self._connect()
        if line is None:
            answer(None)
            return
        server = self._server

        def notify(bus: BusLine) -> Shown:
            return self._notify(bus, server, summary, body, actions, icon)

        def failed(error: BusError) -> None:
            self._failed(error, line)
            answer(None)

        line.submit(notify, answer, failed)

    def close(self, notification: int) -> None:
        """Take a notification of ours off the screen (it was answered elsewhere)."""
        server = self._ours.get(notification)
        line = self._line
        if server is None or line is None:
            return
        self._forget(notification)
        from jeepney import DBusAddress, new_method_call

        message = new_method_call(DBusAddress(PATH, server, INTERFACE), "CloseNotification", "u", (notification,))
        line.submit(lambda bus: bus.send(message), lambda _none: None, lambda error: self._failed(error, line))

    # The connection's thread --------------------------------------------------------

    def _notify(
        self, bus: BusLine, server: _Server, summary: str, body: str, actions: list[tuple[str, str]], icon: str
    ) -> Shown:
        from jeepney import DBusAddress, MatchRule, message_bus, new_method_call

        try:
            (owner,) = bus.call(message_bus.GetNameOwner(SERVICE))
        except BusError as exc:
            if exc.kind == "org.freedesktop.DBus.Error.NameHasNoOwner":
                raise BusError("no notification server on the session bus", "no-server") from None
            raise
        if owner not in server.matched:
            # the bus itself passes on only the server's signals (others can still send to footdesk alone)
            rule = MatchRule(type="signal", sender=owner, interface=INTERFACE, path=PATH)
            bus.call(message_bus.AddMatch(rule))
            server.matched.add(owner)
        address = DBusAddress(PATH, owner, INTERFACE)
        capabilities = server.capabilities.get(owner)
        if capabilities is None:
            (names,) = bus.call(new_method_call(address, "GetCapabilities"), who="the notification server")
            capabilities = server.capabilities[owner] = frozenset(str(name) for name in names)
            log.info("notification server capabilities: %s", for_log(", ".join(sorted(capabilities)) or "none"))
        buttons = "actions" in capabilities
        flat: list[str] = []
        if buttons:
            # TRANSLATORS: a button of the desktop notification
            for key, label in [(DEFAULT_ACTION, _("Open footdesk")), *actions]:
                flat += [key, label]
        if "body" not in capabilities:
            # TRANSLATORS: a notification's title and text in one line, where the desktop shows a title only
            summary, body = _("{title}: {text}").format(title=summary, text=body), ""
        elif "body-markup" in capabilities:  # the body is markup there: a step title from a received file is text
            body = html.escape(body, quote=False)
        hints: dict[str, tuple[str, Any]] = {
            "desktop-entry": ("s", APP_ID),
            "category": ("s", "presence"),
            "urgency": ("y", 1),
            # footdesk plays its own reminder tone, at the volume the person set
            "suppress-sound": ("b", True),
        }
        arguments = ("footdesk", 0, icon, summary, body, flat, hints, NEVER_EXPIRES)
        notify = new_method_call(address, "Notify", "susssasa{sv}i", arguments)
        (notification,) = bus.call(notify, who="the notification server")
        # ours from this moment: the next message read on this thread may already be its answer
        self._keep(int(notification), owner)
        return Shown(int(notification), buttons, owner)

    def _received(self, message: Message) -> None:
        """Every message the bus passes on: checked here, on the connection's
        thread, so that a flood of forged ones never reaches the window."""
        heard = hear(message, self._ours)
        if isinstance(heard, Heard):
            self._window.post(lambda: self._heard(heard))
        elif heard is not None:
            self._tell_once("ignored", "ignored a D-Bus signal: %s", heard)

    # The window's thread ---------------------------------------------------------------

    def _heard(self, heard: Heard) -> None:
        if heard.notification not in self._ours:
            return  # closed meanwhile
        if heard.member == "NotificationClosed":
            self._forget(heard.notification)
        else:
            self.activated.emit(heard.action)

    def _connect(self) -> BusLine | None:
        if self._line is not None and self._line.alive:
            return self._line
        try:
            import jeepney  # noqa: F401 - only to know it is there
        except ImportError as exc:
            self._tell_once("jeepney", "desktop notifications are off (%s)", for_log(str(exc)))
            return None
        address = self._address or session_bus_address()
        if address is None:
            self._tell_once("no-bus", "desktop notifications are off (no D-Bus session bus)")
            return None
        self._server = _Server()
        self._line = BusLine(
            address, CALL_TIMEOUT_S, self._window.post, on_message=self._received, name="footdesk-notifications"
        )
        return self._line

    def _failed(self, error: BusError, line: BusLine) -> None:
        """A step failed or the bus went away: say it once, start afresh next time."""
        if line is not self._line:
            return  # a connection already given up: its other jobs end with it
        self._line = None
        line.close()
        if error.lost or error.kind == "no-server":
            self._tell_once(f"off:{error.kind}", "desktop notifications are off (%s)", error.words)
        else:
            self._tell_once(f"failed:{error.kind}", "the desktop's notification service failed (%s)", error.words)

    def _keep(self, notification: int, server: str) -> None:
        with self._ours_lock:
            self._ours = {**self._ours, notification: server}

    def _forget(self, notification: int) -> None:
        with self._ours_lock:
            self._ours = {key: value for key, value in self._ours.items() if key != notification}

    def _tell_once(self, key: str, message: str, *args: object) -> None:
        with self._told_lock:
            if key in self._told:
                return
            self._told.add(key)
        log.info(message, *args)
