"""The guided-session state machine: pure Python, the clock handed in.

The session never reads the time. Every call takes ``now`` (seconds on a
monotonic clock) and answers with the events that happened up to then.
Remaining time is always ``deadline - now``: nothing counts ticks, so a late
or missed tick cannot stretch or shorten a step, and a phase that ends between
two ticks is stamped with its deadline, not with the late tick that noticed it.

Times are kept internally as whole microseconds so that thresholds (a second
boundary, halfway, a guide stage) compare exactly and the next wake-up time
is always strictly in the future.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum

from footdesk.records import Outcome as Outcome  # its home is records; the session names it too
from footdesk.routine import Routine, Side, Step

_US = 1_000_000
DEFAULT_SLEEP_GAP_S = 5.0


class State(Enum):
    IDLE = "idle"  # not started yet
    TIP = "tip"  # an untimed step, waiting for the person to go on
    READY = "ready"  # a timed phase waiting for Start (auto-advance off)
    GET_READY = "get-ready"  # the short countdown before the clock runs
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class PauseReason(StrEnum):
    PERSON = "person"
    CLOCK_JUMP = "clock-jump"  # the computer slept: never finish a step unseen


@dataclass(frozen=True)
class Phase:
    """One countdown (or one tip): a step, or one side of a per-side step."""

    index: int
    step_index: int
    step: Step
    side: Side | None
    seconds: int | None
    set_number: int = 1
    rest: bool = False
    """The pause between two sets: counted down, not exercise, not recorded."""

    @property
    def timed(self) -> bool:
        return self.seconds is not None

    @property
    def first_of_step(self) -> bool:
        return not self.rest and self.set_number == 1 and (self.side is None or self.side == self.step.sides[0])

    @property
    def last_of_step(self) -> bool:
        return (
            not self.rest
            and self.set_number == self.step.sets
            and (self.side is None or self.side == self.step.sides[-1])
        )

    @property
    def cycle(self) -> tuple[int, int] | None:
        """(up, down) seconds of one repetition, for a step counted in reps."""
        if self.rest or self.step.reps is None or not self.step.tempo:
            return None
        return self.step.tempo[0], self.step.tempo[1]

    @property
    def instructions(self) -> tuple[str, ...]:
        return self.step.instructions_for(self.side)


@dataclass(frozen=True)
class PhaseRun:
    """One attempt at a phase, as history records it."""

    phase: Phase
    outcome: Outcome
    active_s: float
    started_at: float
    ended_at: float

    @property
    def planned_s(self) -> int | None:
        return self.phase.seconds

    @property
    def timed(self) -> bool:
        """Exercise with a clock: not a tip, not a rest between sets."""
        return self.phase.timed and not self.phase.rest


# Events ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineStarted:
    at: float


@dataclass(frozen=True)
class TipShown:
    phase: Phase
    at: float


@dataclass(frozen=True)
class WaitingToStart:
    phase: Phase
    at: float


@dataclass(frozen=True)
class GetReadyStarted:
    phase: Phase
    at: float
    seconds: int


@dataclass(frozen=True)
class PhaseStarted:
    """The clock of a timed phase starts running: the 'go'."""

    phase: Phase
    at: float
    counted_in: bool = True
    """A get-ready (or a rest) came first, and with it the step's announcement;
    False when the clock starts at once (no get-ready in the settings)."""


@dataclass(frozen=True)
class SecondElapsed:
    """The whole seconds shown changed. Only the newest is sent after a late tick,
    so a stalled computer never plays a burst of stale countdown pips."""

    phase: Phase
    state: State
    remaining_s: int
    at: float


@dataclass(frozen=True)
class Halfway:
    phase: Phase
    at: float


@dataclass(frozen=True)
class GuideAdvanced:
    phase: Phase
    stage: int
    instruction: int
    at: float


@dataclass(frozen=True)
class Beat:
    """A heel-raise tempo beat: ``up`` to rise, otherwise to lower."""

    phase: Phase
    count: int
    up: bool
    instruction: int
    at: float


@dataclass(frozen=True)
class SideSwitched:
    """Going from one side of a step to the other: the 'switch feet' moment."""

    previous: Phase
    phase: Phase
    at: float


@dataclass(frozen=True)
class Paused:
    phase: Phase
    at: float
    reason: PauseReason


@dataclass(frozen=True)
class Resumed:
    phase: Phase
    at: float


@dataclass(frozen=True)
class PhaseEnded:
    run: PhaseRun


@dataclass(frozen=True)
class RoutineFinished:
    at: float
    completed: bool
    """True when every phase's last run completed: nothing skipped, not stopped."""
    neutral: bool = False
    """A routine of one's own: its end is said in words for any body part (cues)."""
    stopped: bool = False
    """True when the person stopped it (rather than it reaching its end)."""
    language: str = ""
    """The routine's own language (``Routine.language``): its end is said in it."""


