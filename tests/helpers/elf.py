"""The libraries a Linux shared object asks for (its DT_NEEDED entries), read
from the file itself: no readelf or ldd needed, and nothing is loaded."""

from __future__ import annotations

import struct
from pathlib import Path

_SHT_DYNAMIC = 6
_DT_NEEDED = 1


def needed_libraries(path: Path) -> list[str]:
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:  # 64-bit only: what PySide6 wheels ship
        raise ValueError(f"{path}: not a 64-bit ELF file")
    order = "<" if data[5] == 1 else ">"
    shoff, shentsize, shnum = (struct.unpack_from(f"{order}Q", data, 0x28)[0],
                               *struct.unpack_from(f"{order}HH", data, 0x3A))  # fmt: skip
    sections = [struct.unpack_from(f"{order}IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names: list[str] = []
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != _SHT_DYNAMIC:
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, entsize or 16):
            tag, value = struct.unpack_from(f"{order}qQ", data, at)
            if tag == _DT_NEEDED:
                end = data.index(b"\0", strings + value)
                names.append(data[strings + value : end].decode())
    return names
