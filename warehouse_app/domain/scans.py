"""What a scanned code means, before anything is looked up.

A scanner hands over one frame of text (the terminator already removed).
`read_scan` turns it into a `ScanReading` or raises `ScanRefused` with a
sentence the picker can act on. Looking the code up (which part, which order)
is the service layer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from biip import ParseError
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin

GS = "\x1d"
GTIN_LENGTHS = (8, 12, 13, 14)
ADVICE_NOTE_PREFIX = "AN"
STAFF_PREFIX = "STAFF"
# AIM symbology identifiers whose codes may carry GS1 element strings.
GS1_SYMBOLOGIES = ("]C1", "]d2", "]Q3", "]e0", "]J1")
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# ASCII digits only: str.isdigit and \d also take "²" or Arabic-Indic digits,
# which no barcode of ours carries and which int() or a GTIN cannot use.
_ADVICE_NOTE = re.compile(r"^AN[0-9]{6,}$")
_GS1_START = re.compile(r"^0[12][0-9]{14}")
# Outside GS1's character set 82, so never part of a GS1 element string.
_NOT_GS1 = re.compile(r"[^!\"%-?A-Z_a-z\x1d]")
_NAMED_CONTROLS = {GS: "<GS>", "\r": "<CR>", "\n": "<LF>", "\t": "<TAB>"}


class ScanKind(StrEnum):
    GTIN = "gtin"
    GS1 = "gs1"
    PART_NUMBER = "part_number"
    ADVICE_NOTE = "advice_note"
    STAFF_BADGE = "staff_badge"
    COMMAND = "command"


class Command(StrEnum):
    SHORT_PICK = "CMDSHORT"
    NEXT_LINE = "CMDNEXT"
    CLOSE_PARCEL = "CMDCLOSE"
    UNDO_LAST_SCAN = "CMDUNDO"


class ScanRefused(ValueError):
    """The frame cannot be a code we act on; the message says why."""


@dataclass(frozen=True)
class ScanReading:
    kind: ScanKind
    value: str
    raw: str
    symbology: str = ""
    count: int | None = None
    batch: str = ""
    expiry: date | None = None
    extras: dict[str, str] = field(default_factory=dict)


def is_digits(text: str) -> bool:
    """True for a non-empty run of the ASCII digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def visible(text: str) -> str:
    """`text` with its control characters spelled out, e.g. `10ABC<GS>30012`."""
    return "".join(
        _NAMED_CONTROLS.get(char, char)
        if char in _NAMED_CONTROLS or char.isprintable()
        else f"<U+{ord(char):04X}>"
        for char in text
    )


@lru_cache(maxsize=4096)
def gtin14(code: str) -> str:
    """A validated GTIN of 8, 12, 13 or 14 digits, padded to 14.

    UPC-A `036000291452` and EAN-13 `0036000291452` are one item; padding
    both to GTIN-14 lets them compare equal. A picker scans the same
    barcodes again and again, so a code once checked is remembered (a code
    refused is checked again each time: only answers are kept).
    """
    if not is_digits(code):
        raise ScanRefused(
            f"Barcode {visible(code)} is not a valid GTIN: a GTIN holds the"
            " digits 0-9 only. Scan it again, or key the part number."
        )
    try:
        parsed = Gtin.parse(code)
    except ParseError as error:
        if "check digit" in str(error).lower():
            raise ScanRefused(
                f"Barcode {code}: the check digit does not match. Scan it again;"
                " if it fails twice, key the part number."
            ) from error
        raise ScanRefused(f"Barcode {code} is not a valid GTIN: {error}") from error
    return parsed.as_gtin_14()


def read_scan(frame: str, gs_substitute: str = "") -> ScanReading:
    """Turn one scanner frame into what it means."""
    raw = frame
    text = frame.strip("\r\n\t ")
    symbology = ""
    match = _AIM.match(text)
    if match:
        symbology = match.group(0)
        text = text[match.end() :]
    if gs_substitute and gs_substitute in text:
        text = text.replace(gs_substitute, GS)
    _refuse_foreign_characters(text)
    if GS in text or symbology in GS1_SYMBOLOGIES:
        # A separator first stands for FNC1 and one last for nothing more.
        text = text.strip(GS)
        if text:
            return _read_gs1(text, raw, symbology)
    if not text:
        raise ScanRefused("The scan was empty. Scan the barcode again.")
    upper = text.upper()
    if upper in Command.__members__.values():
        return ScanReading(ScanKind.COMMAND, upper, raw, symbology)
    if upper.startswith(STAFF_PREFIX) and len(upper) > len(STAFF_PREFIX):
        return ScanReading(ScanKind.STAFF_BADGE, upper[len(STAFF_PREFIX) :], raw)
    if _ADVICE_NOTE.match(upper):
        return ScanReading(ScanKind.ADVICE_NOTE, upper, raw, symbology)
    if is_digits(text) and len(text) in GTIN_LENGTHS:
        return ScanReading(ScanKind.GTIN, gtin14(text), raw, symbology)
    if _GS1_START.match(text):
        return _read_gs1(text, raw, symbology)
    return ScanReading(ScanKind.PART_NUMBER, upper, raw, symbology)


