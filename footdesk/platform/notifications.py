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

The connection is read on Qt's event loop (a QSocketNotifier), so a clicked
button arrives as a Qt signal without a thread. The two calls (capabilities,
Notify) wait at most ``CALL_TIMEOUT_S`` for their reply, and only when a
reminder is due.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from footdesk import APP_ID

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT_S = 2.0
DEFAULT_ACTION = "default"
"""The action servers invoke when the notification itself is clicked."""
NEVER_EXPIRES = 0
"""A reminder stays until it is answered: the person may be in another room."""


@dataclass(frozen=True)
class Shown:
    """A notification the server took."""

    notification: int
    buttons: bool
    """Whether its action buttons are shown (the server supports actions)."""


def session_bus_address() -> str | None:
    """As libdbus finds it: the environment, else the systemd user bus."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={runtime}/bus"
    return None


class DesktopNotifier(QObject):
    activated = Signal(str)
    """A notification of ours was answered: the action's key ("default" for a click)."""

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = bus_address
        self._connection: DBusConnection | None = None
        self._watch: QSocketNotifier | None = None
        self._inbox: deque[Message] = deque()
        self._capabilities: frozenset[str] | None = None
        self._ours: set[int] = set()
        self._told: set[str] = set()

    def capabilities(self) -> frozenset[str] | None:
        """What the server supports ("actions", "body", …); None without a server."""
        connection = self._connect()
        if connection is None:
            return None
        if self._capabilities is None:
            try:
                (names,) = self._call(connection, "GetCapabilities")
            except Exception as exc:  # noqa: BLE001 - no server, a hung one, a broken bus: no notification
                self._failed(exc)
                return None
            self._capabilities = frozenset(names)
            log.info("notification server capabilities: %s", ", ".join(sorted(names)) or "none")
        return self._capabilities

    def show(self, summary: str, body: str, actions: list[tuple[str, str]], icon: str = APP_ID) -> Shown | None:
        """Shows a notification with what the server supports; None when no server took it."""
        capabilities = self.capabilities()
        connection = self._connection
        if capabilities is None or connection is None:
            return None
        buttons = "actions" in capabilities
        flat: list[str] = []
        if buttons:
            for key, label in [(DEFAULT_ACTION, "Open footdesk"), *actions]:
                flat += [key, label]
        if "body" not in capabilities:
            summary, body = f"{summary}: {body}", ""
        hints: dict[str, tuple[str, Any]] = {
            "desktop-entry": ("s", APP_ID),
            "category": ("s", "presence"),
            "urgency": ("y", 1),
            # footdesk plays its own reminder tone, at the volume the person set
            "suppress-sound": ("b", True),
        }
        try:
            (notification,) = self._call(
                connection,
                "Notify",
                "susssasa{sv}i",
                ("footdesk", 0, icon, summary, body, flat, hints, NEVER_EXPIRES),
            )
        except Exception as exc:  # noqa: BLE001 - see capabilities()
            self._failed(exc)
            return None
        self._ours.add(notification)
        return Shown(notification, buttons)

    def close(self, notification: int) -> None:
        """Take a notification of ours off the screen (it was answered elsewhere)."""
        if notification not in self._ours or self._connection is None:
            return
        self._ours.discard(notification)
        from jeepney import DBusAddress, new_method_call

        message = new_method_call(DBusAddress(PATH, SERVICE, INTERFACE), "CloseNotification", "u", (notification,))
        try:
            self._connection.send(message)  # the reply, if any, is read and dropped with the signals
        except OSError as exc:
            self._failed(exc)

    # The connection -----------------------------------------------------------

    def _connect(self) -> DBusConnection | None:
        if self._connection is not None:
            return self._connection
        try:
            from jeepney import MatchRule, message_bus
            from jeepney.bus import get_connectable_addresses
            from jeepney.io.blocking import DBusConnection, Proxy, prep_socket
        except ImportError as exc:
            self._tell_once("jeepney", "desktop notifications are off (%s)", exc)
            return None
        address = self._address or session_bus_address()
        if address is None:
            self._tell_once("no-bus", "desktop notifications are off (no D-Bus session bus)")
            return None
        try:
            connection = DBusConnection(prep_socket(next(get_connectable_addresses(address)), timeout=CALL_TIMEOUT_S))
        except Exception as exc:  # noqa: BLE001 - an unreachable or odd bus: no notifications, never a crash
            self._tell_once("connect", "desktop notifications are off (cannot reach the session bus: %s)", exc)
            return None
        rule = MatchRule(type="signal", interface=INTERFACE, path=PATH)
        try:
            Proxy(message_bus, connection, timeout=CALL_TIMEOUT_S).AddMatch(rule)
        except Exception as exc:  # noqa: BLE001
            connection.close()
            self._tell_once("connect", "desktop notifications are off (the session bus refused: %s)", exc)
            return None
        connection.filter(rule, queue=self._inbox)  # signals read while a call waits for its reply
        self._connection = connection
        self._watch = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._read)
        return connection

    def _call(
        self, connection: DBusConnection, method: str, signature: str | None = None, body: tuple[Any, ...] = ()
    ) -> tuple[Any, ...]:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        message = new_method_call(DBusAddress(PATH, SERVICE, INTERFACE), method, signature, body)
        try:
            return tuple(unwrap_msg(connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)))
        finally:
            self._deliver()

    def _read(self) -> None:
        """The bus has data: take every whole message there is, without waiting."""
        connection = self._connection
        if connection is None:
            return
        while True:
            try:
                message = connection.receive(timeout=0)
            except TimeoutError:
                break
            except OSError as exc:
                self._failed(exc)
                break
            self._inbox.append(message)
        self._deliver()

    def _deliver(self) -> None:
        from jeepney import HeaderFields, MessageType

        while self._inbox:
            message = self._inbox.popleft()
            fields = message.header.fields
            if message.header.message_type is not MessageType.signal or fields.get(HeaderFields.interface) != INTERFACE:
                continue
            member = fields.get(HeaderFields.member)
            if member == "ActionInvoked" and message.body[0] in self._ours:
                self.activated.emit(str(message.body[1]))
            elif member == "NotificationClosed":
                self._ours.discard(message.body[0])

    def _failed(self, exc: BaseException) -> None:
        """A call failed or the bus went away: log it once, start afresh next time."""
        name = getattr(exc, "name", None) or type(exc).__name__
        self._tell_once(f"failed:{name}", "the desktop's notification service failed (%s)", exc)
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch.deleteLater()
            self._watch = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._capabilities = None

    def _tell_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._told:
            self._told.add(key)
            log.info(message, *args)
