"""Text at 225 % on a 1366x768 laptop (QT_SCALE_FACTOR=1.5, QT_FONT_DPI=144):
the window stays on the screen and every screen shows whole, in a process of
its own at that scale (tests/helpers/large_fonts.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.large_fonts import environment

REPO = Path(__file__).resolve().parents[2]


def run(scratch: Path, percent: int, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.large_fonts", *args],
        env=environment(scratch, percent),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def inside(rect: list[int], area: list[int], slack: int = 0) -> bool:
    x, y, width, height = rect
    left, top, area_width, area_height = area
    right, bottom = left + area_width + slack, top + area_height + slack
    return left <= x and top <= y and x + width <= right and y + height <= bottom


def on_screen(rect: list[int], available: list[int]) -> bool:
    """768 screen pixels are 341.3 logical ones at 225 %: Qt rounds a window
    that fills them to 342."""
    return inside(rect, available, slack=1)


@pytest.mark.parametrize("remembered", [False, True], ids=["first start", "remembered from a bigger screen"])
def test_at_225_percent_the_window_fits_the_screen_and_every_screen_is_whole(tmp_path, remembered):
    if remembered:
        run(tmp_path, 200, "remember")
    run(tmp_path, 225, "measure", str(tmp_path / "found.json"))
    found = json.loads((tmp_path / "found.json").read_text())
    available = found["available"]
    assert found["device_pixel_ratio"] == 2.25 and available[2:] == [607, 341], "the test needs the 225 % screen"
    names = [page["name"] for page in found["pages"]]
    assert names == ["home", "tip", "get-ready", "left", "right", "heel raises get-ready", "heel raises", "finished",
                     "home with a choice", "home after a session", "check-in", "safety card", "carried on",
                     "finished after pain", "plan question", "planned left side", "questionnaire",
                     "activities"]  # fmt: skip
    for page in found["pages"]:
        assert page["notice"], (page["name"], "every screen is walked with a notice under it")
        assert page["sideways"] == [], (page["name"], "nothing scrolls sideways")
        assert on_screen(page["frame"], available), (page["name"], page["frame"], available)
        assert page["clipped"] == [], page["name"]
        # under a notice too: the session's buttons stay in view (its key hints give way first)
        assert page["outer_scroll"] == [0, 0], (page["name"], "the screen itself should not need scrolling")
        bar, lines = page["notice_bar"]
        assert bar <= lines + 16, (page["name"], "the notices take the height of their lines, not more", bar, lines)
    for name in ("finished", "finished after pain"):
        finished = found["pages"][names.index(name)]
        # what was done, the safety card and the check-in scroll in their own part of the screen; the rating,
        # the note and the buttons stay in view below it: that part gets at least a good share of the page
        assert finished["list_height"] >= 0.45 * finished["view"][1], (name, finished["list_height"])
    finished = found["pages"][names.index("finished")]
    view = [0, 0, *finished["view"]]
    for button in finished["pain_buttons"]:
        assert button["visible"] and not button["scrolls"], button
        assert inside(button["rect"], view), (button, view)
        assert button["rect"][2] >= 32 and button["rect"][3] >= 32, ("big enough to hit", button)
        assert button["text_room"] >= 0, ("its number whole inside its padding and border: '10', not '1('", button)
    assert [dialog["name"] for dialog in found["dialogs"]] == ["self-check", "settings", "review", "routines",
                                                               "editor", "editor with a plan"]  # fmt: skip
    for dialog in found["dialogs"]:
        assert on_screen(dialog["frame"], available), dialog
        # the editor's forms put a field under its label and wrap their button rows rather than run off the edge
        assert dialog["sideways"] == [] and dialog["clipped"] == [], dialog
    assert found["dialogs"][1]["focus"] == "DurationEdit", "the settings open with a field focused"
