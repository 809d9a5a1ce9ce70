"""The person's routines and which one is chosen: the one home of "the
routine as it will run".

The built-in routine runs with the durations from the settings; one of the
person's own runs as its file says; then a routine with a plan takes the
numbers of the person's phase (``planned``: ``Plans.as_planned``). The
model, the terminal (``routine list``, ``plan``), the resume offer and the
Settings dialog all ask ``as_run`` rather than applying that rule themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Protocol

from footdesk.appstate import AppState, save_app_state
from footdesk.i18n import _
from footdesk.library import Duplicate, Entry, LibraryError, RoutineLibrary, Saved
from footdesk.model.plumbing import Notices, Observers
from footdesk.routine import Dose, Routine

log = logging.getLogger(__name__)


class VoiceRenderer(Protocol):
    """Renders spoken lines (cue → text) with a local speech engine, ahead of time."""

    def render(self, lines: dict[str, str], told: Callable[[str], None], voice: str = "en-us") -> None:
        """Render what is not rendered yet, in ``voice`` (espeak-ng's name); never raises. ``told`` gets each
        sentence for the person (what is being prepared, what could not be
        rendered), on the model's thread, possibly after this returns: the
        window renders in the background, never in a tick."""


class RoutineShelf:
    def __init__(
        self,
        builtin: Routine,
        folder: Path | None,
        durations: Callable[[], Mapping[str, int]],
        state: AppState,
        state_file: Path,
        notices: Notices,
        voice_renderer: VoiceRenderer | None = None,
        planned: Callable[[Routine], Routine] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        """``durations``: the settings' durations as they are now (they change
        when the person saves Settings); ``planned``: a routine with its plan's
        numbers for today (as it is without a plan); ``today``: the model's day."""
        self.builtin = builtin
        self.library = RoutineLibrary(folder, builtin, today=today)
        self._durations = durations
        self._state = state
        self._state_file = state_file
        self._notices = notices
        self._voice_renderer = voice_renderer
        self._planned = planned or (lambda routine: routine)
        self._own: Routine | None = None
        self._chosen_when_deleted: Path | None = None
        """Where the routine in use went when it was deleted: undo chooses it again."""
        self.startup_notices: list[str] = []
        """What the first frame should tell (a chosen routine that no longer loads)."""
        self.routine_changed: Observers[Routine] = Observers()
        """Another routine was chosen, or the chosen one was edited."""
        self.routines_changed: Observers[None] = Observers()
        """The library changed (a routine saved, imported, deleted)."""
        self._choose(state.routine, quietly=True)

    # The routine as it will run ---------------------------------------------------

    def as_run(self, routine: Routine) -> Routine:
        """The one rule: the built-in routine takes the settings' durations; the
        person's own is as its file says; a plan's numbers for today come last."""
        return self._planned(self.before_plan(routine))

    def before_plan(self, routine: Routine) -> Routine:
        """The routine as it runs without its plan: what the plan's numbers
        start from (``footdesk.plan`` shapes this, never a routine shaped already)."""
        return routine.with_durations(self._durations()) if routine.id == self.builtin.id else routine

    @property
    def chosen(self) -> Routine:
        """The chosen routine, as the next session runs it."""
        return self.as_run(self.chosen_before_plan)

    @property
    def chosen_before_plan(self) -> Routine:
        """The chosen routine without its plan's numbers (``before_plan``)."""
        return self._own if self._own is not None else self.before_plan(self.builtin)

    @property
    def own_chosen(self) -> bool:
        """One of the person's own routines is chosen (its times live in its file)."""
        return self._own is not None

    def runnable(self, routine_id: str) -> Routine | None:
        """A routine by id as the next session would run it, if it can still be run."""
        if routine_id == self.chosen.id:
            return self.chosen
        if routine_id == self.builtin.id:
            return self.as_run(self.builtin)
        entry = next((e for e in self.entries() if e.id == routine_id and e.routine is not None), None)
        return self.as_run(entry.routine) if entry is not None and entry.routine is not None else None

    # The library --------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        return self.library.entries()

    def titles(self) -> dict[str, str]:
        return {entry.id: entry.title for entry in self.entries() if entry.usable}

    def dose_of(self, routine_id: str | None) -> Dose:
        """A routine's dose, by id; once a day and the Settings goal for one
        that cannot be run any more (deleted since), or for None."""
        routine = self.runnable(routine_id) if routine_id is not None else None
        return routine.dose if routine is not None else Dose()

    def times_a_day(self) -> dict[str, int]:
        """Each routine's times a day (its dose), by id: what a day done means
        for its sessions (``footdesk.week.day_done``). A routine deleted since
        is not here, and counts once a day."""
        doses = {entry.id: entry.routine.dose.times_a_day for entry in self.entries() if entry.routine is not None}
        doses[self.chosen.id] = self.chosen.dose.times_a_day
        return doses

    def step_titles(self) -> dict[tuple[str, str], str]:
        """Step titles by (routine id, step id): each routine's own, where two share a step id."""
        routines = [entry.routine for entry in self.entries() if entry.routine is not None]
        return {(routine.id, step.id): step.title for routine in routines for step in routine.steps}

    def select(self, routine_id: str) -> bool:
        """Choose the routine the next session runs; remembered for next time.
        False (and a notice) when it cannot be used."""
        chosen = self._choose(routine_id, quietly=False)
        if chosen:
            self._state.routine = routine_id
            save_app_state(self._state_file, self._state)
            self.prepare_voices()
            self.routine_changed.emit(self.chosen)
        return chosen

    def prepare_voices(self) -> None:
        """Render the chosen routine's spoken lines not rendered yet (a file put
        in the folder by hand, or edited outside footdesk): in the background,
        before a session needs them; nothing is said when all are ready."""
        self._render_voices(self.chosen)

    def save(self, routine: Routine, opened: Entry | None = None, replace_changes: bool = False) -> Saved:
        """Save one of the person's routines and render its spoken lines (never
        during a countdown: now, as it is saved). Raises LibraryError
        (RoutineChangedError when its file changed since ``opened``)."""
        saved = self.library.save(routine, opened, replace_changes)
        self._render_voices(routine)
        self._follow_edit(routine.id)
        self.routines_changed.emit(None)
        return saved

    def folder_changed(self) -> None:
        """Files came or went in the routines folder (by hand, or another copy
        of footdesk): the chosen routine is read again, the list too."""
        if self._own is not None:
            self._follow_edit(self._own.id)
        self.routines_changed.emit(None)

    def import_file(self, source: Path, duplicate: Duplicate = Duplicate.REFUSE) -> Entry:
        """Raises AlreadyThereError for a routine already there, unless ``duplicate`` says what to do."""
        entry = self.library.import_file(source, duplicate=duplicate)
        if entry.routine is not None:
            self._render_voices(entry.routine)
        self._follow_edit(entry.id)  # the chosen routine replaced: the home screen shows it as it is now
        self.routines_changed.emit(None)
        return entry

    def export(self, routine_id: str, target: Path, force: bool = False) -> Path:
        """FILE.zip with the routine's pictures, any other name its file (RoutineLibrary.export)."""
        return self.library.export(routine_id, target, force)

    def duplicate(self, routine_id: str, title: str | None = None) -> Routine:
        copy = self.library.duplicate(routine_id, title)
        self._render_voices(copy)
        self.routines_changed.emit(None)
        return copy

    def rename(self, routine_id: str, title: str) -> Routine:
        """A new title for one of the person's routines (its id and file stay)."""
        renamed = self.library.rename(routine_id, title)
        self._follow_edit(routine_id)
        self.routines_changed.emit(None)
        return renamed

    def delete(self, routine_id: str, running: bool) -> Path:
        """Delete (move aside, for undo). A routine ``running`` now finishes as
        it is; the built-in routine is chosen from then on."""
        moved = self.library.delete(routine_id)
        if self._state.routine == routine_id:
            self._chosen_when_deleted = moved
            self._state.routine = None
            save_app_state(self._state_file, self._state)
            if not running:
                self._own = None
                self.routine_changed.emit(self.chosen)
        self.routines_changed.emit(None)
        return moved

    def undelete(self, deleted: Path) -> Entry:
        """Undo a delete; the routine that was in use is chosen again, unless
        another was chosen since (undo puts back what the delete changed)."""
        entry = self.library.undelete(deleted)
        was_chosen, self._chosen_when_deleted = self._chosen_when_deleted == deleted, None
        if was_chosen and self._state.routine is None and entry.usable:
            self.select(entry.id)
        self.routines_changed.emit(None)
        return entry

    # Inside -------------------------------------------------------------------------

    def _follow_edit(self, routine_id: str) -> None:
        if self._own is not None and self._own.id == routine_id:
            self._choose(routine_id, quietly=False)
            self.routine_changed.emit(self.chosen)

    def _choose(self, routine_id: str | None, quietly: bool) -> bool:
        if routine_id is None or routine_id == self.builtin.id:
            self._own = None
            return True
        try:
            chosen = self.library.get(routine_id)
        except LibraryError as exc:
            if quietly:  # the routine remembered from last time: the built-in one takes its place
                self._own = None
                message = _(
                    "The routine {id} cannot be used ({error}); the built-in routine is chosen instead."
                ).format(id=repr(routine_id), error=exc)
                log.info("%s", message)
                self.startup_notices.append(message)
            else:  # asked for now: nothing changes
                message = _("The routine {id} cannot be used ({error}); nothing was started or changed.").format(
                    id=repr(routine_id), error=exc
                )
                log.warning("%s", message)
                self._notices.say_until_next_session(message)
            return False
        self._own = chosen
        return True

    def _render_voices(self, routine: Routine) -> None:
        if self._voice_renderer is None:
            return
        from footdesk.cues import own_voice, own_voice_lines

        lines = own_voice_lines(routine)
        if lines:
            self._voice_renderer.render(lines, self._notices.say, voice=own_voice(routine))
