"""Another person on the same computer: a real second user (root makes one
with useradd and removes it after) tries to read footdesk's records and to
take or talk to its one-copy socket.

The person's folders live in a home opened to others (0755, as many systems
make homes), so whatever stops the other user is footdesk's own doing; a
control file beside them shows the other user can get that far.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from footdesk import paths

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="Unix users and modes only"),
    pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="only root can run a second user"),
    pytest.mark.skipif(
        not (shutil.which("useradd") and shutil.which("userdel")), reason="no useradd/userdel to make a second user"
    ),
]

# What the other user runs: the standard library only, one result per action.
ATTACKER = r"""
import json, os, socket, sqlite3, sys
results = {}
for action, path in zip(sys.argv[1::2], sys.argv[2::2]):
    try:
        if action == "read":
            with open(path, "rb") as handle:
                handle.read(16)
        elif action == "sqlite":
            db = sqlite3.connect("file:" + path + "?mode=ro&immutable=1", uri=True)
            db.execute("select count(*) from sessions").fetchone()
            db.close()
        elif action == "list":
            os.listdir(path)
        elif action == "connect":
            with socket.socket(socket.AF_UNIX) as peer:
                peer.connect(path)
                peer.sendall(b"start")
        elif action == "bind":
            with socket.socket(socket.AF_UNIX) as server:
                server.bind(path)
            os.unlink(path)
        results[action + " " + path] = "ok"
    except Exception as exc:
        results[action + " " + path] = type(exc).__name__ + ": " + str(exc)
print(json.dumps(results))
"""

# The other user listening under the name footdesk used to use in the shared
# temporary folder, hoping a second launch hands it the person's wish.
SQUATTER = r"""
import socket, sys
server = socket.socket(socket.AF_UNIX)
server.bind(sys.argv[1])
server.listen(5)
print("ready", flush=True)
server.settimeout(float(sys.argv[2]))
try:
    peer, _ = server.accept()
    print("received", peer.recv(64), flush=True)
except OSError:
    pass
