"""Sound for the session, behind a small protocol so that the app and the tests
run the same with no sound device at all.

pygame is imported only when a session starts (importing it costs ~0.3 s, and
an open SDL mixer wakes the process ~90 times a second), and the mixer is
closed again once the last cue of a session has finished playing.

Opening the device never waits for the desktop's D-Bus (see ``sdl_bus_ready``):
with a bus that hangs, the routine goes on silently and says so once.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from footdesk.cues import VOICE_PREFIX, cue_file, is_count, is_voice, preview_cues
from footdesk.i18n import _, n_, voice_folder
from footdesk.platform.memory import give_back_freed_memory
from footdesk.settings import SoundPrefs
from footdesk.sound import Scheduler, SoundStatus
from footdesk.untrusted import for_log, voice_file_problem

log = logging.getLogger(__name__)

PRE_ROLL_S = 0.3
"""Quiet time after the device opens before the first cue: Bluetooth speakers
wake up on the first audio and would swallow a prompt's first syllable."""
MAX_VOICE_DELAY_S = 5.0
"""A prompt that would start later than this behind another one is dropped:
"work down through the arch" is wrong once the person is at the heel."""
DUCKED = 0.5
"""Tones play at this share of the volume while a voice speaks (not the count:
see COUNT_GAP_S)."""
COUNT_GAP_S = 0.15
"""The count (get-ready pips, go, last-seconds pips) is what a person follows
without looking, so it is never ducked and never sounds under a voice: a
prompt that is speaking pauses for each count tone and goes on this long after
it, and a prompt due during one starts this long after it. The pips keep their
seconds; the prompt gives way (a prompt is still never cut off)."""
REST_AFTER_S = 4.0
"""In a session the device rests (closes) once it is quiet and the session's
next sound is at least this far off: an open device costs CPU all the time
(SDL's mixer thread mixes silence, about half a percent of a core), and most
of a two-minute step is quiet."""
WAITING_OPEN_S = 20.0
"""While the session waits for the person (a tip to read, a pause) the device
stays open this long before it rests: Space then sounds at once, not after a
pre-roll, in all but a long wait."""
WAKE_AHEAD_S = PRE_ROLL_S + 0.7
"""It opens again this long before the session's next sound: the pre-roll,
and time to open the device and load the cues."""
FREQUENCY = 44100
VOICE_CHANNEL, TONE_CHANNELS, TICK_CHANNEL = 0, (1, 2), 3
SDL_BUS_WAIT_S = 0.1
"""How long opening the device waits for SDL's connections to the desktop's
buses (``sdl_bus_ready``): they take a few milliseconds; longer is a bus that
hangs, and would be felt in the window."""
SDL_BUS_LOOK_S = 1.0
"""While that is so in a session, how often the player looks again."""


def missing_sound(cue: str) -> str:
    """What the person reads when a cue has no sound: a spoken line of their own
    routine is named as such (its cue is a hash of its text, meaningless to read)."""
    if cue.startswith(VOICE_PREFIX) and re.fullmatch(r"[0-9a-f]{16}", cue.removeprefix(VOICE_PREFIX)):
        return _("A spoken line of your routine is not ready yet (it is being prepared); it stays silent this time.")
    # TRANSLATORS: {cue} is a sound's name ('go', 'step-done'), kept as it is
    return _("Sound {cue} is missing; that cue stays silent.").format(cue=repr(cue))


