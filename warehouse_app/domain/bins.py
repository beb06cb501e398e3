"""Floor-walking order of bins.

Bins are written zone-aisle-bay-level (`B-12-3-C`) with unpadded numbers, so
a plain text sort walks `B-10` before `B-2`. The key below compares the
numeric parts as numbers and the rest as text.
"""

from __future__ import annotations

import re

_CHUNK = re.compile(r"(\d+)")


def walking_key(bin_code: str | None) -> tuple[tuple[int, int, str], ...]:
    """Sort key that walks bins in the order they stand on the floor.

    A line with no bin sorts last, so the picker meets it at the end of the
    walk and can ask where it is.
    """
    if not bin_code:
        return ((2, 0, ""),)
    key: list[tuple[int, int, str]] = []
    for chunk in _CHUNK.split(bin_code.strip().upper()):
        if not chunk:
            continue
        if chunk.isdigit():
            key.append((0, int(chunk), ""))
        else:
            key.append((1, 0, chunk))
    return tuple(key)
