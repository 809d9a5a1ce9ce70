"""The screen a person follows from across the room during the routine."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from footdesk.i18n import N_, _, capital_first, n_
from footdesk.model.checkins import CheckInAsk
from footdesk.model.pictures import NOTHING, PicturesNow
from footdesk.routine import Side
from footdesk.session import PauseReason, Phase, Snapshot, State
from footdesk.sound import SoundStatus
from footdesk.timefmt import clock_text, exercise_left_text
from footdesk.ui.check_in import CheckInPanel, StopCardView
from footdesk.ui.countdown import ClockLook, CountdownDisplay
from footdesk.ui.picture_view import PictureView
from footdesk.ui.theme import (
    PlainLabel,
    accent,
    banner_fill,
    dimmed_text,
    key_button,
    named,
    normal_text,
    pixel_font,
    set_button_text,
    show_sound_status,
)


def phase_heading(phase: Phase, step_count: int) -> str:
    """ "Step 2 of 3", and which set (or the rest before which set) where there are sets."""
    number, sets = phase.step_index + 1, phase.step.sets
    if phase.rest:
        return _("Step {number} of {count}  ·  Rest before set {set} of {sets}").format(
            number=number, count=step_count, set=phase.set_number + 1, sets=sets
        )
    if sets > 1:
        return _("Step {number} of {count}  ·  Set {set} of {sets}").format(
            number=number, count=step_count, set=phase.set_number, sets=sets
        )
    return _("Step {number} of {count}").format(number=number, count=step_count)


def next_label_text(current: Phase, upcoming: Phase | None) -> str:
    """The "Next:" line: the other side or set within a step, the step's title otherwise."""
    if upcoming is None:
        # TRANSLATORS: under the clock, what comes after the last part of the routine
        return _("Next:  the end")
    if upcoming.rest:
        # TRANSLATORS: {time} is the rest's length, "0:30"
        return _("Next:  Rest · {time}").format(time=clock_text(upcoming.seconds or 0))
    if upcoming.cycle is not None:
        reps = upcoming.step.reps or 0
        # TRANSLATORS: added after the next step's name in "Next:  …"
        duration = n_(" · {count} rep", " · {count} reps", reps).format(count=reps)
    else:
        duration = f" · {clock_text(upcoming.seconds or 0)}" if upcoming.timed else ""
    side = upcoming.step.side_label(upcoming.side)
    if upcoming.step_index == current.step_index:
        if upcoming.set_number == current.set_number:
            # TRANSLATORS: the other side of the same step; {side} is "Right foot", {duration} " · 0:30" or ""
            return _("Next:  {side}{duration}").format(side=capital_first(side), duration=duration)
        which = {"set": upcoming.set_number, "sets": upcoming.step.sets, "duration": duration}
        if side:
            # TRANSLATORS: {side} is "Left foot"; {duration} " · 0:30", " · 10 reps" or nothing
            return _("Next:  Set {set} of {sets} — {side}{duration}").format(side=capital_first(side), **which)
        return _("Next:  Set {set} of {sets}{duration}").format(**which)
    if upcoming.step.sets > 1 and duration:  # a step of sets says how many, as its timing is written
        duration = f" · {upcoming.step.sets} ×{duration.removeprefix(' ·')}"
    if side:
        # TRANSLATORS: {title} is the next step's, {side} "left foot", {duration} " · 0:30" or nothing
        return _("Next:  {title} — {side}{duration}").format(title=upcoming.step.title, side=side, duration=duration)
    return _("Next:  {title}{duration}").format(title=upcoming.step.title, duration=duration)