def import_mixer() -> Any:
    """pygame's mixer, imported the quiet way: no banner on stdout, and SDL
    leaves SIGTERM and SIGINT to us (with its own handlers installed, logout
    could not end footdesk cleanly)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    import pygame.mixer

    return pygame


def sdl_bus_ready(wait_s: float) -> bool:
    """Whether SDL has made its connections to the D-Bus buses, waiting at most
    ``wait_s`` for it (pygame must be imported).

    SDL (2.0.22 and later, on Linux) connects to the session and the system
    bus the first time any part of it starts, in SDL_InitSubSystem, which
    pygame.mixer.init calls holding Python's lock; and libdbus waits without a
    limit for a bus that does not answer while it authenticates. A stopped
    dbus-daemon froze the whole of footdesk at the first sound for as long as
    it stayed stopped. SDL 2.28 has no hint to leave D-Bus alone (its thread
    priority hints still reach RTKit over D-Bus), and pointing
    DBUS_SESSION_BUS_ADDRESS elsewhere for it would point QtDBus elsewhere
    too (libdbus reads the address once for the whole process). So SDL's
    first start is made here, once, on a thread of its own, through ctypes
    (which lets go of Python's lock): SDL_InitSubSystem(0) starts no part of
    SDL but makes those connections, and SDL keeps them for the process. The
    mixer opens only once that is done.
    """
    return _sdl_bus_connection().wait(wait_s)


@functools.cache
def _sdl_bus_connection() -> threading.Event:
    """Set once SDL's connections are made (or there is nothing to wait for): started once a process."""
    done = threading.Event()
    library = _sdl_library()
    if library is None:
        done.set()
    else:
        threading.Thread(target=_connect_sdl_to_bus, args=(library, done), name="footdesk-sdl-bus", daemon=True).start()
    return done


def _sdl_library() -> str | None:
    """The SDL 2 library pygame loaded, where SDL uses D-Bus (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {parts[5].strip() for line in maps if len(parts := line.split(None, 5)) == 6}
    except OSError:
        return None
    found = sorted(path for path in paths if os.path.basename(path).startswith("libSDL2-2"))
    pygame = sys.modules.get("pygame")
    home = os.path.dirname(os.path.dirname(pygame.__file__ or "")) if pygame is not None else ""
    ours = [path for path in found if home and path.startswith(home)]  # the wheel's own SDL, first
    return next(iter(ours or found), None)


def _connect_sdl_to_bus(library: str, done: threading.Event) -> None:
    try:
        sdl = ctypes.CDLL(library)
        sdl.SDL_InitSubSystem.argtypes = [ctypes.c_uint32]
        sdl.SDL_InitSubSystem.restype = ctypes.c_int
        sdl.SDL_InitSubSystem(0)
    except Exception as exc:  # noqa: BLE001 - then the mixer opens as it did before, and says why it cannot
        log.debug("SDL's bus connection not made ahead: %s", exc)
    finally:
        done.set()


class PygameCuePlayer:
    """Plays cues with pygame.mixer on reserved channels: one for voices (a
    prompt is never cut off: the next one waits its turn), two for tones
    (ducked under a voice, except the count, which a voice pauses for) and one
    for the quiet tempo tick."""

    def __init__(
        self,
        sounds: Traversable,
        prefs: Callable[[], SoundPrefs],
        notify: Callable[[str], None],
        schedule: Scheduler,
        clock: Callable[[], float] = time.monotonic,
        voices: Path | None = None,
    ) -> None:
        """``voices``: the folder of spoken lines rendered on this computer for the
        person's own routines (``say-<text hash>`` cues), loaded when first asked for."""
        self._sounds_dir = sounds
        self._voices_dir = voices
        self._prefs = prefs
        self._notify = notify
        self._schedule = schedule
        self._clock = clock
        self._pygame: Any = None
        self._sounds: dict[str, Any] = {}
        self._open = False
        self._in_session = False
        self._muted = False
        self._unavailable = False
        self._reported: set[str] = set()
        self._ready_at = 0.0
        self._voice_busy_until = 0.0
        self._voice_queue: deque[tuple[float, str]] = deque()
        self._held_until = 0.0  # the voice channel stays quiet until then (a count tone)
        self._hold = 0  # which hold a scheduled release belongs to
        self._quiet_at = 0.0
        self._next_tone = 0
        self._generation = 0
        self._next_cue_at: float | None = None  # the session's next sound by itself (our clock)
        self._waiting_since = 0.0  # since when the session waits for the person
        self._review_at: float | None = None  # when the one pending rest-or-wake review runs (our clock)
        self._rested = False  # the device rested during this session
        self._bus_look_pending = False  # a look at SDL's bus connection is scheduled
        self._speaking: str | None = None  # the prompt last started on the voice channel
        self._opened = 0  # how many times the device has opened: a pause outlived by a rest
        self._paused_voice: tuple[str, float, int] | None = None  # (cue, seconds left, opening)
        self._person_paused = False
        self._paused_at = 0.0

    # The protocol -------------------------------------------------------------

    def session_began(self) -> None:
        self._in_session = True
        self._rested = False
        self._next_cue_at = None
        self._waiting_since = self._clock()
        self._generation += 1
        if self._prefs().enabled:
            self._open_mixer()

    def play(self, cue: str) -> None:
        prefs = self._prefs()
        if self._muted or not prefs.enabled or (is_voice(cue) and not prefs.voice):
            return
        if not self._open and not (self._in_session and not self._unavailable and self._open_mixer()):
            return  # outside a session, or no device (said once, tried again next session): silence
        now = self._clock()
        if now < self._ready_at:
            # waiting out the pre-roll counts as sounding: the device must not rest under it
            self._quiet_at = max(self._quiet_at, self._ready_at)
            self._sound(cue)  # a spoken line is decoded while the device pre-rolls, not when it is due
            self._schedule(max(0.0, self._ready_at - self._clock()), lambda: self.play(cue))
            return
        sound = self._sound(cue)
        if sound is None:
            self._report_once(f"missing:{cue}", missing_sound(cue))
            return
        volume = prefs.volume / 100
        if is_voice(cue):
            self._voice_queue.append((now, cue))
            self._feed_voice()
        elif cue.startswith("tempo-"):
            self._start(TICK_CHANNEL, sound, volume, now)
        elif is_count(cue):
            self._hold_voice(now, sound.get_length() + COUNT_GAP_S)
            self._start(self._tone_channel(), sound, volume, now)
        else:
            ducked = volume * DUCKED if now < self._voice_busy_until else volume
            self._start(self._tone_channel(), sound, ducked, now)

    def session_ended(self) -> None:
        self._in_session = False
        self._next_cue_at = None
        self._person_paused = False
        if self._paused_voice is not None:  # stopped while paused: that sentence is not finished
            self._paused_voice = None
            self._voice_busy_until = 0.0
            if self._open:
                self._pygame.mixer.Channel(VOICE_CHANNEL).stop()
        self._close_when_quiet()

    def next_cue_in(self, seconds: float | None) -> None:
        if seconds is None and self._next_cue_at is not None:
            self._waiting_since = self._clock()
        self._next_cue_at = None if seconds is None else self._clock() + seconds
        self._review()

    def set_paused(self, paused: bool) -> None:
        """The person paused the routine: the sentence being spoken pauses too
        (a prompt must not go on talking over a pause), and prompts waiting
        behind it wait. At resume it goes on where it stopped, or is said again
        from its start when the device rested meanwhile."""
        if paused == self._person_paused:
            return
        self._person_paused = paused
        now = self._clock()
        if paused:
            self._paused_at = now
            if self._open and self._speaking is not None and now < self._voice_busy_until:
                self._pygame.mixer.Channel(VOICE_CHANNEL).pause()
                self._paused_voice = (self._speaking, self._voice_busy_until - now, self._opened)
                self._hold += 1  # a count tone's release must not unpause it
            return
        # the routine's clock stood still: a prompt that waits is no later for the pause
        self._voice_queue = deque((asked_at + now - self._paused_at, cue) for asked_at, cue in self._voice_queue)
        held, self._paused_voice = self._paused_voice, None
        if held is None:
            self._feed_voice()
            return
        cue, left, opening = held
        if self._open and opening == self._opened:
            self._pygame.mixer.Channel(VOICE_CHANNEL).unpause()
            self._voice_busy_until = max(now + left, self._held_until)
            self._quiet_at = max(self._quiet_at, self._voice_busy_until)
            if self._voice_queue:
                self._schedule(self._voice_busy_until - now, self._feed_voice)
            return
        # the device rested during the pause: the sentence is said again
        self._voice_busy_until = 0.0
        self._voice_queue.appendleft((now, cue))
        if self._open:
            self._feed_voice()
        else:
            self._speak_again()

    def _speak_again(self) -> None:
        """Open the device (in a session) and speak what waits, after the pre-roll."""
        if not self._in_session or self._unavailable or not self._open_mixer():
            return
        self._schedule(max(0.0, self._ready_at - self._clock()), self._feed_voice)

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if not muted:  # a wake skipped while muted: the next cue must not come late
            self._review()
        if muted:
            self._paused_voice = None
        if muted and self._open:
            self._pygame.mixer.stop()
            self._pygame.mixer.Channel(VOICE_CHANNEL).unpause()
            self._voice_queue.clear()
            self._voice_busy_until = self._held_until = 0.0
            self._hold += 1

    def status(self) -> SoundStatus:
        if not self._prefs().enabled:
            return SoundStatus.OFF
        if self._unavailable:
            return SoundStatus.UNAVAILABLE
        return SoundStatus.MUTED if self._muted else SoundStatus.READY

    def preview(self, volume: int) -> None:
        self._generation += 1
        if not self._open_mixer():
            return
        now = self._clock()
        start = max(now, self._ready_at)
        tone, voice = (self._sound(name) for name in preview_cues())
        if not self._prefs().voice:  # spoken prompts are off: the test is the tone alone, as a session is
            voice = None
        if tone is not None:
            self._schedule(start - now, lambda: self._start(TONE_CHANNELS[0], tone, volume / 100, self._clock()))
            self._quiet_at = max(self._quiet_at, start + tone.get_length())
        if voice is not None:
            delay = start - now + (tone.get_length() + 0.15 if tone is not None else 0)
            self._schedule(delay, lambda: self._start(VOICE_CHANNEL, voice, volume / 100, self._clock()))
            self._quiet_at = max(self._quiet_at, start + delay + voice.get_length())
        self._close_or_rest_when_quiet()

    def alert(self, cue: str) -> None:
        """One tone outside a session: the device opens for it and closes after."""
        prefs = self._prefs()
        if self._muted or not prefs.enabled:
            return
        self._generation += 1
        if not self._open_mixer():
            return
        sound = self._sound(cue)
        if sound is None:
            self._report_once(f"missing:{cue}", missing_sound(cue))
            return
        now = self._clock()
        start = max(now, self._ready_at)
        volume = prefs.volume / 100
        self._schedule(start - now, lambda: self._start(TONE_CHANNELS[0], sound, volume, self._clock()))
        self._quiet_at = max(self._quiet_at, start + sound.get_length())
        self._close_or_rest_when_quiet()

    def _close_or_rest_when_quiet(self) -> None:
        """After a sound outside the session's own (Test sound, an alert): close
        the device again, or in a session let it rest as it would have."""
        if self._in_session:
            self._review()
        else:
            self._close_when_quiet()

    # Internals ----------------------------------------------------------------

    def _open_mixer(self) -> bool:
        if self._open:
            return True
        try:
            self._pygame = self._pygame or import_mixer()
            if not sdl_bus_ready(SDL_BUS_WAIT_S):
                return self._bus_hangs()
            mixer = self._pygame.mixer
            mixer.init(frequency=FREQUENCY, size=-16, channels=2, buffer=self._prefs().buffer)
            opened = self._clock()  # the device plays (silence) from now: the pre-roll runs while the cues load
            mixer.set_num_channels(8)
            mixer.set_reserved(4)
        except Exception as exc:  # noqa: BLE001 - pygame.error, or no pygame at all: play on silently
            self._unavailable = True
            log.warning("sound is off: %s", exc)
            off = _("Sound is off: no audio device could be opened ({error}). "
                    "The routine goes on silently; footdesk tries again next time.")  # fmt: skip
            self._report_once("device", off.format(error=exc))
            return False
        self._open = True
        self._opened += 1
        self._unavailable = False
        self._reported.discard("device")
        self._sounds = self._load(self._cue_files())
        self._ready_at = opened + PRE_ROLL_S
        # opening again after a rest is routine: not a line in the log each time
        log.log(logging.DEBUG if self._rested else logging.INFO,
                "sound: mixer open (%s Hz, buffer %s)", FREQUENCY, self._prefs().buffer)  # fmt: skip
        return True

    def _bus_hangs(self) -> bool:
        """SDL still waits for the desktop's bus: silence, said once, and in a
        session a look now and then, so that the sound comes once the bus answers."""
        self._unavailable = True
        if "bus" not in self._reported:
            log.warning("sound is off for now: the D-Bus session bus does not answer (SDL waits for it)")
        self._report_once("bus", _("Sound is off for now: the desktop's session bus does not answer, and the "
                                   "sound library waits for it. The routine goes on silently; the sound comes back "
                                   "when the bus answers."))  # fmt: skip
        if self._in_session and not self._bus_look_pending:
            self._bus_look_pending = True
            self._schedule(SDL_BUS_LOOK_S, self._look_at_bus)
        return False

    def _look_at_bus(self) -> None:
        self._bus_look_pending = False
        if not self._in_session or not self._unavailable:
            return
        if not sdl_bus_ready(0):
            self._bus_look_pending = True
            self._schedule(SDL_BUS_LOOK_S, self._look_at_bus)
            return
        log.info("sound: the session bus answers again")
        self._unavailable = False
        self._review()  # the device opens before the next cue (or at the next one, while the session waits)

    def _cue_files(self) -> Iterable[Traversable]:
        """The tones, loaded as the device opens: the spoken lines wait until
        one is asked for (``_sound``). Decoding all fourteen built-in lines at
        every wake took 45 ms of CPU, and a wake mostly says one line or none:
        over a two-minute roll, half of footdesk's CPU."""
        try:
            return [
                f
                for f in self._sounds_dir.iterdir()
                if f.name.endswith((".wav", ".ogg")) and not is_voice(f.name.rsplit(".", 1)[0])
            ]
        except OSError as exc:
            self._report_once(
                "folder", _("The sounds folder cannot be read ({error}); cues stay silent.").format(error=exc)
            )
            return []

    def _sound(self, cue: str) -> Any:
        """The cue's sound while the device is open: a tone loaded when it
        opened, a spoken line decoded the first time it is asked for (a few
        milliseconds) and kept until the device rests; None when there is none."""
        return self._sounds.get(cue) or self._builtin_voice(cue) or self._rendered_voice(cue)

    def _builtin_voice(self, cue: str) -> Any:
        """One of footdesk's own spoken lines, from the sounds folder (another
        language's from its folder there: "say-roll@de" is de/say-roll.ogg)."""
        if not is_voice(cue):
            return None
        name, language = cue_file(cue)
        folder = voice_folder(self._sounds_dir, language)
        try:
            found = [f for f in (folder.joinpath(f"{name}{kind}") for kind in (".ogg", ".wav")) if f.is_file()]
        except OSError:
            return None  # the folder's trouble is said when the device opens
        sound = self._load(found[:1]).get(name) if found else None
        if sound is not None:
            self._sounds[cue] = sound
        return sound

    def _rendered_voice(self, cue: str) -> Any:
        """A line of a person's own routine, rendered when it was saved; None (the
        line stays silent, the routine goes on) when it was not."""
        if self._voices_dir is None or not is_voice(cue):
            return None
        path = self._voices_dir / f"{cue.removeprefix('say-')}.wav"
        if not path.exists():
            return None
        problem = voice_file_problem(path)  # the cache is no safer than a received file: a 300 MB WAV would abort
        if problem is not None:
            log.warning("sound: a rendered voice is not loaded: %s", for_log(problem, 200))
            return None
        sound = self._load([path]).get(path.stem)
        if sound is not None:
            self._sounds[cue] = sound
        return sound

    def _load(self, files: Iterable[Traversable | Path]) -> dict[str, Any]:
        loaded: dict[str, Any] = {}
        broken: list[str] = []
        for entry in files:
            name = entry.name.rsplit(".", 1)[0]
            try:
                loaded[name] = self._pygame.mixer.Sound(file=str(entry))
            except Exception as exc:  # noqa: BLE001 - a corrupt file costs one cue, not the routine
                log.warning("sound %s cannot be loaded: %s", entry.name, exc)
                broken.append(entry.name)
        if broken:
            # TRANSLATORS: {files} lists the sound files' names
            unloaded = n_(
                "A sound could not be loaded ({files}); it stays silent.",
                "Some sounds could not be loaded ({files}); they stay silent.",
                len(broken),
            )
            self._report_once("broken", unloaded.format(files=", ".join(broken)))
        return loaded

    def _start(self, channel_number: int, sound: Any, volume: float, now: float) -> None:
        if not self._open:
            return
        channel = self._pygame.mixer.Channel(channel_number)
        channel.set_volume(volume)
        channel.play(sound)
        self._quiet_at = max(self._quiet_at, now + sound.get_length())

    def _tone_channel(self) -> int:
        channel = TONE_CHANNELS[self._next_tone % len(TONE_CHANNELS)]
        self._next_tone += 1
        return channel

    def _hold_voice(self, now: float, seconds: float) -> None:
        """Keep the voice channel quiet for ``seconds`` from now: a prompt that
        is speaking pauses and goes on after, one that is due waits."""
        until = now + seconds
        if until <= self._held_until:
            return
        if now < self._voice_busy_until:  # a prompt is speaking, or already paused
            if now >= self._held_until:
                self._pygame.mixer.Channel(VOICE_CHANNEL).pause()
            self._voice_busy_until += until - max(now, self._held_until)
            self._quiet_at = max(self._quiet_at, self._voice_busy_until)
            self._hold += 1
            hold = self._hold
            self._schedule(seconds, lambda: self._release_voice(hold))
        self._held_until = until

    def _release_voice(self, hold: int) -> None:
        if hold == self._hold and self._open and self._paused_voice is None:  # not extended, not paused
            self._pygame.mixer.Channel(VOICE_CHANNEL).unpause()

    def _feed_voice(self) -> None:
        """Start the next waiting prompt once the voice channel is free; drop
        prompts that have waited too long to still be true."""
        if self._person_paused:
            return  # the routine is paused: what waits is said at resume
        now = self._clock()
        free_at = max(self._voice_busy_until, self._held_until)
        if now < free_at or not self._open:
            if self._voice_queue:
                self._schedule(free_at - now, self._feed_voice)
            return
        while self._voice_queue:
            asked_at, cue = self._voice_queue.popleft()
            if now - asked_at > MAX_VOICE_DELAY_S:
                log.info("sound: dropped %s, %.1f s late", cue, now - asked_at)
                continue
            sound = self._sound(cue)  # loaded again after a rest
            if sound is None:
                continue
            volume = self._prefs().volume / 100
            for number in TONE_CHANNELS:  # a tone already sounding steps back for the voice
                tone = self._pygame.mixer.Channel(number)
                if tone.get_busy():
                    tone.set_volume(volume * DUCKED)
            self._start(VOICE_CHANNEL, sound, volume, now)
            self._speaking = cue
            self._voice_busy_until = now + sound.get_length()
            if self._voice_queue:
                self._schedule(sound.get_length(), self._feed_voice)
            return

    def _review(self) -> None:
        """In a session: rest the device (close it) while nothing plays and the
        next sound is far off, and wake it again before that sound."""
        if not self._in_session:
            return
        now = self._clock()
        if self._open:
            if self._next_cue_at is not None and self._next_cue_at - now < REST_AFTER_S:
                return  # soon: stay open (the next answer looks again)
            busy_until = max(self._quiet_at, self._held_until, self._voice_busy_until, self._ready_at)
            if self._next_cue_at is None:  # waiting for the person, who may answer any moment
                busy_until = max(busy_until, self._waiting_since + WAITING_OPEN_S)
            if now < busy_until or (self._voice_queue and not self._person_paused):
                self._review_later(max(busy_until, now + 0.1))
                return
            self._close_mixer("resting until the next cue")
        if self._next_cue_at is None or self._muted or self._unavailable or not self._prefs().enabled:
            return
        wake_at = self._next_cue_at - WAKE_AHEAD_S
        if wake_at > now:
            self._review_later(wake_at)
        else:
            self._open_mixer()

    def _review_later(self, at: float) -> None:
        """One review pending at a time, the earliest needed: next_cue_in comes
        every second while a clock runs, and a timer for each answer piled up
        (hundreds of them, held until the wake minutes later)."""
        if self._review_at is not None and self._review_at <= at:
            return  # an earlier review is pending: it looks again then
        self._review_at = at

        def review() -> None:
            if self._review_at != at:
                return  # an earlier one took its place and has run (or will)
            self._review_at = None
            self._review()

        self._schedule(at - self._clock(), review)

    def _close_mixer(self, why: str) -> None:
        self._pygame.mixer.quit()
        self._open = False
        self._sounds = {}
        self._rested = self._in_session
        # the device's buffers and the decoded cues (a few MB) are freed now and
        # taken again at the next opening: without this the resident size crept
        give_back_freed_memory()
        log.debug("sound: mixer closed (%s)", why)

    def _close_when_quiet(self) -> None:
        generation = self._generation

        def close() -> None:
            if self._in_session or generation != self._generation or not self._open:
                return
            remaining = self._quiet_at - self._clock()
            if remaining > 0 or self._voice_queue:
                self._schedule(max(remaining, 0.1), close)
                return
            self._close_mixer("no session")
            log.info("sound: mixer closed")

        self._schedule(max(0.0, self._quiet_at - self._clock()) + 0.2, close)

    def _report_once(self, key: str, message: str) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self._notify(message)
