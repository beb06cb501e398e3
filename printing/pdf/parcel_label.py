"""The parcel label: 4 x 6 inches, for the thermal printer at the packing bench."""

from __future__ import annotations

import io

from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.barcodes import draw_code128
from printing.pdf.layout import (
    BOLD,
    REGULAR,
    FittedText,
    draw_caption,
    draw_lines,
    fit_line,
    fit_lines,
    new_canvas,
)
from warehouse_app.domain.documents import ParcelLabel

LABEL_WIDTH = 4 * inch
LABEL_HEIGHT = 6 * inch
MARGIN = 12.0
CONTENT_WIDTH = LABEL_WIDTH - 2 * MARGIN
TOP = LABEL_HEIGHT - MARGIN

BARCODE_HEIGHT = 20 * mm
BARCODE_TEXT_TOP = MARGIN + 12
BARCODE_BOTTOM = BARCODE_TEXT_TOP + 4
PARCEL_TOP = BARCODE_BOTTOM + BARCODE_HEIGHT + 42
REFERENCES_TOP = PARCEL_TOP + 42
ADDRESS_BOTTOM = REFERENCES_TOP + 12


def render_parcel_label(doc: ParcelLabel) -> bytes:
    """The label as a one-page PDF exactly 4 x 6 inches, portrait."""
    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer, (LABEL_WIDTH, LABEL_HEIGHT), f"Parcel label {doc.advice_note}"
    )

    sender = fit_lines(f"From: {doc.sender}", REGULAR, CONTENT_WIDTH, 8, 6, max_lines=2)
    below = draw_lines(canvas, sender, MARGIN, TOP)
    below = _rule(canvas, below - 4)

    below = draw_caption(canvas, "DELIVER TO", MARGIN, below - 2)
    draw_lines(canvas, fit_address(doc, below - 2 - ADDRESS_BOTTOM), MARGIN, below - 2)

    _rule(canvas, ADDRESS_BOTTOM - 4)
    half = CONTENT_WIDTH / 2
    for x, caption, value in (
        (MARGIN, "Order", doc.order_number),
        (MARGIN + half, "Advice note", doc.advice_note),
    ):
        below = draw_caption(canvas, caption, x, REFERENCES_TOP)
        draw_lines(canvas, fit_line(value, BOLD, half - 6, 14, 7), x, below)

    parcel = fit_line(
        f"Parcel {doc.parcel_number} of {doc.parcel_count}", BOLD, half + 30, 20, 10
    )
    draw_lines(canvas, parcel, MARGIN, PARCEL_TOP)
    weight = fit_line(f"{doc.weight_kg:.2f} kg", BOLD, half - 36, 20, 10)
    draw_lines(canvas, weight, MARGIN, PARCEL_TOP, CONTENT_WIDTH, align="right")

    _rule(canvas, BARCODE_BOTTOM + BARCODE_HEIGHT + 10)
    draw_code128(
        canvas,
        doc.barcode,
        MARGIN,
        BARCODE_BOTTOM,
        BARCODE_HEIGHT,
        CONTENT_WIDTH,
        align="centre",
    )
    readable = fit_line(doc.barcode, REGULAR, CONTENT_WIDTH, 10, 6)
    draw_lines(canvas, readable, MARGIN, BARCODE_TEXT_TOP, CONTENT_WIDTH, "centre")

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fit_address(doc: ParcelLabel, room: float) -> FittedText:
    """The address as large as `room` allows; shrunk to keep lines whole if it can."""
    lines = doc.deliver_to.as_lines()
    whole = fit_lines(
        lines, BOLD, CONTENT_WIDTH, 22, 14, max_height=room, max_lines=len(lines)
    )
    if not whole.cut:
        return whole
    return fit_lines(lines, BOLD, CONTENT_WIDTH, 22, 7, max_height=room)


def _rule(canvas: Canvas, y: float) -> float:
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, y, MARGIN + CONTENT_WIDTH, y)
    return y - 4
