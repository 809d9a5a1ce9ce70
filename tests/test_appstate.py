from __future__ import annotations

import logging

import pytest

from footdesk.appstate import AppState, load_app_state, save_app_state


def test_round_trip(tmp_path):
    path = tmp_path / "state" / "app-state.json"
    assert load_app_state(path) == AppState(welcome_seen=False)
    assert save_app_state(path, AppState(welcome_seen=True))
    assert load_app_state(path) == AppState(welcome_seen=True)


@pytest.mark.parametrize("content", [b"", b"not json", b"\xff\xfe\x00", b"[1, 2]", b'{"welcome_seen": "yes"}'])
def test_a_broken_file_means_defaults_and_a_log_line(tmp_path, caplog, content):
    path = tmp_path / "app-state.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert load_app_state(path) == AppState(welcome_seen=False)
    if content != b'{"welcome_seen": "yes"}':
        assert str(path) in caplog.text


def test_an_unwritable_folder_is_logged_not_raised(tmp_path, caplog):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with caplog.at_level(logging.WARNING):
        assert save_app_state(blocker / "app-state.json", AppState(welcome_seen=True)) is False
    assert "cannot save it" in caplog.text


def test_window_geometry_round_trips_and_junk_is_dropped(tmp_path):
    path = tmp_path / "app-state.json"
    save_app_state(path, AppState(welcome_seen=True, window_geometry="AdnQywADAAA="))
    assert load_app_state(path).window_geometry == "AdnQywADAAA="
    path.write_text('{"window_geometry": 42}')
    assert load_app_state(path).window_geometry is None
    path.write_text('{"window_geometry": "' + "x" * 10000 + '"}')
    assert load_app_state(path).window_geometry is None


DAYS = [('"2026-11-24"', "2026-11-24"), ('"yesterday"', None), ("20261124", None), ('"2026-11-24T10:00"', None),
        ('"2026-02-30"', None)]  # fmt: skip


@pytest.mark.parametrize(("stored", "loaded"), DAYS)
def test_the_last_reminder_day_round_trips_and_junk_is_dropped(tmp_path, stored, loaded):
    path = tmp_path / "app-state.json"
    path.write_text('{"reminder_shown_on": ' + stored + "}")
    assert load_app_state(path).reminder_shown_on == loaded


SNOOZES = [('"2026-11-24T18:40:00+01:00"', "2026-11-24T18:40:00+01:00"), ('"2026-11-24T18:40:00"', None),
           ('"soon"', None), ("1764006000", None), ("null", None)]  # fmt: skip


@pytest.mark.parametrize(("stored", "loaded"), SNOOZES)
def test_a_snooze_round_trips_with_its_offset_and_junk_is_dropped(tmp_path, stored, loaded):
    path = tmp_path / "app-state.json"
    path.write_text('{"reminder_snoozed_until": ' + stored + "}")
    state = load_app_state(path)
    assert state.reminder_snoozed_until == loaded
    save_app_state(path, state)
    assert load_app_state(path).reminder_snoozed_until == loaded


NUMBERS = [(None, 1), ("2", 2), ("3", 3), ("1", 1), ("0", 3), ("4", 3), ('"2"', 3), ("true", 3), ("2.0", 3)]


@pytest.mark.parametrize(("stored", "loaded"), NUMBERS)
def test_which_of_the_days_reminders_was_shown_round_trips_and_junk_counts_as_all(tmp_path, stored, loaded):
    """A file from before routines had two reminders a day has none: its day's
    one reminder was the first. Junk counts as the day's last shown (no
    reminder is ever repeated because of a file footdesk did not write)."""
    path = tmp_path / "app-state.json"
    path.write_text(
        '{"reminder_shown_on": "2026-11-24"' + (f', "reminder_shown_number": {stored}' if stored else "") + "}"
    )
    state = load_app_state(path)
    assert state.reminder_shown_number == loaded
    save_app_state(path, state)
    assert load_app_state(path).reminder_shown_number == loaded