def window_title(phase: Phase, step_count: int) -> str:
    """The step and side in the title bar and task bar. Screen readers read a
    changed title of the active window, which older ones (Orca before the
    announcement event) otherwise never hear about."""
    number, title = phase.step_index + 1, phase.step.title
    if phase.side is not None:
        # TRANSLATORS: the window's title during the routine; {side} is "left foot"
        return _("Step {number} of {count}: {title} — {side}").format(
            number=number, count=step_count, title=title, side=phase.step.side_label(phase.side)
        )
    # TRANSLATORS: the window's title during the routine
    return _("Step {number} of {count}: {title}").format(number=number, count=step_count, title=title)


_BANNER_WORDS = {
    # TRANSLATORS: the big band over the clock, read from across the room; capitals as your language writes a shout
    (Side.LEFT, "foot"): (N_("◀  LEFT FOOT"), N_("Left foot")),
    (Side.RIGHT, "foot"): (N_("RIGHT FOOT  ▶"), N_("Right foot")),
    (Side.LEFT, "side"): (N_("◀  LEFT SIDE"), N_("Left side")),
    (Side.RIGHT, "side"): (N_("RIGHT SIDE  ▶"), N_("Right side")),
}
"""The side banner's words (shown, and as a screen reader says them), by side
and the step's noun for it (``Step.side_noun``: "foot", or "side")."""


# How far the session screen may shrink to fit a short screen, in steps, and
# what it keeps even then (logical pixels; at 200 % scaling each is two on screen).
_FITS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
_LEGIBLE_PX = 11
_CLOCK_MIN_PX = 100
_LEAST_CLOCK_PX = 60
_BUTTON_MIN_PX = 48
_LEAST_BUTTON_PX = 30
_SPACING_PX = 10


