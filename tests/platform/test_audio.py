"""The pygame cue player on SDL's dummy driver, with a fake clock and a
scheduler the test runs by hand: what plays, on which channel, how loud, and
what happens when the device or the files are missing."""

from __future__ import annotations

import shutil
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from footdesk.platform.audio import (
    COUNT_GAP_S,
    MAX_VOICE_DELAY_S,
    PRE_ROLL_S,
    REST_AFTER_S,
    TICK_CHANNEL,
    TONE_CHANNELS,
    VOICE_CHANNEL,
    WAITING_OPEN_S,
    WAKE_AHEAD_S,
    PygameCuePlayer,
    SoundStatus,
    import_mixer,
)
from footdesk.settings import SoundPrefs
from tests.helpers import FakeClock

pygame = import_mixer()


class ManualScheduler:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.pending: list[tuple[float, object]] = []

    def __call__(self, delay: float, action) -> None:
        self.pending.append((self.clock.now + max(0.0, delay), action))

    def run_until(self, when: float) -> None:
        """Advance the clock, running every scheduled action that falls due."""
        while True:
            due = sorted((at, i) for i, (at, _) in enumerate(self.pending) if at <= when)
            if not due:
                break
            at, index = due[0]
            _, action = self.pending.pop(index)
            self.clock.now = max(self.clock.now, at)
            action()
        self.clock.now = max(self.clock.now, when)


@pytest.fixture
def sounds_dir() -> Path:
    return Path(str(resources.files("footdesk.assets").joinpath("sounds")))


@pytest.fixture
def rig(sounds_dir, clock):
    prefs = {"value": SoundPrefs()}
    notices: list[str] = []
    scheduler = ManualScheduler(clock)
    played: list[tuple[int, str, float]] = []

    def make(directory: Path = sounds_dir) -> PygameCuePlayer:
        player = PygameCuePlayer(directory, lambda: prefs["value"], notices.append, scheduler, clock=clock)
        original = player._start

        def recording_start(channel, sound, volume, now):
            names = {id(s): n for n, s in player._sounds.items()}
            played.append((channel, names.get(id(sound), "?"), round(volume, 3)))
            original(channel, sound, volume, now)

        player._start = recording_start
        return player

    class Rig:
        pass

    rig = Rig()
    rig.make, rig.prefs, rig.notices, rig.scheduler, rig.played, rig.clock = (
        make,
        prefs,
        notices,
        scheduler,
        played,
        clock,
    )
    yield rig
    if pygame.mixer.get_init():
        pygame.mixer.quit()


def begin(rig) -> PygameCuePlayer:
    player = rig.make()
    player.session_began()
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    return player


def test_the_mixer_opens_for_a_session_and_closes_after_the_last_cue(rig):
    player = rig.make()
    assert not pygame.mixer.get_init()
    player.session_began()
    assert pygame.mixer.get_init()
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    player.play("say-well-done")
    player.session_ended()
    rig.scheduler.run_until(rig.clock.now + 1.0)
    assert pygame.mixer.get_init(), "closing now would cut 'well done' off"
    rig.scheduler.run_until(rig.clock.now + 5.0)
    assert not pygame.mixer.get_init()


def test_cues_wait_for_the_pre_roll(rig):
    player = rig.make()
    player.session_began()
    player.play("say-barefoot")
    assert rig.played == []
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert rig.played == [(VOICE_CHANNEL, "say-barefoot", 0.8)]


def test_the_pre_roll_runs_while_the_cues_load(rig):
    """The device plays silence from the moment it opens: loading the cue files
    (about 30 ms) is not added to the time from Space to the first sound."""
    player = rig.make()
    load = player._load

    def slow_load(files):
        rig.clock.now += 0.1
        return load(files)

    player._load = slow_load
    opened = rig.clock.now
    player.session_began()
    player.play("say-barefoot")
    rig.scheduler.run_until(opened + PRE_ROLL_S)
    assert rig.played == [(VOICE_CHANNEL, "say-barefoot", 0.8)]


def test_tones_voices_and_ticks_have_their_own_channels(rig):
    player = begin(rig)
    for cue in ("get-ready-pip", "last-seconds-pip", "tempo-up"):
        player.play(cue)
    assert [(c, n) for c, n, _ in rig.played] == [
        (TONE_CHANNELS[0], "get-ready-pip"),
        (TONE_CHANNELS[1], "last-seconds-pip"),
        (TICK_CHANNEL, "tempo-up"),
    ]


