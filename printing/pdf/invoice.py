"""The invoice: A4, lines on as many pages as they need, the VAT and totals last."""

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
    GREY,
    REGULAR,
    Align,
    FittedText,
    day,
    draw_caption,
    draw_label,
    draw_lines,
    draw_one_line,
    fit_line,
    fit_lines,
    new_canvas,
    width,
)
from warehouse_app.domain.documents import Address, Invoice, InvoiceLine
from warehouse_app.domain.money import VatBand, format_money

FOOTER = 20.0

FULL_HEADER = 236.0
COMPACT_HEADER = 56.0
TABLE_HEADING = 16.0
PAD = 3.0
SIZE = 9.0
BARCODE_HEIGHT = 11 * mm
RIGHT_BLOCK = 220.0
TOTALS_GAP = 14.0

# (heading, width, right aligned); the description takes what is left.
COLUMNS = (
    ("Part", 88.0, False),
    ("Description", 0.0, False),
    ("Qty", 36.0, True),
    ("Unit price", 70.0, True),
    ("VAT", 36.0, True),
    ("Net", 78.0, True),
)
DESCRIPTION_WIDTH = CONTENT_WIDTH - sum(column[1] for column in COLUMNS)
VAT_COLUMNS = (("Code", 40.0), ("Rate", 50.0), ("Net", 80.0), ("VAT", 80.0))


@dataclass(frozen=True)
class Row:
    cells: tuple[FittedText, ...]

    @property
    def height(self) -> float:
        return 2 * PAD + max(cell.height for cell in self.cells)


def render_invoice(doc: Invoice) -> bytes:
    """The invoice as PDF; the VAT analysis and totals close the last page."""
    rows = [_row(line) for line in doc.lines]
    notes = [
        fit_lines(note, REGULAR, CONTENT_WIDTH, SIZE, SIZE, max_lines=6)
        for note in doc.notes
    ]
    pages = paginate(
        rows,
        first_room=PAGE_HEIGHT - 2 * MARGIN - FOOTER - FULL_HEADER - TABLE_HEADING,
        other_room=PAGE_HEIGHT - 2 * MARGIN - FOOTER - COMPACT_HEADER - TABLE_HEADING,
        last_needs=_totals_height(doc.vat_bands, notes),
    )

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, f"Invoice {doc.invoice_number}")
    for number, page in enumerate(pages, start=1):
        top = (
            _draw_full_header(canvas, doc)
            if number == 1
            else _draw_compact_header(canvas, doc)
        )
        if page:
            top = _draw_table_heading(canvas, top)
        for row in page:
            _draw_row(canvas, row, top)
            top -= row.height
        if number == len(pages):
            _draw_totals(canvas, doc, notes, top - TOTALS_GAP)
        _draw_footer(canvas, doc, number, len(pages))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _row(line: InvoiceLine) -> Row:
    widths = [column[1] or DESCRIPTION_WIDTH for column in COLUMNS]
    texts = (
        line.part_number,
        line.description,
        str(line.quantity),
        format_money(line.unit_price),
        line.vat_code,
        format_money(line.net),
    )
    cells = tuple(
        fit_lines(text, REGULAR, cell_width - 2 * PAD, SIZE, 6, max_lines=6)
        for text, cell_width in zip(texts, widths, strict=True)
    )
    return Row(cells)


def _totals_height(bands: tuple[VatBand, ...], notes: list[FittedText]) -> float:
    """Room the totals take below the last row: a gap, the figures, the notes."""
    return TOTALS_GAP + _totals_block_height(bands) + sum(n.height + 4 for n in notes)


def _totals_block_height(bands: tuple[VatBand, ...]) -> float:
    vat_table = 14 + (1 + len(bands)) * 13
    totals = 3 * 18 + 8
    return max(vat_table, totals) + 8


def _draw_full_header(canvas: Canvas, doc: Invoice) -> float:
    dealer_width = CONTENT_WIDTH - RIGHT_BLOCK - 12
    below = draw_lines(
        canvas, fit_line(doc.dealer_name, BOLD, dealer_width, 16, 9), MARGIN, TOP
    )
    dealer = [*doc.dealer_address[:5], f"VAT number {doc.dealer_vat_number}"]
    draw_lines(
        canvas,
        fit_lines(dealer, REGULAR, dealer_width, SIZE, 6, max_lines=7),
        MARGIN,
        below - 2,
    )

    invoice = FittedText(("INVOICE",), BOLD, 24)
    draw_lines(canvas, invoice, RIGHT - RIGHT_BLOCK, TOP, RIGHT_BLOCK, align="right")
    number = fit_line(doc.invoice_number, BOLD, RIGHT_BLOCK - 80, 18, 9)
    number_x = RIGHT - number.widest()
    caption_x = number_x - 6 - width("Invoice number", REGULAR, 10)
    draw_one_line(
        canvas,
        TOP - 34 - 0.9 * number.size,
        [
            (caption_x, "Invoice number", REGULAR, 10),
            (number_x, "".join(number.lines), BOLD, number.size),
        ],
    )
    draw_code128(
        canvas,
        doc.invoice_number,
        RIGHT - RIGHT_BLOCK,
        TOP - 62 - BARCODE_HEIGHT,
        BARCODE_HEIGHT,
        RIGHT_BLOCK,
        align="right",
    )

    fields = (
        ("Date", day(doc.invoiced_at)),
        ("Advice note", doc.advice_note),
        ("Shop order", doc.order_number),
        ("Customer account", doc.customer_account),
    )
    box = CONTENT_WIDTH / len(fields)
    for index, (caption, value) in enumerate(fields):
        draw_label(canvas, caption, value, MARGIN + index * box, TOP - 112, box - 8)

    half = (CONTENT_WIDTH - 16) / 2
    _draw_address(canvas, "Invoice to", doc.invoice_to, MARGIN, half)
    _draw_address(canvas, "Deliver to", doc.deliver_to, MARGIN + half + 16, half)
    return TOP - FULL_HEADER


