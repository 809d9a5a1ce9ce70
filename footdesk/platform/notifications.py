"""Desktop notifications with buttons, over org.freedesktop.Notifications.

Qt's QSystemTrayIcon.showMessage cannot carry a "Start the routine" button,
so the reminder talks to the notification server itself. The remote methods
are called through a QDBusInterface's introspected slots: that is the one
way PySide6 can send the uint32 arguments the interface requires (a plain
Python int always goes out as int32, which the servers reject). The calls are
small and bounded by a short timeout, and only happen when a reminder is due.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface

from footdesk import APP_ID

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT_MS = 2000
DEFAULT_ACTION = "default"
"""The action servers invoke when the notification itself is clicked."""


class DesktopNotifier(QObject):
    activated = Signal(str)
    """A notification of ours was answered: the action's key ("default" for a click)."""

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        name = "footdesk-notifications"
        if bus_address is None:
            self._bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        else:
            self._bus = QDBusConnection.connectToBus(bus_address, name)
        self._interface: QDBusInterface | None = None
        self._ours: set[int] = set()
        if self._bus.isConnected():
            self._bus.connect(SERVICE, PATH, INTERFACE, "ActionInvoked", self, "2_on_action(uint,QString)")  # type: ignore[call-overload]
            self._bus.connect(SERVICE, PATH, INTERFACE, "NotificationClosed", self, "2_on_closed(uint,uint)")  # type: ignore[call-overload]

    def available(self) -> bool:
        return self._remote() is not None

    def _remote(self) -> QDBusInterface | None:
        if not self._bus.isConnected():
            return None
        if self._interface is None or not self._interface.isValid():
            interface = QDBusInterface(SERVICE, PATH, INTERFACE, self._bus)
            if not interface.isValid():
                return None
            interface.setTimeout(CALL_TIMEOUT_MS)
            self._interface = interface
        return self._interface

    def show(self, summary: str, body: str, actions: list[tuple[str, str]], icon: str = APP_ID) -> int | None:
        """Shows a notification; its id, or None when no server took it."""
        remote = self._remote()
        if remote is None:
            return None
        flat: list[str] = []
        for key, label in [(DEFAULT_ACTION, "Open footdesk"), *actions]:
            flat += [key, label]
        try:
            notification = QMetaObject.invokeMethod(
                remote,
                "Notify",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG("QString", "footdesk"),
                Q_ARG("uint", 0),
                Q_ARG("QString", icon),
                Q_ARG("QString", summary),
                Q_ARG("QString", body),
                Q_ARG("QStringList", flat),
                Q_ARG("QVariantMap", {"desktop-entry": APP_ID, "category": "presence"}),
                Q_ARG("int", -1),
            )
        except (RuntimeError, TypeError) as exc:
            log.warning("the desktop's notification service failed (%s)", exc)
            return None
        if not notification:
            log.warning("the desktop's notification service did not answer (%s)", remote.lastError().message())
            return None
        number = int(str(notification))
        self._ours.add(number)
        return number

    @Slot("uint", str)
    def _on_action(self, notification: int, key: str) -> None:
        if notification in self._ours:
            self.activated.emit(key)

    @Slot("uint", "uint")
    def _on_closed(self, notification: int, _reason: int) -> None:
        self._ours.discard(notification)
