"""Which picture of the movement shows now, which may show next, and the
small one beside each step at home: found beside the routine's file, checked
(``footdesk.pictures``) before the window decodes anything, and a picture
that cannot be shown said once.

A picture is someone's file: gone, damaged or hostile, the step runs without
it and the window says so once per routine and file; the routine stays
usable. The check reads the file, so it runs when a picture is first asked
for (a part before it shows: ``PicturesNow.coming``) and again only when the
file changed, never on every tick. Decoding is the window's
(``footdesk.ui.picture_view``), off its thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import _
from footdesk.model.plumbing import Notices

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from footdesk.pictures import PictureFacts
    from footdesk.routine import Routine, Side, Step
    from footdesk.session import Phase, Snapshot
    from footdesk.settings import Settings


@dataclass(frozen=True)
class StepPicture:
    """A picture to show, checked: what the window needs to lay it out before it decodes."""

    path: Path
    mirrored: bool
    """Flipped left to right (the picture shows the left side; this is the right)."""
    alt: str
    """What a screen reader says for it."""
    shipped: bool
    """Drawn in footdesk's two colour tokens (a built-in drawing, or a copy of one
    in one's own routine, ``PictureFacts.inks``): they follow the palette."""
    width: int
    height: int
    animated: bool


@dataclass(frozen=True)
class PicturesNow:
    """The session screen's pictures at one moment."""

    shown: StepPicture | None = None
    coming: tuple[StepPicture, ...] = ()
    """What can show next (the next guide stage, the next part): decoded before it is needed."""
    moving: bool = False
    """The shown picture plays: it is an animation, a clock runs, and motion is allowed."""


NOTHING = PicturesNow()

_Signature = tuple[int, int, int] | None


class StepPictures:
    def __init__(
        self,
        where: Callable[[str, str], Path],
        builtin_id: str,
        notices: Notices,
        settings: Callable[[], Settings],
        running: Callable[[], str | None],
    ) -> None:
        """``where``: the file a routine's picture name means (``RoutineLibrary.picture_path``);
        ``running``: the id of the routine the session under way runs."""
        self._where = where
        self._builtin_id = builtin_id
        self._notices = notices
        self._settings = settings
        self._running = running
        self._checked: dict[Path, tuple[_Signature, PictureFacts | None]] = {}
        self._folders: dict[str, Path] = {}
        """Each routine's folder, as ``where`` found it (finding it reads the library)."""
        self._last: tuple[tuple[object, ...], PicturesNow] | None = None

    def now(self, snap: Snapshot | None) -> PicturesNow:
        """What the session screen shows beside this moment, and what it may show next."""
        settings = self._settings()
        routine_id = self._running()
        phase = snap.phase if snap is not None else None
        if snap is None or phase is None or routine_id is None or not settings.show_pictures:
            return NOTHING
        after = snap.next_phase
        key = (routine_id, phase.index, id(phase.step), snap.guide_stage, snap.keeps_screen_awake,
               settings.reduced_motion, None if after is None else id(after.step))  # fmt: skip
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        shown = self.for_part(routine_id, phase.step, phase.side, snap.guide_stage)
        coming: list[StepPicture | None] = []
        stage = snap.guide_stage
        if stage is not None and stage + 1 < len(phase.step.guide):
            coming.append(self.for_part(routine_id, phase.step, phase.side, stage + 1))
        if after is not None:
            coming.append(self.for_part(routine_id, after.step, after.side, _first_stage(after)))
        moving = shown is not None and shown.animated and snap.keeps_screen_awake and not settings.reduced_motion
        found = tuple(dict.fromkeys(picture for picture in coming if picture is not None and picture != shown))
        pictures = PicturesNow(shown, found, moving)
        self._last = (key, pictures)
        return pictures

    def previews(self, routine: Routine) -> tuple[StepPicture | None, ...]:
        """Each step's picture as it first shows (its first side, its first guide
        stage), for the home screen's list; nothing when pictures are hidden."""
        self._folders.clear()  # the library may have changed since
        if not self._settings().show_pictures:
            return ()
        return tuple(
            self.for_part(routine.id, step, step.sides[0] if step.sides else None, 0 if step.guide else None)
            for step in routine.steps
        )

    def for_part(self, routine_id: str, step: Step, side: Side | None, guide_stage: int | None) -> StepPicture | None:
        """The picture for one part of a step (``Step.picture_for`` is the rule),
        checked; None when it has none or its picture cannot be shown."""
        chosen = step.picture_for(side, guide_stage)
        if chosen is None:
            return None
        path = self._path(routine_id, chosen.name)
        facts = self._facts(path)
        if facts is None:
            return None
        shipped = routine_id == self._builtin_id or facts.inks  # a copy of a built-in drawing follows the palette too
        return StepPicture(path, chosen.mirrored, chosen.alt, shipped, facts.width, facts.height, facts.animated)

    def not_shown(self, path: Path, reason: str) -> None:
        """A picture that passed the check but could not be shown (the window could
        not decode it): said once, like one the check refused."""
        key = f"picture {path}"
        if not self._notices.told(key):  # the log keeps each, where the window shows the last few
            from footdesk.untrusted import for_log

            log.warning("picture not shown: %s: %s", for_log(str(path), 300), for_log(reason, 300))
        self._notices.say_once(
            key, _("{path}: {reason}; the step runs without its picture.").format(path=path, reason=reason)
        )

    def _path(self, routine_id: str, name: str) -> Path:
        """Where ``where`` puts a picture, asked once per routine: the folder it
        finds for one name is the folder of every name of the routine."""
        folder = self._folders.get(routine_id)
        if folder is None:
            path = self._where(routine_id, name)
            self._folders[routine_id] = path.parents[name.count("/")]
            return path
        return folder.joinpath(*name.split("/"))

    def _facts(self, path: Path) -> PictureFacts | None:
        """The check's verdict on a file, kept until the file changes."""
        signature = _signature(path)
        cached = self._checked.get(path)
        if cached is not None and cached[0] == signature:
            return cached[1]
        from footdesk.pictures import check_picture
        from footdesk.untrusted import ReceivedFileError

        try:
            facts: PictureFacts | None = check_picture(path)
        except ReceivedFileError as exc:
            self.not_shown(path, exc.reason)
            facts = None
        self._checked[path] = (signature, facts)
        return facts


def _first_stage(phase: Phase) -> int | None:
    """The guide stage a part begins with (the picture shown while getting ready)."""
    return 0 if phase.step.guide and not phase.rest else None


def _signature(path: Path) -> _Signature:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino
