"""The programme card on paper (``footdesk export --card``, the routines
dialog's Print card…): which routine, as it will run, with its pictures where
its file says they are. What the card says is ``footdesk.card``'s; a writer
handed in from outside (``platform/card_pdf.py``) draws it, as the week's PDF
is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from footdesk.i18n import _
from footdesk.library import LibraryError
from footdesk.model.review import ExportError

if TYPE_CHECKING:  # the card's words load when a card is first made, not at start
    from footdesk.card import Paper, ProgrammeCard
    from footdesk.model.shelf import RoutineShelf
    from footdesk.routine import Routine

CardWriter = Callable[[Path, "ProgrammeCard"], tuple[str, ...]]
"""Writes the card as a PDF (whole or not at all), and returns a line for each
picture it printed the card without (the file and why); OSError when it cannot."""


@dataclass(frozen=True)
class CardExport:
    path: Path
    title: str
    steps: int
    paper: Paper
    without: tuple[str, ...]
    """A line for each picture the card was printed without, naming the file."""


class Cards:
    def __init__(self, shelf: RoutineShelf, today: Callable[[], date], writer: CardWriter | None = None) -> None:
        self._shelf = shelf
        self._today = today
        self._writer = writer

    def routine(self, routine_id: str | None = None) -> Routine:
        """A routine as it will run (the built-in one with the settings' times),
        the chosen one by default; LibraryError when there is none by that id
        or its file cannot be used."""
        if routine_id is None:
            return self._shelf.chosen
        return self._shelf.as_run(self._shelf.library.get(routine_id))

    def card(self, routine_id: str | None = None, paper: Paper | None = None) -> ProgrammeCard:
        """The card of a routine (the chosen one by default) on ``paper`` (the locale's by default)."""
        from footdesk.card import default_paper, programme_card

        routine = self.routine(routine_id)
        library = self._shelf.library
        return programme_card(routine, lambda name: library.picture_path(routine.id, name), paper or default_paper(),
                              self._today(), shipped=routine.id == self._shelf.builtin.id)  # fmt: skip

    def export(self, path: Path, routine_id: str | None = None, paper: Paper | None = None) -> CardExport:
        """Write the card to ``path``, which whoever chose it agreed to replace
        (a save dialog asked, or ``--force``); never a link, a folder or a device."""
        if self._writer is None:
            raise ExportError(_("this footdesk cannot write PDF files"))
        try:
            card = self.card(routine_id, paper)
        except LibraryError as exc:
            raise ExportError(_("{error}; nothing was written").format(error=exc)) from None
        from footdesk.files import check_export_target

        try:
            check_export_target(path, force=True)
            without = self._writer(path, card)
        except OSError as exc:
            raise ExportError(
                _("cannot write {path} ({reason}); nothing was written").format(path=path, reason=exc.strerror or exc)
            ) from None
        return CardExport(path, card.title, len(card.steps), card.paper, without)
