"""Which sound each session event calls for: pure, so it is tested without audio.

Cue names are the contract between the session and the sound files: every
name returned here must exist as a sound (the sound issue adds a test).
"""

from __future__ import annotations

from footdesk.session import (
    Event,
    GetReadyStarted,
    GuideAdvanced,
    Halfway,
    Outcome,
    PhaseEnded,
    PhaseStarted,
    RoutineFinished,
    SecondElapsed,
    SideSwitched,
    State,
    TipShown,
)

LAST_SECONDS = 3


def cues_for(event: Event) -> tuple[str, ...]:
    if isinstance(event, TipShown):
        return (f"say-step-{event.phase.step.id}",)
    if isinstance(event, GetReadyStarted):
        # the step is announced as it is set up; the second side gets the switch cue instead
        return (f"say-step-{event.phase.step.id}",) if event.phase.first_of_step else ()
    if isinstance(event, SecondElapsed) and event.remaining_s <= LAST_SECONDS:
        return ("get-ready-pip",) if event.state is State.GET_READY else ("last-seconds-pip",)
    if isinstance(event, PhaseStarted):
        return ("go",)
    if isinstance(event, Halfway):
        return ("halfway",)
    if isinstance(event, GuideAdvanced):
        return (f"say-guide-{event.phase.step.id}-{event.stage}",)
    if isinstance(event, SideSwitched):
        return ("switch-feet", f"say-switch-{event.phase.side}")
    if isinstance(event, PhaseEnded) and event.run.outcome is Outcome.COMPLETED and event.run.planned_s:
        return ("step-done",) if event.run.phase.last_of_step else ()
    if isinstance(event, RoutineFinished) and event.completed:
        return ("routine-done", "say-well-done")
    return ()
