"""The check-in after each exercise, and the safety stop it can call for.

When the last part of a timed exercise ends (all its sides and sets), the
person is asked how it went: easy, about right or hard, and the pain during
it, 0 to 10. The session does not wait for the answer: the question stays on
screen until it is answered, the next exercise's replaces it, or the session
ends (the last exercise's stays on the finished screen). Nothing answered,
nothing recorded. Each answer goes to the history at once, through the
keeper, with its retries (an answer given after the session's row was saved
still lands there).

A pain above the person's limit (``[safety] pain_limit``), in a check-in or
in the lower-back rating after the session, ends every suggestion to go on:
during a session it asks the runner to pause and shows the stop card; on the
finished screen the card replaces "Start again". The person decides: stop for
today, or carry on anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from footdesk.model.plumbing import Observers

if TYPE_CHECKING:
    from footdesk.records import Effort
    from footdesk.session import Event


class Answers(Protocol):
    """Where the answers are kept (the history keeper)."""

    @property
    def answer_note(self) -> str | None: ...

    def check_in(self, step: str, effort: Effort | None, pain: int | None) -> bool: ...

    def note(self, text: str | None) -> bool: ...


class SessionControl(Protocol):
    """What the card's answers do to the session under way (the session runner)."""

    @property
    def active(self) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None: ...


class Saved(Enum):
    """Whether what was answered is in the history."""

    NOTHING = "nothing"  # nothing answered yet
    SAVED = "saved"
    WAITING = "waiting"  # kept, written once the history can be (``why`` says why not now)
    NOT_SAVED = "not-saved"  # the history is not being saved: noted on screen only


@dataclass(frozen=True)
class CheckInAsk:
    """The check-in on screen: which exercise, and what was answered."""

    step: str
    title: str
    effort: Effort | None = None
    pain: int | None = None
    saved: Saved = Saved.NOTHING
    why: str | None = None
    """Why it is not saved yet (``Saved.WAITING``), in words."""

    @property
    def answered(self) -> bool:
        return self.effort is not None or self.pain is not None

    @property
    def waits_for_pain(self) -> bool:
        """The effort is given and the pain not yet: the digits are this question's."""
        return self.effort is not None and self.pain is None


class StopCard(Enum):
    """The safety card, and where it shows."""

    DURING = "during"  # in the session, which is paused: stop for today or carry on anyway
    AFTER = "after"  # on the finished screen, in place of "Start again"


