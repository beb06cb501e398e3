"""The part and bin label: 2 x 1 inches, one part to a label.

Printed from the enquiry screen for one part, or for every part of a group
or a bin range, one label to a page.
"""

from __future__ import annotations

import io
import logging

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.barcodes import BarcodeNotPrintable, draw_code128
from printing.pdf.layout import (
    BOLD,
    GREY,
    REGULAR,
    draw_lines,
    fit_line,
    fit_lines,
    new_canvas,
)
from warehouse_app.domain.labels import PartLabel, PartLabelRun

log = logging.getLogger("warehouse.print")

LABEL_WIDTH = 2 * inch
LABEL_HEIGHT = 1 * inch
MARGIN = 4.0
CONTENT_WIDTH = LABEL_WIDTH - 2 * MARGIN
PART_WIDTH = round(CONTENT_WIDTH * 0.62)
BIN_WIDTH = CONTENT_WIDTH - PART_WIDTH - 4
TOP = LABEL_HEIGHT - 3.6
DESCRIPTION_TOP = LABEL_HEIGHT - 20.0
BARCODE_BOTTOM = 3.6
BARCODE_HEIGHT = 0.32 * inch
BARCODE_TOP = BARCODE_BOTTOM + BARCODE_HEIGHT
NO_BARCODE = "No barcode: key the part number in."


def render_part_label(doc: PartLabel) -> bytes:
    """One label as a one-page PDF exactly 2 x 1 inches."""
    return _render([doc], f"Part label {doc.part_number}")


def render_part_labels(run: PartLabelRun) -> bytes:
    """Every label of the run, one page each, in the order given."""
    return _render(list(run.labels), f"Part labels, {run.title}")


def _render(labels: list[PartLabel], title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (LABEL_WIDTH, LABEL_HEIGHT), title)
    for doc in labels:
        draw_part_label(canvas, doc)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_part_label(canvas: Canvas, doc: PartLabel) -> None:
    part = fit_line(doc.part_number, BOLD, PART_WIDTH, 14, 7)
    draw_lines(canvas, part, MARGIN, TOP)
    bin_code = fit_line(doc.bin, REGULAR, BIN_WIDTH, 10, 6)
    draw_lines(canvas, bin_code, MARGIN + PART_WIDTH + 4, TOP, BIN_WIDTH, "right")

    description = fit_lines(
        doc.description,
        REGULAR,
        CONTENT_WIDTH,
        8,
        5.5,
        max_height=DESCRIPTION_TOP - BARCODE_TOP - 2,
        max_lines=3,
    )
    draw_lines(canvas, description, MARGIN, DESCRIPTION_TOP)

    # The label's white edges are the barcode's quiet zones: the whole
    # width is its box.
    # FIXME:print With bars no narrower than 0.33 mm, 2 inches hold a Code
    # 128 of about nine letters (more when digits run in pairs); a longer
    # code prints as a note to key the part in. The ZPL label, with bars on
    # whole dots of the head, holds about thirteen.
    try:
        draw_code128(
            canvas,
            doc.barcode,
            0,
            BARCODE_BOTTOM,
            BARCODE_HEIGHT,
            LABEL_WIDTH,
            align="centre",
        )
    except BarcodeNotPrintable as error:
        log.warning(
            "part label %s printed without its barcode: %s", doc.part_number, error
        )
        canvas.setFillGray(GREY)
        note = fit_lines(NO_BARCODE, REGULAR, CONTENT_WIDTH, 7, 5, max_lines=2)
        draw_lines(canvas, note, MARGIN, BARCODE_TOP - 4)
        canvas.setFillGray(0)
