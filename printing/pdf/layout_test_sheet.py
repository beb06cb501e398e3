"""The keyboard layout test sheet: one barcode, and how to read its answer."""

from __future__ import annotations

import io

from reportlab.lib.units import mm

from printing.pdf.a4 import CONTENT_WIDTH, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, TOP
from printing.pdf.barcodes import draw_code128
from printing.pdf.layout import (
    BOLD,
    REGULAR,
    draw_lines,
    fit_line,
    fit_lines,
    new_canvas,
)
from warehouse_app.domain.documents import LayoutTestSheet

BARCODE_HEIGHT = 25 * mm
TITLE = "Keyboard layout test"
INTRODUCTION = (
    "A scanner that types like a keyboard presses keys chosen for the keyboard"
    " layout set in the scanner; the PC turns them back into characters with its"
    " own layout. This code holds characters that sit on different keys on US,"
    ' UK, German and French keyboards, such as @ " # / - Z and Y, so scanning it'
    " shows at once whether the two agree."
)
STEPS = (
    "1. At the station, scan the barcode below once.",
    "2. If the station says the layouts match, nothing needs changing.",
    "3. If not, it says which setting to change: usually the scanner's keyboard"
    " country, set by scanning a code in the scanner's programming guide, or the"
    " scanner's keyboard-independent (ALT code) mode.",
    "4. After changing the setting, scan the barcode again until the station"
    " says the layouts match.",
)


def render_layout_test_sheet(sheet: LayoutTestSheet) -> bytes:
    """The sheet as a one-page A4 PDF."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), TITLE)

    below = draw_lines(
        canvas, fit_line(TITLE, BOLD, CONTENT_WIDTH, 24, 14), MARGIN, TOP
    )
    introduction = fit_lines(INTRODUCTION, REGULAR, CONTENT_WIDTH, 11, 8, max_lines=6)
    below = draw_lines(canvas, introduction, MARGIN, below - 10)
    steps = fit_lines(STEPS, REGULAR, CONTENT_WIDTH, 11, 8, max_lines=10)
    below = draw_lines(canvas, steps, MARGIN, below - 10)

    barcode_bottom = below - 36 - BARCODE_HEIGHT
    draw_code128(
        canvas,
        sheet.code,
        MARGIN,
        barcode_bottom,
        BARCODE_HEIGHT,
        CONTENT_WIDTH,
        align="centre",
    )
    printed = fit_line(sheet.code, BOLD, CONTENT_WIDTH, 16, 8)
    below = draw_lines(
        canvas, printed, MARGIN, barcode_bottom - 8, CONTENT_WIDTH, align="centre"
    )
    note = fit_lines(
        "The characters above are what the station should receive. Keep this"
        " sheet with the scanner's programming guide.",
        REGULAR,
        CONTENT_WIDTH,
        9,
        7,
        max_lines=3,
    )
    draw_lines(canvas, note, MARGIN, below - 12, CONTENT_WIDTH, align="centre")

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