def test_a_voice_is_never_cut_off_the_next_one_waits(rig):
    player = begin(rig)
    player.play("say-roll")  # about 3 s
    player.play("say-switch-right")
    assert [n for _, n, _ in rig.played] == ["say-roll"]
    rig.scheduler.run_until(rig.clock.now + 3.5)
    assert [n for _, n, _ in rig.played] == ["say-roll", "say-switch-right"]


def test_a_voice_that_would_start_too_late_is_dropped(rig):
    player = begin(rig)
    player.play("say-heel-raises")  # about 4 s
    player.play("say-heel-raises-start")  # about 4 s: would wait ~4 s, still fine
    player.play("say-roll-guide-1")  # would wait ~8 s: stale by then
    rig.scheduler.run_until(rig.clock.now + 12)
    names = [n for _, n, _ in rig.played]
    assert names == ["say-heel-raises", "say-heel-raises-start"]
    assert MAX_VOICE_DELAY_S < 8


def test_tones_are_ducked_while_a_voice_speaks(rig):
    player = begin(rig)
    player.play("say-roll")
    player.play("halfway")
    rig.scheduler.run_until(rig.clock.now + 5)
    player.play("halfway")
    volumes = [v for _, n, v in rig.played if n == "halfway"]
    assert volumes == [0.4, 0.8]


class VoicePauses:
    """Records when the voice channel is paused and unpaused."""

    def __init__(self, monkeypatch, clock) -> None:
        self.log: list[tuple[str, float]] = []
        real = pygame.mixer.Channel
        log, now = self.log, clock

        class Channel:
            def __init__(self, number: int) -> None:
                self._channel = real(number)
                self._number = number

            def __getattr__(self, name):
                return getattr(self._channel, name)

            def pause(self) -> None:
                if self._number == VOICE_CHANNEL:
                    log.append(("pause", round(now.now, 3)))
                self._channel.pause()

            def unpause(self) -> None:
                if self._number == VOICE_CHANNEL:
                    log.append(("unpause", round(now.now, 3)))
                self._channel.unpause()

        monkeypatch.setattr(pygame.mixer, "Channel", Channel)


def test_the_get_ready_count_is_whole_and_the_step_waits_for_each_pip(rig, monkeypatch):
    """The heel-raise get-ready: "Step three…" (about 4 s) is asked for as the
    get-ready starts, the pips come at 2, 3 and 4 s. Each pip plays at full
    volume on its second; the voice pauses for it and goes on after it."""
    voice = VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    start = rig.clock.now
    player.play("say-heel-raises")
    for second in (2, 3, 4):
        rig.scheduler.run_until(start + second)
        player.play("get-ready-pip")
    rig.scheduler.run_until(start + 5)
    pip = player._sounds["get-ready-pip"].get_length()
    assert [v for _, n, v in rig.played if n == "get-ready-pip"] == [0.8, 0.8, 0.8]
    held = round(pip + COUNT_GAP_S, 3)
    assert voice.log == [
        (kind, round(start + second + (held if kind == "unpause" else 0), 3))
        for second in (2, 3, 4)
        for kind in ("pause", "unpause")
    ]


def test_a_prompt_due_with_the_go_starts_after_it(rig):
    """ "go", then the how-to: the go is heard alone, at full volume."""
    player = begin(rig)
    go_at = rig.clock.now
    player.play("go")
    player.play("say-heel-raises-start")
    assert [n for _, n, _ in rig.played] == ["go"]
    rig.scheduler.run_until(go_at + 1)
    assert rig.played == [(TONE_CHANNELS[0], "go", 0.8), (VOICE_CHANNEL, "say-heel-raises-start", 0.8)]
    assert player._voice_busy_until - player._sounds["say-heel-raises-start"].get_length() == pytest.approx(
        go_at + player._sounds["go"].get_length() + COUNT_GAP_S
    )


def test_the_next_prompt_waits_for_the_time_a_paused_one_lost(rig, monkeypatch):
    VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    start = rig.clock.now
    player.play("say-switch-right")  # about 1.4 s
    player.play("say-roll-guide-1")
    rig.scheduler.run_until(start + 0.5)
    player.play("last-seconds-pip")
    length = player._sounds["say-switch-right"].get_length()
    held = player._sounds["last-seconds-pip"].get_length() + COUNT_GAP_S
    rig.scheduler.run_until(start + length + held - 0.01)
    assert [n for _, n, _ in rig.played if n.startswith("say-")] == ["say-switch-right"]
    rig.scheduler.run_until(start + length + held + 0.01)
    assert [n for _, n, _ in rig.played if n.startswith("say-")] == ["say-switch-right", "say-roll-guide-1"]


