"""Linux input key codes to characters, for a scanner read as its own device.

A keyboard-wedge scanner read through evdev sends key codes, not text. The
scanner types as a US keyboard (set it so; the layout self-test tells); the
table below turns the codes of that layout into characters, with Shift.
Codes are those of linux/input-event-codes.h.
"""

from __future__ import annotations

_ROWS = {
    # code: (plain, shifted)
    2: ("1", "!"),
    3: ("2", "@"),
    4: ("3", "#"),
    5: ("4", "$"),
    6: ("5", "%"),
    7: ("6", "^"),
    8: ("7", "&"),
    9: ("8", "*"),
    10: ("9", "("),
    11: ("0", ")"),
    12: ("-", "_"),
    13: ("=", "+"),
    26: ("[", "{"),
    27: ("]", "}"),
    39: (";", ":"),
    40: ("'", '"'),
    41: ("`", "~"),
    43: ("\\", "|"),
    51: (",", "<"),
    52: (".", ">"),
    53: ("/", "?"),
    57: (" ", " "),
}
_LETTERS = {
    16: "q",
    17: "w",
    18: "e",
    19: "r",
    20: "t",
    21: "y",
    22: "u",
    23: "i",
    24: "o",
    25: "p",
    30: "a",
    31: "s",
    32: "d",
    33: "f",
    34: "g",
    35: "h",
    36: "j",
    37: "k",
    38: "l",
    44: "z",
    45: "x",
    46: "c",
    47: "v",
    48: "b",
    49: "n",
    50: "m",
}
SHIFTS = frozenset({42, 54})
CTRLS = frozenset({29, 97})
ENTERS = frozenset({28, 96})
TAB = 15
KEY_UP, KEY_DOWN = 0, 1


class KeyTranslator:
    """Feeds key events in, gives whole frames out (Enter ends a frame).

    Ctrl+] is how a keyboard sends the GS1 group separator (0x1D); it is kept
    as GS so GS1 codes survive the trip.
    """

    def __init__(self, tab_ends_frame: bool = False) -> None:
        self.tab_ends_frame = tab_ends_frame
        self._shift = False
        self._ctrl = False
        self._buffer: list[str] = []

    def feed(self, code: int, value: int) -> str | None:
        """One key event (value 1 down, 0 up, 2 repeat); a frame when one ends."""
        if code in SHIFTS:
            self._shift = value != KEY_UP
            return None
        if code in CTRLS:
            self._ctrl = value != KEY_UP
            return None
        if value != KEY_DOWN:
            return None
        if code in ENTERS or (code == TAB and self.tab_ends_frame):
            frame = "".join(self._buffer)
            self._buffer.clear()
            return frame or None
        if self._ctrl and code == 27:
            self._buffer.append("\x1d")
        elif code in _LETTERS:
            letter = _LETTERS[code]
            self._buffer.append(letter.upper() if self._shift else letter)
        elif code in _ROWS:
            self._buffer.append(_ROWS[code][1 if self._shift else 0])
        return None
