"""A routine's dose and plan, edited: how often (times a day, days a week or
the person's own weekly goal), when the plan starts, its phases (added,
removed, moved, each with a title and its weeks) and, for the phase chosen,
each timed step's numbers (empty: the step's own) and the rule that grows
one of them.

It edits the ``RoutineDraft`` it is given directly (the draft keeps the state
and the rules) and shows the draft's problems of the dose and the plan each
beside the fields it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footdesk.draft import Numbers, PhaseDraft, Problem, RoutineDraft
from footdesk.i18n import N_, _, n_, p_
from footdesk.report import step_timing
from footdesk.routine import (
    DAYS_A_WEEK,
    GROW_EVERY_WEEKS,
    PHASE_WEEKS,
    REPS,
    REST_SECONDS,
    SETS,
    STEP_SECONDS,
    TIMES_A_DAY,
    Growth,
    Quantity,
    Step,
    quantity_limits,
)
from footdesk.timefmt import clock_text
from footdesk.ui.step_form import duration_field, number_field
from footdesk.ui.step_list import command_button
from footdesk.ui.theme import FlowLayout, PlainLabel, named, quiet_combo, wrapped, wrapping_form

# TRANSLATORS: a phase's number left to the step's own (a spin box's text at its lowest)
OWN = N_("its own")
"""What a number left to the step's own shows (looked up with ``_`` where shown)."""
# TRANSLATORS: after a number in a spin box: the unit a rule grows by and up to
_UNITS = {Quantity.SECONDS: N_(" s"), Quantity.SETS: N_(" sets"), Quantity.REPS: N_(" reps")}
_GROWTH_WORDS = {Quantity.SECONDS: N_("Seconds"), Quantity.SETS: N_("Sets"), Quantity.REPS: N_("Reps")}
_FIRST_STEP = {Quantity.SECONDS: 15, Quantity.SETS: 1, Quantity.REPS: 2}
"""What a rule adds at first when the person chooses what it grows."""


def growth_words(growth: Growth) -> str:
    """ "+0:15 every week up to 1:30", "+1 set every 2 weeks up to 4"."""
    if growth.quantity is Quantity.SECONDS:
        by, up_to = f"+{clock_text(growth.by)}", clock_text(growth.up_to)
    elif growth.quantity is Quantity.SETS:
        by, up_to = n_("+{count} set", "+{count} sets", growth.by).format(count=growth.by), str(growth.up_to)
    else:
        by, up_to = n_("+{count} rep", "+{count} reps", growth.by).format(count=growth.by), str(growth.up_to)
    weeks = growth.every_weeks
    every = (
        _("every week") if weeks == 1 else n_("every {count} week", "every {count} weeks", weeks).format(count=weeks)
    )
    # TRANSLATORS: a rule that grows a step: {by} is "+0:15" or "+1 set", {every} "every 2 weeks", {up_to} "1:30" or "4"
    return _("{by} {every} up to {up_to}").format(by=by, every=every, up_to=up_to)


def _weeks_field(name: str, bounds: tuple[int, int]) -> QSpinBox:
    """Weeks, said "1 week", "2 weeks"."""
    spin = number_field(name, bounds, _weeks_suffix(bounds[0]))  # it starts at its lowest
    spin.valueChanged.connect(lambda weeks: spin.setSuffix(_weeks_suffix(weeks)))
    return spin


def _weeks_suffix(weeks: int) -> str:
    # TRANSLATORS: after a number of weeks in a spin box ("2 weeks")
    return n_(" week", " weeks", weeks)


def _own_spin(name: str, bounds: tuple[int, int], suffix: str) -> QSpinBox:
    """A number that may be left to the step's own: the value below its range shows 'its own'."""
    spin = number_field(name, (bounds[0] - 1, bounds[1]), suffix)
    spin.setSpecialValueText(_(OWN))
    return spin


