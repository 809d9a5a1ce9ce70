"""A routine and its pictures in one archive: the round trip through the real
``footdesk`` command (a picture's bytes identical at the far end), and every
hostile archive of issue 24's "Bad input", each a real zip built here, refused
with one line naming the archive, the entry and the reason, nothing written."""

from __future__ import annotations

import os
import stat
import struct
import subprocess
import sys
import tracemalloc
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from footdesk import paths
from footdesk.archive import MAX_ARCHIVE_BYTES, MAX_ENTRIES, RoutineArchive, archive_bytes
from footdesk.library import LibraryError, RoutineLibrary
from footdesk.routine import load_default_routine
from tests.faults.test_hostile_routines import footdesk, one_line_error
from tests.test_pictures import encoded, gif, png_bomb

ROUTINE = """\
schema = 2
id = "knee"
title = "Knee programme"
# from my physiotherapist

[[steps]]
id = "calf"
title = "Calf stretch"
timing = "per-side"
seconds = 30
picture = "{calf}"  # a photo
mirror = true
instructions = ["Heel of your {{side}} leg off the step."]

[[steps]]
id = "squat"
title = "Wall squat"
timing = "timed"
seconds = 40
picture = "{squat}"
instructions = ["Slide down the wall."]
"""
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0L10 10" stroke="#1a1a1a"/></svg>'


def routine_text(calf: str = "knee.pictures/calf.png", squat: str = "knee.pictures/squat.gif") -> str:
    return ROUTINE.format(calf=calf, squat=squat)


def pictures() -> dict[str, bytes]:
    return {"knee.pictures/calf.png": encoded("PNG"), "knee.pictures/squat.gif": gif(12)}


def zip_of(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A real zip of these entries, as a zip tool would write them (or as an attacker would)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: that is the point of one test
        with zipfile.ZipFile(path, "w", method) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return path


def good_entries() -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return [("knee.toml", routine_text().encode()), *pictures().items()]


def library() -> RoutineLibrary:
    return RoutineLibrary(paths.routines_dir(), load_default_routine())


def config_snapshot() -> dict[str, bytes]:
    """Every file in the config folder (the library's), with its bytes."""
    root = paths.routines_dir().parent
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def info(name: str, mode: int | None = None) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
    if mode is not None:
        entry.external_attr = mode << 16
    return entry


# The round trip ---------------------------------------------------------------------


def test_toml_to_library_to_zip_to_a_fresh_home_and_back(tmp_path, monkeypatch):
    """A routine file with its pictures beside it, imported, exported as an
    archive, imported on another computer: every picture byte for byte."""
    shared = tmp_path / "from-physio"
    (shared / "photos").mkdir(parents=True)
    (shared / "knee.toml").write_text(routine_text("photos/calf.png", "squat.gif"), encoding="utf-8")
    (shared / "photos" / "calf.png").write_bytes(encoded("PNG"))
    (shared / "squat.gif").write_bytes(gif(12))
    imported = footdesk("routine", "import", str(shared / "knee.toml"))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 'Knee programme' as knee" in imported.stdout and "with 2 pictures" in imported.stdout
    stored = (paths.routines_dir() / "knee.toml").read_text(encoding="utf-8")
    assert stored == routine_text()  # the names point into its own folder; comments and all kept
    assert (paths.routines_dir() / "knee.pictures" / "calf.png").read_bytes() == encoded("PNG")

    archive = tmp_path / "knee.zip"
    exported = footdesk("routine", "export", "knee", str(archive))
    assert exported.returncode == 0, exported.stderr
    assert f"written to {archive} with 2 pictures" in exported.stdout
    with zipfile.ZipFile(archive) as written:
        assert written.namelist() == ["knee.toml", "knee.pictures/calf.png", "knee.pictures/squat.gif"]
        assert written.read("knee.toml").decode() == stored
        for name, data in pictures().items():
            assert written.read(name) == data

    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        fresh = tmp_path / "fresh" / name.lower()
        fresh.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(name, str(fresh))
    assert not paths.routines_dir().exists()
    again = footdesk("routine", "import", str(archive))
    assert again.returncode == 0, again.stderr
    for name, data in pictures().items():
        assert (paths.routines_dir() / name).read_bytes() == data
    listed = footdesk("routine", "list").stdout.splitlines()
    assert any(line.startswith("knee  Knee programme — 2 steps") for line in listed), listed
    shown = footdesk("routine", "show", "knee")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        f"knee  Knee programme — 2 steps, 1 min 40 s of exercise ({paths.routines_dir() / 'knee.toml'})",
        "1. Calf stretch — 0:30 each side",
        "   picture knee.pictures/calf.png (flipped for the right side)",
        "2. Wall squat — 0:40",
        "   picture knee.pictures/squat.gif",
    ]


