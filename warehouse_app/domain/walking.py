"""Serpentine walking: up the odd aisles, down the even ones.

A bin is written zone-aisle-bay-level, e.g. `B-12-3-C`: zone B, aisle 12,
bay 3, level C. A picker who walks a zone in serpentine order goes up aisle
1 from bay 1, crosses at the far end and comes down aisle 2 from its last
bay, and so on, never walking an aisle empty-handed back to its start.

Nothing here but the standard library: the services sort pick lines with
these keys before a pick document is drawn.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(\d+)")
_BIN = re.compile(
    r"^(?P<zone>[^-]+)-(?P<aisle>\d+)(?:-(?P<bay>\d+))?(?:-(?P<rest>.*))?$"
)

# One part of a natural sort key: numbers compare as numbers, text as text.
Chunk = tuple[int, int, str]
SerpentineKey = tuple[int, tuple[Chunk, ...], int, int, tuple[Chunk, ...]]


def serpentine_key(bin_code: str | None) -> SerpentineKey:
    """Sort key that walks each zone up its odd aisles and down its even ones.

    Within a zone, aisles come in number order; in an odd aisle the bays
    ascend and in an even aisle they descend; the levels of one bay go in
    natural order. A bin that is not zone-aisle[-bay[-level]] sorts after
    the bins that are, in natural order, and a line with no bin sorts last.
    """
    code = (bin_code or "").strip().upper()
    if not code:
        return (2, (), 0, 0, ())
    match = _BIN.match(code)
    if match is None:
        return (1, _natural(code), 0, 0, ())

    aisle = int(match["aisle"])
    bay = int(match["bay"] or 0)
    walked_bay = bay if aisle % 2 else -bay
    return (0, _natural(match["zone"]), aisle, walked_bay, _natural(match["rest"]))


def zone_of(bin_code: str | None) -> str:
    """The zone a bin is in: what comes before its first hyphen, e.g. "B".

    A bin with no hyphen names no zone, and neither does a missing bin;
    both give "".
    """
    code = (bin_code or "").strip().upper()
    zone, hyphen, _ = code.partition("-")
    return zone if hyphen else ""


def _natural(text: str | None) -> tuple[Chunk, ...]:
    chunks: list[Chunk] = []
    for chunk in _NUMBER.split(text or ""):
        if chunk.isdigit():
            chunks.append((0, int(chunk), ""))
        elif chunk:
            chunks.append((1, 0, chunk))
    return tuple(chunks)
