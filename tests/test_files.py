from __future__ import annotations

import logging
import os
import stat

import pytest

from footdesk.files import (
    TEMP_PREFIX,
    ExportTargetError,
    PrivateLogHandler,
    TargetError,
    atomic_write_text,
    check_export_target,
    create_private_dirs,
    is_private_dir,
    open_log,
    sweep_stale_temp_files,
    tighten_private_dir,
    write_new_file,
)


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path):
    target = tmp_path / "a.toml"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    atomic_write_text(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_atomic_write_creates_missing_folders(tmp_path):
    target = tmp_path / "deep" / "er" / "a.json"
    atomic_write_text(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.toml"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "precious"
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_sweep_removes_only_old_temp_files(tmp_path):
    old = tmp_path / f"{TEMP_PREFIX}old"
    young = tmp_path / f"{TEMP_PREFIX}young"
    other = tmp_path / "settings.toml"
    for path in (old, young, other):
        path.write_text("x")
    os.utime(old, (1000, 1000))
    removed = sweep_stale_temp_files(tmp_path, now=1000 + 7200)
    assert removed == [old]
    assert young.exists() and other.exists()


# What footdesk writes is the person's alone --------------------------------------

needs_modes = pytest.mark.skipif(os.name != "posix", reason="files have no Unix modes here")
needs_root = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can make device nodes")


def mode_of(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask_022():
    """The usual umask, so a private mode is footdesk's doing, not the umask's."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def victim(tmp_path):
    """Someone else's file that a planted link points at: it must stay as it is."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "victim.txt"
    path.write_text("not footdesk's", encoding="utf-8")
    return path


@needs_modes
def test_a_new_file_is_0600_and_new_folders_0700_and_existing_folders_untouched(tmp_path, umask_022):
    tmp_path.chmod(0o755)
    target = tmp_path / "new" / "deeper" / "a.toml"
    atomic_write_text(target, "x")
    assert mode_of(target) == 0o600
    assert mode_of(tmp_path / "new") == 0o700 and mode_of(tmp_path / "new" / "deeper") == 0o700
    assert mode_of(tmp_path) == 0o755


def test_writing_through_the_persons_own_link_replaces_its_target(tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "footdesk.toml"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "config" / "settings.toml"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert mode_of(real) == 0o644
    assert not list(dotfiles.glob(TEMP_PREFIX + "*")) and not list(link.parent.glob(TEMP_PREFIX + "*"))


def test_a_chain_of_links_and_a_link_to_a_file_not_made_yet_are_written_through(tmp_path):
    real = tmp_path / "real.toml"
    middle = tmp_path / "middle.toml"
    middle.symlink_to(real)
    link = tmp_path / "settings.toml"
    link.symlink_to(middle)
    atomic_write_text(link, "first")  # the target does not exist yet
    assert real.read_text(encoding="utf-8") == "first" and link.is_symlink() and middle.is_symlink()
    atomic_write_text(link, "second")
    assert real.read_text(encoding="utf-8") == "second"


def test_a_loop_of_links_is_refused(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.symlink_to(two)
    two.symlink_to(one)
    with pytest.raises(TargetError):
        atomic_write_text(one, "x")


def test_without_following_links_a_link_is_refused_and_its_target_untouched(tmp_path, victim):
    link = tmp_path / "export.csv"
    link.symlink_to(victim)
    with pytest.raises(TargetError) as caught:
        atomic_write_text(link, "rows", follow_symlinks=False)
    assert "symbolic link" in caught.value.reason and caught.value.path == link
    assert victim.read_text(encoding="utf-8") == "not footdesk's" and link.is_symlink()


def make_fifo(path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(path)
    return path


def make_socket(path):
    import socket

    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets on this system")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def make_device(path):
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    return path


def make_folder(path):
    path.mkdir()
    return path


NOT_REGULAR = [
    pytest.param(make_fifo, "FIFO", id="fifo"),
    pytest.param(make_socket, "socket", id="socket"),
    pytest.param(make_folder, "folder", id="folder"),
    pytest.param(make_device, "device", id="device", marks=needs_root),
]


@pytest.mark.parametrize(("make", "words"), NOT_REGULAR)
def test_anything_but_a_regular_file_is_never_replaced(tmp_path, make, words):
    target = make(tmp_path / "a.csv")
    kind = stat.S_IFMT(os.lstat(target).st_mode)
    with pytest.raises(TargetError) as caught:
        atomic_write_text(target, "x")
    assert words in str(caught.value) and str(target) in str(caught.value)
    assert stat.S_IFMT(os.lstat(target).st_mode) == kind
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


@pytest.mark.parametrize(("make", "words"), NOT_REGULAR)
def test_a_link_to_anything_but_a_regular_file_is_not_written_through(tmp_path, make, words):
    target = make(tmp_path / "special")
    link = tmp_path / "settings.toml"
    link.symlink_to(target)
    with pytest.raises(TargetError):
        atomic_write_text(link, "x")
    assert link.is_symlink()


@needs_modes
def test_a_new_file_is_made_private_and_never_through_a_link(tmp_path, victim, umask_022):
    copy = tmp_path / "settings.toml.1.bak"
    write_new_file(copy, b"old settings")
    assert copy.read_bytes() == b"old settings" and mode_of(copy) == 0o600
    with pytest.raises(FileExistsError):
        write_new_file(copy, b"again")
    assert copy.read_bytes() == b"old settings"
    planted = tmp_path / "settings.toml.2.bak"
    planted.symlink_to(victim)
    with pytest.raises(OSError):
        write_new_file(planted, b"old settings")
    assert victim.read_text(encoding="utf-8") == "not footdesk's"


# The log -------------------------------------------------------------------------


@needs_modes
def test_the_log_is_made_0600_and_appended_to(tmp_path, umask_022):
    path = tmp_path / "footdesk.log"
    with open_log(path) as stream:
        stream.write("one\n")
    with open_log(path) as stream:
        stream.write("two ✓\n")
    assert path.read_text(encoding="utf-8") == "one\ntwo ✓\n"
    assert mode_of(path) == 0o600


def test_the_log_is_never_written_through_a_link(tmp_path, victim):
    path = tmp_path / "footdesk.log"
    path.symlink_to(victim)
    with pytest.raises(OSError):
        open_log(path)
    with pytest.raises(OSError):
        PrivateLogHandler(path)
    assert victim.read_text(encoding="utf-8") == "not footdesk's"


def test_a_fifo_as_the_log_neither_hangs_nor_receives_it(tmp_path):
    path = make_fifo(tmp_path / "footdesk.log")
    with pytest.raises(OSError):  # nobody reads it: refused at once, no hang
        open_log(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(TargetError):
            open_log(path)
    finally:
        os.close(reader)


def test_the_log_handler_writes_records_to_its_private_file(tmp_path):
    path = tmp_path / "footdesk.log"
    handler = PrivateLogHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("footdesk.test-private-log")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("kept %s", "here")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert path.read_text(encoding="utf-8") == "WARNING kept here\n"


def logger_to(handler: logging.Handler, name: str) -> logging.Logger:
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(f"footdesk.test-private-log.{name}")
    logger.propagate = False
    logger.handlers = [handler]
    return logger


def test_the_log_rotates_by_size_while_footdesk_runs(tmp_path, umask_022):
    folder = tmp_path / "log"
    folder.mkdir()
    path = folder / "footdesk.log"
    handler = PrivateLogHandler(path, max_bytes=300, backups=2)
    logger = logger_to(handler, "rotates")
    try:
        for number in range(60):
            logger.warning("line %02d of a log that keeps growing", number)
    finally:
        handler.close()
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == ["footdesk.log", "footdesk.log.1", "footdesk.log.2"]
    for name in kept:
        assert (folder / name).stat().st_size < 300
        assert mode_of(folder / name) == 0o600
    assert path.read_text(encoding="utf-8").endswith("line 59 of a log that keeps growing\n")
    assert "line 58" in (folder / "footdesk.log.1").read_text(encoding="utf-8") + path.read_text(encoding="utf-8")


def test_a_link_planted_among_the_old_logs_is_never_written_through(tmp_path, victim):
    path = tmp_path / "footdesk.log"
    (tmp_path / "footdesk.log.1").symlink_to(victim)
    handler = PrivateLogHandler(path, max_bytes=100, backups=3)
    logger = logger_to(handler, "planted")
    try:
        for number in range(10):
            logger.warning("line %d, long enough to rotate the log", number)
    finally:
        handler.close()
    assert victim.read_text(encoding="utf-8") == "not footdesk's"
    assert path.is_file() and not path.is_symlink()


class FullDisk:
    """A log stream on a disk that has filled up."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        raise OSError(28, "No space left on device")

    def tell(self) -> int:
        return 0

    def close(self) -> None:
        self.flush()


def test_a_log_that_cannot_be_written_is_said_once_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "footdesk.log"
    said: list[str] = []
    handler = PrivateLogHandler(path, say=said.append)
    logger = logger_to(handler, "full")
    try:
        logger.warning("written")
        handler.stream = FullDisk()
        for number in range(5):
            logger.warning("lost %d", number)
            handler.stream = FullDisk()  # the disk stays full at every new try
        handler.stream = None  # space again: the log is opened again
        logger.warning("written again")
    finally:
        handler.close()
    assert said == [f"footdesk: {path}: cannot write the log (No space left on device); footdesk goes on, and the "
                    "log resumes when it can be written"]  # fmt: skip
    assert capsys.readouterr().err == ""
    assert path.read_text(encoding="utf-8") == (
        "written\n(the log could not be written for a while (No space left on device); lines are missing)\n"
        "written again\n"
    )


# Export targets ------------------------------------------------------------------


def test_an_export_may_go_to_a_new_file_in_an_existing_folder(tmp_path):
    check_export_target(tmp_path / "history.csv", force=False)


def test_an_existing_export_file_is_replaced_only_with_force(tmp_path):
    target = tmp_path / "history.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ExportTargetError) as caught:
        check_export_target(target, force=False)
    assert caught.value.path == target and caught.value.reason == "exists; use --force to replace it"
    assert str(caught.value) == f"{target}: exists; use --force to replace it"
    assert isinstance(caught.value, OSError) and caught.value.strerror == caught.value.reason
    check_export_target(target, force=True)


@pytest.mark.parametrize(("make", "words"), NOT_REGULAR)
def test_an_export_never_replaces_anything_but_a_regular_file(tmp_path, make, words):
    target = make(tmp_path / "history.csv")
    for force in (False, True):
        with pytest.raises(ExportTargetError) as caught:
            check_export_target(target, force=force)
        assert words in caught.value.reason and "not a regular file" in caught.value.reason


def test_an_export_never_replaces_a_link_even_with_force(tmp_path, victim):
    link = tmp_path / "history.csv"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    for target in (link, dangling):
        with pytest.raises(ExportTargetError) as caught:
            check_export_target(target, force=True)
        assert "symbolic link" in caught.value.reason
    assert victim.read_text(encoding="utf-8") == "not footdesk's"
    assert not (tmp_path / "nowhere.csv").exists()


def test_an_export_into_a_missing_folder_is_refused_and_no_folder_made(tmp_path):
    target = tmp_path / "no-such-folder" / "history.csv"
    with pytest.raises(ExportTargetError) as caught:
        check_export_target(target, force=True)
    assert "does not exist" in caught.value.reason and caught.value.path == target
    assert not target.parent.exists()
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportTargetError) as caught:
        check_export_target(tmp_path / "a-file" / "history.csv", force=True)
    assert "not a folder" in caught.value.reason


# Private folders ------------------------------------------------------------------


@needs_modes
def test_an_old_folder_is_made_private_files_too_but_links_and_parents_are_not_touched(tmp_path, victim):
    victim.chmod(0o644)
    parent = tmp_path / "config"
    folder = parent / "footdesk"
    folder.mkdir(parents=True)
    parent.chmod(0o755)
    folder.chmod(0o755)
    settings = folder / "settings.toml"
    settings.write_text("x")
    settings.chmod(0o644)
    script = folder / "hook.sh"
    script.write_text("x")
    script.chmod(0o755)
    (folder / "link").symlink_to(victim)
    changed = tighten_private_dir(folder)
    assert mode_of(folder) == 0o700 and mode_of(settings) == 0o600 and mode_of(script) == 0o700
    assert mode_of(parent) == 0o755 and mode_of(victim) == 0o644
    assert set(changed) == {folder, settings, script}
    assert tighten_private_dir(folder) == []  # already private: nothing to do
    assert tighten_private_dir(tmp_path / "missing") == []


@needs_modes
def test_a_private_folder_is_a_real_folder_of_ones_own_closed_to_others(tmp_path):
    folder = tmp_path / "mine"
    create_private_dirs(folder)
    assert is_private_dir(folder)
    folder.chmod(0o750)
    assert not is_private_dir(folder)
    folder.chmod(0o700)
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert not is_private_dir(link)
    assert not is_private_dir(tmp_path / "missing")
    if os.geteuid() == 0:
        os.chown(folder, 12345, 12345)  # someone else's
        assert not is_private_dir(folder)
