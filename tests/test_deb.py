"""packaging/build_deb.py: the Debian package's control file, file list and
maintainer scripts, built from a stub tree (no download), and what it leaves out
of PySide6, tried on the test environment's own Qt libraries (linked, not copied).

The real build (python3 packaging/build_deb.py: about 120 MB of wheels, a
minute or two) is not in the suite; packaging/README.md says how it is checked.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import lzma
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from footdesk import APP_ID

REPO = Path(__file__).resolve().parents[1]


def _load_build_deb():
    spec = importlib.util.spec_from_file_location("build_deb", REPO / "packaging" / "build_deb.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_deb = _load_build_deb()


def read_deb(path: Path) -> dict[str, dict[str, tuple[bytes | None, tarfile.TarInfo]]]:
    """The members of a .deb (an ar archive), each tar member read back: {member: {name: (data, info)}}."""
    data = path.read_bytes()
    assert data.startswith(b"!<arch>\n")
    at, members = 8, {}
    while at < len(data):
        header = data[at : at + 60]
        name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
        body = data[at + 60 : at + 60 + size]
        at += 60 + size + size % 2
        if name == "debian-binary":
            members[name] = {"": (body, tarfile.TarInfo())}
            continue
        unpacked = {}
        with tarfile.open(fileobj=io.BytesIO(lzma.decompress(body))) as archive:
            for info in archive.getmembers():
                content = archive.extractfile(info).read() if info.isfile() else None
                unpacked[info.name.removeprefix("./")] = (content, info)
        members[name] = unpacked
    return members


@pytest.fixture(scope="module")
def stub_deb(tmp_path_factory) -> Path:
    stage = tmp_path_factory.mktemp("stage")
    stub = stage / build_deb.SITE / "footdesk" / "__init__.py"
    stub.parent.mkdir(parents=True)
    stub.write_text('__version__ = "9.9.9"\n')
    build_deb.stage_files(stage, "9.9.9")
    depends = [build_deb.python_depends(), *build_deb.shlib_depends(stage)]
    return build_deb.write_deb(stage, tmp_path_factory.mktemp("dist"), "9.9.9", "amd64", depends, preset=0)


def test_the_deb_is_named_after_its_version_and_architecture(stub_deb):
    assert stub_deb.name == "footdesk_9.9.9_amd64.deb"
    members = read_deb(stub_deb)
    assert list(members) == ["debian-binary", "control.tar.xz", "data.tar.xz"]  # dpkg wants this order
    assert members["debian-binary"][""][0] == b"2.0\n"


def test_the_control_file_declares_what_footdesk_needs(stub_deb):
    control_tar = read_deb(stub_deb)["control.tar.xz"]
    fields = dict(
        line.split(": ", 1) for line in control_tar["control"][0].decode().splitlines() if not line.startswith(" ")
    )
    major, minor = sys.version_info[:2]
    assert fields["Package"] == "footdesk"
    assert fields["Version"] == "9.9.9"
    assert fields["Architecture"] == "amd64"
    # pygame's modules are built for one Python: the package says which
    assert fields["Depends"] == f"python3 (>= {major}.{minor}), python3 (<< {major}.{minor + 1})"
    # routines of your own are spoken (the built-in lines are recorded); the screen stays awake on a plain X11 desktop
    assert fields["Recommends"] == "espeak-ng, libxss1"
    assert int(fields["Installed-Size"]) > 0
    assert fields["Description"] and fields["Maintainer"] and fields["Section"] and fields["Homepage"]
    assert set(control_tar) == {".", "control", "md5sums", "postinst", "prerm"}
    for script in ("postinst", "prerm"):
        content, info = control_tar[script]
        assert info.mode == 0o755 and content.startswith(b"#!/bin/sh\nset -e\n")
    # compiled once at install (people cannot write under /usr), and taken away before removal
    assert b"compileall" in control_tar["postinst"][0]
    assert b"__pycache__" in control_tar["prerm"][0]


def test_the_package_installs_the_program_the_menu_entry_icons_metainfo_and_man_page(stub_deb):
    members = read_deb(stub_deb)
    files = {name: entry for name, entry in members["data.tar.xz"].items() if entry[1].isfile()}
    expected = {
        "usr/bin/footdesk",
        f"usr/share/applications/{APP_ID}.desktop",
        f"usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        "usr/share/man/man1/footdesk.1.gz",
        "usr/share/doc/footdesk/copyright",
        "usr/share/doc/footdesk/changelog.gz",
        "usr/lib/footdesk/site-packages/footdesk/__init__.py",
    } | {f"usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" for size in build_deb.ICON_SIZES}
    assert set(files) == expected
    for name, (_content, info) in members["data.tar.xz"].items():
        assert (info.uid, info.gid, info.uname, info.gname) == (0, 0, "root", "root"), name
        assert info.mode == (0o755 if info.isdir() or name == "usr/bin/footdesk" else 0o644), name
    assert (
        files[f"usr/share/applications/{APP_ID}.desktop"][0] == (REPO / "packaging" / f"{APP_ID}.desktop").read_bytes()
    )
    assert (
        files["usr/share/icons/hicolor/48x48/apps/" + APP_ID + ".png"][0]
        == (REPO / "assets" / "icons" / "footdesk-48.png").read_bytes()
    )
    # Debian's python3, on the private folder alone (no PYTHONPATH, no user site, no dist-packages)
    launcher = files["usr/bin/footdesk"][0].decode()
    assert launcher.startswith("#!/usr/bin/python3 -IS\n")
    assert 'sys.path.insert(0, "/usr/lib/footdesk/site-packages")' in launcher
    compile(launcher, "footdesk", "exec")
    # md5sums lists every file with its sum, as dpkg --verify reads it
    sums = dict(
        reversed(line.split("  ", 1))
        for line in members["control.tar.xz"]["md5sums"][0].decode().splitlines()  # type: ignore[union-attr]
    )
    assert sums == {name: hashlib.md5(content).hexdigest() for name, (content, _info) in files.items()}


@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="dpkg-deb reads the package back (Debian, Ubuntu)")
def test_dpkg_reads_the_package_the_same_way(stub_deb):
    field = subprocess.run(["dpkg-deb", "--field", stub_deb, "Version"], capture_output=True, text=True, check=True)
    assert field.stdout.strip() == "9.9.9"
    listing = subprocess.run(["dpkg-deb", "--contents", stub_deb], capture_output=True, text=True, check=True)
    assert "root/root" in listing.stdout and "./usr/bin/footdesk" in listing.stdout


@pytest.mark.skipif(not shutil.which("man"), reason="man renders the page")
def test_the_man_page_renders_with_the_commands(tmp_path):
    page = subprocess.run(
        ["man", "-l", "-P", "cat", str(REPO / "packaging" / "footdesk.1")],
        capture_output=True,
        text=True,
        check=True,
        env={"MANWIDTH": "100", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    for words in ("history", "export", "routine", "install-desktop-entry", "settings.toml", "history.sqlite3"):
        assert words in page.stdout
    assert "warning" not in page.stderr.lower()


def test_elf_needed_reads_a_qt_library():
    from PySide6 import QtWidgets

    library = Path(QtWidgets.__file__).parent / "Qt" / "lib" / "libQt6Widgets.so.6"
    if not library.exists():
        pytest.skip("this PySide6 keeps Qt elsewhere (a distribution's build)")
    needed = build_deb.elf_needed(library)
    assert "libQt6Gui.so.6" in needed and "libQt6Core.so.6" in needed
    assert build_deb.elf_needed(REPO / "pyproject.toml") == []


def test_the_package_keeps_qts_words_in_every_language_footdesk_ships():
    from footdesk.i18n import ENGLISH, LANGUAGES

    assert set(build_deb.KEEP_QT_TRANSLATIONS) == {language.code for language in LANGUAGES} - {ENGLISH}


def test_trim_leaves_out_what_footdesk_never_uses(tmp_path):
    """On a tree of links to this environment's PySide6: the modules footdesk imports, the Qt
    libraries they load, and the plugins it needs stay; QML, tools, translations and the rest go."""
    import PySide6

    real = Path(PySide6.__file__).parent
    if not (real / "Qt" / "lib" / "libQt6Core.so.6").exists():
        pytest.skip("this PySide6 keeps Qt elsewhere (a distribution's build)")
    site = tmp_path / "site-packages"
    pyside = site / "PySide6"
    for source in real.rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts:
            target = pyside / source.relative_to(real)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    (site / "pygame" / "examples").mkdir(parents=True)
    (site / "pygame" / "examples" / "aliens.py").write_text("")
    (site / "pygame" / "mixer.py").write_text("")

    build_deb.trim(site)

    kept = {path.relative_to(pyside).as_posix() for path in pyside.rglob("*") if path.is_symlink()}
    for module in ("QtCore", "QtGui", "QtWidgets", "QtNetwork"):
        assert f"{module}.abi3.so" in kept
    for module in ("QtQml", "QtQuick", "QtSql", "QtTest", "QtDesigner", "QtUiTools"):
        assert f"{module}.abi3.so" not in kept
    assert "__init__.py" in kept
    libraries = {name.removeprefix("Qt/lib/") for name in kept if name.startswith("Qt/lib/")}
    assert {"libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6XcbQpa.so.6"} <= libraries
    assert not {"libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Designer.so.6"} & libraries
    plugins = {name.removeprefix("Qt/plugins/") for name in kept if name.startswith("Qt/plugins/")}
    assert "platforms/libqxcb.so" in plugins and "platforms/libqwayland.so" in plugins
    for image_format in ("gif", "jpeg", "webp", "svg"):  # what pictures in routines may be
        assert f"imageformats/libq{image_format}.so" in plugins
    assert not any(name.startswith(("sqldrivers/", "qmltooling/", "designer/")) for name in plugins)
    assert "platformthemes/libqgtk3.so" not in plugins  # it would make GTK 3 a dependency
    assert not any(name.startswith(("Qt/qml", "Qt/libexec")) for name in kept)
    # Qt's own words only in the languages footdesk speaks
    catalogs = {name.removeprefix("Qt/translations/") for name in kept if name.startswith("Qt/translations/")}
    assert catalogs == {f"qtbase_{code}.qm" for code in build_deb.KEEP_QT_TRANSLATIONS}
    assert not any(name.endswith(".pyi") for name in kept)
    assert not (site / "pygame" / "examples").exists() and (site / "pygame" / "mixer.py").exists()
    # every Qt library a kept file links to is still there
    for path in pyside.rglob("*.so*"):
        for name in build_deb.elf_needed(path):
            if name.startswith(("libQt6", "libicu")):
                assert name in libraries, f"{path.name} needs {name}"
