"""The advice note as a packing list: A4, each parcel with what is in it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.a4 import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    RIGHT,
    TOP,
    draw_heading_band,
    draw_rule,
    paginate,
)
from printing.pdf.barcodes import draw_code128
from printing.pdf.layout import (
    BOLD,
    REGULAR,
    FittedText,
    draw_caption,
    draw_label,
    draw_lines,
    fit_line,
    fit_lines,
    new_canvas,
)
from warehouse_app.domain.labels import PackedParcel, PackingList

FULL_HEADER = 196.0
COMPACT_HEADER = 62.0
BARCODE_HEIGHT = 12 * mm
BARCODE_BOX = 240.0
HEADING = 20.0
PAD = 4.0
SIZE = 9.0
PART_WIDTH = 130.0
QTY_WIDTH = 60.0
DESCRIPTION_WIDTH = CONTENT_WIDTH - PART_WIDTH - QTY_WIDTH
TITLE = "ADVICE NOTE / PACKING LIST"


@dataclass(frozen=True)
class ParcelHeading:
    parcel: PackedParcel
    count: int
    continued: bool = False

    @property
    def height(self) -> float:
        return HEADING + PAD

    def words(self) -> str:
        words = f"Parcel {self.parcel.number} of {self.count}"
        return f"{words}, continued" if self.continued else words


@dataclass(frozen=True)
class ItemRow:
    heading: ParcelHeading
    cells: tuple[FittedText, FittedText, FittedText]

    @property
    def height(self) -> float:
        return 2 * PAD + max(cell.height for cell in self.cells)


def render_packing_list(doc: PackingList) -> bytes:
    """The packing list as PDF: parcels in the order given, then the totals."""
    items: list[ParcelHeading | ItemRow] = []
    for parcel in doc.parcels:
        heading = ParcelHeading(parcel, len(doc.parcels))
        items.append(heading)
        items += [_item_row(heading, item) for item in parcel.items]
    # A page that starts inside a parcel repeats its heading: room for it.
    pages = paginate(
        items,
        first_room=PAGE_HEIGHT - 2 * MARGIN - FULL_HEADER,
        other_room=PAGE_HEIGHT - 2 * MARGIN - COMPACT_HEADER - HEADING - PAD,
        last_needs=HEADING,
    )

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, f"Packing list {doc.advice_note}")
    for number, page in enumerate(pages, start=1):
        if number == 1:
            top = _draw_full_header(canvas, doc, len(pages))
        else:
            top = _draw_compact_header(canvas, doc, number, len(pages))
        if page and isinstance(page[0], ItemRow):
            continued = ParcelHeading(page[0].heading.parcel, len(doc.parcels), True)
            top = _draw_heading(canvas, continued, top)
        for item in page:
            if isinstance(item, ParcelHeading):
                top = _draw_heading(canvas, item, top)
            else:
                top = _draw_row(canvas, item, top)
        if number == len(pages):
            _draw_totals(canvas, doc, top - PAD)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _item_row(heading: ParcelHeading, item: tuple[str, str, int]) -> ItemRow:
    part_number, description, quantity = item
    return ItemRow(
        heading,
        (
            fit_lines(part_number, BOLD, PART_WIDTH - 2 * PAD, 10, 7, max_lines=2),
            fit_lines(description, REGULAR, DESCRIPTION_WIDTH - 2 * PAD, SIZE, SIZE),
            fit_line(str(quantity), BOLD, QTY_WIDTH - 2 * PAD, 12, 7),
        ),
    )


def _draw_heading(canvas: Canvas, heading: ParcelHeading, top: float) -> float:
    top -= PAD
    parcel = heading.parcel
    draw_heading_band(
        canvas,
        top,
        HEADING,
        [
            (heading.words(), MARGIN + PAD, "left"),
            (f"{parcel.weight_kg:.2f} kg", MARGIN + PART_WIDTH + PAD, "left"),
            ("Qty", RIGHT - PAD, "right"),
        ],
    )
    return top - HEADING


def _draw_row(canvas: Canvas, row: ItemRow, top: float) -> float:
    part, description, quantity = row.cells
    draw_lines(canvas, part, MARGIN + PAD, top - PAD)
    draw_lines(canvas, description, MARGIN + PART_WIDTH + PAD, top - PAD)
    draw_lines(canvas, quantity, RIGHT - QTY_WIDTH, top - PAD, QTY_WIDTH - PAD, "right")
    bottom = top - row.height
    draw_rule(canvas, bottom, weight=0.5, grey=0.7)
    return bottom


def _draw_totals(canvas: Canvas, doc: PackingList, top: float) -> None:
    weight = sum((parcel.weight_kg for parcel in doc.parcels), Decimal("0"))
    count = len(doc.parcels)
    text = f"{count} parcel{'s' if count != 1 else ''}, {weight:.2f} kg in all"
    draw_lines(canvas, FittedText((text,), BOLD, 11), MARGIN, top)


def _draw_full_header(canvas: Canvas, doc: PackingList, page_count: int) -> float:
    _draw_title(canvas, TITLE, 16, 1, page_count)

    top = TOP - 26
    text_width = CONTENT_WIDTH - BARCODE_BOX - 10
    below = draw_caption(canvas, "Advice note", MARGIN, top)
    value = fit_line(doc.advice_note, BOLD, text_width, 30, 14)
    draw_lines(canvas, value, MARGIN, below)
    _draw_barcode(canvas, doc.advice_note, top - 2 - BARCODE_HEIGHT)

    top = TOP - 82
    parcels = f"{len(doc.parcels)}"
    x = MARGIN
    for caption, text, box in (
        ("Shop order", doc.order_number, 130.0),
        ("Customer", doc.customer, 250.0),
        ("Parcels", parcels, 143.0),
    ):
        draw_label(canvas, caption, text, x, top, box - 8)
        x += box

    top -= 30
    below = draw_caption(canvas, "Deliver to", MARGIN, top)
    room = below - (TOP - FULL_HEADER + 8)
    address = fit_lines(
        doc.deliver_to.as_lines(), REGULAR, CONTENT_WIDTH, 10, 7, max_height=room
    )
    draw_lines(canvas, address, MARGIN, below)

    draw_rule(canvas, TOP - FULL_HEADER + 4)
    return TOP - FULL_HEADER


def _draw_compact_header(
    canvas: Canvas, doc: PackingList, number: int, page_count: int
) -> float:
    _draw_title(canvas, f"{TITLE}, continued", 10, number, page_count)

    text_width = CONTENT_WIDTH - BARCODE_BOX - 10
    value = fit_line(doc.advice_note, BOLD, text_width, 20, 10)
    below = draw_lines(canvas, value, MARGIN, TOP - 14)
    summary = f"Shop order {doc.order_number} \u00b7 {doc.customer}"
    draw_lines(canvas, fit_line(summary, REGULAR, text_width, 9, 6), MARGIN, below - 2)
    _draw_barcode(canvas, doc.advice_note, TOP - 16 - BARCODE_HEIGHT)

    draw_rule(canvas, TOP - COMPACT_HEADER + 4)
    return TOP - COMPACT_HEADER


def _draw_title(
    canvas: Canvas, title: str, size: float, number: int, count: int
) -> None:
    draw_lines(canvas, FittedText((title,), BOLD, size), MARGIN, TOP)
    page = FittedText((f"Page {number} of {count}",), REGULAR, 10)
    draw_lines(canvas, page, MARGIN, TOP, CONTENT_WIDTH, align="right")


def _draw_barcode(canvas: Canvas, advice_note: str, y: float) -> None:
    x = RIGHT - BARCODE_BOX
    draw_code128(canvas, advice_note, x, y, BARCODE_HEIGHT, BARCODE_BOX, "right")
