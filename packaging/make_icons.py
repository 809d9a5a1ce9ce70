"""Render the application icon's PNG sizes from assets/icons/footdesk.svg.

    python packaging/make_icons.py      # needs rsvg-convert (Debian package librsvg2-bin)

The SVG is drawn by hand for footdesk; the PNGs are what the window, the
desktop file and a bundle use where SVG is not understood.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    if shutil.which("rsvg-convert") is None:
        print("make_icons: needs rsvg-convert (apt-get install librsvg2-bin)", file=sys.stderr)
        return 1
    for size in SIZES:
        target = ICONS / f"footdesk-{size}.png"
        subprocess.run(
            ["rsvg-convert", "-w", str(size), "-h", str(size), str(ICONS / "footdesk.svg"), "-o", str(target)],
            check=True,
        )
        print(target.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