def test_mute_during_a_pip_leaves_no_voice_paused(rig, monkeypatch):
    voice = VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    player.play("say-heel-raises")
    rig.scheduler.run_until(rig.clock.now + 2)
    player.play("get-ready-pip")
    player.set_muted(True)
    player.set_muted(False)
    assert voice.log[-1][0] == "unpause"
    player.play("say-roll")
    assert [n for _, n, _ in rig.played][-1] == "say-roll", "nothing holds the voice back after a mute"


def test_voice_off_keeps_the_tones(rig):
    rig.prefs["value"] = SoundPrefs(voice=False)
    player = begin(rig)
    player.play("say-roll")
    player.play("go")
    assert [n for _, n, _ in rig.played] == ["go"]


def test_volume_follows_the_settings(rig):
    rig.prefs["value"] = SoundPrefs(volume=25)
    player = begin(rig)
    player.play("halfway")
    assert rig.played[-1][2] == 0.25


def test_sound_off_in_settings_never_opens_the_device(rig):
    rig.prefs["value"] = SoundPrefs(enabled=False)
    player = rig.make()
    player.session_began()
    player.play("go")
    assert not pygame.mixer.get_init()
    assert player.status() is SoundStatus.OFF and rig.played == []


def test_mute_silences_at_once_and_unmute_plays_again(rig):
    player = begin(rig)
    player.set_muted(True)
    player.play("go")
    assert rig.played == [] and player.status() is SoundStatus.MUTED
    player.set_muted(False)
    player.play("go")
    assert [n for _, n, _ in rig.played] == ["go"]


def test_no_device_is_one_notice_silence_and_a_retry_next_session(rig, monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "nosuchdriver")
    player = rig.make()
    player.session_began()
    player.play("go")
    player.session_began()  # a second session: still nothing, still one notice
    assert player.status() is SoundStatus.UNAVAILABLE
    assert len(rig.notices) == 1 and "no audio device could be opened" in rig.notices[0]
    assert rig.played == []
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    player.session_began()
    assert player.status() is SoundStatus.READY and pygame.mixer.get_init()


def test_missing_and_corrupt_files_cost_only_their_cue(rig, sounds_dir, tmp_path):
    copy = tmp_path / "sounds"
    shutil.copytree(sounds_dir, copy)
    (copy / "go.wav").unlink()
    (copy / "halfway.wav").write_bytes(b"RIFF this is not a wave file")
    player = rig.make(copy)
    player.session_began()
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    for cue in ("go", "go", "halfway", "step-done"):
        player.play(cue)
    assert [n for _, n, _ in rig.played] == ["step-done"]
    assert any("halfway.wav" in notice for notice in rig.notices)
    assert sum("'go' is missing" in notice for notice in rig.notices) == 1


def test_the_device_waking_decodes_the_tones_and_a_spoken_line_when_it_is_said(rig, monkeypatch):
    """Each wake of the device decoded every built-in spoken line (45 ms of CPU,
    half of footdesk's over a two-minute roll) though it mostly says one or
    none: the tones load as it opens, a line the first time it is said."""
    decoded: list[str] = []
    real_sound = pygame.mixer.Sound

    def counting_sound(file: str):
        decoded.append(Path(file).name)
        return real_sound(file=file)

    monkeypatch.setattr(pygame.mixer, "Sound", counting_sound)
    player = rig.make()
    player.session_began()
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert decoded and all(name.endswith(".wav") for name in decoded), decoded
    tones = len(decoded)
    player.play("go")
    player.play("say-roll")
    rig.scheduler.run_until(rig.clock.now + 5)
    player.play("say-roll")
    rig.scheduler.run_until(rig.clock.now + 5)
    assert [n for _, n, _ in rig.played] == ["go", "say-roll", "say-roll"]
    assert decoded[tones:] == ["say-roll.ogg"]  # decoded once, said twice


