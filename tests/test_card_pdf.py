"""The programme card on paper, written by ``footdesk export --card`` and read
back with poppler as a person holding it would: every step's title, times,
sides and instructions in order, its pictures there (the right side's
mirrored), a picture that cannot be printed named, a step never split across
pages, A4 and Letter; the file it goes to treated as the week's export treats it."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.card import CardPicture, Paper, programme_card
from footdesk.cli import main
from footdesk.routine import load_default_routine, load_routine

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing (poppler-utils)"),
    pytest.mark.usefixtures("qapp"),  # the window's QApplication, before the export would make a QGuiApplication
]

CALF = """schema = 2
id = "calf-care"
title = "Calf care"

[[steps]]
id = "stretch"
title = "Calf stretch against the wall"
timing = "per-side"
seconds = { left = 30, right = 45 }
picture = "calf-care.pictures/stretch.png"
picture_alt = "Hands on the wall, the left leg straight behind"
mirror = true
instructions = ["Lean into the wall, {side} leg back.", "Keep the heel down."]

[[steps]]
id = "raises"
title = "Slow heel raises"
timing = "timed"
reps = 10
tempo = [2, 3]
sets = 3
rest = 20
picture = "calf-care.pictures/raise.jpg"
instructions = ["Rise onto your toes.", "Lower slowly."]

[[steps]]
id = "water"
title = "Drink water"
timing = "untimed"
instructions = ["A glass after the routine."]
"""


def picture(path: Path, size: tuple[int, int] = (200, 120)) -> None:
    """A picture whose left half is black: flipped, its right half is."""
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.fillRect(0, 0, size[0] // 2, size[1], QColor("black"))
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))


def own_routine(text: str = CALF, pictures: tuple[str, ...] = ("stretch.png", "raise.jpg")) -> Path:
    folder = paths.routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in pictures:
        picture(folder / "calf-care.pictures" / name, (200, 120) if name.endswith(".png") else (120, 180))
    path = folder / "calf-care.toml"
    path.write_text(text, encoding="utf-8")
    return path


def raw_pages(path: Path) -> list[str]:
    """Each page's words in the order they were drawn (pdftotext -raw), spaces
    made one and ligatures ("ﬀ") taken apart."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def expected_words(card) -> list[str]:
    """What the card must say of each step, in order."""
    words = []
    for step in card.steps:
        words += [f"{step.number}. {step.title}", step.timing, *([step.sides] if step.sides else [])]
        words += [f"{number}. {text}" for number, text in enumerate(step.instructions, 1)]
    return words


def assert_in_order(text: str, words: list[str]) -> None:
    at = 0
    for word in words:
        found = text.find(word, at)
        assert found >= 0, f"{word!r} not after position {at} in {text[at : at + 300]!r}"
        at = found + len(word)


def page_size(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size"))


def images(path: Path) -> list[list[str]]:
    """``pdfimages -list``: a row per picture drawn (page, number, type, width, height, …)."""
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listed.splitlines()[2:] if line.strip()]


