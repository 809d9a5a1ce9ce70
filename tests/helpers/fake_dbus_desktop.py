"""A stand-in for the desktop's D-Bus services, run as its own process.

It owns org.freedesktop.ScreenSaver, org.freedesktop.Notifications and
org.freedesktop.login1 on the bus whose address is given, and prints one line
per thing that happens, so a test can read what footdesk asked for:

    inhibit <sender> <cookie>        an Inhibit call
    uninhibit <sender> <cookie>      an UnInhibit call
    gone <sender>                    a client's connection closed (its inhibits end)
    notify <sender> <id> <app>|<icon>|<summary>|<body>|<actions joined by ,>|<timeout>|<hints k=v joined by ,>
    close <id>
    idle-inhibit <sender> <what>|<who>|<why>|<mode>   logind's Inhibit
    idle-released                    the file descriptor logind handed out was closed

Typing ``invoke <id> <action>`` on its stdin sends ActionInvoked, as if the
person clicked the notification's button; ``caps <names joined by ,>`` sets
what GetCapabilities answers (a server without buttons: ``caps body``) and
says ``caps <names>`` back once it does; ``unregister <service>`` leaves the
bus up without that service (a desktop without a screen saver, say).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QSocketNotifier, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher, QDBusUnixFileDescriptor


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
        self.capabilities = ["actions", "body"]

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, QDBusMessage, result="uint")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout, message):  # noqa: N802
        self._next += 1
        shown_hints = ",".join(f"{key}={hints[key]}" for key in sorted(hints))
        say(
            f"notify {message.service()} {self._next} "
            f"{app}|{icon}|{summary}|{body}|{','.join(actions)}|{timeout}|{shown_hints}"
        )
        return self._next

    @Slot("uint")
    def CloseNotification(self, notification: int) -> None:  # noqa: N802
        say(f"close {notification}")
        self.NotificationClosed.emit(notification, 3)

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:  # noqa: N802
        return self.capabilities

    def command(self, line: str) -> None:
        words = line.split()
        if words[:1] == ["invoke"]:
            self.ActionInvoked.emit(int(words[1]), words[2])
            self.NotificationClosed.emit(int(words[1]), 2)
        elif words[:1] == ["caps"]:
            self.capabilities = words[1].split(",") if len(words) > 1 else []
            say(f"caps {','.join(self.capabilities)}")


@ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class FakeLogin(QObject):
    """logind's Inhibit: a pipe's write end goes to the client; when every copy
    of it is closed the read end sees the end of the file."""

    def __init__(self) -> None:
        super().__init__()
        self._watches: list[QSocketNotifier] = []

    @Slot(str, str, str, str, QDBusMessage, result=QDBusUnixFileDescriptor)
    def Inhibit(self, what, who, why, mode, message):  # noqa: N802 - D-Bus name
        readable, writable = os.pipe()
        say(f"idle-inhibit {message.service()} {what}|{who}|{why}|{mode}")
        watch = QSocketNotifier(readable, QSocketNotifier.Type.Read)

        def ended() -> None:
            if not os.read(readable, 64):
                watch.setEnabled(False)
                os.close(readable)
                say("idle-released")

        watch.activated.connect(ended)
        self._watches.append(watch)
        handed = QDBusUnixFileDescriptor(writable)  # Qt keeps a copy of its own
        os.close(writable)
        return handed


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
    login = FakeLogin()
    ok = ok and bus.registerObject("/org/freedesktop/login1", login, QDBusConnection.RegisterOption.ExportAllSlots)
    ok = ok and bus.registerService("org.freedesktop.login1")
    commands = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    unread = bytearray()

    def read_command() -> None:
        # every whole line that came (two commands sent at once arrive in one read)
        data = os.read(sys.stdin.fileno(), 65536)
        if not data:
            commands.setEnabled(False)
            app.quit()
            return
        unread.extend(data)
        while b"\n" in unread:
            line, _, rest = bytes(unread).partition(b"\n")
            unread[:] = rest
            run_command(line.decode())

    def run_command(line: str) -> None:
        if line.startswith("unregister "):
            name = line.split()[1]
            say(f"unregistered {name}" if bus.unregisterService(name) else f"still {name}")
            return
        notifications.command(line)

    commands.activated.connect(read_command)
    say("ready" if ok else "failed")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