class PlanForm(QWidget):
    edited = Signal()
    """The person changed the dose or the plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planForm")
        self.draft: RoutineDraft | None = None
        self.today: Callable[[], date] = date.today
        """The day a start date is first offered at (the model's clock, set by the dialog)."""
        self.phase = -1
        """The phase chosen."""
        self.step = -1
        """The step chosen in the phase (its index in the routine)."""
        self._showing = False
        self._build_dose()
        self._build_plan()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.dose_box)
        column.addWidget(self.plan_box)
        column.addStretch(1)
        self._connect()

    def _build_dose(self) -> None:
        self.dose_box = named(QGroupBox(_("How often")), "doseBox")
        # TRANSLATORS: after the number of times a day in a spin box ("2 a day")
        self.times_a_day = number_field("timesADay", TIMES_A_DAY, _(" a day"))
        self.times_a_day.setAccessibleName(_("Times a day"))
        self.days_a_week = named(QComboBox(), "daysAWeek")
        self.days_a_week.setAccessibleName(_("Days a week"))
        self.days_a_week.addItem(_("My own weekly goal (Settings)"), None)
        for days in range(DAYS_A_WEEK[0], DAYS_A_WEEK[1] + 1):
            self.days_a_week.addItem(n_("{count} day a week", "{count} days a week", days).format(count=days), days)
        quiet_combo(self.days_a_week)  # its closed list reports no item focused
        self.dose_problem = self._problem_label("doseProblem")
        rows = wrapping_form(QFormLayout(self.dose_box))
        rows.addRow(_("Times a day"), self.times_a_day)
        rows.addRow(_("Days a week"), self.days_a_week)
        rows.addRow(self.dose_problem)

    def _build_plan(self) -> None:
        self.plan_box = named(QGroupBox(_("Plan over weeks")), "planBox")
        self.start_set = named(QCheckBox(_("Starts on a date of its own")), "planStartSet")
        self.start_set.setToolTip(_("Unticked: the plan starts the day you first run the routine"))
        # a date typed as the file writes it: a date box's sections took "2099-01-01" typed over
        # the whole of it as 2026-01-01, unseen; here what is typed is what is checked
        self.start = named(QLineEdit(), "planStart")
        self.start.setInputMask("0000-00-00")
        self.start.setToolTip(_("Year-month-day, as 2026-12-07"))
        self.start.setAccessibleName(_("Plan starts on (year-month-day)"))
        self.start_problem = self._problem_label("startProblem")
        start_row = FlowLayout()  # the date under the box where the two do not fit side by side
        start_row.addWidget(self.start_set)
        start_row.addWidget(self.start)
        self.phases = named(QListWidget(), "phasesList")
        self.phases.setAccessibleName(_("Phases"))
        self.phases.setMinimumHeight(70)
        self.phases.setMaximumHeight(self.phases.fontMetrics().height() * 7)  # a few phases; it scrolls past
        self.add_phase_button = command_button(_("Add phase"), "addPhase", _("A new phase after the chosen one"))
        self.remove_phase_button = command_button(_("Remove phase"), "removePhase", _("Take the chosen phase out"))
        # TRANSLATORS: buttons that move the chosen phase of a plan one place earlier, or later
        self.phase_up_button = command_button(_("Earlier"), "movePhaseUp", _("Move the chosen phase earlier"))
        self.phase_down_button = command_button(_("Later"), "movePhaseDown", _("Move the chosen phase later"))
        buttons = FlowLayout()
        for button in self.phase_buttons():
            buttons.addWidget(button)
        self.phase_title = named(QLineEdit(), "phaseTitle")
        self.phase_title.setMaxLength(200)
        self.phase_title.setAccessibleName(_("Phase title"))
        self.phase_weeks = _weeks_field("phaseWeeks", PHASE_WEEKS)
        self.phase_weeks.setAccessibleName(_("Weeks in this phase"))
        self.phase_problem = self._problem_label("phaseProblem")
        self.phase_steps = named(QListWidget(), "phaseSteps")
        self.phase_steps.setAccessibleName(_("Timed steps in this phase"))
        self.phase_steps.setMinimumHeight(60)
        self.phase_steps.setMaximumHeight(self.phase_steps.fontMetrics().height() * 7)
        self._build_numbers()
        self.phase_box = named(QGroupBox(_("Phase")), "phaseBox")
        rows = wrapping_form(QFormLayout(self.phase_box))
        rows.addRow(_("Phase title"), self.phase_title)
        rows.addRow(_("Weeks"), self.phase_weeks)
        rows.addRow(self.phase_problem)
        rows.addRow(wrapped(PlainLabel(_("Each timed step in this phase (choose one to change its numbers):"))))
        rows.addRow(self.phase_steps)
        rows.addRow(self.numbers_box)
        column = QVBoxLayout(self.plan_box)
        column.addLayout(start_row)
        column.addWidget(self.start_problem)
        column.addWidget(PlainLabel(_("Phases, one after another")))
        column.addWidget(self.phases)
        column.addLayout(buttons)
        column.addWidget(self.phase_box)

    def _build_numbers(self) -> None:
        self.numbers_box = named(QGroupBox(_("Numbers in this phase")), "numbersBox")
        self.numbers_step = named(wrapped(PlainLabel()), "numbersStep")
        self.seconds = duration_field("phaseSeconds", (STEP_SECONDS[0] - 1, STEP_SECONDS[1]))
        self.seconds.setSpecialValueText(_(OWN))
        self.sets = _own_spin("phaseSets", SETS, "")
        self.rest = duration_field("phaseRest", (REST_SECONDS[0] - 1, REST_SECONDS[1]))
        self.rest.setSpecialValueText(_(OWN))
        self.reps = _own_spin("phaseReps", REPS, "")
        self.grow_what = named(QComboBox(), "growWhat")
        quiet_combo(self.grow_what)
        self.grow_by = number_field("growBy", (1, STEP_SECONDS[1]), "")
        self.grow_every = _weeks_field("growEvery", GROW_EVERY_WEEKS)
        self.grow_up_to = number_field("growUpTo", (1, STEP_SECONDS[1]), "")
        self.numbers_problem = self._problem_label("numbersProblem")
        grow_row = FlowLayout()  # "by 2 · every 1 week · up to 12": a pair goes under where the width runs out
        # TRANSLATORS: the words before the three numbers of a growth rule: "by 2 · every 1 week · up to 12"
        grow_words = (p_("growth rule", "by"), p_("growth rule", "every"), p_("growth rule", "up to"))
        for word, spin in zip(grow_words, (self.grow_by, self.grow_every, self.grow_up_to), strict=True):
            pair = QHBoxLayout()
            pair.setContentsMargins(0, 0, 0, 0)
            pair.addWidget(PlainLabel(word))
            pair.addWidget(spin)
            holder = QWidget()
            holder.setLayout(pair)
            grow_row.addWidget(holder)
        self.grow_row = QWidget()
        self.grow_row.setLayout(grow_row)
        self.number_rows = wrapping_form(QFormLayout(self.numbers_box))
        rows: list[tuple[str, QWidget, str]] = [
            (_("Length"), self.seconds, _("Length in this phase, minutes and seconds")),
            (_("Reps"), self.reps, _("Repetitions in this phase")),
            (_("Sets"), self.sets, _("Sets in this phase")),
            (_("Rest between sets"), self.rest, _("Rest between sets in this phase")),
            (_("Grows"), self.grow_what, _("What grows week by week")),
        ]
        self.number_rows.addRow(self.numbers_step)
        for label, field, spoken in rows:
            field.setAccessibleName(spoken)
            self.number_rows.addRow(label, field)
        self.grow_by.setAccessibleName(_("Grows by"))
        self.grow_every.setAccessibleName(_("Every so many weeks"))
        self.grow_up_to.setAccessibleName(_("Up to"))
        self.number_rows.addRow("", self.grow_row)
        self.number_rows.addRow(self.numbers_problem)

    @staticmethod
    def _problem_label(name: str) -> PlainLabel:
        label = named(PlainLabel(), name)
        label.setWordWrap(True)
        label.setStyleSheet("font-weight: bold;")
        label.hide()
        return label

    def _connect(self) -> None:
        self.times_a_day.valueChanged.connect(self._dose_edited)
        self.days_a_week.currentIndexChanged.connect(self._dose_edited)
        self.start_set.toggled.connect(self._start_edited)
        self.start.textEdited.connect(self._start_edited)
        self.phases.currentRowChanged.connect(self._phase_chosen)
        self.add_phase_button.clicked.connect(self.add_phase)
        self.remove_phase_button.clicked.connect(self.remove_phase)
        self.phase_up_button.clicked.connect(lambda: self.move_phase(-1))
        self.phase_down_button.clicked.connect(lambda: self.move_phase(1))
        self.phase_title.textChanged.connect(self._phase_edited)
        self.phase_weeks.valueChanged.connect(self._phase_edited)
        self.phase_steps.currentRowChanged.connect(self._step_chosen)
        for spin in (self.seconds, self.sets, self.rest, self.reps, self.grow_by, self.grow_every, self.grow_up_to):
            spin.valueChanged.connect(self._numbers_edited)
        self.grow_what.currentIndexChanged.connect(self._growth_chosen)

    def phase_buttons(self) -> list[QWidget]:
        return [self.add_phase_button, self.remove_phase_button, self.phase_up_button, self.phase_down_button]

    def fields(self) -> list[QWidget]:
        """In reading (and Tab) order."""
        return [self.times_a_day, self.days_a_week, self.start_set, self.start, self.phases,
                *self.phase_buttons(), self.phase_title, self.phase_weeks, self.phase_steps, self.seconds,
                self.reps, self.sets, self.rest, self.grow_what, self.grow_by, self.grow_every,
                self.grow_up_to]  # fmt: skip

    # Showing -----------------------------------------------------------------------

    def load(self, draft: RoutineDraft | None) -> None:
        """Show a draft's dose and plan (again: its steps may have changed meanwhile)."""
        self.draft = draft
        self._showing = True
        dose = draft.dose if draft is not None else None
        self.times_a_day.setValue(dose.times_a_day if dose is not None else 1)
        days = dose.days_a_week if dose is not None else None
        self.days_a_week.setCurrentIndex(max(0, self.days_a_week.findData(days)) if days is not None else 0)
        start = draft.start if draft is not None else None
        self.start_set.setChecked(start is not None)
        self.start.setText((start or self.today()).isoformat())
        self.start.setEnabled(start is not None)
        self._showing = False
        phases = len(draft.phases) if draft is not None else 0
        self._fill_phases(min(max(self.phase, 0), phases - 1))
        self.show_problems()

    def _fill_phases(self, select: int) -> None:
        phases = self.draft.phases if self.draft is not None else ()
        self._showing = True
        self.phases.clear()
        first_week = 1
        for number, phase in enumerate(phases, start=1):
            self.phases.addItem(QListWidgetItem(_phase_line(number, phase, first_week)))
            first_week += phase.weeks
        self.phases.setCurrentRow(select)
        self._showing = False
        self._show_phase(select)

    def _show_phase(self, index: int) -> None:
        phases = self.draft.phases if self.draft is not None else ()
        self.phase = index
        shown = 0 <= index < len(phases)
        phase = phases[index] if shown else PhaseDraft()
        self._showing = True
        self.phase_title.setText(phase.title)
        self.phase_weeks.setValue(phase.weeks)
        self._showing = False
        self.phase_box.setEnabled(shown)
        self.phase_box.setTitle(_("Phase {number} of {count}").format(number=index + 1, count=len(phases)) if shown
                                else _("Phase (add one to plan)"))  # fmt: skip
        self.add_phase_button.setEnabled(self.draft is not None and self.draft.can_add_phase)
        self.remove_phase_button.setEnabled(shown)
        self.phase_up_button.setEnabled(shown and index > 0)
        self.phase_down_button.setEnabled(shown and index < len(phases) - 1)
        self._fill_steps(self.step)

    def _timed_steps(self) -> list[int]:
        """The steps a phase can give numbers: the timed ones, by their index in the routine."""
        if self.draft is None:
            return []
        return [index for index in range(len(self.draft.steps)) if self.draft.step(index).timed]

    def _fill_steps(self, keep: int) -> None:
        timed = self._timed_steps() if 0 <= self.phase else []
        self._showing = True
        self.phase_steps.clear()
        for index in timed:
            item = QListWidgetItem(self._step_line(index))
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.phase_steps.addItem(item)
        row = timed.index(keep) if keep in timed else (0 if timed else -1)
        self.phase_steps.setCurrentRow(row)
        self._showing = False
        self._show_numbers(timed[row] if row >= 0 else -1)

    def _step_line(self, index: int) -> str:
        assert self.draft is not None
        step = self.draft.phase_step(self.phase, index)
        numbers = self.draft.numbers(self.phase, index)
        title = step.title or _("(no title yet)")
        # TRANSLATORS: a timed step in a phase: "Calf stretch — 1:00 each foot"
        line = _("{step} — {timing}").format(step=title, timing=step_timing(step))
        if numbers.empty:
            # TRANSLATORS: a step whose numbers in this phase are its own: "Calf stretch — 1:00 each foot (its own)"
            line = _("{step} (its own)").format(step=line)
        if numbers.growth is not None:
            # TRANSLATORS: a step and the rule that grows it: "Calf stretch — 1:00, +0:15 every week up to 1:30"
            line = _("{step}, {growth}").format(step=line, growth=growth_words(numbers.growth))
        return line

    def _show_numbers(self, index: int) -> None:
        """The numbers of step ``index`` in the phase chosen; the fields its kind has."""
        self.step = index
        shown = self.draft is not None and index >= 0
        self.numbers_box.setEnabled(shown)
        step = self.draft.step(index) if self.draft is not None and shown else None
        numbers = self.draft.numbers(self.phase, index) if self.draft is not None and shown else Numbers()
        # the step's title (as long as its author made it) wraps on a line of its own: a box's title cannot
        # TRANSLATORS: the step's title in quotation marks
        if step is not None and not step.title.strip():
            self.numbers_step.setText(_("(no title yet)"))  # not an empty pair of quotation marks
        else:
            self.numbers_step.setText(_("“{step}”").format(step=step.title) if step else "")
        self.numbers_step.setVisible(step is not None)
        self._showing = True
        for spin, value in ((self.seconds, numbers.seconds), (self.sets, numbers.sets), (self.rest, numbers.rest),
                            (self.reps, numbers.reps)):  # fmt: skip
            spin.setValue(value if value is not None else spin.minimum())
        self.grow_what.clear()
        self.grow_what.addItem(_("Nothing (no rule)"), None)
        for quantity in _growable(step):
            self.grow_what.addItem(_(_GROWTH_WORDS[quantity]), quantity.value)
        growth = numbers.growth
        self.grow_what.setCurrentIndex(max(0, self.grow_what.findData(growth.quantity.value)) if growth else 0)
        if growth is not None:
            self._show_growth(growth)
        self._showing = False
        counted_in_reps = step is not None and step.reps is not None
        one_length = step is not None and not counted_in_reps and not step.side_seconds
        self.number_rows.setRowVisible(self.seconds, one_length)
        self.number_rows.setRowVisible(self.reps, counted_in_reps)
        self.grow_row.setVisible(growth is not None)

    def _show_growth(self, growth: Growth) -> None:
        unit = _(_UNITS[growth.quantity])
        low, high = quantity_limits(growth.quantity)
        self.grow_by.setRange(1, high - low)
        self.grow_up_to.setRange(low, high)
        for spin in (self.grow_by, self.grow_up_to):
            spin.setSuffix(unit)
        self.grow_by.setValue(growth.by)
        self.grow_every.setValue(growth.every_weeks)
        self.grow_up_to.setValue(growth.up_to)

    def show_problems(self) -> list[Problem]:
        """The draft's problems of the dose and the plan, each beside its field; the ones shown."""
        problems = [problem for problem in (self.draft.problems() if self.draft is not None else ()) if problem.plan]
        places = {
            self.dose_problem: [p for p in problems if p.phase is None and p.key in ("times_a_day", "days_a_week")],
            self.start_problem: [p for p in problems if p.phase is None and p.key == "start"],
            self.phase_problem: [p for p in problems if p.phase == self.phase and p.step is None],
            self.numbers_problem: [p for p in problems if p.phase == self.phase and p.step == self.step],
        }
        placed = {id(p) for found in places.values() for p in found}
        # what concerns the plan as a whole (too many weeks) goes under the phases
        places[self.start_problem] += [p for p in problems if p.phase is None and id(p) not in placed]
        for label, found in places.items():
            label.setText("\n".join(problem.text for problem in found))
            label.setVisible(bool(found))
        return problems

    # Editing -----------------------------------------------------------------------

    def _changed(self) -> None:
        self.show_problems()
        self.edited.emit()

    def _dose_edited(self) -> None:
        if self.draft is None or self._showing:
            return
        self.draft.dose = replace(
            self.draft.dose, times_a_day=self.times_a_day.value(), days_a_week=self.days_a_week.currentData()
        )
        self._changed()

    def _start_edited(self) -> None:
        if self.draft is None or self._showing:
            return
        self.start.setEnabled(self.start_set.isChecked())
        typed = self.start.text()
        try:
            chosen: date | None = date.fromisoformat(typed)
        except ValueError:
            chosen = None
        self.draft.start = chosen if self.start_set.isChecked() else None
        self.draft.start_typed = typed if self.start_set.isChecked() and chosen is None else None
        self._changed()

    def _phase_chosen(self, row: int) -> None:
        if not self._showing:
            self._show_phase(row)
            self.show_problems()

    def add_phase(self) -> None:
        if self.draft is None:
            return
        self._fill_phases(self.draft.add_phase(self.phase))
        self.phase_title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.phase_title.selectAll()
        self._changed()

    def remove_phase(self) -> None:
        if self.draft is None:
            return
        self._fill_phases(self.draft.remove_phase(self.phase))
        self.phases.setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def move_phase(self, by: int) -> None:
        if self.draft is None:
            return
        at = self.phase
        to = self.draft.move_phase(at, by)
        if to == at:
            return
        self._fill_phases(to)
        button = self.phase_up_button if by < 0 else self.phase_down_button
        (button if button.isEnabled() else self.phases).setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def _phase_edited(self) -> None:
        if self.draft is None or self._showing or self.phase < 0:
            return
        self.draft.change_phase(self.phase, title=self.phase_title.text(), weeks=self.phase_weeks.value())
        self._relabel()
        self._changed()

    def _relabel(self) -> None:
        """The lines of the phases and of the chosen phase's steps, as they are now."""
        assert self.draft is not None
        first_week = 1
        for number, phase in enumerate(self.draft.phases, start=1):
            item = self.phases.item(number - 1)
            if item is not None:
                item.setText(_phase_line(number, phase, first_week))
            first_week += phase.weeks
        for row in range(self.phase_steps.count()):
            item = self.phase_steps.item(row)
            item.setText(self._step_line(item.data(Qt.ItemDataRole.UserRole)))

    def _step_chosen(self, row: int) -> None:
        if self._showing:
            return
        item = self.phase_steps.item(row)
        self._show_numbers(item.data(Qt.ItemDataRole.UserRole) if item is not None else -1)
        self.show_problems()

    def _growth_chosen(self) -> None:
        if self.draft is None or self._showing:
            return
        value = self.grow_what.currentData()
        if value is not None:
            quantity = Quantity(value)
            base = _start_value(self.draft.phase_step(self.phase, self.step), quantity)
            by = _FIRST_STEP[quantity]
            high = quantity_limits(quantity)[1]
            self._showing = True
            self._show_growth(Growth(quantity, by, 1, min(high, base + 4 * by)))
            self._showing = False
        self.grow_row.setVisible(value is not None)
        self._numbers_edited()

    def _numbers_edited(self) -> None:
        if self.draft is None or self._showing or self.step < 0:
            return
        for spin in (self.seconds, self.rest):
            spin.interpretText()  # what was typed counts even before the field is left

        def own(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        value = self.grow_what.currentData()
        growth = (
            Growth(Quantity(value), self.grow_by.value(), self.grow_every.value(), self.grow_up_to.value())
            if value is not None
            else None
        )
        numbers = Numbers(own(self.seconds), own(self.sets), own(self.rest), own(self.reps), growth)
        self.draft.set_numbers(self.phase, self.step, numbers)
        self._relabel()
        self._changed()

    # What the page asks ------------------------------------------------------------

    def point_at(self, problem: Problem) -> QWidget:
        """Choose the phase and step a problem is in; the field it is about."""
        if problem.phase is not None and problem.phase != self.phase:
            self.phases.setCurrentRow(problem.phase)
        if problem.step is not None:
            for row in range(self.phase_steps.count()):
                if self.phase_steps.item(row).data(Qt.ItemDataRole.UserRole) == problem.step:
                    self.phase_steps.setCurrentRow(row)
        self.show_problems()
        fields: dict[str | None, QWidget] = {
            "times_a_day": self.times_a_day,
            "days_a_week": self.days_a_week,
            "start": self.start,
            "phases": self.phases,
            "seconds": self.seconds,
            "sets": self.sets,
            "rest": self.rest,
            "reps": self.reps,
            "grow": self.grow_what,
            "every_weeks": self.grow_every,
            "up_to": self.grow_up_to,
        }
        if problem.step is None and problem.phase is not None:
            return self.phase_title if problem.key == "title" else self.phase_weeks
        return fields.get(problem.key, self.phase_steps if problem.step is not None else self.phases)


def _phase_line(number: int, phase: PhaseDraft, first_week: int) -> str:
    last = first_week + phase.weeks - 1
    weeks = (
        # TRANSLATORS: which week of the plan a phase is (a phase of one week)
        _("week {first}").format(first=first_week)
        if last == first_week
        # TRANSLATORS: which weeks of the plan a phase is: "weeks 3 to 5" (written with a dash)
        else _("weeks {first}–{last}").format(first=first_week, last=last)
    )
    # TRANSLATORS: a phase in the list: "2. Build up — 3 weeks (weeks 3 to 5)"
    return n_("{number}. {title} — {count} week ({weeks})", "{number}. {title} — {count} weeks ({weeks})",
              phase.weeks).format(number=number, title=phase.title.strip() or _("(no title yet)"), count=phase.weeks,
                                  weeks=weeks)  # fmt: skip


def _growable(step: Step | None) -> Sequence[Quantity]:
    """What a rule may grow for a step: its seconds when it has one length, its sets, its reps when counted."""
    if step is None:
        return ()
    if step.reps is not None:
        return (Quantity.REPS, Quantity.SETS)
    return (Quantity.SETS,) if step.side_seconds else (Quantity.SECONDS, Quantity.SETS)


def _start_value(step: Step, quantity: Quantity) -> int:
    if quantity is Quantity.SECONDS:
        return step.seconds or 0
    return step.sets if quantity is Quantity.SETS else step.reps or 0
