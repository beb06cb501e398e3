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
_ADVICE_NOTE = re.compile(r"^AN\d{6,}$")
_GS1_START = re.compile(r"^0[12]\d{14}")


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


def gtin14(code: str) -> str:
    """A validated GTIN of 8, 12, 13 or 14 digits, padded to 14.

    UPC-A `036000291452` and EAN-13 `0036000291452` are one item; padding
    both to GTIN-14 lets them compare equal.
    """
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
    if not text:
        raise ScanRefused("The scan was empty. Scan the barcode again.")
    if gs_substitute and gs_substitute in text:
        text = text.replace(gs_substitute, GS)
    if text.startswith(GS) or GS in text or symbology in GS1_SYMBOLOGIES:
        return _read_gs1(text.lstrip(GS), raw, symbology)
    upper = text.upper()
    if upper in Command.__members__.values():
        return ScanReading(ScanKind.COMMAND, upper, raw, symbology)
    if upper.startswith(STAFF_PREFIX) and len(upper) > len(STAFF_PREFIX):
        return ScanReading(ScanKind.STAFF_BADGE, upper[len(STAFF_PREFIX) :], raw)
    if _ADVICE_NOTE.match(upper):
        return ScanReading(ScanKind.ADVICE_NOTE, upper, raw, symbology)
    if text.isdigit() and len(text) in GTIN_LENGTHS:
        return ScanReading(ScanKind.GTIN, gtin14(text), raw, symbology)
    if _GS1_START.match(text):
        return _read_gs1(text, raw, symbology)
    return ScanReading(ScanKind.PART_NUMBER, upper, raw, symbology)


def _read_gs1(text: str, raw: str, symbology: str) -> ScanReading:
    try:
        message = GS1Message.parse(text)
    except ParseError as error:
        raise ScanRefused(
            f"GS1 code {text.replace(GS, '<GS>')!r} cannot be read: {error}."
            " If a batch or serial number runs into the next field, the"
            " scanner is not sending the group separator: set it to send"
            " GS (or the substitute in the scanner settings)."
        ) from error
    _refuse_swallowed_fields(message, text)
    values = {e.ai.ai: e.value for e in message.element_strings}
    gtin = values.get("01") or values.get("02")
    if not gtin:
        raise ScanRefused(
            f"GS1 code {text.replace(GS, '<GS>')!r} carries no GTIN (AI 01)."
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


_AI_LIKE = re.compile(r"(1[1-7]|0[0-2]|3[0-9]{3}|37)\d{6}")


def _refuse_swallowed_fields(message: GS1Message, text: str) -> None:
    """Refuse a variable-length field that seems to hold the next field too.

    Without a separator, `10ABC17211231` reads as batch `ABC17211231`. We do
    not guess where the batch ends: when a variable-length value that ends
    the message contains what looks like a date or count AI with its full
    data, the separator was almost certainly lost.
    """
    for element in message.element_strings:
        if not element.ai.separator_required:
            continue
        value = element.value
        tail_start = value.find("17") if "17" in value else -1
        if tail_start > 0 and re.fullmatch(r"17\d{6}", value[tail_start:]):
            raise ScanRefused(
                f"GS1 code {text.replace(GS, '<GS>')!r}: the separator after"
                f" AI {element.ai.ai} is missing, so {element.ai.data_title}"
                f" {value!r} would swallow the next field. Set the scanner to"
                " send the group separator (GS) and scan again."
            )


def looks_like_truncated_gtin(code: str) -> bool:
    """Digits too many for a part number and too few for a GTIN."""
    return code.isdigit() and 9 <= len(code) <= 14 and len(code) not in GTIN_LENGTHS


def plausible_quantity(text: str, maximum: int = 9999) -> int:
    """A quantity typed or scanned into a quantity box, or a refusal."""
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise ScanRefused(f"{cleaned!r} is not a quantity. Key a whole number.")
    if len(cleaned) >= 8 or int(cleaned) > maximum:
        raise ScanRefused(
            f"{cleaned} is not a plausible quantity (more than {maximum});"
            " it looks like a barcode scanned into the quantity box."
            " Key the quantity by hand."
        )
    return int(cleaned)
