"""One of the person's routines, edited: its title, then two tabs: its steps
and the form for the step chosen in them, and how often it is done and its
plan over weeks (``plan_form``); over a ``RoutineDraft`` (which keeps the
state and the rules; this page shows it and passes the person's edits on)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from footdesk.draft import Problem, RoutineDraft
from footdesk.i18n import _
from footdesk.report import step_timing
from footdesk.ui.plan_form import PlanForm
from footdesk.ui.step_form import StepForm
from footdesk.ui.step_list import StepList, command_button
from footdesk.ui.theme import PlainLabel, named


class RoutinePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorPage")
        self.draft: RoutineDraft | None = None
        """The routine shown; None when none is being edited."""
        self.chosen = -1
        """The step the form shows."""
        self._showing = False
        self.title_edit = named(QLineEdit(), "routineTitle")
        self.title_edit.setAccessibleName(_("Routine title"))
        self.title_edit.setMaxLength(200)
        title_label = PlainLabel(_("&Title"))
        title_label.setBuddy(self.title_edit)
        self.steps = StepList()
        self.form = StepForm()
        self.plan_form = PlanForm()
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        self.steps_tab = QWidget()
        steps_column = QVBoxLayout(self.steps_tab)
        steps_column.addWidget(self.steps)
        steps_column.addWidget(self.form)
        steps_column.setContentsMargins(0, 0, 0, 0)
        self.tabs = named(QStackedWidget(), "routineTabs")
        self.tabs.addWidget(self.steps_tab)
        self.tabs.addWidget(self.plan_form)
        # two buttons over the two parts, not a QTabWidget: its tab bar pulled the Tab chain out of its ring
        self.steps_switch = self._switch(_("Steps"), "showSteps", _("The steps and the chosen step's form"))
        self.plan_switch = self._switch(
            _("How often and plan"), "showPlan", _("Times a day, days a week, phases over weeks")
        )
        self.steps_switch.setChecked(True)
        switch_row = QHBoxLayout()  # not an exclusive group: Tab would reach only the one pressed
        for switch in (self.steps_switch, self.plan_switch):
            switch_row.addWidget(switch)
        switch_row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(title_row)
        column.addLayout(switch_row)
        column.addWidget(self.tabs)
        self.title_edit.textChanged.connect(self._title_edited)
        self.steps.chosen.connect(self._step_chosen)
        self.form.edited.connect(self.keep_form)
        self.steps.add_button.clicked.connect(self.add_step)
        self.steps.remove_button.clicked.connect(self.remove_step)
        self.steps.up_button.clicked.connect(lambda: self.move_step(-1))
        self.steps.down_button.clicked.connect(lambda: self.move_step(1))
        self.steps_switch.clicked.connect(lambda: self.show_part(self.steps_tab))
        self.plan_switch.clicked.connect(lambda: self.show_part(self.plan_form))

    def tab_chain(self) -> list[QWidget]:
        return [self.title_edit, self.steps_switch, self.plan_switch, self.steps.list, *self.steps.buttons(),
                *self.form.fields(), *self.plan_form.fields()]  # fmt: skip

    @staticmethod
    def _switch(text: str, name: str, tip: str) -> QPushButton:
        button = command_button(text, name, tip)
        button.setCheckable(True)
        return button

    # Showing -----------------------------------------------------------------------

    def load(self, draft: RoutineDraft | None, step: int = 0) -> None:
        """Show a draft (None: none, the page is left empty), ``step`` chosen."""
        self.draft = draft
        self._showing = True
        self.title_edit.setText(draft.title if draft is not None else "")
        self._showing = False
        count = len(draft.steps) if draft is not None else 0
        self._fill_steps(min(step, count - 1))
        self.plan_form.load(draft)

    def show_part(self, part: QWidget) -> None:
        """The steps, or the dose and plan (showing the steps as they are now,
        just edited on the other part)."""
        if part is self.plan_form:
            self.keep_form()
            self.plan_form.load(self.draft)
        self.tabs.setCurrentWidget(part)
        self.plan_switch.setChecked(part is self.plan_form)
        self.steps_switch.setChecked(part is not self.plan_form)

    def renamed(self, title: str) -> None:
        """The title was saved on its own: shown, and no longer an unsaved change."""
        if self.draft is not None:
            self.draft.renamed(title)
        self._showing = True
        self.title_edit.setText(title)
        self._showing = False

    def _fill_steps(self, select: int) -> None:
        count = len(self.draft.steps) if self.draft is not None else 0
        self.steps.fill([self._line(index) for index in range(count)], select)
        self._show_step(select)

    def _line(self, index: int) -> str:
        assert self.draft is not None
        title = self.draft.steps[index].title.strip() or _("(no title yet)")
        # TRANSLATORS: a step in the editor's list; {timing} is "2:00 each foot"
        return _("{number}. {title} — {timing}").format(
            number=index + 1, title=title, timing=step_timing(self.draft.step(index))
        )

    def _show_step(self, index: int) -> None:
        steps = self.draft.steps if self.draft is not None else ()
        self.chosen = index
        shown = 0 <= index < len(steps)
        self.form.show_draft(steps[index] if shown else None, index + 1, len(steps))
        self.form.picture.show_kept(self.draft.step(index) if self.draft is not None and shown else None)
        self._enable()

    def _enable(self) -> None:
        count = len(self.draft.steps) if self.draft is not None else 0
        self.steps.enable(self.chosen, count, self.draft is None or self.draft.can_add)

    # Editing -----------------------------------------------------------------------

    def keep_form(self) -> None:
        """What the form shows, into the step it shows."""
        if self.draft is None or not 0 <= self.chosen < len(self.draft.steps):
            return
        self.draft.change(self.chosen, **self.form.values())
        self.steps.set_line(self.chosen, self._line(self.chosen))

    def picture_added(self, name: str) -> None:
        """A picture the library copied in for the chosen step: shown, and a change of the step."""
        if self.draft is not None and 0 <= self.chosen < len(self.draft.steps):
            self.form.picture.set_name(name)

    def _title_edited(self, text: str) -> None:
        if self.draft is not None and not self._showing:
            self.draft.title = text
            self.keep_form()

    def _step_chosen(self, row: int) -> None:
        self.keep_form()
        self._show_step(row)

    def add_step(self) -> None:
        if self.draft is None:
            return
        self.keep_form()
        self._fill_steps(self.draft.add(self.chosen))
        self.form.step_title.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_step(self) -> None:
        if self.draft is None or not self.draft.can_remove(self.chosen):
            return
        self._fill_steps(self.draft.remove(self.chosen))
        self.steps.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_step(self, by: int) -> None:
        if self.draft is None:
            return
        self.keep_form()
        at = self.chosen
        to = self.draft.move(at, by)
        if to == at:
            return
        self._fill_steps(to)
        self.steps.focus_after_move(by)

    # What the dialog asks ------------------------------------------------------------

    def unsaved(self) -> bool:
        if self.draft is None:
            return False
        self.keep_form()
        return self.draft.dirty

    def point_at(self, problem: Problem) -> None:
        """Choose the step a problem is in and put the focus on its field, which
        says the problem to a screen reader (the title when it is no field's)."""
        field: QWidget = self.title_edit
        count = len(self.draft.steps) if self.draft is not None else 0
        self.show_part(self.plan_form if problem.plan else self.steps_tab)
        if problem.plan:
            field = self.plan_form.point_at(problem)
        elif problem.step is not None and 0 <= problem.step < count:
            self.steps.list.setCurrentRow(problem.step)
            field = self.form.field_for(problem.key)
        elif problem.key not in (None, "title"):
            field = self.steps.list
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.setAccessibleDescription(problem.text)

    def clear_marks(self) -> None:
        for field in (self.title_edit, self.steps.list, *self.form.findChildren(QWidget),
                      *self.plan_form.findChildren(QWidget)):  # fmt: skip
            if field.accessibleDescription():
                field.setAccessibleDescription("")
