"""footdesk's own files, garbled by another program or another copy, with the
numbers and nesting that stopped a 4 KB routine file (issue 23, F2): a clear
message, defaults used, the file left as it was, and every command still runs."""

from __future__ import annotations

import os

import pytest

from footdesk import paths
from tests.faults.test_hostile_routines import footdesk

HUGE_HEX = "0x" + "f" * 4000
HUGE_DECIMAL = "9" * 5000


@pytest.mark.parametrize("number", [HUGE_HEX, HUGE_DECIMAL], ids=["hex", "decimal"])
def test_a_huge_number_in_the_settings_file_is_one_message(number: str) -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"[sound]\nvolume = {number}\n"
    path.write_text(text)
    result = footdesk("history")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert str(path) in result.stderr
    assert "all defaults are used" in result.stderr or "using 80" in result.stderr
    assert path.read_text() == text


@pytest.mark.parametrize(
    "content",
    [f'{{"routine": "x", "welcome_seen": {HUGE_DECIMAL}}}', "[" * 100_000 + "]" * 100_000, "\udcff"],
    ids=["huge-number", "deep-nesting", "not-utf8"],
)
def test_garbage_in_the_app_state_file_starts_from_defaults(content: str) -> None:
    path = paths.app_state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    result = footdesk("history")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "starting from defaults" in result.stderr


@pytest.mark.parametrize(
    ("where", "said"),
    [(paths.app_state_file, "is a named pipe, not a file; nothing was read; starting from defaults"),
     (paths.settings_file, "is a named pipe, not a file; all defaults are used")],
    ids=["app-state", "settings"],
)  # fmt: skip
def test_a_fifo_in_place_of_an_own_file_never_hangs(where, said: str) -> None:
    path = where()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    result = footdesk("history", timeout=20)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{path}: {said}" in result.stderr


def test_a_fifo_in_place_of_the_history_never_hangs_the_terminal_or_the_window(make_app) -> None:
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    result = footdesk("history", timeout=20)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{path} cannot be read right now (it is a named pipe, not a file)" in result.stderr
    app = make_app()  # opens the history as the window does: it would wait for a writer for ever
    assert app.model.history is None
    assert "it is a named pipe, not a file" in (app.model.history_notice or "")
    assert path.is_fifo()  # left as it is


def ends_within(seconds: float, action) -> object:
    """The action's result, or a failure when it has not ended in time (a hang fails, never hangs the suite)."""
    import threading

    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(_outcome(action)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"still waiting after {seconds} s"
    return result[0]


def _outcome(action) -> object:
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 - what it raised is the outcome
        return exc


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_saving_settings_never_reads_a_fifo_a_device_or_a_huge_file(kind: str) -> None:
    """Found by the second fresh-eyes attack: loading refused these, saving read them."""
    from footdesk.settings import Settings, SettingsSaveError, save_settings

    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("[x]\n" + "".join(f"k{n} = {n}\n" for n in range(60_000)))
    outcome = ends_within(10, lambda: save_settings(path, Settings(durations={"roll": 120})))
    assert isinstance(outcome, SettingsSaveError), outcome
    assert "nothing was written" in str(outcome) and str(path) in str(outcome)


def test_a_fifo_as_the_login_entry_is_not_waited_on(tmp_path) -> None:
    from footdesk.platform.autostart import is_enabled

    entry = tmp_path / "footdesk.desktop"
    os.mkfifo(entry)
    assert ends_within(10, lambda: is_enabled(entry)) is False