class SideBanner(QLabel):
    """LEFT FOOT / RIGHT FOOT in words, arrow, position and colour at once, so it
    cannot be mistaken from across the room or without colour vision."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideBanner")
        self._side: Side | None = None
        self._shown: tuple[Side | None, str] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # the person's own left is on the left whatever way their language is written:
        # a right-to-left window mirrors everything else, never this band or its arrow
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    @property
    def side(self) -> Side | None:
        return self._side

    def show_side(self, side: Side | None, noun: str = "foot") -> None:
        if (side, noun) == self._shown:
            return  # the same side again: a style sheet set again would re-polish the label
        self._side, self._shown = side, (side, noun)
        if side is None:
            self.setText("")
            self.setAccessibleName("")
            self.setStyleSheet("")
            return
        shown, spoken = _BANNER_WORDS.get((side, noun), _BANNER_WORDS[side, "side"])
        # a screen reader reads the words without the arrow
        self.setAccessibleName(_(spoken))
        self.setText(_(shown))
        where = Qt.AlignmentFlag.AlignLeft if side is Side.LEFT else Qt.AlignmentFlag.AlignRight
        self.setAlignment(where | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        colour = banner_fill(side.value).name()
        self.setStyleSheet(
            f"QLabel#sideBanner {{ background: {colour}; color: white; border-radius: 10px; padding: 2px 24px; }}"
        )


class ProgressStrip(QWidget):
    """A bar that fills as time passes, for the eye only. A QProgressBar would
    also tell a screen reader its value, and Orca reads progress bars out every
    few seconds ("20 percent"): noise while the person's eyes are shut. The
    same facts are in the countdown and "… of exercise left", which a screen
    reader can read when asked."""

    MAXIMUM = 1000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._value = 0

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 - QProgressBar's name, which this replaces
        value = max(0, min(self.MAXIMUM, value))
        if value == self._value:
            return
        # only the end of the bar moves: repaint from where it was to where it is
        # (its rounded end and antialiased edge included), not the whole strip
        track = self._track()
        ends = sorted((self._fill_width(track, self._value), self._fill_width(track, value)))
        reach = self._radius(track) + 2
        left = track.left() + (ends[0] - reach if ends[0] > 0 else -2)
        self._value = value
        self.update(QRectF(left, 0, track.left() + ends[1] + 2 - left, self.height()).toAlignedRect())

    def _track(self) -> QRectF:
        return QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)

    @staticmethod
    def _radius(track: QRectF) -> float:
        return min(4.0, track.height() / 2)

    def _fill_width(self, track: QRectF, value: int) -> float:
        return max(track.height(), track.width() * value / self.MAXIMUM) if value > 0 else 0.0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(100, self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = self._track()
        radius = self._radius(track)
        painter.setPen(QPen(dimmed_text(self), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(track, radius, radius)
        if self._value > 0:
            filled = QRectF(track)
            filled.setWidth(self._fill_width(track, self._value))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(filled, radius, radius)


class InstructionList(QWidget):
    """Numbered instructions; the one to do now stands out, the others recede."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("instructions")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._labels: list[QLabel] = []
        self._texts: tuple[str, ...] = ()
        self._emphasised: tuple[int, ...] = ()
        self._pixels = 18
        self._layout.addStretch(1)

    def show_instructions(self, texts: tuple[str, ...], emphasised: tuple[int, ...]) -> None:
        if (texts, emphasised) == (self._texts, self._emphasised):
            return
        self._texts, self._emphasised = texts, emphasised
        while len(self._labels) < len(texts):
            label = QLabel(self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.insertWidget(len(self._labels), label)
            self._labels.append(label)
        for index, label in enumerate(self._labels):
            label.setVisible(index < len(texts))
            if index < len(texts):
                label.setText(f"{index + 1}.  {texts[index]}")
        self.restyle()

    def set_text_pixels(self, pixels: int) -> None:
        if pixels != self._pixels:
            self._pixels = pixels
            self._refont()

    def _strong(self, index: int) -> bool:
        return not self._emphasised or index in self._emphasised

    def _refont(self) -> None:
        for index, label in enumerate(self._labels[: len(self._texts)]):
            label.setFont(pixel_font(self, self._pixels, bold=bool(self._emphasised) and self._strong(index)))

    def restyle(self) -> None:
        self._refont()
        normal = normal_text(self).name()
        dim = dimmed_text(self).name()
        for index, label in enumerate(self._labels[: len(self._texts)]):
            strong = self._strong(index)
            label.setStyleSheet(f"color: {normal if strong else dim};")
            now = self._emphasised and strong
            # TRANSLATORS: a screen reader's name for the instruction to do now; {text} is "2.  Roll slowly…"
            label.setAccessibleName(_("Now: {text}").format(text=label.text()) if now else label.text())


class SessionView(QWidget):
    back_requested = Signal()
    toggle_requested = Signal()
    next_requested = Signal()
    stop_requested = Signal()
    picture_failed = Signal(object, str)
    """A picture the model gave could not be decoded (its path, the reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionView")

        self._make_header_and_clock()
        self._make_texts()
        self._make_buttons()
        self._build_layout()
        self._snapshot: Snapshot | None = None
        self._pictures = NOTHING
        self._with_picture = False
        self._shown_part: tuple[object, ...] | None = None
        self._guide = ""
        self._fitted_for: tuple[int, bool] | None = None
        self._fitted_emphasis: tuple[int, ...] = ()
        self._least_height: int | None = None
        self._instructions_give_way = False
        """A check-in waits in the instructions' place (a short screen): they stay hidden until it goes."""
        self.fit = 1.0
        """How much the sizes were scaled down to fit a short screen (1 = not at all)."""

    def _make_header_and_clock(self) -> None:
        """Which step, how much is left, the sound; the side, the countdown and the step's progress."""
        self.step_label = named(PlainLabel(), "stepNumber")
        self.title_label = named(PlainLabel(), "stepTitle")
        self.title_label.setWordWrap(True)
        self.remaining_label = named(PlainLabel(), "routineRemaining")
        self.remaining_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sound_label = named(PlainLabel(), "soundStatus")
        self.sound_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.routine_progress = named(ProgressStrip(), "routineProgress")
        self.routine_progress.setFixedHeight(8)

        self.side_banner = SideBanner()
        self.countdown = CountdownDisplay()
        self.clock_caption = named(PlainLabel(), "clockCaption")
        self.clock_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_progress = named(ProgressStrip(), "stepProgress")
        self.step_progress.setFixedHeight(14)

    def _make_texts(self) -> None:
        """A habit's words, a timed step's instructions and what comes next."""
        self.tip_heading = named(PlainLabel(_("A habit for every day")), "tipHeading")
        self.tip_instructions = InstructionList()
        self.tip_instructions.setObjectName("tipInstructions")
        self.tip_hint = named(PlainLabel(_("When you have read it, press Space or → to go on")), "tipHint")
        self.tip_hint.setWordWrap(True)

        self.instructions = InstructionList()
        self.picture = PictureView()
        self.picture.hide()  # shown for a step that has a picture
        self.picture.failed.connect(self.picture_failed)
        self.next_label = named(PlainLabel(), "nextLabel")
        self.next_label.setWordWrap(True)
        self.check_in = CheckInPanel(compact=True)
        self.stop_card = StopCardView()

    def _make_buttons(self) -> None:
        """Back, start/pause, next and stop, each with its key in the tooltip, and the key hints."""
        # TRANSLATORS: the session's buttons under the big clock: keep them short
        self.back_button = key_button(_("◀  Back   [B]"), "backButton")
        self.toggle_button = named(QPushButton(), "toggleButton")
        self.next_button = key_button(_("Next  ▶   [N]"), "nextButton")
        self.stop_button = key_button(_("■  Stop   [Esc]"), "stopButton")
        for button, signal, tip in (
            (self.back_button, self.back_requested, _("Restart this step (Left arrow or B)")),
            (self.toggle_button, self.toggle_requested, _("Start, pause or resume (Space)")),
            (self.next_button, self.next_requested, _("Go on to the next part (Right arrow or N)")),
            (self.stop_button, self.stop_requested, _("Stop the routine (Esc)")),
        ):
            button.clicked.connect(signal)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)  # in place of the plain key hint
        self.hints = named(
            PlainLabel(
                # TRANSLATORS: the keys' line at the foot of the session screen;
                # the key names (Space, Esc) as your keyboards print them
                _(
                    "Space start / pause   ·   → or N next   ·   ← or B back   ·   Esc stop   ·   M mute   ·   "
                    "F11 full screen"
                )
            ),
            "keyHints",
        )
        self.hints.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hints.setWordWrap(True)

    def _clock_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.clock_caption)
        layout.addWidget(self.step_progress)
        return page

    def _tip_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(18)
        layout.addWidget(self.tip_heading)
        layout.addWidget(self.tip_instructions)
        layout.addWidget(self.tip_hint)
        layout.addStretch(1)
        return page

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.step_label)
        heading.addWidget(self.title_label)
        header.addLayout(heading, 3)
        status = QVBoxLayout()
        status.setSpacing(2)
        status.addWidget(self.sound_label)
        status.addWidget(self.remaining_label)
        header.addLayout(status, 1)

        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self._clock_page())
        self.left_stack.addWidget(self._tip_page())

        self.divider = divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)

        # beside the clock: the step's picture above its instructions. The
        # clock's column is the same with or without it: the picture takes
        # what the instructions leave, and goes when that is too little
        self.aside = QWidget()
        aside = QVBoxLayout(self.aside)
        aside.setContentsMargins(0, 0, 0, 0)
        # the check-in of the exercise just done, above the picture (which gives it the room)
        aside.addWidget(self.check_in)
        aside.addWidget(self.picture, 1)
        aside.addWidget(self.instructions)

        middle = QHBoxLayout()
        middle.addWidget(self.left_stack, 3)
        middle.addWidget(divider)
        middle.addWidget(self.aside, 2)
        middle.addWidget(self.stop_card, 5)  # in place of the clock while it shows: the session is paused

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.toggle_button, 2)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.stop_button)

        root = QVBoxLayout(self)
        # the view's least height is minimumSizeHint's (what is left when things give way), not what the
        # sizes of the moment take: held at that, it would never be short enough to let the key hints go
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(28, 16, 28, 12)
        root.setSpacing(10)
        root.addLayout(header)
        root.addWidget(self.routine_progress)
        root.addWidget(self.side_banner)
        root.addLayout(middle, 1)
        root.addWidget(self.next_label)
        root.addLayout(buttons)
        root.addWidget(self.hints)

    # Rendering ----------------------------------------------------------------

    def show_sound_status(self, status: SoundStatus) -> None:
        show_sound_status(self.sound_label, status)

    def show_snapshot(self, snap: Snapshot, pictures: PicturesNow = NOTHING) -> None:
        """The moment ``snap``, with the pictures the model gives for it (shown
        once decoded; the next ones are asked for now, so they are ready in time)."""
        self._snapshot = snap
        self._pictures = pictures
        phase = snap.phase
        if phase is None:
            return
        tip = snap.state is State.TIP
        # most of the screen changes with the part, the state or the emphasis;
        # a tick that only moves the clock leaves it as it is
        part = (phase, snap.next_phase, snap.step_count, snap.state, snap.emphasised, snap.can_go_back)
        if part != self._shown_part:
            self._shown_part = part
            self._show_part(snap, phase, tip)
        self.routine_progress.setValue(int(snap.routine_progress * 1000))
        self.remaining_label.setText(exercise_left_text(snap.routine_total_s, snap.elapsed_active_s))
        if not tip:
            self._render_clock(snap, snap.clock_state)
        self._show_pictures(pictures, tip)
        if (phase.index, tip) != self._fitted_for:
            # another step brings other texts, which may wrap to more lines
            self._fitted_for = (phase.index, tip)
            self._fitted_emphasis = snap.emphasised
            self._fit_sizes()
        elif snap.emphasised != self._fitted_emphasis:
            # another instruction in bold may wrap to one more line: shrink if
            # it no longer fits (never grow mid-step, so sizes do not flicker)
            self._fitted_emphasis = snap.emphasised
            if self._needed_height() > self.height():
                self._fit_sizes()

    def show_check_in(self, ask: CheckInAsk | None) -> None:
        """The check-in of the exercise just done, under what comes next; the routine goes on meanwhile."""
        if (ask is None) != self.check_in.isHidden() or ask != self.check_in.ask:
            self.check_in.show_ask(ask)
            tip = self._snapshot is not None and self._snapshot.state is State.TIP
            self._instructions_give_way = False  # given back when the check-in goes (hidden on a short screen)
            self.instructions.setVisible(not tip)
            self._show_aside()
            self._fit_sizes()

    def show_stop_card(self, limit: int | None) -> None:
        """The safety card in place of the clock, the picture and the instructions (None: gone)."""
        card = limit is not None
        if card == self.stop_card.isVisibleTo(self):
            return  # said at every tick of the clock: only a change changes the screen
        if limit is not None:
            self.stop_card.show_card(limit, after=False)
        else:
            self.stop_card.hide()
        self.left_stack.setVisible(not card)
        self._show_aside()
        for button in (self.back_button, self.toggle_button, self.next_button, self.stop_button):
            button.setVisible(not card)  # the card's two answers are the only ones now
        self.hints.setVisible(not card)
        # the focus on the card itself (read out whole), never on an answer a habitual Space would press
        (self.stop_card if card else self.toggle_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_sizes()

    def _show_part(self, snap: Snapshot, phase: Phase, tip: bool) -> None:
        self.step_label.setText(phase_heading(phase, snap.step_count))
        self.title_label.setText(phase.step.title)
        self.side_banner.show_side(phase.side, phase.step.side_noun)
        self.side_banner.setVisible(phase.side is not None)
        self.instructions.show_instructions(phase.instructions, snap.emphasised)
        self.next_label.setText(next_label_text(phase, snap.next_phase))
        self._guide = self._guide_caption(snap)
        # a tip has no clock: its instructions are the whole screen (its picture beside them)
        self.instructions.setVisible(not tip and not self._instructions_give_way)
        if tip:
            self.tip_heading.setText(_("A habit for every day") if phase.step.habit else _("A tip"))  # Step.habit
            self.tip_instructions.show_instructions(phase.instructions, ())
            self.left_stack.setCurrentIndex(1)
            self._show_toggle(_("✓  Done, go on   [Space]"))
        else:
            self.left_stack.setCurrentIndex(0)
        self.back_button.setEnabled(snap.can_go_back)

    def _show_pictures(self, pictures: PicturesNow, tip: bool) -> None:
        """The picture now (decoded off this thread: it appears when it is ready,
        and the clock never waits for it), and the next ones asked for."""
        self.picture.show_picture(pictures.shown, pictures.moving)
        self.picture.setVisible(pictures.shown is not None)
        if self._with_picture != (pictures.shown is not None):
            self._with_picture = pictures.shown is not None
            self._fit_sizes()  # the list of instructions a little smaller: the picture is read from 3 m
        self._show_aside()
        self.picture.prepare(pictures.coming)

    def _show_aside(self) -> None:
        """The column beside the clock: for the instructions, a picture or a
        check-in; not while the safety card takes the screen."""
        tip = self._snapshot is not None and self._snapshot.state is State.TIP
        wanted = not tip or self._pictures.shown is not None or not self.check_in.isHidden()
        self.aside.setVisible(self.stop_card.isHidden() and wanted)
        self.divider.setVisible(self.aside.isVisibleTo(self))

    def _render_clock(self, snap: Snapshot, clock_state: State) -> None:
        remaining = snap.remaining_s or 0.0
        total = snap.timer_total_s or 0.0
        fraction_left = remaining / total if total else 0.0
        paused = snap.state is State.PAUSED
        paused_caption = (
            _("Paused while the computer slept — press Space to go on")
            if snap.pause_reason is PauseReason.CLOCK_JUMP
            else _("Paused — press Space to go on")
        )
        if clock_state is State.GET_READY:
            look = ClockLook.PAUSED if paused else ClockLook.GET_READY
            self.countdown.show_time(str(snap.shown_seconds), look, fraction_left, _("Get ready"))
            caption = paused_caption if paused else _("Get ready…")
            self.step_progress.setValue(0)
        else:
            if paused:
                look = ClockLook.PAUSED
            elif snap.state is State.READY:
                look = ClockLook.WAITING
            else:
                look = ClockLook.RUNNING
            rep = snap.rep
            # reps are counted, not timed: the count is what is read from across the room
            shown = str(rep) if rep is not None else clock_text(remaining)
            # TRANSLATORS: what the big number is, for a screen reader: a count of repetitions, or the time left
            self.countdown.show_time(shown, look, fraction_left, _("Rep") if rep is not None else _("Time left"))
            self.step_progress.setValue(int((1 - fraction_left) * 1000) if total else 0)
            caption = paused_caption if paused else self._running_caption(snap)
        self.clock_caption.setText(caption)
        palette_colour = accent(self, "get-ready") if clock_state is State.GET_READY and not paused else None
        sheet = f"color: {palette_colour.name()};" if palette_colour else ""
        if sheet != self.clock_caption.styleSheet():  # set again, it would re-polish the label every tick
            self.clock_caption.setStyleSheet(sheet)
        if snap.state in (State.GET_READY, State.RUNNING):
            self._show_toggle(_("❚❚  Pause   [Space]"))
        elif snap.state is State.READY:
            self._show_toggle(_("▶  Start   [Space]"))
        else:
            self._show_toggle(_("▶  Resume   [Space]"))

    def _running_caption(self, snap: Snapshot) -> str:
        """Under a clock that is not paused and not counting in."""
        rep = snap.rep
        if snap.state is State.READY:
            return _("Press Space to start")
        if snap.phase is not None and snap.phase.rest:
            return _("Rest — set {set} starts when the count ends").format(set=snap.phase.set_number + 1)
        if rep is not None and snap.phase is not None:
            reps = {"rep": rep, "reps": snap.phase.step.reps}
            if self._guide:
                # TRANSLATORS: under the count of repetitions; {guide} is what to do now ("rise", "lower")
                return _("Rep {rep} of {reps} — {guide}").format(guide=self._guide, **reps)
            return _("Rep {rep} of {reps}").format(**reps)
        return self._guide

    def _show_toggle(self, text: str) -> None:
        # only when it changes: its accessible name is set with it (an event for screen readers)
        if self.toggle_button.text() != text:
            set_button_text(self.toggle_button, text)

    def _guide_caption(self, snap: Snapshot) -> str:
        """The one thing to do right now, large: the roll's stage or the tempo's
        rise / lower. Steps without such guidance leave the line empty."""
        phase = snap.phase
        if phase is not None and len(snap.emphasised) == 1 and (phase.step.guide or phase.step.beat):
            return phase.instructions[snap.emphasised[0]]
        return ""

    # Sizing: everything that must be read from 3 m scales with the window ------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_sizes()
        self._apply_colours()

    def _fit_sizes(self) -> None:
        """Sizes follow the view's height so the clock reads from 3 m. On a short
        screen (a laptop at 200 % scaling is 384 logical pixels high) they shrink
        together until the whole screen fits the view: taking the height as given
        would make the layout's minimum grow with its own fonts and push the
        window past the screen's bottom edge, buttons and all. Where even the
        smallest sizes do not fit (225 %, a notice under the screen), the line of
        key hints gives way first (the keys are on the buttons and in their
        tooltips), then the line that says what comes next (a longer language's
        instructions wrap onto more lines), then the instructions while a
        check-in waits in their place."""
        height = max(1, self.height())
        self._least_height = self._least_needed(height)
        self.hints.setVisible(self.stop_card.isHidden())  # given back whenever there is room again
        self.next_label.show()
        if self._fit_at(height):
            return
        self.hints.hide()
        if self._fit_at(height):
            return
        self.next_label.hide()  # then what comes next (said again as it comes), before a line is cut
        if self._fit_at(height):
            return
        if self.check_in.isVisibleTo(self) and self.instructions.isVisibleTo(self):
            # the check-in waits in the instructions' place until answered
            self._instructions_give_way = True
            self.instructions.hide()
            self._fit_at(height)

    def _least_needed(self, height: int) -> int:
        """The least height the view can take: the smallest sizes, with what gives way gone."""
        hints, instructions, upcoming = (not w.isHidden() for w in (self.hints, self.instructions, self.next_label))
        self.hints.hide()
        self.next_label.hide()
        if self.check_in.isVisibleTo(self):
            self.instructions.hide()
        self._apply_sizes(height, _FITS[-1])
        least = self._needed_height()
        self.hints.setVisible(hints)
        self.instructions.setVisible(instructions)
        self.next_label.setVisible(upcoming)
        return least

    def _fit_at(self, height: int) -> bool:
        """The largest sizes that fit ``height`` (False: even the smallest do not)."""
        fitted = False
        for fit in _FITS:
            self._apply_sizes(height, fit)
            if self._needed_height() <= height:
                fitted = True
                break
        self.fit = fit
        self.updateGeometry()
        return fitted

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # the desktop switched between dark and light while footdesk ran
            self._apply_colours()
            if self._snapshot is not None:
                self._shown_part = None
                self.show_snapshot(self._snapshot, self._pictures)

    def _apply_colours(self) -> None:
        """The colours set by style sheet, worked out from the palette."""
        self.tip_heading.setStyleSheet(f"color: {accent(self, 'done').name()};")
        dimmed = f"color: {dimmed_text(self).name()};"
        self.tip_hint.setStyleSheet(dimmed)
        self.hints.setStyleSheet(dimmed)
        self.instructions.restyle()
        self.tip_instructions.restyle()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """The view fits its sizes to the height it is given (``_fit_sizes``):
        the height its present sizes would take at a width is no minimum."""
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """What the view can shrink to, not what its present sizes take: a
        window that is made smaller (or a step change that shows the side
        banner) refits the sizes, instead of growing the window first."""
        hint = super().minimumSizeHint()
        if self._least_height is not None:
            hint.setHeight(min(hint.height(), self._least_height))
        return hint

    def _needed_height(self) -> int:
        """The least height the content takes at the current width, counting
        wrapped lines the way Qt lays them out."""
        # Qt refreshes cached size hints in posted layout events; this measures
        # right after a font change, so the caches are dropped here and then
        for widget in self.findChildren(QWidget):
            widget.updateGeometry()
        for nested in self.findChildren(QLayout):
            nested.invalidate()
        layout = self.layout()
        assert layout is not None
        needed = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():
            needed = max(needed, layout.totalMinimumHeightForWidth(self.width()))
        return needed

    def _apply_sizes(self, height: int, fit: float) -> None:
        scaled = height * fit

        def floor(pixels: float) -> float:
            # the floors keep a small window readable; on a short screen they
            # give way too, down to what stays legible
            return max(_LEGIBLE_PX, pixels * fit)

        self.step_label.setFont(pixel_font(self, scaled * 0.032, bold=True))
        self.title_label.setFont(pixel_font(self, scaled * 0.052, bold=True))
        self.remaining_label.setFont(pixel_font(self, scaled * 0.028))
        self.sound_label.setFont(pixel_font(self, scaled * 0.028, bold=True))
        self.side_banner.setFont(pixel_font(self, scaled * 0.07, bold=True))
        self.side_banner.setFixedHeight(int(scaled * 0.11))
        self.clock_caption.setFont(pixel_font(self, scaled * 0.04, bold=True))
        # the caption comes and goes; its line is reserved so the countdown never jumps
        self.clock_caption.setFixedHeight(int(self.clock_caption.fontMetrics().height() * 1.25))
        self.countdown.setMinimumHeight(int(max(_LEAST_CLOCK_PX, _CLOCK_MIN_PX * fit)))
        self.tip_heading.setFont(pixel_font(self, scaled * 0.045, bold=True))
        self.tip_instructions.set_text_pixels(int(max(floor(18), scaled * 0.05)))
        self.tip_hint.setFont(pixel_font(self, max(floor(14), scaled * 0.03)))
        # beside a picture, the list gives it room: the one to do now is large under the clock as well
        self.instructions.set_text_pixels(int(max(floor(15), scaled * (0.027 if self._with_picture else 0.032))))
        self.next_label.setFont(pixel_font(self, scaled * 0.032))
        for button in (self.back_button, self.toggle_button, self.next_button, self.stop_button):
            button.setFont(pixel_font(self, max(floor(14), scaled * 0.026), bold=button is self.toggle_button))
            button.setMinimumHeight(int(max(_LEAST_BUTTON_PX, _BUTTON_MIN_PX * fit)))
        self.hints.setFont(pixel_font(self, max(floor(12), scaled * 0.02)))
        self.check_in.restyle(max(floor(14), scaled * 0.03))
        self.stop_card.restyle(max(floor(14), scaled * 0.032))
        spacing = round(_SPACING_PX * fit)
        root = self.layout()
        assert root is not None
        root.setSpacing(spacing)
        root.setContentsMargins(28, round(16 * fit), 28, round(12 * fit))
