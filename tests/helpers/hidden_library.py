"""Run a process as if a system library were not installed.

The library is hidden in a private mount namespace: an overlay over its folder
with the library deleted, so the dynamic loader finds it neither through the
ld.so cache nor in the system folders. Nothing outside that one process tree
changes, so there is nothing to put back. Needs Linux, root (or the right to
make user namespaces with mounts), unshare(1) and overlayfs; without them,
hide_command() says why not.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
from pathlib import Path

_HIDE = """
set -e
folder=$1; name=$2; work=$3; shift 3
mkdir -p "$work/upper" "$work/work"
mount -t overlay overlay -o "lowerdir=$folder,upperdir=$work/upper,workdir=$work/work" "$folder"
rm -f "$folder/$name"*
exec "$@"
"""


def library_file(soname: str) -> Path | None:
    """The file the dynamic loader loads for this library, or None when it finds none."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split(maxsplit=5)[-1]
        if path.startswith("/") and Path(path).name.startswith(soname):
            return Path(path)
    return None


def hide_command(soname: str, work: Path) -> tuple[list[str], str | None]:
    """A command prefix that runs what follows it without the library, and
    why that cannot be done here (then the prefix is empty). A library that is
    not installed needs no hiding: the prefix is empty and the reason None."""
    if not sys.platform.startswith("linux"):
        return [], "hiding a library needs Linux mount namespaces"
    found = library_file(soname)
    if found is None:
        return [], None
    if shutil.which("unshare") is None:
        return [], "hiding a library needs unshare(1) (util-linux)"

    def prefix(scratch: Path) -> list[str]:
        return ["unshare", "--mount", "sh", "-c", _HIDE, "hide", str(found.parent), soname, str(scratch)]

    probe = subprocess.run([*prefix(work / "probe"), "true"], capture_output=True, text=True, timeout=30, check=False)
    if probe.returncode != 0:
        why = probe.stderr.strip().splitlines()[-1:] or [f"exit {probe.returncode}"]
        return [], f"cannot hide {soname} in a mount namespace here ({why[0]}; needs root and overlayfs)"
    return prefix(work / "run"), None