def test_a_line_asked_for_during_the_pre_roll_is_decoded_then_not_when_it_is_due(rig, monkeypatch):
    """The first line of a session comes while the device pre-rolls: it is
    decoded in that wait, so saying it costs no time when it is due."""
    decoded: list[str] = []
    real_sound = pygame.mixer.Sound
    monkeypatch.setattr(pygame.mixer, "Sound", lambda file: decoded.append(Path(file).name) or real_sound(file=file))
    player = rig.make()
    player.session_began()
    player.play("say-barefoot")
    assert "say-barefoot.ogg" in decoded and rig.played == []  # decoded now, said after the pre-roll
    decoded.clear()
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert [n for _, n, _ in rig.played] == ["say-barefoot"] and decoded == []


def test_preview_plays_a_tone_then_a_voice_and_closes_again(rig):
    player = rig.make()
    player.preview(35)
    rig.scheduler.run_until(rig.clock.now + 1.0)
    assert [(n, v) for _, n, v in rig.played] == [("go", 0.35), ("say-sound-check", 0.35)]
    rig.scheduler.run_until(rig.clock.now + 5)
    assert not pygame.mixer.get_init()


def test_test_sound_does_not_speak_with_spoken_prompts_off(rig):
    """Issue 29, defect 18: Test sound spoke with spoken prompts off."""
    rig.prefs["value"] = SoundPrefs(voice=False)
    player = rig.make()
    player.preview(35)
    rig.scheduler.run_until(rig.clock.now + 1.0)
    assert [(n, v) for _, n, v in rig.played] == [("go", 0.35)]
    rig.scheduler.run_until(rig.clock.now + 5)
    assert len(rig.played) == 1
    assert not pygame.mixer.get_init()


def test_a_reminder_alert_plays_one_tone_after_the_pre_roll_and_closes_again(rig):
    player = rig.make()
    rig.prefs["value"] = replace(SoundPrefs(), volume=60)
    player.alert("routine-done")
    assert pygame.mixer.get_init() and rig.played == []  # the speakers wake first
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert rig.played == [(TONE_CHANNELS[0], "routine-done", 0.6)]
    rig.scheduler.run_until(rig.clock.now + 5)
    assert not pygame.mixer.get_init()


def test_a_reminder_alert_is_silent_when_sound_is_off_or_muted(rig):
    player = rig.make()
    player.set_muted(True)
    player.alert("routine-done")
    player.set_muted(False)
    rig.prefs["value"] = replace(SoundPrefs(), enabled=False)
    player.alert("routine-done")
    rig.scheduler.run_until(rig.clock.now + 5)
    assert rig.played == [] and not pygame.mixer.get_init()


def test_a_new_session_keeps_the_mixer_open(rig):
    player = begin(rig)
    player.session_ended()
    player.session_began()
    rig.scheduler.run_until(rig.clock.now + 10)
    assert pygame.mixer.get_init()


def test_buffer_setting_reaches_the_mixer(rig, monkeypatch):
    seen = {}
    real_init = pygame.mixer.init

    def spy(**kwargs):
        seen.update(kwargs)
        real_init(**kwargs)

    monkeypatch.setattr(pygame.mixer, "init", spy)
    rig.prefs["value"] = replace(SoundPrefs(), buffer=2048)
    rig.make().session_began()
    assert seen["buffer"] == 2048


def test_on_a_real_stream_each_get_ready_pip_is_whole_and_alone():
    """What the mixer really puts out (SDL's disk driver, in real time, about
    6 s): the heel-raise get-ready with voices on, as the app plays it. Each of
    the three pips is found in the stream and compared with the pip file at
    full volume; under a voice it would be half as loud with speech under it."""
    from tests.perf.bench_cues import measure

    figures = measure(quick=True, buffer=512, voice=True, count=True)
    assert figures["voices_asked"][0] == "say-heel-raises"
    assert figures["pips_found"] == 3, figures
    for pip in figures["pips"]:
        assert pip["level"] >= 0.99 and pip["under"] < 0.02, figures["pips"]


# Resting between cues in a session ------------------------------------------------


def test_in_a_session_the_device_rests_between_cues_and_wakes_before_the_next(rig):
    player = begin(rig)
    player.play("go")
    start = rig.clock.now
    player.next_cue_in(40.0)  # a roll's first guide line, 40 s on
    rig.scheduler.run_until(start + 1.0)
    assert not pygame.mixer.get_init(), "quiet, and the next sound is far off: the device rests"
    rig.scheduler.run_until(start + 40.0 - WAKE_AHEAD_S - 0.01)
    assert not pygame.mixer.get_init()
    rig.scheduler.run_until(start + 40.0 - WAKE_AHEAD_S + 0.01)
    assert pygame.mixer.get_init(), "awake before the next sound, with its pre-roll behind it"
    rig.scheduler.run_until(start + 40.0)
    rig.played.clear()
    player.play("halfway")
    assert rig.played == [(TONE_CHANNELS[1], "halfway", 0.8)], "played at once: on time"


