"""Build footdesk's Debian package: dist/footdesk_<version>_<arch>.deb.

    python3 packaging/build_deb.py                   # build dist/footdesk_<version>_<arch>.deb
    python3 packaging/build_deb.py --version 0.1.1   # the same code as another version (to try an upgrade)

The package is footdesk's wheel with its dependencies from PyPI (PySide6-Essentials,
pygame, tomlkit, appdirs, jeepney) in a private folder, /usr/lib/footdesk/site-packages,
run by Debian's own python3 through /usr/bin/footdesk. Qt modules, plugins, tools and
translations footdesk never uses are left out (see KEEP_* below). The system libraries
the kept Qt and pygame libraries link to become the package's Depends, found by
dpkg-shlibdeps (dpkg-dev) on the build machine; espeak-ng and libxss1 are Recommends.

A fresh virtual environment under build/deb-venv installs what the build needs; the
.deb itself is written here (ar and tar), so dpkg-deb is not needed to build it.
tests/test_deb.py builds one from a stub tree; the real build needs the network
(about 120 MB of wheels) and is not in the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import lzma
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LIB = "usr/lib/footdesk"
SITE = f"{LIB}/site-packages"
MAINTAINER = "The footdesk developers <footdesk@users.noreply.github.com>"
HOMEPAGE = "https://github.com/footdesk/footdesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# What of PySide6 footdesk uses. Everything else in the wheel goes: the other Qt
# modules' bindings, Qt's tools (designer, linguist, qmlls, ...), QML, headers,
# type stubs, and Qt's translations but its own words (a dialog's buttons, the
# file dialog) in the languages footdesk ships (footdesk.i18n.LANGUAGES).
KEEP_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtDBus")
KEEP_PYSIDE = ("__init__.py", "_config.py", "_git_pyside_version.py", "support", "libpyside6.abi3.so", "Qt")
# Plugins by folder: the X11 and Wayland windows (and offscreen, for scripts),
# the image formats pictures need (PNG is inside QtGui), SVG icons, input methods
# (compose keys, IBus) and the desktop portal (file dialogs in a sandbox).
# Not platformthemes/libqgtk3.so: it would make GTK 3 a dependency.
KEEP_PLUGINS = {
    "platforms": ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"),
    "xcbglintegrations": ("libqxcb-glx-integration.so", "libqxcb-egl-integration.so"),
    "wayland-shell-integration": ("libxdg-shell.so",),
    "wayland-decoration-client": ("libbradient.so", "libadwaita.so"),
    "wayland-graphics-integration-client": ("libqt-plugin-wayland-egl.so", "libshm-emulation-server.so"),
    "imageformats": ("libqgif.so", "libqjpeg.so", "libqwebp.so", "libqsvg.so"),
    "iconengines": ("libqsvgicon.so",),
    "platforminputcontexts": ("libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so"),
    "platformthemes": ("libqxdgdesktopportal.so",),
}
KEEP_QT_TRANSLATIONS = ("de", "fr", "es", "it", "pt_BR", "nl", "pl")
"""footdesk.i18n.LANGUAGES but English (tests/test_deb.py keeps the two the same)."""
DROP_PYGAME = ("examples", "tests", "docs", "__pyinstaller", "freesansbold.ttf")
# pygame's modules footdesk never imports (it plays sounds with pygame.mixer): pictures and
# fonts, with the libraries only they load (libjpeg, libpng, libtiff, libwebp, FreeType, ...).
# pygame's own __init__ carries on without them.
DROP_PYGAME_MODULES = ("imageext", "font", "_freetype")
# Recommends: the voice for routines of your own (the built-in lines are pre-rendered); and
# the X11 screen saver's library, which footdesk opens itself (ctypes, so no dependency is
# found for it) to keep the screen awake during a routine where the desktop offers no D-Bus
# way (a plain window manager without logind's or the screen saver's service).
RECOMMENDS = ("espeak-ng", "libxss1")


def version_of_source() -> str:
    text = (ROOT / "footdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found, "footdesk/__init__.py has no __version__"
    return found.group(1)


def app_id() -> str:
    text = (ROOT / "footdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^APP_ID = "([^"]+)"', text, re.MULTILINE)
    assert found, "footdesk/__init__.py has no APP_ID"
    return found.group(1)


def debian_arch() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
        ).stdout.strip()
    import platform

    machine = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "armhf", "i686": "i386"}.get(machine, machine)


# -- the private environment ---------------------------------------------------------------------------------


def build_environment(work: Path) -> Path:
    """A virtual environment for the build (a recent pip); its python."""
    environment = work / "deb-venv"
    python = environment / "bin" / "python"
    if not python.exists():
        venv.create(environment, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    return python


def install_private(python: Path, site: Path, work: Path) -> None:
    """footdesk's wheel (its routine, sounds and icons are package data) and its dependencies, as wheels."""
    wheels = work / "deb-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    subprocess.run([python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, ROOT], check=True)
    (wheel,) = wheels.glob("footdesk-*.whl")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-compile", "--only-binary", ":all:", "--target", site, wheel],
        check=True,
    )
    shutil.rmtree(site / "bin", ignore_errors=True)  # pip's launcher names the build's python; ours is below
    shutil.rmtree(site / "share", ignore_errors=True)  # the wheel's desktop entry: the package puts its own


