"""Code 128 barcodes sized so the floor's scanners read them off any printer."""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.layout import Align
from warehouse_app.services.errors import WarehouseError

# Three dots of a 203 dpi thermal head (0.375 mm): every bar lands on whole
# dots, so bars of one width all print the same width on the label printer.
BAR_WIDTH = 3 * 72 / 203
# Never narrower than 0.33 mm, so a 203 dpi head gives each bar at least
# two and a half dots.
MIN_BAR_WIDTH = 0.33 * mm
MIN_HEIGHT = 10 * mm
QUIET_BARS = 10


class BarcodeNotPrintable(WarehouseError, ValueError):  # noqa: N818
    """The value cannot be drawn as a barcode that scans back to itself."""


def code128(value: str, height: float, max_width: float) -> Code128:
    """A Code 128 symbol of `value`, quiet zones included, no wider than `max_width`.

    Bars are `BAR_WIDTH` wide when the symbol fits, narrower down to
    `MIN_BAR_WIDTH` when it does not.
    """
    symbol = _symbol(value, BAR_WIDTH, height)
    if symbol.width <= max_width:
        return symbol

    bar_width = BAR_WIDTH * max_width / symbol.width
    if bar_width < MIN_BAR_WIDTH:
        raise BarcodeNotPrintable(
            f"The barcode {value} is too long to print in {max_width / mm:.0f} mm. "
            "Use a shorter code for it; until then it has to be keyed in by hand."
        )
    return _symbol(value, bar_width, height)


def code128_width(value: str, bar_width: float = BAR_WIDTH) -> float:
    """Width of the symbol at `bar_width`, quiet zones included."""
    return float(_symbol(value, bar_width, MIN_HEIGHT).width)


def _symbol(value: str, bar_width: float, height: float) -> Code128:
    if not value:
        raise BarcodeNotPrintable("There is no barcode to print.")
    symbol = Code128(
        value,
        barWidth=bar_width,
        barHeight=height,
        quiet=1,
        lquiet=QUIET_BARS * bar_width,
        rquiet=QUIET_BARS * bar_width,
        humanReadable=0,
    )
    # Code128 quietly drops letters it cannot encode; a barcode that scans
    # as something else is worse than none.
    if symbol.width <= 0 or not symbol.valid:
        raise BarcodeNotPrintable(
            f"The barcode {value!r} cannot be printed: Code 128 takes plain "
            "letters, digits and punctuation only."
        )
    return symbol


def draw_code128(
    canvas: Canvas,
    value: str,
    x: float,
    y: float,
    height: float,
    max_width: float,
    align: Align = "left",
) -> float:
    """Draw the symbol with its bottom at `y` in the box from `x`; returns its width.

    The quiet zones are part of the box, so nothing else may be drawn in it
    at the symbol's height.
    """
    symbol = code128(value, height, max_width)
    left = x
    if align == "right":
        left = x + max_width - symbol.width
    elif align == "centre":
        left = x + (max_width - symbol.width) / 2
    symbol.drawOn(canvas, left, y)
    return float(symbol.width)