Event = (
    RoutineStarted
    | TipShown
    | WaitingToStart
    | GetReadyStarted
    | PhaseStarted
    | SecondElapsed
    | Halfway
    | GuideAdvanced
    | Beat
    | SideSwitched
    | Paused
    | Resumed
    | PhaseEnded
    | RoutineFinished
)


@dataclass(frozen=True)
class SessionOptions:
    get_ready_s: int = 5
    auto_advance: bool = True
    tempo_s: int = 0
    """Seconds per rise-and-lower on steps that have a beat; 0 is off."""
    sleep_gap_s: float = DEFAULT_SLEEP_GAP_S
    """A gap between two calls longer than this while a clock runs means the
    computer slept or stalled; the session pauses at the last moment it saw."""


@dataclass(frozen=True)
class Snapshot:
    """Everything a view needs to draw the session at one instant."""

    state: State
    paused_from: State | None
    pause_reason: PauseReason | None
    phase: Phase | None
    phase_count: int
    step_count: int
    remaining_s: float | None
    timer_total_s: float | None
    emphasised: tuple[int, ...]
    next_phase: Phase | None
    routine_progress: float
    elapsed_active_s: float
    routine_total_s: int
    runs: tuple[PhaseRun, ...]
    completed: bool | None
    stopped: bool
    started_at: float | None
    finished_at: float | None
    guide_stage: int | None = None
    """The guide stage under way (0 until the step's clock runs), where the
    step has guide stages: which picture shows where the ball is now."""

    @property
    def shown_seconds(self) -> int | None:
        """The whole seconds a countdown shows: rounded up, so 0:00 is never shown
        while time is left and the last second is a full one."""
        if self.remaining_s is None:
            return None
        return max(0, math.ceil(self.remaining_s - 1e-9))

    @property
    def keeps_screen_awake(self) -> bool:
        """While a clock runs the person is on the floor, away from the keys, and
        looks idle to the computer: the screen must not blank. Paused, waiting
        or finished, the system's own idle rules apply again."""
        return self.state in (State.GET_READY, State.RUNNING)

    @property
    def rep(self) -> int | None:
        """Which repetition of a step counted in reps is under way (1 = the first)."""
        phase = self.phase
        cycle = phase.cycle if phase is not None else None
        if cycle is None or phase is None or self.remaining_s is None or self.timer_total_s is None:
            return None
        if self.clock_state is not State.RUNNING:
            return None
        elapsed = self.timer_total_s - self.remaining_s
        return min(phase.step.reps or 1, int(elapsed // sum(cycle)) + 1)

    @property
    def exercise_left_s(self) -> float:
        return max(0.0, self.routine_total_s - self.elapsed_active_s)

    @property
    def can_go_back(self) -> bool:
        """Whether Back does anything: everywhere but on the very first tip (see Session.back)."""
        return self.phase is not None and (self.phase.index > 0 or self.state is not State.TIP)

    @property
    def clock_state(self) -> State:
        """The state whose clock is shown: a paused get-ready still looks like one."""
        return self.paused_from if self.state is State.PAUSED and self.paused_from else self.state


def latest_runs(runs: tuple[PhaseRun, ...] | list[PhaseRun]) -> tuple[PhaseRun, ...]:
    """The last run of each phase that was reached, in routine order: a side that
    was restarted counts by how its last try went."""
    latest: dict[int, PhaseRun] = {}
    for run in runs:
        latest[run.phase.index] = run
    return tuple(latest[index] for index in sorted(latest))


def build_phases(routine: Routine) -> tuple[Phase, ...]:
    """Every countdown and tip in order: each set of a step (each side in turn),
    with a rest between sets where the step asks for one."""
    phases: list[Phase] = []
    for step_index, step in enumerate(routine.steps):
        if not step.timed:
            phases.append(Phase(len(phases), step_index, step, None, None))
            continue
        for set_number in range(1, step.sets + 1):
            for side in step.sides or (None,):
                phases.append(Phase(len(phases), step_index, step, side, step.seconds_for(side), set_number))
            if set_number < step.sets and step.rest > 0:
                phases.append(Phase(len(phases), step_index, step, None, step.rest, set_number, rest=True))
    return tuple(phases)


def _half_beats(elapsed_us: int, beats: tuple[int, int]) -> int:
    """How many rises and lowers have been completed after ``elapsed_us``."""
    up, down = beats
    whole, within = divmod(elapsed_us, up + down)
    return 2 * whole + (1 if within >= up else 0)


def _to_us(seconds: float) -> int:
    return round(seconds * _US)


def _to_s(us: int) -> float:
    return us / _US


@dataclass
class _Clock:
    """The countdown of the current get-ready or running stint."""

    total_us: int
    deadline_us: int  # meaningful while not paused
    remaining_us_when_paused: int | None = None

    def remaining_us(self, now_us: int) -> int:
        if self.remaining_us_when_paused is not None:
            return self.remaining_us_when_paused
        return max(0, self.deadline_us - now_us)

    def elapsed_us(self, now_us: int) -> int:
        return self.total_us - self.remaining_us(now_us)


@dataclass(eq=False)
class Session:
    """A run through a routine. Every control goes through ``_transition``-style
    helpers and returns the events it caused; ``tick`` moves time forward."""

    routine: Routine
    options: SessionOptions = field(default_factory=SessionOptions)

    def __post_init__(self) -> None:
        self.phases = build_phases(self.routine)
        self._state = State.IDLE
        self._paused_from: State | None = None
        self._pause_reason: PauseReason | None = None
        self._index = 0
        self._first_index = 0  # where this run through began (a resumed routine starts later)
        self._clock: _Clock | None = None
        self._cursor_us = 0  # elapsed time of the current clock already reported
        self._last_seen_us: int | None = None
        self._entered_at_us = 0
        self._run_started_at_us: int | None = None
        self._runs: list[PhaseRun] = []
        self._completed: bool | None = None
        self._stopped = False
        self._started_at_us: int | None = None
        self._finished_at_us: int | None = None

    # Queries ------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def phase(self) -> Phase | None:
        if self._state in (State.IDLE, State.FINISHED):
            return None
        return self.phases[self._index]

    def snapshot(self, now: float) -> Snapshot:
        now_us = self._clamped(_to_us(now))
        phase = self.phase
        remaining = total = None
        if self._clock is not None:
            remaining = _to_s(self._clock.remaining_us(now_us))
            total = _to_s(self._clock.total_us)
        elif phase is not None and phase.timed:
            remaining = total = float(phase.seconds or 0)
        next_phase = None
        if phase is not None and phase.index + 1 < len(self.phases):
            next_phase = self.phases[phase.index + 1]
        done_us, all_us = self._progress_us(now_us)
        return Snapshot(
            state=self._state,
            paused_from=self._paused_from,
            pause_reason=self._pause_reason if self._state is State.PAUSED else None,
            phase=phase,
            phase_count=len(self.phases),
            step_count=len(self.routine.steps),
            remaining_s=remaining,
            timer_total_s=total,
            emphasised=self._emphasised(phase, now_us),
            next_phase=next_phase,
            routine_progress=(done_us / all_us) if all_us else self._phase_fraction(),
            elapsed_active_s=_to_s(done_us),
            routine_total_s=self.routine.total_seconds,
            runs=tuple(self._runs),
            completed=self._completed,
            stopped=self._stopped,
            started_at=None if self._started_at_us is None else _to_s(self._started_at_us),
            finished_at=None if self._finished_at_us is None else _to_s(self._finished_at_us),
            guide_stage=self._guide_stage(phase, now_us),
        )

    def next_wakeup(self, now: float) -> float | None:
        """When the next event can happen (a shown second changing, halfway, a guide
        stage, the end), so the shell sleeps until then: no polling. None while
        nothing runs."""
        if self._state not in (State.GET_READY, State.RUNNING) or self._clock is None:
            return None
        now_us = self._clamped(_to_us(now))
        clock = self._clock
        elapsed = clock.elapsed_us(now_us)
        remaining = clock.total_us - elapsed
        candidates = [clock.deadline_us]
        # the shown seconds change each time remaining reaches a whole second
        next_whole = (remaining - 1) // _US * _US
        if next_whole > 0:
            candidates.append(clock.deadline_us - next_whole)
        if self._state is State.RUNNING:
            for threshold in self._thresholds_us(clock.total_us):
                if threshold > elapsed:
                    candidates.append(clock.deadline_us - clock.total_us + threshold)
        future = [c for c in candidates if c > now_us]
        return _to_s(min(future)) if future else _to_s(now_us + 1)

    def coming_moments(self, now: float) -> tuple[float, ...]:
        """What the running clock will reach by itself, in order (session-clock
        seconds): the thresholds still ahead (halfway, a guide stage, a beat),
        then its end. Empty while no clock runs (paused, a tip, waiting for
        Space, finished): nothing happens then until the person acts."""
        if self._state not in (State.GET_READY, State.RUNNING) or self._clock is None:
            return ()
        clock = self._clock
        elapsed = clock.elapsed_us(self._clamped(_to_us(now)))
        started_us = clock.deadline_us - clock.total_us
        ahead: list[int] = []
        if self._state is State.RUNNING:
            ahead = sorted(started_us + t for t in self._thresholds_us(clock.total_us) if t > elapsed)
        # from a list, not a generator: tuple(generator) guesses a size and
        # shrinks the tuple, which CPython keeps on a free list without taking
        # it back, so a clock asking every second grew the process for half an hour
        return tuple([_to_s(moment) for moment in (*ahead, clock.deadline_us)])

    # Controls -----------------------------------------------------------------

    def adopt(self, routine: Routine, options: SessionOptions) -> None:
        """New durations and options from the settings, mid-session. A phase whose
        clock is running (or paused) keeps it, so saving never cuts a step short
        or restarts it; every phase that has not started yet uses the new values."""
        phases = build_phases(routine)

        def shape(of: tuple[Phase, ...]) -> list[tuple[str, Side | None, int, bool]]:
            return [(p.step.id, p.side, p.set_number, p.rest) for p in of]

        if shape(phases) != shape(self.phases):
            raise ValueError("a session can only adopt new timings for the same routine")
        keep = self._index + 1 if self._run_started_at_us is not None else self._index
        if self._state in (State.IDLE, State.FINISHED):
            keep = 0 if self._state is State.IDLE else len(phases)
        self.phases = self.phases[:keep] + phases[keep:]
        self.routine = routine
        self.options = replace(options, sleep_gap_s=self.options.sleep_gap_s)

    def start(self, now: float, from_phase: int = 0) -> list[Event]:
        """Begin at the first phase, or at ``from_phase`` to carry on a routine that
        was interrupted: the phases before it are not part of this run (it is
        completed when every phase from there on is)."""
        if self._state is not State.IDLE:
            return []
        if not 0 <= from_phase < len(self.phases):
            raise ValueError(f"no phase {from_phase} in a routine of {len(self.phases)}")
        now_us = self._see(_to_us(now))
        self._started_at_us = now_us
        self._first_index = from_phase
        events: list[Event] = [RoutineStarted(_to_s(now_us))]
        self._enter(from_phase, now_us, events, person_acted=True)
        return events

    def toggle(self, now: float) -> list[Event]:
        """Space: start, pause or resume, whichever the moment calls for; on a tip,
        go on (the tip's only action)."""
        if self._state is State.IDLE:
            return self.start(now)
        if self._state is State.TIP:
            return self.skip(now)
        events = self.tick(now)
        now_us = self._last_seen_us or 0
        if self._state is State.READY:
            self._begin(now_us, events)
        elif self._state in (State.GET_READY, State.RUNNING):
            self._pause(now_us, PauseReason.PERSON, events)
        elif self._state is State.PAUSED:
            self._resume(now_us, events)
        return events

    def pause(self, now: float) -> list[Event]:
        if self._state in (State.GET_READY, State.RUNNING):
            return self.toggle(now)
        return self.tick(now)

    def resume(self, now: float) -> list[Event]:
        if self._state is State.PAUSED:
            return self.toggle(now)
        return self.tick(now)

    def skip(self, now: float) -> list[Event]:
        """Next: end this phase now and go on. A tip counts as confirmed; a timed
        phase as skipped, with the active time it had."""
        if self._state in (State.IDLE, State.FINISHED):
            return []
        events = self.tick(now)
        if self._finished_by(events):
            return events
        now_us = self._last_seen_us or 0
        outcome = Outcome.COMPLETED if self._state is State.TIP else Outcome.SKIPPED
        self._end_phase(outcome, now_us, events)
        self._advance(now_us, events, person_acted=True)
        return events

    def back(self, now: float) -> list[Event]:
        """Back: restart this phase from its get-ready. Before its clock has run
        (a tip, waiting, getting ready) go to the previous phase instead, so that
        pressing Back twice walks backwards like a media player."""
        if self._state in (State.IDLE, State.FINISHED):
            return []
        events = self.tick(now)
        if self._finished_by(events):
            return events
        now_us = self._last_seen_us or 0
        if self._run_started_at_us is not None:
            self._end_phase(Outcome.RESTARTED, now_us, events)
            self._enter(self._index, now_us, events, person_acted=True)
        elif self._index > self._first_index:
            self._drop_phase()
            self._enter(self._index - 1, now_us, events, person_acted=True)
        elif self._state is not State.TIP:
            self._drop_phase()
            self._enter(self._index, now_us, events, person_acted=True)
        return events

    def stop(self, now: float) -> list[Event]:
        if self._state in (State.IDLE, State.FINISHED):
            return []
        events = self.tick(now)
        if self._finished_by(events):
            return events
        now_us = self._last_seen_us or 0
        if self._run_started_at_us is not None:
            self._end_phase(Outcome.STOPPED, now_us, events)
        self._stopped = True
        self._finish(now_us, events, completed=False)
        return events

    def tick(self, now: float) -> list[Event]:
        """Move time forward to ``now``: report passing seconds and thresholds and
        run every boundary that has been reached, each at its own deadline."""
        events: list[Event] = []
        now_us = _to_us(now)
        last = self._last_seen_us
        if last is not None and now_us < last:
            now_us = last  # a clock never runs backwards; ignore it if it seems to
        if (
            last is not None
            and self._state in (State.GET_READY, State.RUNNING)
            and now_us - last > _to_us(self.options.sleep_gap_s)
        ):
            # The computer slept or stalled: count time only up to the last moment
            # we saw, and wait for the person instead of finishing a step unseen.
            self._run_until(last, events)
            if self._state in (State.GET_READY, State.RUNNING):
                self._pause(last, PauseReason.CLOCK_JUMP, events)
            self._last_seen_us = now_us
            return events
        self._run_until(now_us, events)
        self._last_seen_us = now_us
        return events

    # Internals ----------------------------------------------------------------

    def _finished_by(self, events: list[Event]) -> bool:
        """Whether the tick before a control ended the routine (a control's own
        check of the state before it cannot know: the tick changed it)."""
        return any(isinstance(event, RoutineFinished) for event in events) or self._state is State.FINISHED

    def _clamped(self, now_us: int) -> int:
        if self._last_seen_us is not None and now_us < self._last_seen_us:
            return self._last_seen_us
        return now_us

    def _see(self, now_us: int) -> int:
        now_us = self._clamped(now_us)
        self._last_seen_us = now_us
        return now_us

    def _run_until(self, now_us: int, events: list[Event]) -> None:
        while (
            self._state in (State.GET_READY, State.RUNNING)
            and self._clock is not None
            and now_us >= self._clock.deadline_us
        ):
            boundary = self._clock.deadline_us
            self._report_progress(boundary, events)
            if self._state is State.GET_READY:
                self._start_running(boundary, events)
            else:
                self._end_phase(Outcome.COMPLETED, boundary, events)
                self._advance(boundary, events, person_acted=False)
        if self._state in (State.GET_READY, State.RUNNING):
            self._report_progress(now_us, events)

    def _report_progress(self, now_us: int, events: list[Event]) -> None:
        clock = self._clock
        assert clock is not None
        phase = self.phases[self._index]
        previous, current = self._cursor_us, clock.elapsed_us(now_us)
        if current <= previous:
            return
        at = _to_s(now_us)
        # Mid-phase markers are pointless once the phase is over (a late tick
        # that reaches the end reports the end only).
        if self._state is State.RUNNING and current < clock.total_us and not phase.rest:
            if previous < clock.total_us // 2 <= current and phase.cycle is None:  # reps are counted instead
                events.append(Halfway(phase, at))
            stage_before = self._stage_at(previous, clock.total_us)
            stage_now = self._stage_at(current, clock.total_us)
            if stage_now > stage_before:
                events.append(GuideAdvanced(phase, stage_now, phase.step.guide[stage_now], at))
            beats = self._beat_us(phase)
            if beats is not None and _half_beats(current, beats) > _half_beats(previous, beats):
                count = _half_beats(current, beats)
                up = count % 2 == 0
                instruction = phase.step.beat[0 if up else 1] if phase.step.beat else -1
                events.append(Beat(phase, count, up, instruction, at))
        shown_before = -(-(clock.total_us - previous) // _US)
        shown_now = -(-(clock.total_us - current) // _US)
        if 0 < shown_now < shown_before:
            events.append(SecondElapsed(phase, self._state, shown_now, at))
        self._cursor_us = current

    def _thresholds_us(self, total_us: int) -> list[int]:
        phase = self.phases[self._index]
        thresholds = [total_us // 2]
        stages = len(phase.step.guide)
        # a stage begins at the first microsecond _stage_at counts it (rounded up): woken then, it is announced then
        thresholds += [-(-total_us * stage // stages) for stage in range(1, stages)]
        beats = self._beat_us(phase)
        if beats is not None:
            up, down = beats
            thresholds += [start + offset for start in range(0, total_us, up + down) for offset in (up, up + down)]
        return [t for t in thresholds if 0 < t < total_us]

    def _beat_us(self, phase: Phase) -> tuple[int, int] | None:
        """(rise, lower) in microseconds: a step's own rep tempo, or the heel-raise
        tempo from the settings for a step that has a beat; None for neither."""
        if phase.cycle is not None:
            return phase.cycle[0] * _US, phase.cycle[1] * _US
        if not phase.step.beat or self.options.tempo_s <= 0 or phase.rest:
            return None
        half = self.options.tempo_s * _US // 2
        return half, half

    def _stage_at(self, elapsed_us: int, total_us: int) -> int:
        stages = len(self.phases[self._index].step.guide)
        if stages == 0:
            return 0
        return min(stages - 1, elapsed_us * stages // total_us) if total_us else 0

    def _guide_stage(self, phase: Phase | None, now_us: int) -> int | None:
        if phase is None or phase.rest or not phase.step.guide:
            return None
        state = self._paused_from if self._state is State.PAUSED else self._state
        if state is not State.RUNNING or self._clock is None:
            return 0
        return self._stage_at(self._clock.elapsed_us(now_us), self._clock.total_us)

    def _emphasised(self, phase: Phase | None, now_us: int) -> tuple[int, ...]:
        if phase is None or not phase.timed:
            return ()
        step = phase.step
        state = self._paused_from if self._state is State.PAUSED else self._state
        if state in (State.READY, State.GET_READY):
            return tuple(range(step.setup)) if step.setup else (0,)
        if step.guide and self._clock is not None:
            stage = self._stage_at(self._clock.elapsed_us(now_us), self._clock.total_us)
            return (step.guide[stage],)
        beats = self._beat_us(phase)
        if beats is not None and step.beat and self._clock is not None:
            up = _half_beats(self._clock.elapsed_us(now_us), beats) % 2 == 0
            return (step.beat[0 if up else 1],)
        return tuple(range(step.setup, len(step.instructions)))

    def _progress_us(self, now_us: int) -> tuple[int, int]:
        """(exercise done, all the exercise) in microseconds: rests between sets are not exercise."""

        def work_us(phase: Phase) -> int:
            return 0 if phase.rest else (phase.seconds or 0) * _US

        all_us = sum(work_us(p) for p in self.phases)
        if self._state is State.FINISHED:
            return sum(min(_to_us(r.active_s), work_us(r.phase)) for r in latest_runs(self._runs)), all_us
        done = sum(work_us(p) for p in self.phases[: self._index])
        if self._state is State.IDLE:
            done = 0
        elif self._clock is not None and self._state_of_clock() is State.RUNNING and not self.phases[self._index].rest:
            done += self._clock.elapsed_us(now_us)
        return done, all_us

    def _phase_fraction(self) -> float:
        if self._state is State.FINISHED:
            return 1.0
        if self._state is State.IDLE or not self.phases:
            return 0.0
        return self._index / len(self.phases)

    def _state_of_clock(self) -> State:
        return self._paused_from if self._state is State.PAUSED and self._paused_from else self._state

    def _enter(self, index: int, at_us: int, events: list[Event], person_acted: bool) -> None:
        previous = self.phases[self._index] if self._state is not State.IDLE else None
        self._index = index
        self._clock = None
        self._cursor_us = 0
        self._paused_from = None
        self._entered_at_us = at_us
        self._run_started_at_us = None
        phase = self.phases[index]
        if (
            previous is not None
            and previous.step_index == phase.step_index
            and not previous.rest
            and previous.set_number == phase.set_number
            and previous.side != phase.side
            and phase.side is not None
        ):
            events.append(SideSwitched(previous, phase, _to_s(at_us)))
        if not phase.timed:
            self._state = State.TIP
            events.append(TipShown(phase, _to_s(at_us)))
        elif phase.rest or (previous is not None and previous.rest and not person_acted):
            # a rest runs by itself, and its last seconds are the next set's count-in
            self._start_running(at_us, events)
        elif person_acted or self.options.auto_advance:
            self._begin(at_us, events)
        else:
            self._state = State.READY
            events.append(WaitingToStart(phase, _to_s(at_us)))

    def _begin(self, at_us: int, events: list[Event]) -> None:
        phase = self.phases[self._index]
        if self.options.get_ready_s > 0:
            total = self.options.get_ready_s * _US
            self._state = State.GET_READY
            self._clock = _Clock(total_us=total, deadline_us=at_us + total)
            self._cursor_us = 0
            events.append(GetReadyStarted(phase, _to_s(at_us), self.options.get_ready_s))
        else:
            self._start_running(at_us, events, counted_in=False)

    def _start_running(self, at_us: int, events: list[Event], counted_in: bool = True) -> None:
        phase = self.phases[self._index]
        total = (phase.seconds or 0) * _US
        self._state = State.RUNNING
        self._clock = _Clock(total_us=total, deadline_us=at_us + total)
        self._cursor_us = 0
        self._run_started_at_us = at_us
        events.append(PhaseStarted(phase, _to_s(at_us), counted_in))

    def _pause(self, at_us: int, reason: PauseReason, events: list[Event]) -> None:
        assert self._clock is not None
        self._clock.remaining_us_when_paused = self._clock.remaining_us(at_us)
        self._paused_from = self._state
        self._pause_reason = reason
        self._state = State.PAUSED
        events.append(Paused(self.phases[self._index], _to_s(at_us), reason))

    def _resume(self, now_us: int, events: list[Event]) -> None:
        assert self._clock is not None and self._clock.remaining_us_when_paused is not None
        self._clock.deadline_us = now_us + self._clock.remaining_us_when_paused
        self._clock.remaining_us_when_paused = None
        self._state = self._paused_from or State.RUNNING
        self._paused_from = None
        events.append(Resumed(self.phases[self._index], _to_s(now_us)))

    def _end_phase(self, outcome: Outcome, at_us: int, events: list[Event]) -> None:
        phase = self.phases[self._index]
        active_us = 0
        if self._clock is not None and self._state_of_clock() is State.RUNNING:
            active_us = self._clock.elapsed_us(at_us)
        started = self._run_started_at_us if self._run_started_at_us is not None else self._entered_at_us
        run = PhaseRun(phase, outcome, _to_s(active_us), _to_s(started), _to_s(at_us))
        self._runs.append(run)
        events.append(PhaseEnded(run))
        self._clock = None
        self._run_started_at_us = None

    def _drop_phase(self) -> None:
        """Leave a phase whose clock never ran: nothing happened worth recording."""
        self._clock = None
        self._run_started_at_us = None

    def _advance(self, at_us: int, events: list[Event], person_acted: bool) -> None:
        if self._index + 1 >= len(self.phases):
            latest = [run for run in latest_runs(self._runs) if not run.phase.rest]
            work = [phase for phase in self.phases[self._first_index :] if not phase.rest]
            completed = len(latest) == len(work) and all(run.outcome is Outcome.COMPLETED for run in latest)
            self._finish(at_us, events, completed=completed)
        else:
            self._enter(self._index + 1, at_us, events, person_acted=person_acted)

    def _finish(self, at_us: int, events: list[Event], completed: bool) -> None:
        self._state = State.FINISHED
        self._paused_from = None
        self._clock = None
        self._completed = completed
        self._finished_at_us = at_us
        neutral = not any(step.shipped_voice for step in self.routine.steps)
        events.append(RoutineFinished(_to_s(at_us), completed, neutral, self._stopped, self.routine.language))