def test_memory_the_device_freed_goes_back_to_the_system_when_it_closes(rig, monkeypatch):
    from footdesk.platform import audio

    closed_then_given_back: list[bool] = []

    def give_back() -> None:
        closed_then_given_back.append(not pygame.mixer.get_init())

    monkeypatch.setattr(audio, "give_back_freed_memory", give_back)
    player = begin(rig)
    player.play("go")
    player.next_cue_in(40.0)
    rig.scheduler.run_until(rig.clock.now + 1.0)
    assert closed_then_given_back == [True], "at the rest, once the device and its cues are gone"
    rig.scheduler.run_until(rig.clock.now + 40.0)
    player.play("halfway")
    player.session_ended()
    rig.scheduler.run_until(rig.clock.now + 5.0)
    assert closed_then_given_back == [True, True], "and again when the session's last cue has played"


def test_an_answer_every_second_never_piles_up_timers(rig):
    """The session answers next_cue_in at every tick: a step of ten quiet
    minutes must not leave a timer (and its closure) behind for each second."""
    player = begin(rig)
    player.play("go")
    start = rig.clock.now
    halfway = start + 600.0
    most_pending = 0
    for second in range(1, 600):
        rig.scheduler.run_until(start + second)
        player.next_cue_in(halfway - rig.clock.now)
        most_pending = max(most_pending, len(rig.scheduler.pending))
    assert most_pending <= 2, f"{most_pending} timers pending at once"
    assert pygame.mixer.get_init(), "and it still woke before halfway"
    rig.played.clear()
    rig.scheduler.run_until(halfway)
    player.play("halfway")
    assert rig.played == [(TONE_CHANNELS[1], "halfway", 0.8)]


def test_a_sound_soon_keeps_the_device_open(rig):
    player = begin(rig)
    player.play("last-seconds-pip")
    player.next_cue_in(REST_AFTER_S - 0.5)
    rig.scheduler.run_until(rig.clock.now + 2.0)
    assert pygame.mixer.get_init()


def test_a_voice_still_speaking_is_never_cut_off_for_a_rest(rig):
    player = begin(rig)
    player.play("say-well-done")
    length = player._sounds["say-well-done"].get_length()
    player.next_cue_in(60.0)
    rig.scheduler.run_until(rig.clock.now + length - 0.05)
    assert pygame.mixer.get_init(), "closing now would cut the prompt off"
    rig.scheduler.run_until(rig.clock.now + 0.5)
    assert not pygame.mixer.get_init()


def test_waiting_for_the_person_the_device_stays_open_a_while_then_rests(rig):
    player = begin(rig)
    player.next_cue_in(1.0)  # the last seconds of a step
    player.next_cue_in(None)  # then paused (or a tip to read): Space may come any moment
    rig.scheduler.run_until(rig.clock.now + WAITING_OPEN_S - 0.5)
    assert pygame.mixer.get_init(), "Space now sounds at once"
    rig.scheduler.run_until(rig.clock.now + 1.0)
    assert not pygame.mixer.get_init(), "a long wait: the device rests"


def test_a_key_press_while_resting_opens_the_device_and_plays_after_the_pre_roll(rig):
    player = begin(rig)
    player.next_cue_in(None)
    rig.scheduler.run_until(rig.clock.now + WAITING_OPEN_S + 0.5)
    assert not pygame.mixer.get_init()
    rig.played.clear()
    player.play("say-heel-raises")  # Space on a tip: the next step is announced
    assert pygame.mixer.get_init() and rig.played == []
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert rig.played == [(VOICE_CHANNEL, "say-heel-raises", 0.8)]


def test_a_session_that_ends_while_resting_stays_closed(rig):
    player = begin(rig)
    player.next_cue_in(30.0)
    rig.scheduler.run_until(rig.clock.now + 0.5)
    assert not pygame.mixer.get_init()
    player.session_ended()
    rig.scheduler.run_until(rig.clock.now + 60.0)
    assert not pygame.mixer.get_init()


def test_muted_the_device_rests_and_does_not_wake(rig):
    player = begin(rig)
    player.set_muted(True)
    player.next_cue_in(10.0)
    rig.scheduler.run_until(rig.clock.now + 20.0)
    assert not pygame.mixer.get_init()
    player.set_muted(False)
    player.play("go")
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S)
    assert pygame.mixer.get_init() and rig.played[-1][1] == "go"


