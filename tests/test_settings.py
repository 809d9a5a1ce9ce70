from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footdesk.i18n import LANGUAGE_BY_CODE
from footdesk.reminder import parse_time_of_day
from footdesk.routine import load_default_routine
from footdesk.settings import (
    FIELD_BY_ATTRIBUTE,
    FIELDS,
    Choice,
    Count,
    Flag,
    Folder,
    LanguageChoice,
    ProblemKind,
    Settings,
    SettingsFile,
    SettingsSaveError,
    StepSeconds,
    TimeOfDay,
    load_settings,
    save_settings,
)

DURATIONS = load_default_routine().durations()
DEFAULTS = Settings(durations=DURATIONS)

COMMENTED = """\
# my own notes about footdesk
[durations]   # seconds
roll = 90     # my left foot is sore
heel-raises = 45

[sound]
volume = 30   # quiet, the kids sleep
future_key = "from a newer footdesk"

[mine]
anything = [1, 2, 3]
"""


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "settings.toml"


def test_missing_file_means_defaults_without_complaint(path):
    loaded = load_settings(path, DURATIONS)
    assert loaded.settings == DEFAULTS
    assert loaded.problems == ()
    assert not path.exists()


def test_values_are_read(path):
    path.write_text(COMMENTED, encoding="utf-8")
    loaded = load_settings(path, DURATIONS)
    assert loaded.settings.durations == {"roll": 90, "heel-raises": 45}
    assert loaded.settings.volume == 30
    assert loaded.problems == ()
    assert [(p.key, p.kind) for p in loaded.notices] == [
        ("sound.future_key", ProblemKind.UNKNOWN_KEY),
        ("mine", ProblemKind.UNKNOWN_KEY),
    ]


def test_round_trip_keeps_comments_order_and_unknown_keys(path):
    path.write_text(COMMENTED, encoding="utf-8")
    loaded = load_settings(path, DURATIONS).settings
    save_settings(path, loaded.with_duration("roll", 100))
    text = path.read_text(encoding="utf-8")
    assert "# my own notes about footdesk" in text
    assert "roll = 100     # my left foot is sore" in text
    assert "volume = 30   # quiet, the kids sleep" in text
    assert 'future_key = "from a newer footdesk"' in text
    assert "[mine]\nanything = [1, 2, 3]" in text
    assert text.index("[durations]") < text.index("[sound]") < text.index("[mine]")
    assert load_settings(path, DURATIONS).settings == loaded.with_duration("roll", 100)


def test_saving_new_file_writes_every_setting_under_a_header(path):
    save_settings(path, replace(DEFAULTS, volume=55, tempo=4))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# footdesk settings.")
    data = tomlkit.parse(text).unwrap()
    assert data["durations"] == {"roll": 120, "heel-raises": 60}
    assert data["sound"] == {"enabled": True, "volume": 55, "voice": True, "tempo": 4, "buffer": 512}
    assert data["session"] == {"get_ready": 5, "auto_advance": True}