"""


class OtherUser:
    def __init__(self, name: str, python: str | None = None) -> None:
        entry = pwd.getpwnam(name)
        self.name, self.uid, self.gid = name, entry.pw_uid, entry.pw_gid
        self.python = python

    def command(self, script: str, *args: str) -> list[str]:
        assert self.python is not None
        return [self.python, "-I", "-c", script, *args]

    def popen_kwargs(self) -> dict:
        return {"user": self.uid, "group": self.gid, "extra_groups": [], "cwd": "/", "env": {"PATH": "/usr/bin:/bin"}}

    def attempt(self, *actions: tuple[str, Path]) -> dict[str, str]:
        args = [part for action, path in actions for part in (action, str(path))]
        done = subprocess.run(
            self.command(ATTACKER, *args),
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
            **self.popen_kwargs(),
        )
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        return {key.split(" ", 1)[0] + " " + Path(key.split(" ", 1)[1]).name: value for key, value in results.items()}


@pytest.fixture(scope="module")
def other_user():
    name = f"fdfault{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name],
        check=False,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"useradd could not make a second user: {made.stderr.strip()}")
    try:
        user = OtherUser(name)
        user.python = _python_for(user)
        if user.python is None:
            pytest.skip("no Python interpreter the second user may run")
        yield user
    finally:
        subprocess.run(["userdel", name], check=False, capture_output=True)
        if shutil.which("groupdel"):
            subprocess.run(["groupdel", name], check=False, capture_output=True)


def _python_for(user: OtherUser) -> str | None:
    candidates = [
        sys.executable,
        getattr(sys, "_base_executable", ""),
        shutil.which("python3") or "",
        "/usr/bin/python3",
    ]
    for candidate in dict.fromkeys(filter(None, candidates)):
        try:
            probe = subprocess.run(
                [candidate, "-I", "-c", "import json, socket, sqlite3"],
                check=False,
                capture_output=True,
                timeout=30,
                **user.popen_kwargs(),
            )
        except OSError:  # not the other user's to run (a venv in root's home)
            continue
        if probe.returncode == 0:
            return candidate
    return None


@pytest.fixture
def open_home(monkeypatch, restore_umask):
    """A home folder others may enter (0755) with the usual XDG folders in it,
    also 0755, and the umask most systems give: 022."""
    os.umask(0o022)
    home = Path(tempfile.mkdtemp(prefix="fd-home-"))
    home.chmod(0o755)
    folders = {
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_RUNTIME_DIR": home / "run",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, mode=0o700 if name == "XDG_RUNTIME_DIR" else 0o755)
        monkeypatch.setenv(name, str(folder))
    (home / ".local").chmod(0o755)
    control = home / ".local" / "share" / "readable-control.txt"
    control.write_text("anyone may read this")
    shared_tmp = home / "tmp"
    shared_tmp.mkdir()
    shared_tmp.chmod(0o1777)
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    yield home
    shutil.rmtree(home)


def denied(result: str) -> bool:
    return result.startswith(("PermissionError", "OperationalError"))


def test_the_other_user_cannot_read_the_history_log_or_settings(other_user, open_home):
    from footdesk.files import PrivateLogHandler
    from footdesk.history import HistoryStore
    from footdesk.settings import Settings, save_settings

    control = open_home / ".local" / "share" / "readable-control.txt"
    # an older footdesk left its history open to everyone (0755 folder, 0644 file)
    paths.data_dir().mkdir(mode=0o755)
    HistoryStore.open(paths.history_file()).store.close()
    before = other_user.attempt(("read", control), ("sqlite", paths.history_file()))
    assert before == {"read readable-control.txt": "ok", "sqlite history.sqlite3": "ok"}, before

    paths.prepare_private_dirs()  # what footdesk does first at start
    opened = HistoryStore.open(paths.history_file())
    assert opened.store is not None
    save_settings(paths.settings_file(), Settings())
    paths.log_dir().mkdir(parents=True, exist_ok=True)
    PrivateLogHandler(paths.log_file()).close()
    try:
        after = other_user.attempt(
            ("read", control),
            ("sqlite", paths.history_file()),
            ("read", paths.history_file()),
            ("list", paths.data_dir()),
            ("read", paths.settings_file()),
            ("read", paths.log_file()),
        )
    finally:
        opened.store.close()
    assert after.pop("read readable-control.txt") == "ok"
    assert all(denied(result) for result in after.values()), after
    for path in (paths.history_file(), paths.settings_file(), paths.log_file()):
        assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("runtime", ["XDG_RUNTIME_DIR", "no runtime folder"])
def test_the_other_user_can_neither_take_the_socket_nor_talk_to_it(qtbot, other_user, open_home, monkeypatch, runtime):
    from footdesk.platform.handover import Delivery
    from footdesk.platform.single_instance import START, SingleInstance, server_name

    if runtime != "XDG_RUNTIME_DIR":
        monkeypatch.delenv("XDG_RUNTIME_DIR")
    paths.prepare_private_dirs()
    lock = paths.instance_lock_file()
    socket_file = paths.instance_socket_file(lock)
    assert socket_file is not None
    # before footdesk starts: take the name footdesk will listen on
    assert denied(other_user.attempt(("bind", socket_file))[f"bind {socket_file.name}"])
    # and listen under the old, guessable name in the shared temporary folder
    legacy = Path(tempfile.gettempdir()) / server_name(lock)
    squatter = subprocess.Popen(
        other_user.command(SQUATTER, str(legacy), "10"), stdout=subprocess.PIPE, text=True, **other_user.popen_kwargs()
    )
    try:
        assert squatter.stdout.readline().strip() == "ready"
        first = SingleInstance(lock)
        assert first.become_primary()
        received: list[bytes] = []
        first.listen(received.append)
        assert socket_file.exists()
        tried = other_user.attempt(("connect", socket_file), ("bind", socket_file))
        assert all(denied(result) for result in tried.values()), tried
        # the person's next launch reaches their own footdesk, not the squatter
        second = SingleInstance(lock)
        assert not second.become_primary()
        sent: list[bool] = []  # from another thread, as from a process of its own: the first greets it
        sender = threading.Thread(target=lambda: sent.append(second.hand_over(START) is Delivery.TAKEN), daemon=True)
        sender.start()
        qtbot.waitUntil(lambda: not sender.is_alive(), timeout=10_000)
        assert sent == [True]
        qtbot.waitUntil(lambda: received == [START])
        first.release()
    finally:
        squatter.terminate()
        out, _ = squatter.communicate(timeout=10)
    assert "received" not in out
