"""The pick document's header: in full on page one, in brief on the pages after."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.a4 import CONTENT_WIDTH, MARGIN, TOP, draw_rule
from printing.pdf.barcodes import draw_code128
from printing.pdf.layout import (
    BOLD,
    REGULAR,
    FittedText,
    day_and_time,
    draw_caption,
    draw_label,
    draw_lines,
    fit_line,
)
from warehouse_app.domain.documents import PickDocument

FULL_HEADER = 142.0
COMPACT_HEADER = 62.0
HEADER_BARCODE_HEIGHT = 12 * mm
HEADER_BARCODE_BOX = 240.0


def draw_full_header(
    canvas: Canvas, doc: PickDocument, page_count: int, zone: str = ""
) -> float:
    _draw_title(canvas, _title("PICK DOCUMENT", zone), 16, 1, page_count)

    top = TOP - 26
    text_width = CONTENT_WIDTH - HEADER_BARCODE_BOX - 10
    below = draw_caption(canvas, "Advice note", MARGIN, top)
    draw_lines(
        canvas, fit_line(doc.advice_note, BOLD, text_width, 30, 14), MARGIN, below
    )
    _draw_header_barcode(canvas, doc.advice_note, top - 2 - HEADER_BARCODE_HEIGHT)

    top = TOP - 82
    fields = [
        [
            ("Shop order", doc.order_number, 130.0),
            ("Customer", doc.customer, 250.0),
            ("Delivery method", doc.delivery_method, 143.0),
        ],
        [
            ("Depot", doc.depot, 130.0),
            ("Ordered", day_and_time(doc.ordered_at), 250.0),
            ("Printed", day_and_time(doc.printed_at), 143.0),
        ],
    ]
    for row in fields:
        x = MARGIN
        for label, value, box in row:
            draw_label(canvas, label, value, x, top, box - 8)
            x += box
        top -= 26

    draw_rule(canvas, TOP - FULL_HEADER + 4)
    return TOP - FULL_HEADER


def draw_compact_header(
    canvas: Canvas, doc: PickDocument, number: int, page_count: int, zone: str = ""
) -> float:
    title = _title("PICK DOCUMENT", zone)
    _draw_title(canvas, f"{title}, continued", 10, number, page_count)

    text_width = CONTENT_WIDTH - HEADER_BARCODE_BOX - 10
    below = draw_lines(
        canvas, fit_line(doc.advice_note, BOLD, text_width, 20, 10), MARGIN, TOP - 14
    )
    summary = f"Shop order {doc.order_number} \u00b7 {doc.customer}"
    draw_lines(canvas, fit_line(summary, REGULAR, text_width, 9, 6), MARGIN, below - 2)
    _draw_header_barcode(canvas, doc.advice_note, TOP - 16 - HEADER_BARCODE_HEIGHT)

    draw_rule(canvas, TOP - COMPACT_HEADER + 4)
    return TOP - COMPACT_HEADER


def _title(title: str, zone: str) -> str:
    return f"{title} \u2014 ZONE {zone}" if zone else title


def _draw_title(
    canvas: Canvas, title: str, size: float, number: int, count: int
) -> None:
    draw_lines(canvas, FittedText((title,), BOLD, size), MARGIN, TOP)
    page = FittedText((f"Page {number} of {count}",), REGULAR, 10)
    draw_lines(canvas, page, MARGIN, TOP, CONTENT_WIDTH, align="right")


def _draw_header_barcode(canvas: Canvas, advice_note: str, y: float) -> None:
    x = MARGIN + CONTENT_WIDTH - HEADER_BARCODE_BOX
    draw_code128(
        canvas,
        advice_note,
        x,
        y,
        HEADER_BARCODE_HEIGHT,
        HEADER_BARCODE_BOX,
        align="right",
    )
