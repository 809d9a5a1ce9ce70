"""What ``footdesk export FILE.pdf --report`` refuses, each in one line with
exit 1 (or 2 for argparse's usage errors) and nothing written: a file that
exists without --force, a folder it cannot write in, options that belong to
another export, a routine that is not there."""

from __future__ import annotations

import shutil

import pytest

from footdesk.cli import main

pytestmark = pytest.mark.usefixtures("qapp")


def refused(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 1, captured.err
    return captured.err


def test_a_report_that_exists_is_replaced_only_with_force(tmp_path, capsys):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the physio's copy")
    err = refused(capsys, "export", str(target), "--report")
    assert err == f"footdesk: {target}: exists; use --force to replace it (nothing was written)\n"
    assert target.read_bytes() == b"the physio's copy"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_a_folder_it_cannot_write_in_is_one_line_and_nothing_written(tmp_path, capsys, monkeypatch):
    from footdesk.platform import report_pdf

    def refuse(path, data, follow_symlinks=True):  # what a read-only folder answers (root writes whatever the mode)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(report_pdf, "atomic_write_bytes", refuse)
    target = tmp_path / "report.pdf"
    err = refused(capsys, "export", str(target), "--report")
    assert err == f"footdesk: cannot write {target} (Permission denied); nothing was written\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["--weeks", "4"],
            "footdesk: --weeks goes with --report (the report for your physiotherapist); nothing was written\n",
        ),
        (["--report", "--weeks", "0"], "footdesk: --weeks: from 1 to 104; nothing was written\n"),
        (["--report", "--card"], "footdesk: --report and --card: one or the other; nothing was written\n"),
        (["--report", "--week", "2026-W47"], "footdesk: --report and --week: one or the other; nothing was written\n"),
        (
            ["--report", "--routine", "no-such"],
            "footdesk: there is no routine 'no-such' (footdesk routine list shows them); nothing was written\n",
        ),
    ],
)
def test_options_of_another_export_are_refused(tmp_path, capsys, arguments, said):
    target = tmp_path / "report.pdf"
    assert refused(capsys, "export", str(target), *arguments) == said
    assert not target.exists()


def test_a_report_is_a_pdf(tmp_path, capsys):
    target = tmp_path / "report.csv"
    err = refused(capsys, "export", str(target), "--report")
    assert err == f"footdesk: {target}: the report is a PDF: give FILE.pdf; nothing was written\n"
    assert not target.exists()