def _refuse_foreign_characters(text: str) -> None:
    """Refuse what no barcode of ours holds: anything but printable ASCII and GS.

    Control characters come from a scanner prefix, suffix or terminator the
    station was not told about; letters such as "ß" or "é" from a scanner
    that types with another keyboard layout than the PC. Either way the
    code as it arrived is not the code on the label.
    """
    foreign = sorted({char for char in text if char != GS and not " " <= char <= "~"})
    if not foreign:
        return
    shown = visible("".join(foreign))
    if any(char.isprintable() for char in foreign):
        raise ScanRefused(
            f"The scan {visible(text)!r} holds characters no barcode here uses"
            f" ({shown}). The scanner and this PC probably use different"
            " keyboard layouts: scan the keyboard layout test sheet to find"
            " the setting to change."
        )
    raise ScanRefused(
        f"The scan {visible(text)!r} holds control characters ({shown}) that"
        " are part of no barcode. The scanner sends a prefix, suffix or"
        " terminator the station does not expect: set the station's scanner"
        " settings to match, then scan again."
    )


def _read_gs1(text: str, raw: str, symbology: str) -> ScanReading:
    try:
        message = GS1Message.parse(text)
    except ParseError as error:
        stranger = _NOT_GS1.search(text)
        if stranger:
            raise ScanRefused(
                f"GS1 code {visible(text)!r} holds {stranger.group()!r}, which no"
                " GS1 code carries. If the scanner sends it in place of the group"
                " separator, set the station's GS substitute to"
                f" {stranger.group()!r}; otherwise scan again."
            ) from error
        reason = str(error).rstrip(".")
        raise ScanRefused(
            f"GS1 code {visible(text)!r} cannot be read: {reason}."
            " If a batch or serial number runs into the next field, the"
            " scanner is not sending the group separator: set it to send"
            " GS (or the substitute in the scanner settings)."
        ) from error
    _refuse_swallowed_fields(message, text)
    values = {e.ai.ai: e.value for e in message.element_strings}
    gtin = values.get("01") or values.get("02")
    if not gtin:
        raise ScanRefused(
            f"GS1 code {visible(text)!r} carries no GTIN (AI 01)."
            " Scan the product barcode instead."
        )
    expiry = None
    for element in message.element_strings:
        if element.ai.ai == "17":
            expiry = element.date
    count = values.get("30") or values.get("37")
    return ScanReading(
        ScanKind.GS1,
        gtin14(gtin),
        raw,
        symbology,
        count=int(count) if count else None,
        batch=values.get("10", ""),
        expiry=expiry,
        extras=values,
    )


# Fixed-length element strings whose data checks itself: an SSCC or GTIN by
# its check digit, a date by being a real day of a real month.
_SELF_CHECKING_AIS = ("00", "01", "02", "11", "12", "13", "15", "16", "17")


def _refuse_swallowed_fields(message: GS1Message, text: str) -> None:
    """Refuse a variable-length field that seems to hold the next field too.

    A batch, serial number or other variable-length field runs until a group
    separator or the end of the code. Without the separator, `10ABC17211231`
    reads as batch `ABC17211231` and the expiry is lost. The rule: when the
    value of a variable-length field, from its second character on, reads
    whole as element strings and the first of them checks itself (an SSCC
    or GTIN with a valid check digit, or a date AI 11-17 with a real date),
    the separator was lost. We refuse rather than guess where the field
    ends; a genuine batch with such an ending is refused too, and is rare.

    FIXME:scan a lost separator before a field that does not check itself
    (a count, a weight, another batch) cannot be told from a longer batch,
    so `10ABC30012` still reads as batch `ABC30012`.
    """
    for element in message.element_strings:
        if not element.ai.separator_required:
            continue
        value = element.value
        if any(_reads_as_whole_fields(value[start:]) for start in range(1, len(value))):
            raise ScanRefused(
                f"GS1 code {visible(text)!r}: the separator after AI"
                f" {element.ai.ai} is missing, so {element.ai.data_title}"
                f" {value!r} would swallow the next field. Set the scanner to"
                " send the group separator (GS) and scan again; if it is"
                " refused again, the label was printed without the separator:"
                " key the part number."
            )


def _reads_as_whole_fields(tail: str) -> bool:
    if not tail.startswith(_SELF_CHECKING_AIS):
        return False
    try:
        first = GS1Message.parse(tail).element_strings[0]
    except (ParseError, IndexError):
        return False
    if first.ai.ai == "00":
        return first.sscc is not None
    if first.ai.ai in ("01", "02"):
        return first.gtin is not None
    return first.date is not None


def looks_like_truncated_gtin(code: str) -> bool:
    """Digits too many for a part number and too few for a GTIN."""
    return is_digits(code) and 9 <= len(code) <= 14 and len(code) not in GTIN_LENGTHS


def plausible_quantity(text: str, maximum: int = 9999) -> int:
    """A quantity typed or scanned into a quantity box, or a refusal."""
    cleaned = text.strip()
    if not is_digits(cleaned):
        raise ScanRefused(f"{cleaned!r} is not a quantity. Key a whole number.")
    if len(cleaned) >= 8 or int(cleaned) > maximum:
        raise ScanRefused(
            f"{cleaned} is not a plausible quantity (more than {maximum});"
            " it looks like a barcode scanned into the quantity box."
            " Key the quantity by hand."
        )
    return int(cleaned)
