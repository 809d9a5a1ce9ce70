from __future__ import annotations

import pytest

from footdesk.ui.theme import spoken_label


@pytest.mark.parametrize(
    ("shown", "said"),
    [
        ("❚❚  Pause   [Space]", "Pause"),
        ("✓  Done, go on   [Space]", "Done, go on"),
        ("Next   [PgDn]  ▶", "Next"),
        ("↻  Start again   [Space]", "Start again"),
        ("Settings   [Ctrl+,]", "Settings"),
        ("Mark Tue as rest day   [R]", "Mark Tue as rest day"),
        ("Is this for you?", "Is this for you?"),
    ],
)
def test_a_screen_reader_gets_the_words_without_symbols_or_keys(shown, said):
    assert spoken_label(shown) == said


def test_a_key_hint_gives_way_before_the_words_when_a_button_is_squeezed(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    from footdesk.ui.theme import key_button

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    settings = key_button("Settings   [Ctrl+,]", "settingsButton")
    layout.addWidget(settings)
    layout.addWidget(QPushButton("Is this for you?"))
    row.show()
    qtbot.waitExposed(row)
    row.resize(row.sizeHint())
    qtbot.waitUntil(lambda: settings.width() >= settings.sizeHint().width())
    assert settings.shows_key()
    row.resize(row.minimumSizeHint())
    qtbot.waitUntil(lambda: settings.width() < settings.sizeHint().width())
    assert not settings.shows_key() and settings.words() == "Settings"
    assert settings.width() >= settings.fontMetrics().horizontalAdvance("Settings")
    # what it says and does stays the same
    assert settings.text() == "Settings   [Ctrl+,]" and settings.accessibleDescription() == "Shortcut: Ctrl+,"
