"""The session's screens (G4's files) speak through the catalog: in the
pseudo-locale every text they make is accented, its placeholders filled,
and in English each reads as before."""

from __future__ import annotations

from footdesk.routine import Side


def test_the_home_screens_words_come_from_the_catalog(qtbot, pseudo):
    from footdesk.ui.home_view import HomeView

    home = HomeView()
    qtbot.addWidget(home)
    for text in (
        home.start_button.text(),
        home.settings_button.text(),
        home.note.text(),
        home.routines_button.toolTip(),
    ):
        assert text.startswith("⟦"), text
    assert "[Space]" in home.start_button.text()  # the key stays as it is


def test_the_side_banner_and_the_sound_say_it_in_the_language(qtbot, pseudo):
    from footdesk.sound import SoundStatus
    from footdesk.ui.session_view import SideBanner
    from footdesk.ui.theme import PlainLabel, show_sound_status

    banner = SideBanner()
    qtbot.addWidget(banner)
    banner.show_side(Side.LEFT, "foot")
    assert banner.text().startswith("⟦◀") and banner.accessibleName().startswith("⟦")
    label = PlainLabel()
    qtbot.addWidget(label)
    show_sound_status(label, SoundStatus.READY)
    assert label.text().startswith("⟦") and "[M]" in label.text()


def test_in_english_the_side_banner_reads_as_before(qtbot):
    from footdesk.ui.session_view import SideBanner

    banner = SideBanner()
    qtbot.addWidget(banner)
    banner.show_side(Side.RIGHT, "side")
    assert (banner.text(), banner.accessibleName()) == ("RIGHT SIDE  ▶", "Right side")
    banner.show_side(Side.LEFT, "foot")
    assert (banner.text(), banner.accessibleName()) == ("◀  LEFT FOOT", "Left foot")


def test_the_dialogs_words_come_from_the_catalog(qtbot, pseudo):
    from footdesk.ui.dialogs import about_dialog, keys_dialog, self_check_dialog

    for make in (self_check_dialog, keys_dialog, about_dialog):
        dialog = make(None)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle().startswith("⟦")
        assert "<h2>⟦" in dialog.label.text() or "<h2>footdesk" in dialog.label.text()