BROKEN = [
    ("not toml", b"this is = = not toml\n", "not valid TOML"),
    ("binary junk", bytes(range(256)) * 4, "not a text file"),
    ("empty", b"", None),
    ("wrong types", b'[session]\nget_ready = "five"\nauto_advance = 1\n', "not a whole number"),
    ("out of range", b"[sound]\nvolume = 250\n[durations]\nroll = 2\n", "from 0 to 100"),
    ("huge number", b"[durations]\nroll = 99999999999999999999999999\n", "seconds from 5 to 1800"),
    ("float", b"[durations]\nroll = 90.5\n", "not a whole number"),
    ("section not a table", b'sound = "loud"\n', "should be a table"),
    ("deep nesting", b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", None),
    ("too large", b"# " + b"x" * 300_000 + b"\n", "too large"),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_reported_defaults_fill_in_and_it_stays_untouched(path, name, content, message):
    path.write_bytes(content)
    before = path.stat()
    loaded = load_settings(path, DURATIONS)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert_valid(loaded.settings)
    if message:
        assert any(message in str(p) for p in loaded.problems), loaded.problems
        assert all(str(path) in str(p) for p in loaded.problems)


def test_problems_name_the_key_the_line_and_what_was_used(path):
    path.write_text("[sound]\nvoice = true\nvolume = 101\n", encoding="utf-8")
    (problem,) = load_settings(path, DURATIONS).problems
    assert str(problem) == f"{path}, line 3, sound.volume: 101 is not a whole number from 0 to 100; using 80"


def test_valid_parts_are_kept_next_to_broken_ones(path):
    path.write_text('[durations]\nroll = 75\nheel-raises = "long"\n[sound]\nvolume = 20\n', encoding="utf-8")
    loaded = load_settings(path, DURATIONS)
    assert loaded.settings.durations == {"roll": 75, "heel-raises": 60}
    assert loaded.settings.volume == 20
    assert [p.key for p in loaded.problems] == ["durations.heel-raises"]


def test_a_duration_for_a_step_that_does_not_exist_is_reported(path):
    path.write_text("[durations]\nrol = 90\n", encoding="utf-8")
    loaded = load_settings(path, DURATIONS)
    (notice,) = loaded.notices
    assert loaded.problems == ()
    assert "no step of this routine is called 'rol'; ignored (kept in the file)" in notice.message
    assert notice.kind is ProblemKind.UNKNOWN_KEY


def test_buffer_must_be_one_of_the_sizes_the_mixer_takes(path):
    path.write_text("[sound]\nbuffer = 1000\n", encoding="utf-8")
    assert "one of 256, 512, 1024, 2048, 4096; using 512" in str(load_settings(path, DURATIONS).problems[0])
    path.write_text("[sound]\nbuffer = 2048\n", encoding="utf-8")
    assert load_settings(path, DURATIONS).settings.sound_prefs().buffer == 2048


def test_tempo_zero_means_off_and_one_is_out_of_range(path):
    path.write_text("[sound]\ntempo = 0\n", encoding="utf-8")
    assert load_settings(path, DURATIONS).problems == ()
    path.write_text("[sound]\ntempo = 1\n", encoding="utf-8")
    assert "0 (off) or a whole number from 2 to 10" in str(load_settings(path, DURATIONS).problems[0])


def test_the_reminder_is_off_or_a_time_of_day(path):
    assert DEFAULTS.reminder_at is None
    path.write_text('[reminder]\ntime = "7:05"\n', encoding="utf-8")
    loaded = load_settings(path, DURATIONS)
    assert loaded.problems == () and loaded.settings.reminder_at == time(7, 5)
    for bad in ('"6pm"', '"25:00"', "1830", "true"):
        path.write_text(f"[session]\nget_ready = 3\n[reminder]\ntime = {bad}\n", encoding="utf-8")
        loaded = load_settings(path, DURATIONS)
        (problem,) = loaded.problems
        assert problem.line == 4 and problem.key == "reminder.time"
        assert 'is not "" (off) or a time of day like "18:30"' in problem.message
        assert loaded.settings.reminder_at is None and loaded.settings.get_ready == 3


def test_the_reminder_time_is_saved(path):
    save_settings(path, replace(DEFAULTS, reminder_time="18:30"))
    assert load_settings(path, DURATIONS).settings.reminder_at == time(18, 30)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_reported(path):
    path.write_text("[sound]\nvolume = 5\n")
    path.chmod(0)
    loaded = load_settings(path, DURATIONS)
    assert "cannot read it" in str(loaded.problems[0])


def test_a_folder_in_place_of_the_file_is_reported(path):
    path.mkdir()
    loaded = load_settings(path, DURATIONS)
    assert loaded.settings == DEFAULTS
    assert "is a folder, not a file; all defaults are used" in str(loaded.problems[0])


def test_saving_over_an_unparseable_file_keeps_a_copy(path):
    path.write_bytes(b"volume = = 3 # my careful notes\n")
    kept = save_settings(path, replace(DEFAULTS, volume=10))
    assert kept is not None and kept.read_bytes() == b"volume = = 3 # my careful notes\n"
    assert kept.parent == path.parent and kept.name.startswith("settings.toml.")
    assert load_settings(path, DURATIONS).settings.volume == 10


def test_saving_with_keep_copy_keeps_the_file_as_it_was(path):
    path.write_text("[sound]\nvolume = 900\n", encoding="utf-8")
    kept = save_settings(path, DEFAULTS, keep_copy=True)
    assert kept.read_text(encoding="utf-8") == "[sound]\nvolume = 900\n"
    assert load_settings(path, DURATIONS).problems == ()


def test_another_copy_of_the_app_edited_the_file_before_we_save(path):
    path.write_text("[sound]\nvolume = 30\n", encoding="utf-8")
    ours = load_settings(path, DURATIONS).settings
    path.write_text('# added elsewhere\n[sound]\nvolume = 30\n[mine]\nnote = "keep"\n', encoding="utf-8")
    save_settings(path, ours.with_duration("roll", 80))
    text = path.read_text(encoding="utf-8")
    assert "# added elsewhere" in text and 'note = "keep"' in text and "roll = 80" in text


def test_a_save_writes_only_what_changed_since_the_file_was_read(path):
    path.write_text("[goal]\ndays = 7\n[sound]\nvolume = 80\n", encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    path.write_text("[goal]\ndays = 5  # physio says 5\n[sound]\nvolume = 80\nmine = 1\n", encoding="utf-8")
    assert settings_file.save(replace(settings_file.settings, volume=60)) is None
    assert path.read_text(encoding="utf-8") == "[goal]\ndays = 5  # physio says 5\n[sound]\nvolume = 60\nmine = 1\n"
    assert settings_file.settings.goal_days == 5 and settings_file.settings.volume == 60


def test_a_file_broken_since_it_was_read_is_left_as_it_is(path):
    path.write_text("[sound]\nvolume = 80\n", encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    for broken in (b"[sound]\nvolume = = 8\n", b"[sound]\nvolume = 8\xff\n"):
        path.write_bytes(broken)
        with pytest.raises(SettingsSaveError, match="changed since footdesk read it") as raised:
            settings_file.save(replace(settings_file.settings, volume=60))
        assert str(path) in str(raised.value) and "left as it is" in str(raised.value)
        assert path.read_bytes() == broken and not list(path.parent.glob("*.bak"))


def test_a_file_broken_when_read_is_replaced_with_a_copy_only_while_unchanged(path):
    path.write_text("[sound\nvolume = 30\n", encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    assert settings_file.problems
    path.write_text("[sound\nvolume = 35  # still broken, edited again\n", encoding="utf-8")
    with pytest.raises(SettingsSaveError, match="changed since footdesk read it"):
        settings_file.save(replace(settings_file.settings, volume=60))
    settings_file = SettingsFile(path, DURATIONS)
    kept = settings_file.save(replace(settings_file.settings, volume=60))
    assert kept.read_text(encoding="utf-8") == "[sound\nvolume = 35  # still broken, edited again\n"
    assert settings_file.problems == () and settings_file.settings.volume == 60


def test_a_file_made_by_hand_meanwhile_is_written_into_not_over(path):
    settings_file = SettingsFile(path, DURATIONS)  # none yet
    path.write_text("# mine\n[session]\nget_ready = 3\n", encoding="utf-8")
    settings_file.save(replace(settings_file.settings, volume=60))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n[session]\nget_ready = 3\n") and "volume = 60" in text
    path.unlink()  # and one deleted meanwhile is written whole
    settings_file.save(replace(settings_file.settings, volume=50))
    assert load_settings(path, DURATIONS).settings == replace(DEFAULTS, get_ready=3, volume=50)


def test_a_bad_value_written_by_hand_meanwhile_is_kept_and_reported(path):
    path.write_text("[goal]\ndays = 7\n", encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    path.write_text("[goal]\ndays = 9\n", encoding="utf-8")
    assert settings_file.save(replace(settings_file.settings, volume=60)) is None
    assert "days = 9" in path.read_text(encoding="utf-8")
    assert [p.key for p in settings_file.problems] == ["goal.days"] and settings_file.settings.goal_days == 7


def test_settings_that_could_not_be_saved_are_written_by_the_next_save(path, monkeypatch):
    path.write_text("[sound]\nvolume = 80\n", encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    monkeypatch.setattr("footdesk.settings.atomic_write_text", no_space)
    with pytest.raises(SettingsSaveError):
        settings_file.save(replace(settings_file.settings, volume=60))
    settings_file.use_for_now(replace(settings_file.settings, volume=60))
    assert settings_file.unsaved
    monkeypatch.undo()
    settings_file.save(replace(settings_file.settings, goal_days=4))
    assert load_settings(path, DURATIONS).settings == replace(DEFAULTS, volume=60, goal_days=4)
    assert not settings_file.unsaved


def no_space(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_a_failed_save_raises_and_leaves_the_file(path, monkeypatch):
    path.write_text("[sound]\nvolume = 30\n", encoding="utf-8")

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("footdesk.settings.atomic_write_text", no_space)
    with pytest.raises(SettingsSaveError, match="No space left on device"):
        save_settings(path, replace(DEFAULTS, volume=1))
    assert path.read_text(encoding="utf-8") == "[sound]\nvolume = 30\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode")
def test_a_read_only_folder_fails_cleanly(path):
    path.write_text("[sound]\nvolume = 30\n", encoding="utf-8")
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(SettingsSaveError):
            save_settings(path, replace(DEFAULTS, volume=1))
    finally:
        path.parent.chmod(0o755)
    assert path.read_text(encoding="utf-8") == "[sound]\nvolume = 30\n"


def test_settings_file_keeps_a_copy_only_when_the_file_had_problems(path):
    path.write_text("[sound]\nvolume = 30\n", encoding="utf-8")
    clean = SettingsFile(path, DURATIONS)
    assert clean.save(replace(clean.settings, volume=40)) is None
    path.write_text("[sound]\nvolume = 300\n", encoding="utf-8")
    broken = SettingsFile(path, DURATIONS)
    assert broken.settings.volume == 80 and broken.problems
    kept = broken.save(replace(broken.settings, volume=50))
    assert kept.read_text(encoding="utf-8") == "[sound]\nvolume = 300\n"
    assert broken.problems == () and broken.settings.volume == 50


def test_an_unknown_key_is_a_notice_saved_over_without_a_copy(path):
    path.write_text('[sound]\nvolume = 30\nfuture_key = "newer"\n', encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    assert settings_file.problems == ()
    (notice,) = settings_file.notices
    assert notice.kind is ProblemKind.UNKNOWN_KEY and notice.key == "sound.future_key" and notice.line == 3
    for volume in (40, 50):
        assert settings_file.save(replace(settings_file.settings, volume=volume)) is None
    assert not list(path.parent.glob("*.bak"))
    assert 'future_key = "newer"' in path.read_text(encoding="utf-8")
    assert settings_file.notices == (notice,) and settings_file.problems == ()


def test_a_bad_value_next_to_an_unknown_key_still_asks_for_a_copy(path):
    path.write_text('[sound]\nvolume = 300\nfuture_key = "newer"\n', encoding="utf-8")
    settings_file = SettingsFile(path, DURATIONS)
    assert [p.key for p in settings_file.problems] == ["sound.volume"]
    assert [p.key for p in settings_file.notices] == ["sound.future_key"]
    kept = settings_file.save(replace(settings_file.settings, volume=50))
    assert kept is not None and "volume = 300" in kept.read_text(encoding="utf-8")
    assert settings_file.problems == () and len(settings_file.notices) == 1


def test_the_copy_is_private_and_never_written_through_a_planted_link(path, monkeypatch):
    path.write_text("[sound]\nvolume = 300\n", encoding="utf-8")
    victim = path.parent / "victim.txt"
    victim.write_text("someone else's file", encoding="utf-8")
    fixed = path.with_name("settings.toml.20250101-120000.bak")
    monkeypatch.setattr("footdesk.settings.backup_path", lambda _path: fixed)
    fixed.symlink_to(victim)
    kept = save_settings(path, DEFAULTS, keep_copy=True)
    assert victim.read_text(encoding="utf-8") == "someone else's file"
    assert fixed.is_symlink()  # left as it was
    assert kept == path.with_name("settings.toml.20250101-120000-2.bak")
    assert kept.read_text(encoding="utf-8") == "[sound]\nvolume = 300\n"
    assert stat.S_IMODE(kept.lstat().st_mode) == 0o600
    # a second copy in the same second gets a name of its own too
    path.write_text("[sound]\nvolume = 301\n", encoding="utf-8")
    again = save_settings(path, DEFAULTS, keep_copy=True)
    assert again == path.with_name("settings.toml.20250101-120000-3.bak")
    assert kept.read_text(encoding="utf-8") == "[sound]\nvolume = 300\n"


def test_a_settings_file_that_is_the_persons_own_link_stays_a_link(path, tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "footdesk.toml"
    real.write_text("# mine\n[sound]\nvolume = 30\n", encoding="utf-8")
    real.chmod(0o640)
    path.symlink_to(real)
    save_settings(path, replace(DEFAULTS, volume=60))
    assert path.is_symlink() and path.resolve() == real
    assert "# mine" in real.read_text(encoding="utf-8") and "volume = 60" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_settings_file_can_apply_settings_it_could_not_save(path):
    settings_file = SettingsFile(path, DURATIONS)
    settings_file.use_for_now(replace(DEFAULTS, volume=3))
    assert settings_file.settings.volume == 3 and not path.exists()


def test_session_options_follow_the_settings():
    options = Settings(get_ready=0, auto_advance=False).session_options()
    assert options.get_ready_s == 0 and options.auto_advance is False


# Properties ------------------------------------------------------------------


def assert_valid(settings: Settings) -> None:
    """Every value is one its kind takes (checked here, not by the kind's own parse)."""
    for spec in FIELDS:
        value = getattr(settings, spec.attribute)
        if isinstance(spec, StepSeconds):
            assert set(value) == {"roll", "heel-raises"}
            assert all(type(v) is int and spec.low <= v <= spec.high for v in value.values())
        elif isinstance(spec, Flag):
            assert type(value) is bool
        elif isinstance(spec, Choice):
            assert value in spec.choices
        elif isinstance(spec, TimeOfDay):
            assert value == "" or parse_time_of_day(value)
        elif isinstance(spec, Folder):
            assert value == "" or (os.path.isabs(value) and value.isprintable())
        elif isinstance(spec, LanguageChoice):
            assert value == "" or value in LANGUAGE_BY_CODE
        else:
            assert isinstance(spec, Count), spec
            assert type(value) is int
            assert (spec.off_allowed and value == 0) or spec.low <= value <= spec.high


scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-5, max_value=2000),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates(),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
keys = st.sampled_from(
    ["roll", "heel-raises", "get_ready", "auto_advance", "enabled", "volume", "voice", "tempo"]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=10)
tables = st.dictionaries(keys, values, max_size=6)
documents = st.dictionaries(st.sampled_from(["durations", "session", "sound", "other"]), tables | values, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_any_toml_gives_valid_settings_plus_messages(tmp_path, document):
    path = tmp_path / "generated.toml"
    text = tomlkit.dumps(document)
    path.write_text(text, encoding="utf-8")
    loaded = load_settings(path, DURATIONS)
    assert_valid(loaded.settings)
    assert path.read_text(encoding="utf-8") == text
    for problem in loaded.problems:
        assert problem.message and str(path) in str(problem)
        assert problem.kind is ProblemKind.INVALID
    for notice in loaded.notices:
        assert notice.message and str(path) in str(notice)
        assert notice.kind is ProblemKind.UNKNOWN_KEY


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_valid_settings(tmp_path, content):
    path = tmp_path / "junk.toml"
    path.write_bytes(content)
    loaded = load_settings(path, DURATIONS)
    assert_valid(loaded.settings)
    assert path.read_bytes() == content


def test_an_unknown_section_is_noted_and_kept(tmp_path):
    from footdesk.settings import SettingsFile

    path = tmp_path / "settings.toml"
    path.write_text("[newsection]\nfoo = 1\n")
    settings_file = SettingsFile(path, {"roll": 120})
    assert not settings_file.problems
    (notice,) = settings_file.notices
    assert "newsection" in str(notice) and "line 1" in str(notice)


# The table ---------------------------------------------------------------------


def test_every_setting_is_one_attribute_of_settings_with_its_kind():
    """FIELDS is Settings, in its order: the defaults, the file's places and the
    dialog's groups follow from it, grouped in the order of the sections."""
    from dataclasses import fields

    from footdesk.settings import SECTIONS

    assert [spec.attribute for spec in FIELDS] == [f.name for f in fields(Settings)]
    assert all(getattr(Settings(), spec.attribute) == spec.default for spec in FIELDS)
    order = [section.key for section in SECTIONS]
    seen = [spec.section for spec in FIELDS]
    assert seen == sorted(seen, key=order.index), "a setting's section decides where it is written"
    assert FIELD_BY_ATTRIBUTE["volume"].name == "sound.volume"


def test_the_sound_preferences_default_to_the_settings_defaults():
    from footdesk.settings import SoundPrefs

    assert SoundPrefs() == Settings().sound_prefs()


def test_a_new_file_is_written_in_the_order_of_the_sections(path):
    save_settings(path, DEFAULTS)
    text = path.read_text(encoding="utf-8")
    headers = [line for line in text.splitlines() if line.startswith("[")]
    assert headers == [
        "[durations]",
        "[session]",
        "[pictures]",
        "[goal]",
        "[sound]",
        "[reminder]",
        "[backups]",
        "[safety]",
        "[questionnaires]",
        "[general]",
    ]


def test_a_quoted_key_or_section_is_found_on_its_own_line(path):
    """Keys TOML quotes (with spaces, escapes, control characters) were all
    said to be on their section's header line, and a quoted section on none."""
    path.write_text(
        '[session]\n"\\u001b[2Jclear" = 1\n"\\u202eevil\\u202c tail" = 2\n"a\\nb" = 3\nget_ready = 5\n'
        '["\\u001b[31mred"]\nx = 1\n[sound]\n\'lit key\' = """two\nlines"""\n',
        encoding="utf-8",
    )
    loaded = load_settings(path, DURATIONS)
    assert [(p.key, p.line) for p in loaded.notices] == [
        ("session.\x1b[2Jclear", 2),
        ("session.\u202eevil\u202c tail", 3),
        ("session.a\nb", 4),
        ("\x1b[31mred", 6),
        ("sound.lit key", 9),
    ]