def test_a_plain_export_of_a_routine_with_pictures_says_they_need_an_archive(tmp_path):
    zip_of(tmp_path / "in.zip", good_entries())
    library().import_file(tmp_path / "in.zip")
    result = footdesk("routine", "export", "knee", str(tmp_path / "knee.toml"))
    assert result.returncode == 0, result.stderr
    assert "without its 2 pictures" in result.stdout and f"export knee {tmp_path / 'knee.zip'}" in result.stdout
    assert (tmp_path / "knee.toml").read_text(encoding="utf-8") == routine_text()


def test_a_routine_without_pictures_stays_a_plain_file_and_zips_alone(tmp_path):
    plain = routine_text().replace('picture = "knee.pictures/calf.png"  # a photo\nmirror = true\n', "")
    plain = plain.replace('picture = "knee.pictures/squat.gif"\n', "")
    (tmp_path / "knee.toml").write_text(plain, encoding="utf-8")
    entry = library().import_file(tmp_path / "knee.toml")
    assert entry.path is not None and entry.path.read_text(encoding="utf-8") == plain
    assert sorted(p.name for p in paths.routines_dir().iterdir()) == ["knee.toml"]
    library().export("knee", tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as written:
        assert written.namelist() == ["knee.toml"]


def test_an_archive_footdesk_could_not_read_back_is_not_written():
    with pytest.raises(ValueError, match="more than 200 files"):
        archive_bytes("x.toml", "", [(f"p{n}.png", b"x") for n in range(MAX_ENTRIES)], _now())
    squashy = b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)  # deflates 1000 to 1: stored instead
    data = archive_bytes("x.toml", "", [("a.png", squashy)], _now())
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as written:
        assert written.getinfo("a.png").compress_type == zipfile.ZIP_STORED


def _now():
    from datetime import datetime

    return datetime(2026, 12, 7, 12, 0, 0)


# Hostile archives -------------------------------------------------------------------


def refused(archive: Path, *words: str) -> str:
    """The import refused with one line naming the archive and saying ``words``; nothing written."""
    before = config_snapshot()
    with pytest.raises(LibraryError) as error:
        library().import_file(archive)
    message = str(error.value)
    assert "\n" not in message and message.startswith(f"{archive}: ") and message.endswith("nothing was imported")
    for word in words:
        assert word in message, message
    assert config_snapshot() == before
    assert not paths.routines_dir().exists() or not any(paths.routines_dir().iterdir())
    return message


GOOD_TOML = ("knee.toml", routine_text().encode())


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/knee.pictures/calf.png", "an absolute path"),
        ("C:/knee.pictures/calf.png", "an absolute path"),
        ("c:calf.png", "an absolute path"),
        ("../knee.pictures/calf.png", "climbs out"),
        ("knee.pictures/../../calf.png", "climbs out"),
        ("knee.pictures\\calf.png", "a backslash"),
        ("knee.pictures/extra.png", "not one of the pictures knee.toml names"),
        ("notes.txt", "not one of the pictures knee.toml names"),
        ("elsewhere/", "a folder none of the pictures knee.toml names is in"),
    ],
)
def test_an_entry_path_that_is_not_one_of_the_routines_is_refused(tmp_path, name, reason):
    archive = zip_of(tmp_path / "shared.zip", [*good_entries(), (name, encoded("PNG") if "." in name else b"")])
    refused(archive, repr(name), reason)


