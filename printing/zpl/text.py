"""Field data and text that fits, for ZPL's scalable font 0, measured in dots.

Field data is sent as UTF-8 (`^CI28`) and every text field carries `^FH_`,
which makes `_` the escape character: `_` followed by two hex digits is the
byte they name. `^` and `~` would start a command, so they go as `_5E` and
`_7E`, and `_` itself as `_5F`; everything else, é and £ included, goes as
written.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

ESCAPE = "_"
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_FIELD_DATA = {
    **{code: " " for code in _CONTROLS},
    ord("_"): "_5F",
    ord("^"): "_5E",
    ord("~"): "_7E",
}
ELLIPSIS = "..."
LINE_PITCH = 1.15

# FIXME:print The printer's font 0 has no metrics we can ask for; these
# widths, as a share of the font height, run wide of what it prints so a
# line judged to fit does fit. What it costs: text is often set a size or
# two smaller than the label has room for.
_NARROW = frozenset(" .,:;'`!|iljIJft()[]")
_WIDE = frozenset("MW@%&-=+_~\u2014\u2013")


def escape_field_data(text: str) -> str:
    """`text` as `^FD` data under `^FH_`: `^`, `~` and `_` as hex escapes.

    Control characters (a tab, a line break) become spaces: in field data
    they would print as nothing or as a box, never as a break.
    """
    return text.translate(_FIELD_DATA)


def text_width(text: str, height: int) -> int:
    """How many dots `text` takes in font 0 at `height` dots (as wide as high)."""
    return math.ceil(_ems(text) * height)


@lru_cache(maxsize=4096)
def _ems(text: str) -> float:
    return sum(_em(letter) for letter in text)


@cache
def _em(letter: str) -> float:
    """A letter's width as a share of the font's height."""
    if letter in _NARROW:
        return 0.3
    if letter in _WIDE:
        return 0.92
    return 0.55 if letter.islower() else 0.64


@dataclass(frozen=True)
class ZplText:
    """Lines set in font 0 at `height` dots; `cut` when some of the text is left off."""

    lines: tuple[str, ...]
    height: int
    cut: bool = False

    @property
    def pitch(self) -> int:
        return math.ceil(self.height * LINE_PITCH)

    @property
    def block_height(self) -> int:
        return len(self.lines) * self.pitch


def wrap(text: str, height: int, max_width: int) -> list[str]:
    """Lines no wider than `max_width`, broken at spaces, a long word at letters."""
    # In widths of the font's height; a hair short so rounding never tips over.
    room = max_width / height - 1e-9
    space = _em(" ")
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        width = _ems(word)
        if current and used + space + width <= room:
            current, used = f"{current} {word}", used + space + width
            continue
        if current:
            lines.append(current)
        current, used = "", 0.0
        if width <= room:
            current, used = word, width
            continue
        for letter in word:
            if current and used + _em(letter) > room:
                lines.append(current)
                current, used = "", 0.0
            current, used = current + letter, used + _em(letter)
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str | Sequence[str],
    max_width: int,
    max_height: int,
    min_height: int,
    max_lines: int = 1,
    max_block: int | None = None,
) -> ZplText:
    """Set `text` at the tallest font from `max_height` down to `min_height` dots
    that fits in `max_lines` lines of `max_width` dots and `max_block` dots in all.

    Each entry of a sequence starts a line. Sizes that keep every word whole
    are tried first. Text that fits at no size is set at `min_height` and cut,
    its last line ending in "...".
    """
    entries = [text] if isinstance(text, str) else list(text)
    block = max_block if max_block is not None else math.inf
    sizes = range(max_height, min_height - 1, -1)
    lines: list[str] = []
    widest_word = max((_ems(w) for e in entries for w in e.split()), default=0.0)
    for whole_words in (True, False):
        for size in sizes:
            if whole_words and math.ceil(widest_word * size) > max_width:
                continue
            lines = [line for entry in entries for line in wrap(entry, size, max_width)]
            fitted = ZplText(tuple(lines), size)
            if len(lines) <= max_lines and fitted.block_height <= block:
                return fitted

    pitch = math.ceil(min_height * LINE_PITCH)
    room = max(
        1, min(max_lines, int(block // pitch) if block != math.inf else max_lines)
    )
    kept = lines[:room] or [""]
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, min_height) > max_width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return ZplText(tuple(kept), min_height, cut=True)
