"""Which sound each session event calls for: pure, so it is tested without audio.

Cue names are the contract between the session and the sound files in
assets/sounds (a file's stem is its cue name). Tones are named for what they
mean; spoken prompts start with "say-" and their texts come from the routine
(each step's say, say_start, say_guide) or from VOICE_LINES below.
packaging/make_sounds.py renders every voice line this module names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from footdesk.i18n import ENGLISH, LANGUAGE_BY_CODE, N_, PSEUDO, _, current_language, match_language, n_
from footdesk.routine import Routine, Step
from footdesk.session import (
    Beat,
    Event,
    GetReadyStarted,
    GuideAdvanced,
    Halfway,
    Outcome,
    Paused,
    Phase,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    RoutineFinished,
    SecondElapsed,
    Session,
    SideSwitched,
    State,
    TipShown,
    WaitingToStart,
)
from footdesk.timefmt import duration_in_words

try:  # CPython's own BLAKE2: hashlib would load OpenSSL's libcrypto (about 4 MB resident) for it
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without it
    from hashlib import blake2b

LAST_SECONDS = 3
VOICE_PREFIX = "say-"
TONES = (
    "get-ready-pip",
    "go",
    "last-seconds-pip",
    "halfway",
    "switch-feet",
    "step-done",
    "routine-done",
    "tempo-up",
    "tempo-down",
)
VOICE_LINES = {
    # the built-in routine's: they name the feet it works on
    # TRANSLATORS: spoken lines, rendered to sound files by the language's espeak-ng voice: say them as one speaks
    "say-switch-left": N_("Switch to your left foot."),
    "say-switch-right": N_("Switch to your right foot."),
    "say-well-done": N_("Well done. That's your feet done for today."),
    # a routine of one's own (a knee, a shoulder): the same moments in words for any body part,
    # shipped like the lines above (made by packaging/make_sounds.py), so they need no speech engine
    "say-sides-left": N_("Switch sides. Left side."),
    "say-sides-right": N_("Switch sides. Right side."),
    "say-all-done": N_("Well done. All done for today."),
    "say-sound-check": N_("This is how footdesk sounds."),
}
PREVIEW = ("go", "say-sound-check")
"""What "Test sound" plays: a tone, then a voice, so both can be judged."""
COUNT_TONES = frozenset({"get-ready-pip", "go", "last-seconds-pip"})
"""The count a person times their movements by without looking (3-2-1, go,
the last seconds): played whole, never ducked, never under a voice."""


def is_voice(cue: str) -> bool:
    return cue.startswith(VOICE_PREFIX)


def is_count(cue: str) -> bool:
    return cue in COUNT_TONES


ENGLISH_VOICE = LANGUAGE_BY_CODE[ENGLISH].voice


def voice_cue(text: str, voice: str = ENGLISH_VOICE) -> str:
    """The cue of a spoken line of a person's own routine: named by its text and
    the voice that says it, so a line rendered once is found again whatever step
    or routine says it (English's by its text alone, as before languages)."""
    key = text if voice == ENGLISH_VOICE else f"{voice}\n{text}"
    return VOICE_PREFIX + blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def shipped_voice_language(language: str = "") -> str:
    """The language footdesk's recorded lines are said in for a routine written in
    ``language``: that one where footdesk ships it, else the window's (the
    pseudo-locale's is English)."""
    code = match_language(language) if language else None
    if code is None or code == PSEUDO:
        code = current_language().code
    return ENGLISH if code == PSEUDO else code


def shipped_cue(name: str, language: str = "") -> str:
    """One of footdesk's recorded lines in the language ``shipped_voice_language``
    picks: English's under its own name, another's as "say-roll@de"."""
    code = shipped_voice_language(language)
    return name if code == ENGLISH else f"{name}@{code}"


def cue_file(cue: str) -> tuple[str, str]:
    """(file stem, language) of a recorded line's cue: "say-roll@de" is say-roll in de/."""
    name, _at, code = cue.partition("@")
    return name, code or ENGLISH


def speech_voice(language: str = "") -> str:
    """The espeak-ng voice that says a person's own routine's lines: its
    language's (one footdesk ships, or any code espeak-ng may know, as written),
    else the window's. ``routine.py`` lets only letters, "-" and "_" through."""
    code = match_language(language) if language else None
    if code == PSEUDO:
        return ENGLISH_VOICE
    if code is not None:
        return LANGUAGE_BY_CODE[code].voice
    if language:
        return language.replace("_", "-").lower()
    return current_language().voice


def _spoken(step: Step, suffix: str, text: str | None) -> tuple[str, ...]:
    """The cue for one of a step's lines: the built-in routine's ship with footdesk
    under the step's name, in the window's language; a person's own are found by
    their text and their routine's voice."""
    if not text:
        return ()
    if step.shipped_voice:
        return (shipped_cue(f"say-{step.id}{suffix}"),)
    return (voice_cue(text, speech_voice(step.language)),)


def _announce(step: Step) -> tuple[str, ...]:
    return _spoken(step, "", step.say)


def cues_for(event: Event) -> tuple[str, ...]:
    if _counts_down(event):  # a set of reps ends with its last rep's tick, not with pips over it
        assert isinstance(event, SecondElapsed)
        # the end of a rest counts the next set in, like a get-ready
        count_in = event.state is State.GET_READY or event.phase.rest
        return ("get-ready-pip",) if count_in else ("last-seconds-pip",)
    cues = _CUES_BY_EVENT.get(type(event))
    return cues(event) if cues is not None else ()


def _counts_down(event: Event) -> bool:
    return (
        isinstance(event, SecondElapsed)
        and event.remaining_s <= LAST_SECONDS
        and not (event.state is State.RUNNING and event.phase.cycle is not None)
    )


def _tip_shown(event: TipShown) -> tuple[str, ...]:
    return _announce(event.phase.step)


def _get_ready(event: GetReadyStarted) -> tuple[str, ...]:
    # a step is announced as it is set up; its second side gets the switch cue instead
    return _announce(event.phase.step) if event.phase.first_of_step else ()


def _phase_started(event: PhaseStarted) -> tuple[str, ...]:
    step = event.phase.step
    if event.phase.rest:
        return ("step-done",)  # a set is done: rest now
    spoken = _spoken(step, "-start", step.say_start) if event.phase.first_of_step else ()
    if event.phase.first_of_step and not event.counted_in:  # no get-ready announced the step
        spoken = (*_announce(step), *spoken)
    return ("go", *spoken)


def _guide(event: GuideAdvanced) -> tuple[str, ...]:
    step = event.phase.step
    return _spoken(step, f"-guide-{event.stage}", step.say_guide[event.stage - 1]) if step.say_guide else ()


def _side_switched(event: SideSwitched) -> tuple[str, ...]:
    side = event.phase.side.value if event.phase.side else "other"
    # the built-in routine names the foot; one's own says the side, as its banner does
    step = event.phase.step
    said = shipped_cue(f"say-switch-{side}") if step.shipped_voice else shipped_cue(f"say-sides-{side}", step.language)
    return ("switch-feet", said)


def _phase_ended(event: PhaseEnded) -> tuple[str, ...]:
    if event.run.outcome is Outcome.COMPLETED and event.run.planned_s:
        return ("step-done",) if event.run.phase.last_of_step else ()
    return ()


def _routine_finished(event: RoutineFinished) -> tuple[str, ...]:
    if not event.completed:
        return ()
    return (
        "routine-done",
        shipped_cue("say-all-done", event.language) if event.neutral else shipped_cue("say-well-done"),
    )


_CUES_BY_EVENT: dict[type, Callable[[Any], tuple[str, ...]]] = {
    TipShown: _tip_shown,
    GetReadyStarted: _get_ready,
    PhaseStarted: _phase_started,
    Halfway: lambda _event: ("halfway",),
    GuideAdvanced: _guide,
    Beat: lambda event: ("tempo-up",) if event.up else ("tempo-down",),
    SideSwitched: _side_switched,
    PhaseEnded: _phase_ended,
    RoutineFinished: _routine_finished,
}
"""The sounds each kind of event calls for (a second's pips are counted above)."""


def next_cue_in(session: Session, now: float) -> float | None:
    """How long until the session calls for a sound by itself (None: not until
    the person acts), so the sound device may rest until shortly before: at the
    clock's next threshold or end, or as its last seconds are counted (pips).
    Erring early only opens the device a little sooner."""
    moments = session.coming_moments(now)
    if not moments:
        return None
    counted_from = moments[-1] - LAST_SECONDS
    if now >= counted_from:
        return 0.0
    return min(moment - now for moment in (*moments, counted_from) if moment > now)


def voice_lines(routine: Routine) -> dict[str, str]:
    """Every spoken prompt the routine and the app can ask for, with its text, in
    the window's language (what packaging/make_sounds.py renders for each)."""
    lines = {shipped_cue(cue): _(text) for cue, text in VOICE_LINES.items()}
    return lines | _step_lines(routine)


def _step_lines(routine: Routine) -> dict[str, str]:
    lines: dict[str, str] = {}
    for step in routine.steps:
        spoken = [("", step.say), ("-start", step.say_start)]
        spoken += [(f"-guide-{stage}", text) for stage, text in enumerate(step.say_guide, start=1)]
        for suffix, text in spoken:
            for cue in _spoken(step, suffix, text):
                lines[cue] = text or ""
    return lines


def own_voice_lines(routine: Routine) -> dict[str, str]:
    """The spoken lines that must be rendered on this computer (not shipped)."""
    return {} if any(step.shipped_voice for step in routine.steps) else _step_lines(routine)


def own_voice(routine: Routine) -> str:
    """The voice a routine's own lines are rendered in (``speech_voice``)."""
    return speech_voice(routine.language)


def preview_cues() -> tuple[str, str]:
    """What "Test sound" plays: a tone, then a voice (in the window's language), so both can be judged."""
    return (PREVIEW[0], shipped_cue(PREVIEW[1]))


def all_cues(routine: Routine) -> set[str]:
    """Every cue name the routine can produce: each must exist as a sound file."""
    return set(TONES) | set(voice_lines(routine)) | set(preview_cues())


ANNOUNCED_SECONDS = (10, 3, 2, 1)
"""Seconds left that a screen reader speaks: enough to follow, not every tick."""


def end_heading(completed: bool, stopped: bool) -> str:
    """What the end of a routine is called, on the finished screen and to a screen reader alike."""
    if completed:
        return _("Well done!")
    return _("Stopped early") if stopped else _("Finished, with some skipped")


def announcement_for(event: Event) -> str | None:
    """What a screen reader should say for an event, or None to stay quiet.

    Spoken through the accessibility layer (not our own voice files), so a
    person who relies on a screen reader hears step changes, the instruction
    to follow now and the end of each countdown in their own reader's voice
    and speed.
    """
    if isinstance(event, TipShown):
        return _("{step}. Press Space when ready to go on.").format(step=_step_name(event.phase))
    if isinstance(event, WaitingToStart):
        return _("{step}. Press Space to start.").format(step=_phase_name(event.phase))
    if isinstance(event, GetReadyStarted):
        # TRANSLATORS: {step} is "Step 2: Toe spreads, left foot, set 1 of 2"
        starting = n_("{step}. Starting in {seconds} second.", "{step}. Starting in {seconds} seconds.", event.seconds)
        return starting.format(step=_phase_name(event.phase), seconds=event.seconds)
    if isinstance(event, PhaseStarted):
        return _go(event.phase)
    if isinstance(event, GuideAdvanced):
        return _("Now: {instruction}").format(instruction=event.phase.instructions[event.instruction])
    if isinstance(event, SecondElapsed) and event.state is State.RUNNING and event.remaining_s in ANNOUNCED_SECONDS:
        return _seconds_left(event.remaining_s)
    if isinstance(event, Paused):
        return _("Paused. Press Space to resume.")
    if isinstance(event, Resumed):
        return _("Resumed.")
    if isinstance(event, RoutineFinished):
        return _finished(event)
    return None


def _seconds_left(seconds: int) -> str:
    if seconds == 10:
        return n_("{seconds} second left.", "{seconds} seconds left.", seconds).format(seconds=seconds)
    return str(seconds)


def _finished(event: RoutineFinished) -> str:
    if event.completed:
        return _("Routine finished. Well done.")
    # stopped, or at its end with parts skipped: the latter in the finished screen's words
    if event.stopped:
        return _("Stopped. What you did is saved.")
    return _("Finished, with some skipped. What you did is saved.")


def _go(phase: Phase) -> str | None:
    """A clock starts: for how long, and the first instruction of a guided step."""
    if phase.rest:
        # TRANSLATORS: {duration} is a time in words, "30 seconds", "1 minute 30 seconds"
        return _("Rest: {duration}.").format(duration=duration_in_words(phase.seconds or 0))
    guide = phase.step.guide
    now = phase.instructions[guide[0]] if guide else None
    if phase.cycle is not None:
        reps = phase.step.reps or 0  # a step with a cycle has its repetitions
        if now is not None:
            go = n_("Go: {reps} repetition. Now: {instruction}", "Go: {reps} repetitions. Now: {instruction}", reps)
            return go.format(reps=reps, instruction=now)
        return n_("Go: {reps} repetition.", "Go: {reps} repetitions.", reps).format(reps=reps)
    if phase.seconds:
        duration = duration_in_words(phase.seconds)
        if now is not None:
            return _("Go: {duration}. Now: {instruction}").format(duration=duration, instruction=now)
        return _("Go: {duration}.").format(duration=duration)
    return None


def _step_name(phase: Phase) -> str:
    return _("Step {number}: {title}").format(number=phase.step_index + 1, title=phase.step.title)


def _phase_name(phase: Phase) -> str:
    number, title, step = phase.step_index + 1, phase.step.title, phase.step
    if step.sets > 1:
        done = {"number": number, "title": title, "set": phase.set_number, "sets": step.sets}
        if phase.side:
            # TRANSLATORS: {side} is "left foot" or "right foot" (or the routine's own word for a side)
            return _("Step {number}: {title}, {side}, set {set} of {sets}").format(
                side=step.side_label(phase.side), **done
            )
        return _("Step {number}: {title}, set {set} of {sets}").format(**done)
    if phase.side:
        return _("Step {number}: {title}, {side}").format(number=number, title=title, side=step.side_label(phase.side))
    return _step_name(phase)
