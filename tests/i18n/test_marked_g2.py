"""The terminal's and the files' words go through the catalog (G2's files):
under the pseudo-locale `footdesk --help`, argparse's own words, its errors and
`routine list` come out accented and bracketed; in English nothing changed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from footdesk import cli
from footdesk.i18n import ENGLISH, use_language
from footdesk.routine import RoutineError, Side, load_default_routine
from footdesk.untrusted import ReceivedFileError, read_regular_file


def translated(text: str) -> bool:
    return "⟦" in text and "⟧" in text


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


def test_help_is_translatable_to_the_last_line(pseudo: None) -> None:
    parser = cli.build_parser()
    shown = parser.format_help()
    assert shown.startswith("⟦")  # argparse's "usage: " from footdesk's catalog
    for parser_shown in (parser, *_subcommands(parser).values()):
        for action in parser_shown._actions:
            if action.help not in (None, argparse.SUPPRESS):
                assert translated(action.help), (parser_shown.prog, action.option_strings or action.dest)
    for title in ("positional arguments", "options"):
        assert f"\n{title}:" not in shown


def test_usage_errors_are_translatable(pseudo: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--bogus"])
    error = capsys.readouterr().err
    assert "⟦footdesk: " in error  # argparse's "%(prog)s: error: %(message)s" from footdesk's catalog
    assert translated(error)
    assert "unrecognized arguments" not in error


def test_routine_list_is_translatable(pseudo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["routine", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(translated(line) for line in lines)


def test_english_help_is_as_it_was() -> None:
    shown = cli.build_parser().format_help()
    assert shown.startswith("usage: footdesk")
    assert "\npositional arguments:\n" in shown
    assert "\noptions:\n" in shown
    assert "show this help message and exit" in shown


def test_problems_with_files_are_translated_and_tested_by_flags(pseudo: None, tmp_path: Path) -> None:
    with pytest.raises(ReceivedFileError) as missing:
        read_regular_file(tmp_path / "nothing.toml", 100)
    assert missing.value.missing
    assert translated(missing.value.reason)
    (tmp_path / "big.toml").write_text("x" * 200)
    with pytest.raises(ReceivedFileError) as large:
        read_regular_file(tmp_path / "big.toml", 100)
    assert large.value.too_large and not large.value.missing
    assert translated(str(RoutineError("file.toml", "reason", "roll", number=1)))


def test_side_labels_are_whole_texts(pseudo: None) -> None:
    step = next(step for step in load_default_routine().steps if step.sides)
    assert translated(step.side_label(Side.LEFT))
    use_language(ENGLISH)
    assert step.side_label(Side.LEFT) == "left foot"
