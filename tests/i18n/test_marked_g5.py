"""G5's windows (the review's pictures, settings, the routine editor, the
questionnaires' pages) speak through the catalog: in the pseudo-locale their
words come out accented, placeholders filled; in English they read as before."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from footdesk.i18n import ENGLISH, pseudo_text, use_language
from footdesk.routine import Growth, Quantity, load_default_routine
from footdesk.settings import SECTIONS, Settings


def test_the_settings_dialog_looks_up_its_words_and_the_settings_own(qtbot, pseudo):
    from footdesk.ui.settings_dialog import SettingsDialog

    routine = load_default_routine()
    dialog = SettingsDialog(Settings(durations=routine.durations()), Settings(durations=routine.durations()), routine)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == pseudo_text("Settings")
    titles = [box.title() for box in dialog.form.findChildren(QGroupBox)]
    assert titles[0] == pseudo_text(SECTIONS[0].title).replace("{routine}", routine.title)
    assert all(title.startswith("⟦") for title in titles)
    assert dialog.preview_button.text() == pseudo_text("Test sound")


def test_the_routine_editors_forms_look_up_their_words(qtbot, pseudo):
    from footdesk.ui.plan_form import PlanForm, growth_words
    from footdesk.ui.step_form import StepForm

    form, plan = StepForm(), PlanForm()
    qtbot.addWidget(form)
    qtbot.addWidget(plan)
    assert form.title().startswith("⟦") and form.each_side.text().startswith("⟦")
    assert plan.dose_box.title() == pseudo_text("How often")
    said = growth_words(Growth(Quantity.SETS, 1, 2, 4))
    assert said.startswith("⟦") and "{" not in said and "4" in said


def test_the_questionnaire_pages_and_the_week_pictures_look_up_their_words(qtbot, pseudo):
    from footdesk.ui.questionnaire_page import PsfsPage, RmdqPage
    from footdesk.ui.week_widgets import TrendChart

    rmdq, psfs, trend = RmdqPage(), PsfsPage(), TrendChart()
    for widget in (rmdq, psfs, trend):
        qtbot.addWidget(widget)
    assert rmdq.yes_button.text() == pseudo_text("Yes   [Y]")
    assert rmdq.show_statement(0).startswith("⟦")
    assert "{" not in psfs.instructions.text() and psfs.instructions.text().startswith("⟦")
    trend._goal = 5
    assert trend.legend().startswith("⟦") and "5" in trend.legend()


def test_in_english_the_words_are_as_before(qtbot):
    from footdesk.ui.plan_form import growth_words
    from footdesk.ui.week_widgets import TrendChart

    use_language(ENGLISH)
    assert growth_words(Growth(Quantity.SETS, 1, 2, 4)) == "+1 set every 2 weeks up to 4"
    assert growth_words(Growth(Quantity.REPS, 3, 1, 12)) == "+3 reps every week up to 12"
    trend = TrendChart()
    qtbot.addWidget(trend)
    trend._goal = 5
    assert trend.legend().endswith("   - - -  your weekly goal (5 days)")
    from footdesk.ui.review_window import _when

    assert _when("2026-12-07T18:05:00") == "Mon 7 Dec, 18:05"  # the date as the rest of footdesk writes it