def test_a_cue_waiting_out_the_pre_roll_keeps_the_device_open(rig):
    """A key press wakes the resting device and the same moment says the next
    sound is far off: the device must not rest under the waiting cue (it did,
    and the cue came a second pre-roll late)."""
    player = begin(rig)
    player.next_cue_in(None)
    rig.scheduler.run_until(rig.clock.now + WAITING_OPEN_S + 0.5)
    assert not pygame.mixer.get_init()
    rig.played.clear()
    pressed = rig.clock.now
    player.play("switch-feet")  # Space: the next side starts, its clock runs at once
    player.next_cue_in(10.0)
    rig.scheduler.run_until(pressed + PRE_ROLL_S)
    assert [name for _, name, _ in rig.played] == ["switch-feet"], "heard after one pre-roll"


def test_unmuting_wakes_a_device_that_rested_through_its_wake(rig):
    player = begin(rig)
    player.set_muted(True)
    player.next_cue_in(10.0)
    start = rig.clock.now
    rig.scheduler.run_until(start + 9.5)  # the wake, 1 s before the cue, came while muted
    assert not pygame.mixer.get_init()
    player.set_muted(False)
    assert pygame.mixer.get_init()
    rig.scheduler.run_until(start + 10.0)
    rig.played.clear()
    player.play("halfway")
    assert [name for _, name, _ in rig.played] == ["halfway"], "on time"


def test_test_sound_during_a_wait_lets_the_device_rest_again(rig):
    player = begin(rig)
    player.next_cue_in(None)
    rig.scheduler.run_until(rig.clock.now + WAITING_OPEN_S + 0.5)
    player.preview(80)  # Settings, Test sound, while a tip waits
    assert pygame.mixer.get_init()
    rig.scheduler.run_until(rig.clock.now + 10.0)
    assert not pygame.mixer.get_init(), "it stayed open for as long as the tip waited"


def test_pause_pauses_the_sentence_being_spoken_and_resume_goes_on(rig, monkeypatch):
    """Space mid-sentence: the voice stops with the routine (it went on ~2.7 s)
    and goes on where it was at resume; a prompt behind it waits for that."""
    voice = VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    start = rig.clock.now
    player.play("say-heel-raises")  # about 4 s
    player.play("say-switch-right")
    length = player._sounds["say-heel-raises"].get_length()
    rig.scheduler.run_until(start + 1.0)
    player.set_paused(True)
    assert voice.log == [("pause", round(start + 1.0, 3))]
    rig.scheduler.run_until(start + 10.0)  # a pause longer than the sentence
    assert [n for _, n, _ in rig.played] == ["say-heel-raises"], "nothing is said while paused"
    assert pygame.mixer.get_init()
    player.set_paused(False)
    assert voice.log[-1] == ("unpause", round(start + 10.0, 3))
    assert player._voice_busy_until == pytest.approx(start + 10.0 + length - 1.0)
    rig.scheduler.run_until(start + 10.0 + length - 1.0 + 0.01)
    assert [n for _, n, _ in rig.played][-1] == "say-switch-right"


def test_a_sentence_paused_past_a_rest_of_the_device_is_said_again_at_resume(rig, monkeypatch):
    VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    player.play("say-heel-raises")
    rig.scheduler.run_until(rig.clock.now + 1.0)
    player.set_paused(True)
    player.next_cue_in(None)  # paused: the session waits for the person
    rig.scheduler.run_until(rig.clock.now + WAITING_OPEN_S + 5)
    assert not pygame.mixer.get_init(), "a long pause: the device rests"
    rig.played.clear()
    player.set_paused(False)
    rig.scheduler.run_until(rig.clock.now + PRE_ROLL_S + 0.01)
    assert rig.played == [(VOICE_CHANNEL, "say-heel-raises", 0.8)]


def test_stopped_while_paused_the_sentence_does_not_go_on(rig, monkeypatch):
    voice = VoicePauses(monkeypatch, rig.clock)
    player = begin(rig)
    player.play("say-heel-raises")
    rig.scheduler.run_until(rig.clock.now + 1.0)
    player.set_paused(True)
    player.session_ended()
    rig.scheduler.run_until(rig.clock.now + 10)
    assert [kind for kind, _ in voice.log] == ["pause"]
    assert not pygame.mixer.get_init()