def _draw_address(
    canvas: Canvas, caption: str, address: Address, x: float, box: float
) -> None:
    below = draw_caption(canvas, caption, x, TOP - 146)
    lines = fit_lines(address.as_lines(), REGULAR, box, 10, 7, max_height=72)
    draw_lines(canvas, lines, x, below - 1)


def _draw_compact_header(canvas: Canvas, doc: Invoice) -> float:
    draw_lines(canvas, FittedText(("INVOICE, continued",), BOLD, 10), MARGIN, TOP)
    number_x = MARGIN + width("Invoice number", REGULAR, 10) + 6
    draw_one_line(
        canvas,
        TOP - 28,
        [
            (MARGIN, "Invoice number", REGULAR, 10),
            (number_x, doc.invoice_number, BOLD, 14),
        ],
    )
    references = f"Advice note {doc.advice_note} \u00b7 Shop order {doc.order_number}"
    fitted = fit_line(references, REGULAR, CONTENT_WIDTH, SIZE, 6)
    draw_lines(canvas, fitted, MARGIN, TOP - 34)
    return TOP - COMPACT_HEADER


def _draw_table_heading(canvas: Canvas, top: float) -> float:
    headings: list[tuple[str, float, Align]] = []
    x = MARGIN
    for heading, column_width, right in COLUMNS:
        cell = column_width or DESCRIPTION_WIDTH
        if right:
            headings.append((heading, x + cell - PAD, "right"))
        else:
            headings.append((heading, x + PAD, "left"))
        x += cell
    return draw_heading_band(canvas, top, TABLE_HEADING, headings)


def _draw_row(canvas: Canvas, row: Row, top: float) -> None:
    x = MARGIN
    for cell, (_, column_width, right) in zip(row.cells, COLUMNS, strict=True):
        cell_width = column_width or DESCRIPTION_WIDTH
        align: Align = "right" if right else "left"
        draw_lines(canvas, cell, x + PAD, top - PAD, cell_width - 2 * PAD, align)
        x += cell_width
    draw_rule(canvas, top - row.height, weight=0.5, grey=0.75)


def _draw_totals(
    canvas: Canvas, doc: Invoice, notes: list[FittedText], top: float
) -> None:
    below = draw_caption(canvas, "VAT analysis", MARGIN, top)
    baseline = below - 10
    _draw_vat_row(canvas, ("Code", "Rate", "Net", "VAT"), BOLD, baseline)
    for band in doc.vat_bands:
        baseline -= 13
        rate = f"{band.rate * 100:.2f}".rstrip("0").rstrip(".") + "%"
        texts = (band.code, rate, format_money(band.net), format_money(band.vat))
        _draw_vat_row(canvas, texts, REGULAR, baseline)

    left = RIGHT - RIGHT_BLOCK
    baseline = top - 10
    for caption, amount in (("Net", doc.net_total), ("VAT", doc.vat_total)):
        _draw_amount(canvas, caption, amount, REGULAR, 10, left, baseline)
        baseline -= 18
    canvas.setLineWidth(1)
    canvas.line(left, baseline + 12, RIGHT, baseline + 12)
    _draw_amount(canvas, "Total", doc.total, BOLD, 14, left, baseline - 4)

    note_top = top - _totals_block_height(doc.vat_bands)
    for note in notes:
        note_top = draw_lines(canvas, note, MARGIN, note_top) - 4


def _draw_amount(
    canvas: Canvas,
    caption: str,
    amount: Decimal,
    font: str,
    size: float,
    left: float,
    baseline: float,
) -> None:
    money = format_money(amount)
    right = RIGHT - width(money, font, size)
    draw_one_line(
        canvas, baseline, [(left, caption, font, size), (right, money, font, size)]
    )


def _draw_vat_row(
    canvas: Canvas, texts: tuple[str, ...], font: str, baseline: float
) -> None:
    parts = []
    x = MARGIN
    for text, (_, column_width) in zip(texts, VAT_COLUMNS, strict=True):
        if x == MARGIN:
            parts.append((x, text, font, SIZE))
        else:
            parts.append((x + column_width - width(text, font, SIZE), text, font, SIZE))
        x += column_width
    draw_one_line(canvas, baseline, parts)


def _draw_footer(canvas: Canvas, doc: Invoice, number: int, count: int) -> None:
    canvas.setFillGray(GREY)
    dealer = f"{doc.dealer_name} \u00b7 VAT number {doc.dealer_vat_number}"
    draw_lines(
        canvas, fit_line(dealer, REGULAR, CONTENT_WIDTH - 80, 8, 8), MARGIN, MARGIN + 8
    )
    page = FittedText((f"Page {number} of {count}",), REGULAR, 8)
    draw_lines(canvas, page, MARGIN, MARGIN + 8, CONTENT_WIDTH, align="right")
    canvas.setFillGray(0)