def test_a_zip_tools_folder_entries_for_the_pictures_are_fine(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", [("knee.pictures/", b""), *good_entries()])
    assert library().import_file(archive).id == "knee"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        (stat.S_IFLNK | 0o777, "a symbolic link"),
        (stat.S_IFIFO | 0o644, "not a regular file"),
        (stat.S_IFCHR | 0o644, "not a regular file"),
        (stat.S_IFSOCK | 0o644, "not a regular file"),
    ],
)
def test_a_link_or_any_entry_that_is_not_a_regular_file_is_refused(tmp_path, mode, reason):
    entries = [GOOD_TOML, (info("knee.pictures/calf.png", mode), b"/etc/passwd"), good_entries()[2]]
    refused(zip_of(tmp_path / "shared.zip", entries), "'knee.pictures/calf.png'", reason)


def central_entries(data: bytes) -> dict[str, int]:
    """Where each entry's record in the zip's table of contents starts, by name."""
    found, at = {}, 0
    while (at := data.find(b"PK\x01\x02", at + 1)) > 0:
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        found[data[at + 46 : at + 46 + name_length].decode()] = at
    return found


def test_an_encrypted_entry_is_refused(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", good_entries())
    data = bytearray(archive.read_bytes())
    data[central_entries(data)["knee.pictures/calf.png"] + 8] |= 0x1  # the flag zipfile writes for no one
    archive.write_bytes(bytes(data))
    refused(archive, "'knee.pictures/calf.png'", "encrypted")


def test_two_entries_of_the_same_name_are_refused(tmp_path):
    entries = [*good_entries(), ("knee.pictures/calf.png", encoded("PNG", 20, 20))]
    refused(zip_of(tmp_path / "shared.zip", entries), "'knee.pictures/calf.png'", "two entries of this name")


def test_more_than_200_entries_are_refused_before_any_is_read(tmp_path):
    entries = [*good_entries(), *((f"knee.pictures/{n}/", b"") for n in range(MAX_ENTRIES))]
    refused(zip_of(tmp_path / "shared.zip", entries), "holds 203 entries; at most 200")


def test_a_central_directory_of_thousands_of_entries_is_refused_before_zipfile_lists_them(tmp_path):
    entries = [*good_entries(), *((f"{n}", b"") for n in range(5000))]
    refused(zip_of(tmp_path / "shared.zip", entries, zipfile.ZIP_STORED), "more than 200 entries")


def test_an_archive_over_50_mb_is_refused_before_it_is_read(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", good_entries())
    with archive.open("r+b") as grown:  # sparse: no 50 MB written for the test
        grown.truncate(MAX_ARCHIVE_BYTES + 1)
    refused(archive, "too large", str(MAX_ARCHIVE_BYTES))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"just text, named .zip", "not a zip archive"),
        (b"PK\x05\x06" + bytes(18), "holds one routine file (.toml) at its top; found none"),
    ],
)
def test_a_file_that_is_not_a_zip_is_refused(tmp_path, content, reason):
    archive = tmp_path / "shared.zip"
    archive.write_bytes(content)
    refused(archive, reason)


