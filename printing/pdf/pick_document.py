"""The pick document: one A4 sheet (or more) the picker walks the bins with."""

from __future__ import annotations

import io
import logging
from contextlib import suppress
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.a4 import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    draw_heading_band,
    draw_rule,
    paginate,
)
from printing.pdf.barcodes import (
    BAR_WIDTH,
    BarcodeNotPrintable,
    code128,
    code128_width,
    draw_code128,
)
from printing.pdf.layout import (
    BOLD,
    GREY,
    REGULAR,
    Align,
    FittedText,
    draw_lines,
    fit_fewest_lines,
    fit_line,
    fit_lines,
    new_canvas,
    width,
)
from printing.pdf.pick_header import (
    COMPACT_HEADER,
    FULL_HEADER,
    draw_compact_header,
    draw_full_header,
)
from warehouse_app.domain.documents import PickDocument, PickLine

log = logging.getLogger("warehouse.print")

TABLE_HEADING = 18.0
PAD = 5.0
BARCODE_HEIGHT = 11 * mm

BIN_WIDTH = 92.0
QTY_WIDTH = 54.0
TICK_WIDTH = 46.0
TICK_SIZE = 16.0
MIN_PART_WIDTH = 150.0
MIN_DESCRIPTION_WIDTH = 140.0


@dataclass(frozen=True)
class Columns:
    """Left edges and widths; the part column widens to hold the longest barcode."""

    part_width: float

    @property
    def part(self) -> float:
        return MARGIN + BIN_WIDTH

    @property
    def description(self) -> float:
        return self.part + self.part_width

    @property
    def description_width(self) -> float:
        return CONTENT_WIDTH - BIN_WIDTH - self.part_width - QTY_WIDTH - TICK_WIDTH

    @property
    def qty(self) -> float:
        return self.description + self.description_width

    @property
    def tick(self) -> float:
        return self.qty + QTY_WIDTH


@dataclass(frozen=True)
class Row:
    line: PickLine
    bin: FittedText
    second_bin: FittedText | None
    part_number: FittedText
    description: FittedText
    quantity: FittedText
    barcode_width: float
    barcode_under_description: bool

    @property
    def barcode_offset(self) -> float:
        """From the top of the row's text to the top of the barcode."""
        above = self.part_number.height
        if self.barcode_under_description:
            above = max(above, self.description.height)
        return above + 3

    @property
    def height(self) -> float:
        bin_height = self.bin.height + (
            self.second_bin.height if self.second_bin else 0
        )
        tallest = max(
            bin_height,
            self.barcode_offset + BARCODE_HEIGHT,
            self.description.height,
            self.quantity.height,
            TICK_SIZE,
        )
        return PAD + tallest + PAD


@dataclass(frozen=True)
class Note:
    text: FittedText

    @property
    def height(self) -> float:
        return self.text.height + 2 * PAD


def render_pick_document(doc: PickDocument, zone: str = "") -> bytes:
    """The pick document as PDF: lines in the order given, then the charge lines.

    With a `zone`, the title names it: one document of an order split by zone.
    """
    columns = columns_for(doc.lines)
    items: list[Row | Note] = [_row(line, columns) for line in doc.lines]
    items += [_note(f"Not picked: {charge}") for charge in doc.charge_lines]
    if not items:
        items.append(_note("No lines to pick."))
    pages = paginate(
        items,
        first_room=PAGE_HEIGHT - 2 * MARGIN - FULL_HEADER - TABLE_HEADING,
        other_room=PAGE_HEIGHT - 2 * MARGIN - COMPACT_HEADER - TABLE_HEADING,
    )

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, f"Pick document {doc.advice_note}")
    for number, page in enumerate(pages, start=1):
        if number == 1:
            top = draw_full_header(canvas, doc, len(pages), zone)
        else:
            top = draw_compact_header(canvas, doc, number, len(pages), zone)
        top = _draw_table_heading(canvas, columns, top)
        for item in page:
            if isinstance(item, Row):
                _draw_row(canvas, item, columns, top)
            else:
                draw_lines(canvas, item.text, MARGIN, top - PAD)
            top -= item.height
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def columns_for(lines: tuple[PickLine, ...]) -> Columns:
    widest_part = CONTENT_WIDTH - BIN_WIDTH - QTY_WIDTH - TICK_WIDTH
    widest_part -= MIN_DESCRIPTION_WIDTH
    needed = MIN_PART_WIDTH
    for line in lines:
        needed = max(needed, width(line.part_number, BOLD, 12) + 2 * PAD)
        with suppress(BarcodeNotPrintable):  # the row says so instead
            needed = max(needed, code128_width(line.barcode, BAR_WIDTH))
    return Columns(min(needed, widest_part))


