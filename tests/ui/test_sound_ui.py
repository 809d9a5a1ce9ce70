from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from footdesk.platform.audio import PygameCuePlayer, import_mixer
from footdesk.session import SessionOptions
from tests.ui.test_settings_dialog import in_settings_dialog, open_settings


def test_m_mutes_and_unmutes_and_says_so_on_screen(qtbot, app):
    label = app.window.session_view.sound_label
    assert label.text().startswith("Sound on")
    qtbot.keyClick(app.window, Qt.Key.Key_M)  # on the home screen too
    assert app.window.home.sound_label.text().startswith("Muted")
    qtbot.keyClick(app.window, Qt.Key.Key_M)
    qtbot.keyClick(app.window, Qt.Key.Key_M)
    assert app.cues.muted and label.text().startswith("Muted")
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_M)
    assert not app.cues.muted and label.text().startswith("Sound on")


def test_test_sound_plays_at_the_volume_in_the_dialog(qtbot, app):
    def preview(dialog):
        dialog.volume.setValue(35)
        dialog.preview_button.click()
        dialog.reject()

    in_settings_dialog(preview)
    open_settings(qtbot, app)
    assert app.cues.previews == [35]


def test_with_no_sound_driver_the_routine_completes_and_the_window_says_sound_is_off(qtbot, make_app, monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "nosuchdriver")
    import_mixer()

    def real_player(settings_file):
        return PygameCuePlayer(
            resources.files("footdesk.assets").joinpath("sounds"),
            prefs=lambda: settings_file.settings.sound_prefs(),
            notify=lambda text: app.window.show_notice(text),
            schedule=lambda delay, action: QTimer.singleShot(0, action),
        )

    app = make_app(SessionOptions(get_ready_s=1), sound=real_player)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    app.run_for(1 + 120 + 1 + 120 + 1 + 60)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.window.finished_view.heading.text() == "Well done!"
    assert "Sound is off: no audio device could be opened" in app.window.notice.text()
    assert app.window.session_view.sound_label.text() == "No sound device"
    QApplication.processEvents()


def test_the_tempo_leads_the_caption_during_heel_raises(qtbot, make_app):
    app = make_app(SessionOptions(get_ready_s=0, tempo_s=4))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_N, Qt.Key.Key_N):
        qtbot.keyClick(app.window, key)
    caption = app.window.session_view.clock_caption
    assert caption.text() == "Rise up onto your toes."
    app.run_for(2)
    assert caption.text() == "Lower your heels, and repeat."
    assert app.cues.cues[-1] == "tempo-down"