def test_a_damaged_zip_is_refused(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", good_entries(), zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    at = data.index(encoded("PNG"))
    data[at + 40 : at + 48] = b"XXXXXXXX"  # inside the picture: its CRC no longer matches
    archive.write_bytes(bytes(data))
    refused(archive, "'knee.pictures/calf.png'", "damaged", "CRC")
    archive.write_bytes(archive.read_bytes()[: len(data) // 2])  # cut in half: no table of contents
    refused(archive, "not a zip archive, or a damaged one")


def test_the_routine_file_must_be_one_at_the_top_and_a_routine(tmp_path):
    two = [*good_entries(), ("other.toml", routine_text().encode())]
    refused(zip_of(tmp_path / "two.zip", two), "found 'knee.toml', 'other.toml'")
    nested = [("sub/knee.toml", routine_text().encode()), *pictures().items()]
    refused(zip_of(tmp_path / "nested.zip", nested), "found none")
    broken = [("knee.toml", b'id = "knee"\n'), *pictures().items()]
    refused(zip_of(tmp_path / "broken.zip", broken), f"{tmp_path / 'broken.zip'}: knee.toml", "title")


def test_a_picture_the_routine_names_missing_from_the_archive_is_refused(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", good_entries()[:2])
    refused(archive, "'knee.pictures/squat.gif'", "the archive does not hold it")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (png_bomb(), "the picture is 30000 × 30000 pixels"),
        (encoded("JPEG"), "its name says PNG but its content is a JPEG picture"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "damaged"),
    ],
)
def test_every_picture_inside_is_checked_like_a_picture_received_alone(tmp_path, data, reason):
    entries = [GOOD_TOML, ("knee.pictures/calf.png", data), good_entries()[2]]
    refused(zip_of(tmp_path / "shared.zip", entries), "'knee.pictures/calf.png'", reason)


def test_an_entry_over_its_cap_is_refused_from_its_header(tmp_path):
    toml = routine_text() + "# " + "x" * (256 * 1024) + "\n"
    refused(zip_of(tmp_path / "toml.zip", [("knee.toml", toml.encode()), *pictures().items()]),
            "'knee.toml'", "at most 262144 (it was not unpacked)")  # fmt: skip
    photo = b"\x89PNG\r\n\x1a\n" + os.urandom(10 * 1024 * 1024)  # does not compress: no bomb, just large
    entries = [GOOD_TOML, ("knee.pictures/calf.png", photo), good_entries()[2]]
    refused(zip_of(tmp_path / "photo.zip", entries), "'knee.pictures/calf.png'", "at most 10485760")


def test_an_entry_that_unpacks_more_than_100_to_1_is_a_bomb(tmp_path):
    squashy = b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)
    entries = [GOOD_TOML, ("knee.pictures/calf.png", squashy), good_entries()[2]]
    refused(zip_of(tmp_path / "shared.zip", entries), "'knee.pictures/calf.png'", "a zip bomb")


def test_unpacked_together_the_entries_are_bounded(tmp_path):
    """Each picture under its cap, stored (no bomb), yet together more than the archive limit allows."""
    names = [f"p{n}.png" for n in range(11)]
    archive = tmp_path / "shared.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as written:
        written.writestr(*GOOD_TOML)
        for name in names:
            entry = info(name)
            entry.file_size = 0
            written.writestr(entry, b"")
    # the headers say ten megabytes each, which is what a reader would believe
    data = bytearray(archive.read_bytes())
    for name in names:
        at = central_entries(data)[name]
        data[at + 20 : at + 28] = struct.pack("<II", 10 * 1024 * 1024, 10 * 1024 * 1024)  # packed, unpacked
    archive.write_bytes(bytes(data))
    refused(archive, "would unpack to", "at most 104857600")


# Headers that lie, and a real zip bomb -----------------------------------------------


def zeros_deflated(size_mb: int) -> bytes:
    """A raw deflate stream of ``size_mb`` megabytes of zeros (about 1 kB each), made
    without making the zeros: every megabyte after a full flush compresses the same."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * size_mb + compressor.flush()


def one_entry_zip(path: Path, name: str, stream: bytes, declared: int, crc: int = 0) -> Path:
    """A zip written by hand: a routine file, then one deflated entry whose
    headers say it unpacks to ``declared`` bytes, whatever the stream holds."""
    toml = routine_text().replace('picture = "knee.pictures/squat.gif"\n', "").encode()
    files = [("knee.toml", zlib.crc32(toml), toml, len(toml), 0), (name, crc, stream, declared, 8)]
    body, directory = b"", b""
    for entry, checksum, data, size, method in files:
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, checksum, len(data), size,
                            len(entry), 0)  # fmt: skip
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, 0, method, 0, 0x21, checksum,
                                 len(data), size, len(entry), 0, 0, 0, 0, 0o100644 << 16, len(body))  # fmt: skip
        directory += entry.encode()
        body += local + entry.encode() + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def test_a_zip_bomb_of_a_gigabyte_is_refused_from_its_header_without_unpacking(tmp_path):
    stream = zeros_deflated(1024)
    archive = one_entry_zip(tmp_path / "bomb.zip", "knee.pictures/calf.png", stream, 1024**3)
    tracemalloc.start()
    try:
        refused(archive, "'knee.pictures/calf.png'", "unpacks to 1073741824 bytes", "it was not unpacked")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # the archive is 1 MB; a gigabyte read whole would show


@pytest.mark.parametrize("declared", [5 * 1024 * 1024, 1000])
def test_a_header_that_lies_about_the_size_never_lets_more_out(tmp_path, declared):
    """The gigabyte of zeros declared as five megabytes (1 to 5, no bomb by the
    header) or as a thousand bytes: the read stops at what the header said, and
    the checksum says the rest."""
    stream = zeros_deflated(1024)
    archive = one_entry_zip(tmp_path / "liar.zip", "knee.pictures/calf.png", stream, declared)
    tracemalloc.start()
    try:
        refused(archive, "'knee.pictures/calf.png'", "damaged")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # a few read chunks and the 1 MB archive, never what the stream holds


def test_an_entry_compressed_some_other_way_is_refused(tmp_path):
    archive = zip_of(tmp_path / "shared.zip", good_entries(), zipfile.ZIP_BZIP2)
    refused(archive, "compressed in a way footdesk does not read")


PEAK = """\
import resource, subprocess, sys
run = subprocess.run([sys.executable, "-m", "footdesk", "routine", "import", sys.argv[1]],
                     capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
print(run.stderr, end="", file=sys.stderr)
"""


def peak_of_import(archive: Path) -> tuple[int, int, str]:
    """The real command importing ``archive`` in a process of its own: its exit code, its
    peak resident memory in kB (the only child of a fresh parent), and what it said."""
    env = dict(os.environ, PYTHONSAFEPATH="1")
    run = subprocess.run([sys.executable, "-c", PEAK, str(archive)], env=env, capture_output=True, text=True,
                         check=True, timeout=90)  # fmt: skip
    first, _, said = run.stderr.partition("\n")
    code, peak = (int(word) for word in first.split())
    return code, peak, said


def test_a_png_decompression_bomb_in_an_archive_costs_no_more_memory_than_a_good_import(tmp_path):
    """30000 × 30000 pixels of zeros is 900 MB decoded: refused from its header,
    the import's peak memory is that of importing a good archive."""
    good = zip_of(tmp_path / "good.zip", good_entries())
    bomb = zip_of(tmp_path / "bomb.zip", [GOOD_TOML, ("knee.pictures/calf.png", png_bomb()), good_entries()[2]])
    code, peak, said = peak_of_import(bomb)
    assert code == 1 and said.count("\n") == 1 and "30000 × 30000" in said and str(bomb) in said, said
    good_code, good_peak, good_said = peak_of_import(good)
    assert good_code == 0, good_said
    print(f"peak memory: bomb {peak} kB, good archive {good_peak} kB")
    assert peak < good_peak + 20 * 1024


def test_the_terminal_says_an_archive_refusal_in_one_line(tmp_path):
    archive = zip_of(tmp_path / "evil.zip", [*good_entries(), ("../../.bashrc", b"rm -rf ~")])
    result = footdesk("routine", "import", str(archive))
    one_line_error(result, str(archive), "'../../.bashrc'", "climbs out", "nothing was imported")
    assert not paths.routines_dir().exists() or not any(paths.routines_dir().iterdir())


def test_the_archive_reader_reads_only_what_it_checked(tmp_path):
    """The archive is read once: a file changed after it was opened changes nothing of what is imported."""
    archive = zip_of(tmp_path / "shared.zip", good_entries())
    with RoutineArchive(archive) as opened:
        archive.write_bytes(b"changed")
        received = opened.routine()
        assert received.routine.id == "knee"
        assert opened.picture("knee.pictures/calf.png") == encoded("PNG")