def test_the_built_in_routines_card_has_every_step_in_order(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")  # A4 by the locale
    target = tmp_path / "card.pdf"
    assert main(["export", "--card", str(target)]) == 0  # the routine in use: the built-in one
    said = f"The programme card of Strong feet, happier back (4 steps, A4) written to {target}"
    assert capsys.readouterr().out.strip() == said
    builtin = load_default_routine()
    card = programme_card(builtin, Path, Paper.A4, date.today())
    pages = raw_pages(target)
    text = " ".join(pages)
    assert pages[0].startswith("Strong feet, happier back 4 steps · 5 min of exercise · made ")
    assert_in_order(text, expected_words(card))
    assert "1. Stand with the ball under your left (then right) foot." in text
    assert "2. Roll each foot on a lacrosse ball 2:00 each foot Left foot, then right foot" in text
    assert text.count("Habit: every day, no timer") == 2  # barefoot and shoes: habits, no timer
    assert page_size(target) == "595 x 842 pts (A4)"


def test_the_built_in_routines_drawings_print_in_ink_and_grey(tmp_path, capsys):
    """footdesk's own pictures (when the routine has them) print without their
    accent colour: on a black-and-white printer the accent is a grey apart from the ink."""
    builtin = load_default_routine()
    card = programme_card(builtin, Path, Paper.A4, date.today())
    target = tmp_path / "card.pdf"
    assert main(["export", "--card", str(target), "--routine", "foot-strength"]) == 0
    assert capsys.readouterr().err == ""
    listed = [row for row in images(target) if row[2] == "image"]
    assert len(listed) == sum(len(step.pictures) for step in card.steps)
    for image in _extracted(target, tmp_path):
        if image.format() != image.Format.Format_Grayscale8:  # not a soft mask
            assert _most_saturated(image) < 40, "a colour left on the card's drawings"
    text = " ".join(raw_pages(target))
    for step in card.steps:
        for picture in step.pictures:
            assert " ".join(picture.caption.split()) in text  # the alt text under the picture


def test_the_built_in_card_has_the_times_settings_give_it(tmp_path, capsys):
    settings = paths.settings_file()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[durations]\nroll = 90\n", encoding="utf-8")
    target = tmp_path / "card.pdf"
    assert main(["export", "--card", str(target), "--routine", "foot-strength", "--paper", "letter"]) == 0
    assert "Roll each foot on a lacrosse ball 1:30 each foot" in " ".join(raw_pages(target))
    assert page_size(target) == "612 x 792 pts (letter)"


def test_an_own_routine_prints_its_pictures_the_right_side_mirrored(tmp_path, capsys):
    own_routine()
    target = tmp_path / "calf.pdf"
    assert main(["export", "--card", str(target), "--routine", "calf-care", "--paper", "a4"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.strip() == f"The programme card of Calf care (3 steps, A4) written to {target}"
    routine = load_routine(paths.routines_dir() / "calf-care.toml")
    (page,) = raw_pages(target)
    assert_in_order(page, expected_words(programme_card(routine, Path, Paper.A4, date.today())))
    assert "0:30 left / 0:45 right" in page
    assert "3 × 10 reps, 0:20 rest; each rep 2 s up, 3 s down" in page
    assert "Tip: no timer, go on when ready" in page
    # the alt text is the caption under the pictures: the sides' labelled, their one description once, the
    # heel raise's (its title: the routine gives no alt text) under it
    assert_in_order(page, ["Left side Right side, mirrored Hands on the wall, the left leg straight behind",
                           "1. Calf stretch against the wall", "Slow heel raises", "2. Slow heel raises"])  # fmt: skip
    assert page.count("Hands on the wall") == 1
    listed = images(target)
    assert [row[2] for row in listed] == ["image", "image", "image"]
    left, right, raise_ = ((int(row[3]), int(row[4])) for row in listed)
    assert left == right and left[0] > left[1]  # the same landscape picture twice
    assert raise_[1] > raise_[0]  # the heel raise's portrait one
    drawn = _extracted(target, tmp_path)
    assert _dark_half(drawn[0]) == "left" and _dark_half(drawn[1]) == "right"  # the right side's is mirrored


def _extracted(pdf: Path, folder: Path) -> list:
    from PySide6.QtGui import QImage

    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "img")], check=True)
    return [QImage(str(path)) for path in sorted(folder.glob("img-*.png"))]