class CheckIns:
    def __init__(self, answers: Answers, pain_limit: Callable[[], int], session: SessionControl) -> None:
        self._answers = answers
        self._pain_limit = pain_limit
        self._session = session
        self.asking: CheckInAsk | None = None
        """The check-in on screen, if any."""
        self.card: StopCard | None = None
        """The safety card on screen, if any."""
        self._pains: dict[str, int] = {}
        """The pain said in each check-in of the session under way (or just finished)."""
        self._rating: int | None = None
        self._later_work = False
        """A timed exercise started after the one asked about: it is not the last one."""
        self._carried_on_after = False
        self.typing = False
        """The last digit typed answered this check-in's pain (a "0" after its "1" is 10)."""
        self._finished = False
        """The session is over (the finished screen): the card shows there, not in it."""
        self.changed: Observers[CheckInAsk | None] = Observers()
        """The check-in on screen changed (asked, answered, saved, gone)."""
        self.card_changed: Observers[StopCard | None] = Observers()

    # The session's events ---------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Every event of the running session, after the history had it."""
        from footdesk.records import Outcome
        from footdesk.session import PhaseEnded, PhaseStarted, RoutineFinished, RoutineStarted

        if isinstance(event, RoutineStarted):
            self._pains, self._rating, self._carried_on_after, self._finished = {}, None, False, False
            self._set_card(None)
            self._ask(None)
        elif isinstance(event, PhaseStarted):
            phase = event.phase
            if self.asking is not None and phase.timed and not phase.rest and phase.step.id != self.asking.step:
                self._later_work = True
        elif isinstance(event, PhaseEnded):
            run = event.run
            phase = run.phase
            if (phase.timed and phase.last_of_step and run.outcome in (Outcome.COMPLETED, Outcome.SKIPPED)
                    and run.active_s > 0):  # fmt: skip
                self._later_work = False
                self._ask(CheckInAsk(phase.step.id, phase.step.title))
        elif isinstance(event, RoutineFinished):
            if self._later_work:  # not the last exercise's: the session's end ends it
                self._ask(None)
            self._finished = True
            self._set_card(None)
            self._show_card_after()

    def left(self) -> None:
        """Back to the home screen: whatever was asked is gone."""
        self._finished = False
        self._ask(None)
        self._set_card(None)

    # The person's answers ---------------------------------------------------------------

    def answer_effort(self, effort: Effort) -> bool:
        """E, A or H (or a click): how the exercise asked about felt. False when none is asked."""
        asking = self.asking
        if asking is None:
            return False
        self._keep(replace(asking, effort=effort))
        return True

    def answer_pain(self, pain: int) -> bool:
        """A digit (or a click): the pain during the exercise asked about. False when none is asked."""
        asking = self.asking
        if asking is None:
            return False
        pain = max(0, min(10, pain))
        self._pains[asking.step] = pain
        self._keep(replace(asking, pain=pain))
        if self._over_limit(pain):
            if self.card is None and not self._finished:
                self._session.pause()  # the card asks what next; the clock waits
                self._set_card(StopCard.DURING)
        elif self.card is StopCard.DURING:
            self._set_card(None)  # a typing slip put right ("1" became "10" and back)
        self._show_card_after()
        return True

    def rated(self, pain: int | None) -> None:
        """The lower-back rating after the session (it may change until the screen is left)."""
        self._rating = pain
        self._show_card_after()

    def carry_on(self) -> None:
        """The card's quieter answer: the person goes on despite the pain. A
        session paused for it resumes; after one, "Start again" comes back."""
        card = self.card
        if card is None:
            return
        self._carried_on_after = card is StopCard.AFTER
        self._set_card(None)
        if card is StopCard.DURING and self._session.active:
            self._session.resume()

    def stop_for_today(self) -> None:
        """The card's first answer: the session ends here, saved as stopped (partly done)."""
        self._set_card(None)
        self._session.stop()

    def add_note(self, text: str) -> bool:
        """The person's note about the session just finished (one line, at most
        ``records.NOTE_MAX_CHARS``); False when it is not saved now
        (``answer_note`` says why when it waits for a retry)."""
        return self._answers.note(text)

    @property
    def answer_note(self) -> str | None:
        """Why the last note or check-in is not saved yet, when it waits for a retry."""
        return self._answers.answer_note

    def history_changed(self) -> None:
        """What waited may be in the history now."""
        asking = self.asking
        if asking is not None and asking.saved is Saved.WAITING and self._answers.answer_note is None:
            self._ask(replace(asking, saved=Saved.SAVED, why=None))

    # Inside ---------------------------------------------------------------------------

    def _keep(self, asking: CheckInAsk) -> None:
        if self._answers.check_in(asking.step, asking.effort, asking.pain):
            self._ask(replace(asking, saved=Saved.SAVED, why=None))
        elif self._answers.answer_note is not None:
            self._ask(replace(asking, saved=Saved.WAITING, why=self._answers.answer_note))
        else:
            self._ask(replace(asking, saved=Saved.NOT_SAVED, why=None))

    def _over_limit(self, pain: int | None) -> bool:
        return pain is not None and pain > self._pain_limit()

    def _show_card_after(self) -> None:
        if not self._finished:
            return
        over = any(self._over_limit(pain) for pain in (*self._pains.values(), self._rating))
        if over and not self._carried_on_after:
            self._set_card(StopCard.AFTER)
        elif not over:
            self._carried_on_after = False
            self._set_card(None)

    def _ask(self, asking: CheckInAsk | None) -> None:
        if asking != self.asking:
            self.asking = asking
            self.changed.emit(asking)

    def _set_card(self, card: StopCard | None) -> None:
        if card is not self.card:
            self.card = card
            self.card_changed.emit(card)