def _remove(path: Path) -> int:
    if not path.exists() and not path.is_symlink():
        return 0
    if path.is_dir() and not path.is_symlink():
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())
        shutil.rmtree(path)
        return size
    size = path.lstat().st_size
    path.unlink()
    return size


def is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED names of an ELF file (64- or 32-bit, little- or big-endian); [] for anything else."""
    import struct

    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    # e_shoff, then e_shentsize and e_shnum, where the ELF header has them
    (shoff,) = struct.unpack_from(order + ("Q" if wide else "I"), data, 0x28 if wide else 0x20)
    shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A if wide else 0x2E)
    sections = []
    for index in range(shnum):
        at = shoff + index * shentsize
        (kind,) = struct.unpack_from(order + "I", data, at + 4)  # sh_type; then sh_offset, sh_size, sh_link
        offset, size, link = struct.unpack_from(order + ("QQI" if wide else "III"), data, at + (24 if wide else 16))
        sections.append((kind, offset, size, link))
    needed = []
    for kind, offset, size, link in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings_at = sections[link][1]
        entry = struct.Struct(order + ("qQ" if wide else "iI"))
        for at in range(offset, offset + size, entry.size):
            tag, value = entry.unpack_from(data, at)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strings_at + value)
                needed.append(data[strings_at + value : end].decode())
    return needed


def trim(site: Path) -> dict[str, int]:
    """Leave out of PySide6 and pygame what footdesk never uses; bytes removed, by what."""
    removed: dict[str, int] = {}
    pyside = site / "PySide6"
    keep_top = set(KEEP_PYSIDE) | {f"{name}.abi3.so" for name in KEEP_QT_MODULES}
    for entry in sorted(pyside.iterdir()):
        if entry.name not in keep_top and not entry.name.startswith("libpyside6.abi3.so"):
            removed["PySide6: other modules, stubs, tools"] = removed.get(
                "PySide6: other modules, stubs, tools", 0
            ) + _remove(entry)
    qt = pyside / "Qt"
    for entry in sorted(qt.iterdir()):
        if entry.name not in ("lib", "plugins", "translations"):
            removed[f"Qt/{entry.name}"] = _remove(entry)
    kept_catalogs = {f"qtbase_{code}.qm" for code in KEEP_QT_TRANSLATIONS}
    for catalog in sorted((qt / "translations").glob("*")) if (qt / "translations").is_dir() else []:
        if catalog.name not in kept_catalogs:
            removed["Qt/translations"] = removed.get("Qt/translations", 0) + _remove(catalog)
    for folder in sorted((qt / "plugins").iterdir()):
        kept = KEEP_PLUGINS.get(folder.name, ())
        for plugin in sorted(folder.iterdir()):
            if plugin.name not in kept:
                removed["Qt plugins"] = removed.get("Qt plugins", 0) + _remove(plugin)
        if not any(folder.iterdir()):
            folder.rmdir()
    # Qt's own libraries: only those the kept bindings and plugins load, and theirs
    removed["Qt libraries"] = _keep_only_needed(
        qt / "lib", [f for f in pyside.rglob("*.so*") if f.parent != qt / "lib"]
    )
    for name in DROP_PYGAME:
        removed[f"pygame/{name}"] = _remove(site / "pygame" / name)
    pygame = site / "pygame"
    for module in DROP_PYGAME_MODULES:
        for path in pygame.glob(f"{module}.*.so"):
            removed["pygame: pictures and fonts"] = removed.get("pygame: pictures and fonts", 0) + _remove(path)
    if (site / "pygame.libs").is_dir():
        removed["pygame's libraries for them"] = _keep_only_needed(site / "pygame.libs", list(pygame.rglob("*.so")))
    for script in site.rglob("*.py"):  # a module is not a program: no "#!" (Debian's lintian asks)
        text = script.read_bytes()
        if text.startswith(b"#!"):
            script.write_bytes(b"#" + text[text.index(b"\n") :] if b"\n" in text else b"")
    for stub in site.rglob("*.pyi"):
        removed["type stubs"] = removed.get("type stubs", 0) + _remove(stub)
    for cache in list(site.rglob("__pycache__")):
        _remove(cache)
    return removed


def _keep_only_needed(libraries: Path, users: list[Path]) -> int:
    """Remove the libraries in a folder that none of users loads, directly or through another; bytes removed."""
    present = {lib.name: lib for lib in libraries.iterdir()}
    wanted: set[str] = set()
    todo = list(users)
    while todo:
        for name in elf_needed(todo.pop()):
            if name in present and name not in wanted:
                wanted.add(name)
                todo.append(present[name])
    return sum(_remove(lib) for name, lib in sorted(present.items()) if name not in wanted)


def strip_binaries(site: Path) -> int:
    """Take the symbol tables out of the shared libraries (the wheels ship some unstripped); bytes saved."""
    if not shutil.which("strip"):
        print("build_deb.py: no strip (binutils) here: the libraries stay unstripped", file=sys.stderr)
        return 0
    elves = [f for f in site.rglob("*.so*") if f.is_file() and not f.is_symlink() and is_elf(f)]
    before = sum(f.stat().st_size for f in elves)
    subprocess.run(["strip", "--strip-unneeded", *map(str, elves)], check=True)
    return before - sum(f.stat().st_size for f in elves)


# -- what the package holds besides the private environment ---------------------------------------------------


def launcher_text() -> str:
    """/usr/bin/footdesk: Debian's python3, isolated (-I: no PYTHON* variables, no user site; -S: no
    dist-packages), on the private folder only."""
    return (
        "#!/usr/bin/python3 -IS\n"
        '"""footdesk, from its private environment (see /usr/share/doc/footdesk/copyright)."""\n'
        "import sys\n\n"
        f'sys.path.insert(0, "/{SITE}")\n'
        "from footdesk.cli import main\n\n"
        "sys.exit(main())\n"
    )


def postinst_text() -> str:
    # The .py files are compiled once here (the person cannot write under /usr, so without
    # this every start would compile them again); prerm takes the compiled files away.
    return (
        "#!/bin/sh\nset -e\n"
        'if [ "$1" = configure ]; then\n'
        f"    python3 -m compileall -q -j0 /{SITE} >/dev/null || true\n"
        "fi\n"
    )


def prerm_text() -> str:
    return f"#!/bin/sh\nset -e\nfind /{LIB} -name __pycache__ -type d -prune -exec rm -rf {{}} + 2>/dev/null || true\n"


def copyright_text() -> str:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8").strip()
    indented = "\n".join(f" {line}" if line.strip() else " ." for line in licence.splitlines())
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: footdesk\n"
        f"Source: {HOMEPAGE}\n"
        "Comment: /usr/lib/footdesk/site-packages holds footdesk's dependencies as published on PyPI:\n"
        " PySide6-Essentials and shiboken6 (Qt for Python; Qt under LGPL-3.0-only), pygame (LGPL-2.1-or-later,\n"
        " with SDL2 under Zlib), tomlkit (MIT), appdirs (MIT), jeepney (MIT). Their licence texts are in\n"
        " their *.dist-info folders there.\n\n"
        "Files: *\n"
        "Copyright: The footdesk developers\n"
        "License: MIT\n"
        f"{indented}\n"
    )


def changelog_text(version: str) -> str:
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(source_date_epoch()))
    return (
        f"footdesk ({version}) unstable; urgency=medium\n\n"
        f"  * footdesk {version}: see {HOMEPAGE}/releases.\n\n"
        f" -- {MAINTAINER}  {stamp}\n"
    )


def source_date_epoch() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(time.time())


def gzipped(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0, filename="") as archive:
        archive.write(data)
    return out.getvalue()


def stage_files(stage: Path, version: str) -> None:
    """Everything but the private environment: the program, desktop entry, icons, metainfo, man page, docs."""
    ident = app_id()

    def put(relative: str, data: bytes | str) -> None:
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)

    put("usr/bin/footdesk", launcher_text())
    put(f"usr/share/applications/{ident}.desktop", (PACKAGING / f"{ident}.desktop").read_bytes())
    put(f"usr/share/metainfo/{ident}.metainfo.xml", (PACKAGING / f"{ident}.metainfo.xml").read_bytes())
    icons = ROOT / "assets" / "icons"
    for size in ICON_SIZES:
        put(f"usr/share/icons/hicolor/{size}x{size}/apps/{ident}.png", (icons / f"footdesk-{size}.png").read_bytes())
    put(f"usr/share/icons/hicolor/scalable/apps/{ident}.svg", (icons / "footdesk.svg").read_bytes())
    put("usr/share/man/man1/footdesk.1.gz", gzipped((PACKAGING / "footdesk.1").read_bytes()))
    put("usr/share/doc/footdesk/copyright", copyright_text())
    put("usr/share/doc/footdesk/changelog.gz", gzipped(changelog_text(version).encode()))
    overrides = lintian_overrides(stage)
    if overrides:
        put("usr/share/lintian/overrides/footdesk", overrides)


def lintian_overrides(stage: Path) -> str:
    """The libraries the wheels carry built in or beside them that footdesk cannot do without
    (lintian's embedded-library): said on purpose, with why."""
    site = stage / SITE
    lines = []
    jpeg = site / "PySide6" / "Qt" / "plugins" / "imageformats" / "libqjpeg.so"
    if jpeg.exists():
        lines += [
            "# Qt's JPEG plugin, from PySide6's wheel, has libjpeg-turbo built in; pictures in routines may be JPEG.",
            f"footdesk: embedded-library libjpeg [{jpeg.relative_to(stage).as_posix()}]",
        ]
    why = {
        "mpg123": "SDL2_mixer, from pygame's wheel, is linked to this libmpg123; footdesk's sounds play through it.",
        "bzip2": "SDL2_mixer needs fluidsynth, which needs pygame's libdbus, then libsystemd, libdw and this libbz2.",
    }
    for tag, pattern in (("mpg123", "libmpg123-*"), ("bzip2", "libbz2-*")):
        for library in sorted(site.glob(f"pygame.libs/{pattern}")):
            lines += [f"# {why[tag]}", f"footdesk: embedded-library {tag} [{library.relative_to(stage).as_posix()}]"]
    return "".join(f"{line}\n" for line in lines)


def python_depends() -> str:
    major, minor = sys.version_info[:2]
    # pygame's compiled modules are built for one Python (cp311 on Debian 12)
    return f"python3 (>= {major}.{minor}), python3 (<< {major}.{minor + 1})"


def shlib_depends(stage: Path) -> list[str]:
    """The Debian packages of the system libraries the private environment's ELF files link to."""
    elves = [f for f in (stage / LIB).rglob("*.so*") if f.is_file() and elf_needed(f)]
    if not elves:
        return []
    if not shutil.which("dpkg-shlibdeps"):
        raise SystemExit("build_deb.py: dpkg-shlibdeps finds the package's dependencies; apt install dpkg-dev")
    private = sorted({str(f.parent) for f in elves})
    marker = stage / "DEBIAN"  # where dpkg-shlibdeps looks for the package's root, to read $ORIGIN in RPATHs
    marker.mkdir()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            (Path(scratch) / "debian").mkdir()
            (Path(scratch) / "debian" / "control").write_text(
                "Source: footdesk\n\nPackage: footdesk\nArchitecture: any\n"
            )
            result = subprocess.run(
                ["dpkg-shlibdeps", "-O", "--ignore-missing-info", *(f"-l{d}" for d in private), *map(str, elves)],
                cwd=scratch, check=False, capture_output=True, text=True,
            )  # fmt: skip
    finally:
        marker.rmdir()
    if result.returncode != 0:
        errors = "\n".join(line for line in result.stderr.splitlines() if "error" in line)
        raise SystemExit(
            f"build_deb.py: dpkg-shlibdeps failed:\n{errors}\n"
            "A library it cannot find must be installed on this machine for the package to depend on it "
            "(apt-file search NAME says which package has it)."
        )
    line = next(line for line in result.stdout.splitlines() if line.startswith("shlibs:Depends="))
    return [part.strip() for part in line.removeprefix("shlibs:Depends=").split(",") if part.strip()]


def control_text(version: str, arch: str, depends: Iterable[str], installed_kib: int) -> str:
    return (
        "Package: footdesk\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        "Description: guided daily foot routine for lower back pain\n"
        " footdesk is a desktop timer that walks you through a short daily foot\n"
        " routine: walk barefoot, roll each foot on a lacrosse ball, heel raises.\n"
        " Big countdowns readable across the room, LEFT / RIGHT you cannot mistake,\n"
        " spoken cues, single-key controls, a daily reminder and a weekly review.\n"
        " .\n"
        " It brings its own Qt for Python and pygame in /usr/lib/footdesk.\n"
    )


# -- the .deb itself: an ar archive of debian-binary, control.tar.xz and data.tar.xz -----------------------------


def _mode(relative: str) -> int:
    return 0o755 if relative == "usr/bin/footdesk" else 0o644


def _tar(entries: Iterable[tuple[str, bytes | None, int]], mtime: int, preset: int) -> bytes:
    """entries: (path, content or None for a folder, mode). Owned by root, sorted, dated mtime."""
    out = io.BytesIO()
    with lzma.LZMAFile(out, "wb", format=lzma.FORMAT_XZ, preset=preset) as packed:
        with tarfile.open(fileobj=packed, mode="w", format=tarfile.GNU_FORMAT) as archive:
            for name, content, mode in entries:
                info = tarfile.TarInfo(f"./{name}" if name else ".")
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = mtime
                info.mode = mode
                if content is None:
                    info.type = tarfile.DIRTYPE
                    archive.addfile(info)
                else:
                    info.size = len(content)
                    archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


def _ar(members: list[tuple[str, bytes]], mtime: int) -> bytes:
    out = bytearray(b"!<arch>\n")
    for name, data in members:
        out += f"{name:<16}{mtime:<12}{0:<6}{0:<6}{'100644':<8}{len(data):<10}`\n".encode()
        out += data + (b"\n" if len(data) % 2 else b"")
    return bytes(out)


def write_deb(stage: Path, out: Path, version: str, arch: str, depends: list[str], preset: int = 6) -> Path:
    """The .deb of everything under stage (its usr/ tree), with control, md5sums and maintainer scripts."""
    mtime = source_date_epoch()
    files: list[tuple[str, bytes | None, int]] = [("", None, 0o755)]
    md5sums = []
    size = 0
    for path in sorted(stage.rglob("*"), key=lambda p: p.relative_to(stage).as_posix()):
        relative = path.relative_to(stage).as_posix()
        if path.is_dir():
            files.append((relative + "/", None, 0o755))
            size += 4096
            continue
        data = path.read_bytes()
        files.append((relative, data, _mode(relative)))
        md5sums.append(f"{hashlib.md5(data).hexdigest()}  {relative}\n")
        size += (len(data) + 1023) // 1024 * 1024
    control = [
        ("", None, 0o755),
        ("control", control_text(version, arch, depends, size // 1024).encode(), 0o644),
        ("md5sums", "".join(md5sums).encode(), 0o644),
        ("postinst", postinst_text().encode(), 0o755),
        ("prerm", prerm_text().encode(), 0o755),
    ]
    deb = _ar(
        [
            ("debian-binary", b"2.0\n"),
            ("control.tar.xz", _tar(control, mtime, 9)),
            ("data.tar.xz", _tar(files, mtime, preset)),
        ],
        mtime,
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"footdesk_{version}_{arch}.deb"
    target.write_bytes(deb)
    return target


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=version_of_source(), help="the package's version (default: footdesk's)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the .deb goes (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="the build folder (default build/)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        raise SystemExit("build_deb.py: a Debian package is built on Debian (or Ubuntu) for itself")
    began = time.monotonic()
    python = build_environment(args.work)
    stage = args.work / "deb-root"
    if stage.exists():
        shutil.rmtree(stage)
    site = stage / SITE
    site.parent.mkdir(parents=True)
    install_private(python, site, args.work)
    before = folder_mb(site)
    removed = trim(site)
    removed["symbol tables (strip)"] = strip_binaries(site)
    print(f"private environment: {before:.0f} MB from PyPI, {folder_mb(site):.0f} MB after leaving out")
    for what, size in sorted(removed.items(), key=lambda item: -item[1]):
        if size:
            print(f"  {size / 1e6:6.1f} MB  {what}")
    stage_files(stage, args.version)
    depends = [python_depends(), *shlib_depends(stage)]
    deb = write_deb(stage, args.dist, args.version, debian_arch(), depends)
    print(f"wrote {deb} ({deb.stat().st_size / 1e6:.0f} MB; {folder_mb(stage):.0f} MB installed) "
          f"in {time.monotonic() - began:.0f} s")  # fmt: skip
    print(f"Depends: {', '.join(depends)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