def _most_saturated(image) -> int:
    step = max(1, image.width() // 120)
    return max((image.pixelColor(x, y).hsvSaturation() for x in range(0, image.width(), step)
                for y in range(0, image.height(), step) if image.pixelColor(x, y).value() > 60), default=0)  # fmt: skip


def _dark_half(image) -> str:
    y = image.height() // 2
    left = image.pixelColor(image.width() // 4, y).lightness()
    right = image.pixelColor(image.width() * 3 // 4, y).lightness()
    assert abs(left - right) > 150, (left, right)
    return "left" if left < right else "right"


def test_a_missing_or_refused_picture_still_prints_the_card_and_names_the_file(tmp_path, capsys):
    own_routine(pictures=("raise.jpg",))  # the stretch's picture is missing
    pictures = paths.routines_dir() / "calf-care.pictures"
    (pictures / "raise.jpg").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # a PNG by its content
    target = tmp_path / "calf.pdf"
    assert main(["export", "--card", str(target), "--routine", "calf-care"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"footdesk: {pictures / 'stretch.png'}: file not found; the card is printed without it",
        f"footdesk: {pictures / 'raise.jpg'}: its name says JPEG but its content is a PNG picture; nothing was "
        "shown; the card is printed without it",
    ]
    (page,) = raw_pages(target)
    assert "1. Calf stretch against the wall" in page and "2. Slow heel raises" in page
    assert images(target) == []


def test_a_picture_that_passes_the_check_but_does_not_decode_is_named_too(tmp_path, capsys):
    own_routine()
    damaged = paths.routines_dir() / "calf-care.pictures" / "stretch.png"
    damaged.write_bytes(damaged.read_bytes()[:60])  # the header is whole, the picture is not
    target = tmp_path / "calf.pdf"
    assert main(["export", "--card", str(target), "--routine", "calf-care"]) == 0
    assert capsys.readouterr().err == (
        f"footdesk: {damaged}: the PNG picture cannot be drawn; the card is printed without it\n"
    )
    assert len(images(target)) == 1  # the heel raise's


def test_a_step_is_never_split_across_pages(tmp_path, capsys):
    steps = []
    for number in range(1, 9):
        instructions = ", ".join(f'"Part {part} of step {number}: a sentence long enough to wrap at least once on '
                                 f'the card, as a physiotherapist writes them."' for part in range(1, 7))  # fmt: skip
        steps.append(f'[[steps]]\nid = "s{number}"\ntitle = "Step {number}"\ntiming = "timed"\nseconds = 30\n'
                     f'picture = "calf-care.pictures/stretch.png"\ninstructions = [{instructions}]\n')  # fmt: skip
    own_routine('schema = 2\nid = "calf-care"\ntitle = "Calf care"\n\n' + "\n".join(steps))
    target = tmp_path / "long.pdf"
    assert main(["export", "--card", str(target), "--routine", "calf-care"]) == 0
    pages = raw_pages(target)
    assert len(pages) >= 2
    for number in range(1, 9):
        (page,) = [page for page in pages if f"{number}. Step {number} 0:30" in page]
        assert f"6. Part 6 of step {number}:" in page  # its last instruction on the same page
    assert all(page.startswith("Calf care — page ") for page in pages[1:])
    assert len(images(target)) == 8


def test_the_export_target_is_treated_as_the_weeks_export_treats_it(tmp_path, capsys):
    target = tmp_path / "card.pdf"
    target.write_bytes(b"mine")
    assert main(["export", "--card", str(target)]) == 1
    assert capsys.readouterr().err == f"footdesk: {target}: exists; use --force to replace it (nothing was written)\n"
    assert target.read_bytes() == b"mine"
    assert main(["export", "--card", str(target), "--force"]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert main(["export", "--card", str(folder), "--force"]) == 1
    assert "is a folder, not a regular file; footdesk never replaces it" in capsys.readouterr().err
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert main(["export", "--card", str(link), "--force"]) == 1
    assert "never replaces it" in capsys.readouterr().err
    assert main(["export", "--card", f"{tmp_path / 'new.pdf'}/"]) == 1
    assert "names a folder" in capsys.readouterr().err and not (tmp_path / "new.pdf").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode")
def test_a_read_only_folder_is_one_line_and_nothing_written(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["export", "--card", str(folder / "card.pdf")]) == 1
    finally:
        folder.chmod(0o700)
    err = capsys.readouterr().err
    assert err.startswith(f"footdesk: cannot write {folder / 'card.pdf'} (") and err.endswith("nothing was written\n")
    assert list(folder.iterdir()) == []


def test_a_write_that_fails_is_one_line_as_for_the_week(tmp_path, capsys, monkeypatch):
    from footdesk.platform import card_pdf

    def refuse(path, data, follow_symlinks=True):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(card_pdf, "atomic_write_bytes", refuse)
    target = tmp_path / "card.pdf"
    assert main(["export", "--card", str(target)]) == 1
    assert capsys.readouterr().err == f"footdesk: cannot write {target} (Permission denied); nothing was written\n"


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--card", "card.csv"], "card.csv: the card is a PDF: give FILE.pdf; nothing was written"),
        (["--card", "-"], "-: the card is a PDF: give FILE.pdf; nothing was written"),
        (["--card", "card.pdf", "--week", "2026-W47"], "--week goes with the week's PDF, not with --card"),
        (["week.pdf", "--paper", "letter"], "--paper goes with --card (the week's PDF is A4)"),
        (["--card", "card.pdf", "--routine", "Bad Id"], "--routine: 'Bad Id' is not a routine id"),
        (["--card", "card.pdf", "--routine", "nobody"], "there is no routine 'nobody' (footdesk routine list shows"),
    ],
)
def test_a_card_asked_for_wrongly_is_one_line_and_nothing_written(tmp_path, capsys, monkeypatch, arguments, said):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["export", *arguments]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footdesk: ") and said in err and err.count("\n") == 1, err
    assert list(here.iterdir()) == []


def test_a_broken_routine_file_is_one_line(tmp_path, capsys):
    own_routine(CALF.replace('timing = "untimed"', 'timing = "sometimes"'))
    assert main(["export", "--card", str(tmp_path / "card.pdf"), "--routine", "calf-care"]) == 1
    err = capsys.readouterr().err
    assert "calf-care.toml" in err and "timing must be one of" in err and err.endswith("; nothing was written\n")
    assert not (tmp_path / "card.pdf").exists()


def test_footdesks_own_drawings_print_their_accent_grey_and_own_pictures_as_they_are(tmp_path):
    from footdesk.platform.card_pdf import _load

    drawing = tmp_path / "roll.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                       '<rect width="20" height="20" fill="#1a1a1a"/><rect x="20" width="20" height="20" '
                       'fill="#e4572e"/></svg>', encoding="utf-8")  # fmt: skip
    without: list[str] = []
    shipped = _load(CardPicture(drawing, False, "roll", shipped=True), without)
    own = _load(CardPicture(drawing, False, "roll"), without)
    assert without == []
    y = shipped.height() // 2
    ink, accent = shipped.pixelColor(shipped.width() // 4, y), shipped.pixelColor(shipped.width() * 3 // 4, y)
    assert ink.name() == "#1a1a1a"
    assert accent.saturation() < 10 and 80 < accent.lightness() < 180  # grey on paper, apart from the ink
    assert own.pixelColor(own.width() * 3 // 4, y).name() == "#e4572e"
    assert max(shipped.width(), shipped.height()) > 40  # drawn at the size it prints, not the size it says


def test_a_step_taller_than_a_page_starts_where_the_card_is_and_goes_on(tmp_path, capsys):
    long = ", ".join(f'"{"Hold it there and breathe. " * 15}({part})"' for part in range(1, 41))
    own_routine('schema = 2\nid = "calf-care"\ntitle = "Calf care"\n\n[[steps]]\nid = "long"\ntitle = "Long hold"\n'
                f'timing = "timed"\nseconds = 60\ninstructions = [{long}]\n\n[[steps]]\nid = "after"\n'
                'title = "After"\ntiming = "timed"\nseconds = 30\ninstructions = ["Rest."]\n', pictures=())  # fmt: skip
    target = tmp_path / "long.pdf"
    assert main(["export", "--card", str(target), "--routine", "calf-care"]) == 0
    first, *others = raw_pages(target)
    assert "1. Long hold 1:00 1. Hold it there" in first  # not a blank first page
    assert others and "(40)" in " ".join(others) and "2. After 0:30 1. Rest." in others[-1]
