"""Code 128 on a thermal head: bars a whole number of dots, 0.25 mm or wider.

On its own head a thermal printer puts every bar on whole dots, so bars as
narrow as 0.25 mm (2 dots at 203 dpi, 3 at 300 dpi) print true and scan;
a wider bar, up to 0.375 mm, is used where the label has room for it.

`^BC` in automatic mode picks the code subsets itself: runs of four or more
digits go two to a symbol. The width worked out here follows the same rule
and is checked against the label before the barcode is placed on it.
"""

from __future__ import annotations

import math
import re

from printing.pdf.barcodes import BarcodeNotPrintable

WIDEST_MODULE_MM = 0.375
NARROWEST_MODULE_MM = 0.25
QUIET_MODULES = 10
_RUNS = re.compile(r"\d+|\D+")


def module_choices(dpi: int) -> range:
    """Bar widths in whole dots of a `dpi` head, widest first."""
    widest = round(WIDEST_MODULE_MM / 25.4 * dpi)
    narrowest = math.ceil(NARROWEST_MODULE_MM / 25.4 * dpi - 0.01)
    return range(widest, narrowest - 1, -1)


def module_for(value: str, room: int, dpi: int) -> int:
    """The widest bar with which `value` fits in `room` dots, quiet zones included.

    Raises BarcodeNotPrintable when it does not fit even with the narrowest.
    """
    for module in module_choices(dpi):
        if barcode_width(value, module) <= room:
            return module
    raise BarcodeNotPrintable(
        f"The barcode {value} is too long to print in {room / dpi * 25.4:.0f} mm. "
        "Use a shorter code for it; until then it has to be keyed in by hand."
    )


def check_value(value: str) -> None:
    if not value:
        raise BarcodeNotPrintable("There is no barcode to print.")
    if any(not 32 <= ord(letter) <= 126 for letter in value):
        raise BarcodeNotPrintable(
            f"The barcode {value!r} cannot be printed: Code 128 takes plain "
            "letters, digits and punctuation only."
        )


def symbol_modules(value: str) -> int:
    """Modules from the start symbol to the end of the stop symbol."""
    check_value(value)
    symbols = 2  # the start and the check symbol
    subset = ""
    runs = _RUNS.findall(value)
    for run in runs:
        all_digits = run.isdigit() and (len(run) >= 4 or run == value)
        if all_digits and len(run) >= 2:
            if len(run) % 2:
                symbols += 1 + (subset not in ("", "B"))
                subset = "B"
            symbols += len(run) // 2 + (subset not in ("", "C"))
            subset = "C"
        else:
            symbols += len(run) + (subset not in ("", "B"))
            subset = "B"
    return 11 * symbols + 13


def barcode_width(value: str, module: int) -> int:
    """Dots the symbol takes with its quiet zones on both sides."""
    return (symbol_modules(value) + 2 * QUIET_MODULES) * module
