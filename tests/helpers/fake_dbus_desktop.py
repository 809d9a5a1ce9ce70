"""A stand-in for the desktop's D-Bus services, run as its own process.

It owns org.freedesktop.ScreenSaver and org.freedesktop.Notifications on the
bus whose address is given, and prints one line per thing that happens, so a
test can read what footdesk asked for:

    inhibit <sender> <cookie>        an Inhibit call
    uninhibit <sender> <cookie>      an UnInhibit call
    gone <sender>                    a client's connection closed (its inhibits end)
    notify <sender> <id> <summary>|<body>|<actions joined by ,>
    close <id>

Typing ``invoke <id> <action>`` on its stdin sends ActionInvoked, as if the
person clicked the notification's button.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QSocketNotifier, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher


def say(line: str) -> None:
    print(line, flush=True)


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self._bus = bus
        self._next = 100
        self._watcher = QDBusServiceWatcher("", bus, QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration)
        self._watcher.serviceUnregistered.connect(lambda name: say(f"gone {name}"))

    @Slot(str, str, QDBusMessage, result="uint")
    def Inhibit(self, application: str, reason: str, message: QDBusMessage) -> int:  # noqa: N802 - D-Bus name
        self._next += 1
        self._watcher.addWatchedService(message.service())
        say(f"inhibit {message.service()} {self._next} {application}|{reason}")
        if not self._bus.interface().isServiceRegistered(message.service()).value():
            say(f"gone {message.service()}")  # it left before we began to watch, as real ones see it
        return self._next

    @Slot("uint", QDBusMessage)
    def UnInhibit(self, cookie: int, message: QDBusMessage) -> None:  # noqa: N802 - D-Bus name
        say(f"uninhibit {message.service()} {cookie}")


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class FakeNotifications(QObject):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self) -> None:
        super().__init__()
        self._next = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, QDBusMessage, result="uint")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout, message):  # noqa: N802
        self._next += 1
        say(f"notify {message.service()} {self._next} {app}|{icon}|{summary}|{body}|{','.join(actions)}|{timeout}")
        return self._next

    @Slot("uint")
    def CloseNotification(self, notification: int) -> None:  # noqa: N802
        say(f"close {notification}")
        self.NotificationClosed.emit(notification, 3)

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:  # noqa: N802
        return ["actions", "body"]

    def command(self, line: str) -> None:
        words = line.split()
        if words[:1] == ["invoke"]:
            self.ActionInvoked.emit(int(words[1]), words[2])
            self.NotificationClosed.emit(int(words[1]), 2)


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.connectToBus(sys.argv[1], "fake-desktop")
    screensaver = FakeScreenSaver(bus)
    ok = bus.registerObject("/org/freedesktop/ScreenSaver", screensaver, QDBusConnection.RegisterOption.ExportAllSlots)
    ok = ok and bus.registerService("org.freedesktop.ScreenSaver")
    notifications = FakeNotifications()
    everything = QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
    ok = ok and bus.registerObject("/org/freedesktop/Notifications", notifications, everything)
    ok = ok and bus.registerService("org.freedesktop.Notifications")
    commands = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def read_command() -> None:
        line = sys.stdin.readline()
        if not line:
            commands.setEnabled(False)
            app.quit()
            return
        notifications.command(line)

    commands.activated.connect(read_command)
    say("ready" if ok else "failed")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
