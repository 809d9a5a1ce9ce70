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
