"""Does the scanner type with the same keyboard layout as the PC?

A keyboard-wedge scanner does not send characters: it presses keys, chosen
for the keyboard layout set in the scanner. The PC turns those keys back
into characters with its own layout. When the two differ, `Z` arrives as
`Y` and `-` as `ß`, and a part number no longer matches.

`TEST_CODE` is printed on the layout test sheet. It starts with a marker
of capital letters that sit on the same keys on every layout modelled here,
so the station knows the test code however the rest arrives; the rest are
characters that move between layouts. `diagnose` compares what arrived with
what each pair of layouts would make of it.

Assumptions, from the standard Windows layouts:

- Only the keys the test code needs are modelled, each as (plain, Shift,
  AltGr) by its position on a US keyboard. `\\` names the key left of Enter
  on an ISO keyboard (`#` on UK and German keyboards, `*` on French ones).
- The US layout has no AltGr: a character the scanner types with AltGr
  reaches a US PC as an Alt shortcut, so it may be missing or be any letter.
- Digits are not in the marker: on a French keyboard they need Shift.
- Caps Lock on the PC swaps the case of letters and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MARKER = "KBDTEST"
TEST_CODE = MARKER + '@"#/-ZYAM1'

_PLAIN, _SHIFT, _ALTGR = 0, 1, 2


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    country: str
    has_altgr: bool
    # Key (its US name) -> what it types plain, with Shift, with AltGr.
    keys: dict[str, str]

    def stroke(self, char: str) -> tuple[str, int] | None:
        """The key and level this layout presses to type `char`."""
        for level in (_PLAIN, _SHIFT, _ALTGR):
            for key, chars in self.keys.items():
                if level < len(chars) and chars[level] == char:
                    return key, level
        return None

    def typed(self, key: str, level: int) -> str | None:
        """What a key at a level types here; None when that cannot be known."""
        chars = self.keys.get(key, "")
        if level == _ALTGR and not self.has_altgr:
            return None
        return chars[level] if level < len(chars) else None


_LETTERS = {letter: letter + letter.upper() for letter in "bdekst"}

US = Layout(
    "US",
    "US",
    "the USA",
    False,
    {
        **_LETTERS,
        **{letter: letter + letter.upper() for letter in "amqwyz"},
        **{"1": "1!", "2": "2@", "3": "3#", "6": "6^", "7": "7&", "0": "0)"},
        **{"-": "-_", "'": "'\"", "/": "/?", ";": ";:", "\\": "\\|"},
        **{",": ",<", ".": ".>"},
    },
)
UK = Layout(
    "UK",
    "UK",
    "the United Kingdom",
    True,
    {
        **_LETTERS,
        **{letter: letter + letter.upper() for letter in "amqwyz"},
        **{"1": "1!", "2": '2"', "3": "3£", "6": "6^", "7": "7&", "0": "0)"},
        **{"-": "-_", "'": "'@", "/": "/?", ";": ";:", "\\": "#~"},
        **{",": ",<", ".": ".>"},
    },
)
GERMAN = Layout(
    "DE",
    "German (QWERTZ)",
    "Germany",
    True,
    {
        **_LETTERS,
        **{"a": "aA", "m": "mMµ", "q": "qQ@", "w": "wW", "y": "zZ", "z": "yY"},
        **{"1": "1!", "2": '2"²', "3": "3§³", "6": "6&", "7": "7/{", "0": "0=}"},
        **{"-": "ß?\\", "'": "äÄ", "/": "-_", ";": "öÖ", "\\": "#'"},
        **{",": ",;", ".": ".:"},
    },
)
FRENCH = Layout(
    "FR",
    "French (AZERTY)",
    "France",
    True,
    {
        **_LETTERS,
        **{"a": "qQ", "m": ",?", "q": "aA", "w": "zZ", "y": "yY", "z": "wW"},
        **{"1": "&1", "2": "é2", "3": '"3#', "6": "-6|", "7": "è7", "0": "à0@"},
        **{"-": ")°]", "'": "ù%", "/": "!§", ";": "mM", "\\": "*µ"},
        **{",": ";.", ".": ":/"},
    },
)
LAYOUTS = (US, UK, GERMAN, FRENCH)
# (scanner, PC): scanners leave the factory set to US, so a US scanner on a
# European PC, and a European scanner on a US PC, are the cases modelled.
PAIRS = tuple(
    pair for other in (GERMAN, FRENCH, UK) for pair in ((US, other), (other, US))
)


@dataclass(frozen=True)
class LayoutDiagnosis:
    ok: bool
    # "US->DE": a US scanner typing into a German PC; "CAPS" for Caps Lock.
    guessed_layouts: list[str] = field(default_factory=list)
    message: str = ""


def is_layout_test(scanned: str) -> bool:
    """True when the scan is the layout test code, however its tail arrived."""
    return scanned.strip("\r\n\t ").upper().startswith(MARKER)


def typed_through(scanner: Layout, pc: Layout, text: str = TEST_CODE) -> str:
    """A pattern of what `pc` shows when a `scanner` set to its layout types `text`.

    `.?` stands where the PC's answer cannot be known.
    """
    pattern = ""
    for char in text:
        stroke = scanner.stroke(char)
        shown = pc.typed(*stroke) if stroke else None
        pattern += re.escape(shown) if shown is not None else ".?"
    return pattern


def diagnose(scanned: str) -> LayoutDiagnosis:
    """Which setting to change, judged from how the test code arrived."""
    text = scanned.strip("\r\n\t")
    if not is_layout_test(text):
        return LayoutDiagnosis(
            False,
            [],
            f"{text!r} is not the keyboard layout test code. Scan the barcode on"
            " the keyboard layout test sheet.",
        )
    if TEST_CODE in (text, _flip_letters(text)):
        return _same_layout(caps=text != TEST_CODE)

    for candidate, caps in ((text, False), (_flip_letters(text), True)):
        matches = [
            (scanner, pc)
            for scanner, pc in PAIRS
            if re.fullmatch(typed_through(scanner, pc), candidate)
        ]
        if matches:
            return _mismatch(matches, caps)
    return LayoutDiagnosis(
        False,
        [],
        f"The test code arrived as {text!r} instead of {TEST_CODE!r}, which fits"
        " none of the layouts checked (US, UK, German, French). Set the"
        " scanner's keyboard country to this PC's keyboard layout, or switch"
        " the scanner to its keyboard-independent (ALT code) mode, then scan"
        " the test code again.",
    )


def _same_layout(caps: bool) -> LayoutDiagnosis:
    if caps:
        return LayoutDiagnosis(
            False,
            ["CAPS"],
            "The scanner and this PC use the same keyboard layout, but Caps Lock"
            " is on at this PC, so letters arrive in the wrong case. Switch Caps"
            " Lock off and scan the test code again.",
        )
    return LayoutDiagnosis(
        True,
        [],
        "The scanner and this PC use the same keyboard layout: every character"
        " of the test code arrived as printed.",
    )


def _mismatch(matches: list[tuple[Layout, Layout]], caps: bool) -> LayoutDiagnosis:
    advice = " Or: ".join(
        f"The scanner types as a {scanner.name} keyboard but this PC uses a"
        f" {pc.name} keyboard layout: set the scanner's keyboard country to"
        f" {pc.country}, or use the scanner's ALT-code / keyboard-independent"
        " mode."
        for scanner, pc in matches
    )
    guessed = [f"{scanner.code}->{pc.code}" for scanner, pc in matches]
    if caps:
        guessed.append("CAPS")
        advice += " Caps Lock is on at this PC too: switch it off."
    return LayoutDiagnosis(False, guessed, advice + " Then scan the test code again.")


def _flip_letters(text: str) -> str:
    """Letters in the other case, as Caps Lock types them; "ß" stays."""
    return "".join(
        char.swapcase() if len(char.swapcase()) == 1 else char for char in text
    )