def _row(line: PickLine, columns: Columns) -> Row:
    # A barcode too long for the part column runs on under the description.
    wide = columns.part_width + columns.description_width
    try:
        code128(line.barcode, BARCODE_HEIGHT, columns.part_width)
        fits = True
    except BarcodeNotPrintable:
        fits = False
    second_bin = None
    if line.second_bin:
        second_bin = fit_line(
            f"also {line.second_bin}", REGULAR, BIN_WIDTH - 2 * PAD, 9, 6
        )
    return Row(
        line=line,
        bin=fit_fewest_lines(line.bin, BOLD, BIN_WIDTH - 2 * PAD, 18, 10, 4),
        second_bin=second_bin,
        part_number=fit_line(
            line.part_number, BOLD, columns.part_width - 2 * PAD, 12, 7
        ),
        description=fit_lines(
            line.description,
            REGULAR,
            columns.description_width - 2 * PAD,
            10,
            10,
            max_lines=8,
        ),
        quantity=fit_line(str(line.quantity), BOLD, QTY_WIDTH - 2 * PAD, 22, 10),
        barcode_width=columns.part_width if fits else wide,
        barcode_under_description=not fits,
    )


def _note(text: str) -> Note:
    return Note(fit_lines(text, BOLD, CONTENT_WIDTH, 11, 11, max_lines=6))


def _draw_table_heading(canvas: Canvas, columns: Columns, top: float) -> float:
    headings: list[tuple[str, float, Align]] = [
        ("Bin", MARGIN + PAD, "left"),
        ("Part number", columns.part + PAD, "left"),
        ("Description", columns.description + PAD, "left"),
        ("Qty", columns.tick - PAD, "right"),
        ("Picked", columns.tick + TICK_WIDTH / 2, "centre"),
    ]
    return draw_heading_band(canvas, top, TABLE_HEADING, headings)


def _draw_row(canvas: Canvas, row: Row, columns: Columns, top: float) -> None:
    inner = top - PAD
    below_bin = draw_lines(canvas, row.bin, MARGIN + PAD, inner)
    if row.second_bin:
        draw_lines(canvas, row.second_bin, MARGIN + PAD, below_bin)

    draw_lines(canvas, row.part_number, columns.part + PAD, inner)
    _draw_part_barcode(canvas, row, columns.part, inner - row.barcode_offset)

    draw_lines(canvas, row.description, columns.description + PAD, inner)
    draw_lines(canvas, row.quantity, columns.qty, inner, QTY_WIDTH - PAD, align="right")

    canvas.setLineWidth(1.2)
    tick_x = columns.tick + (TICK_WIDTH - TICK_SIZE) / 2
    canvas.rect(tick_x, inner - TICK_SIZE, TICK_SIZE, TICK_SIZE, stroke=1, fill=0)

    draw_rule(canvas, top - row.height, weight=0.5, grey=0.7)


def _draw_part_barcode(canvas: Canvas, row: Row, x: float, top: float) -> None:
    try:
        draw_code128(
            canvas,
            row.line.barcode,
            x,
            top - BARCODE_HEIGHT,
            BARCODE_HEIGHT,
            row.barcode_width,
        )
    except BarcodeNotPrintable as error:
        log.warning(
            "part %s in bin %s printed without its barcode: %s",
            row.line.part_number,
            row.line.bin,
            error,
        )
        canvas.setFillGray(GREY)
        note = fit_lines(
            "No barcode: key the part number in.",
            REGULAR,
            row.barcode_width - 2 * PAD,
            8,
            8,
        )
        draw_lines(canvas, note, x + PAD, top - 2)
        canvas.setFillGray(0)
