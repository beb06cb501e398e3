"""The command sheet: a barcode for each station command, and staff badges.

Pinned up at the bench, it lets a picker short-pick, skip, undo or close a
parcel with the scanner in hand. Each barcode sits on a card with a dashed
edge, so a badge can be cut out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.a4 import CONTENT_WIDTH, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, TOP
from printing.pdf.barcodes import draw_code128
from printing.pdf.layout import (
    BOLD,
    GREY,
    REGULAR,
    draw_lines,
    fit_line,
    fit_lines,
    new_canvas,
)
from warehouse_app.domain.documents import CommandSheet
from warehouse_app.domain.scans import STAFF_PREFIX, Command

# What each command is called on paper, and what scanning it does.
COMMAND_WORDS: dict[Command, tuple[str, str]] = {
    Command.SHORT_PICK: (
        "Short pick",
        "The bin holds fewer than the line asks for: the rest goes on backorder.",
    ),
    Command.NEXT_LINE: (
        "Next line",
        "Leave this line for now and go on to the next one on the list.",
    ),
    Command.CLOSE_PARCEL: (
        "Close parcel",
        "The parcel is full: close it and print its label.",
    ),
    Command.UNDO_LAST_SCAN: (
        "Undo last scan",
        "Take back the last scan; the unit goes back to the bin.",
    ),
}

COLUMNS = 2
GUTTER = 18.0
CARD_WIDTH = (CONTENT_WIDTH - GUTTER) / COLUMNS
CARD_HEIGHT = 132.0
ROW_GAP = 10.0
PADDING = 8.0
BARCODE_HEIGHT = 16 * mm
HEADING_HEIGHT = 24.0


@dataclass(frozen=True)
class Card:
    label: str
    explanation: str
    value: str


def command_cards() -> list[Card]:
    return [Card(*COMMAND_WORDS[command], command.value) for command in Command]


def staff_cards(staff: tuple[tuple[str, str], ...]) -> list[Card]:
    return [
        Card(
            name,
            f"Staff badge {staff_id}: scan it to sign in at a station.",
            f"{STAFF_PREFIX}{staff_id}",
        )
        for staff_id, name in staff
    ]


def render_command_sheet(sheet: CommandSheet) -> bytes:
    """The sheet as an A4 PDF: commands first, then staff badges if any."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (PAGE_WIDTH, PAGE_HEIGHT), sheet.title)

    title = fit_line(sheet.title, BOLD, CONTENT_WIDTH, 22, 12)
    y = draw_lines(canvas, title, MARGIN, TOP) - 8
    sections = [
        ("Commands", command_cards()),
        ("Staff badges", staff_cards(sheet.staff)),
    ]
    for heading, cards in sections:
        if not cards:
            continue
        if y - HEADING_HEIGHT - CARD_HEIGHT < MARGIN:
            canvas.showPage()
            y = TOP
        y = _draw_heading(canvas, heading, y)
        for start in range(0, len(cards), COLUMNS):
            if y - CARD_HEIGHT < MARGIN:
                canvas.showPage()
                y = TOP
            for column, card in enumerate(cards[start : start + COLUMNS]):
                _draw_card(canvas, card, MARGIN + column * (CARD_WIDTH + GUTTER), y)
            y -= CARD_HEIGHT + ROW_GAP

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_heading(canvas: Canvas, heading: str, top: float) -> float:
    fitted = fit_line(heading, BOLD, CONTENT_WIDTH, 13, 10)
    draw_lines(canvas, fitted, MARGIN, top - 4)
    return top - HEADING_HEIGHT


def _draw_card(canvas: Canvas, card: Card, left: float, top: float) -> None:
    canvas.setDash(3, 3)
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(0.5)
    canvas.rect(left, top - CARD_HEIGHT, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    canvas.setDash()
    canvas.setStrokeGray(0)

    inner = CARD_WIDTH - 2 * PADDING
    label = fit_line(card.label, BOLD, inner, 20, 12)
    below = draw_lines(canvas, label, left + PADDING, top - PADDING)
    explanation = fit_lines(card.explanation, REGULAR, inner, 9.5, 7, max_lines=2)
    draw_lines(canvas, explanation, left + PADDING, below - 2)

    value_top = top - CARD_HEIGHT + PADDING + 10
    barcode_bottom = value_top + 4
    draw_code128(
        canvas,
        card.value,
        left + PADDING,
        barcode_bottom,
        BARCODE_HEIGHT,
        inner,
        align="centre",
    )
    value = fit_line(card.value, REGULAR, inner, 8, 6)
    draw_lines(canvas, value, left + PADDING, value_top, inner, align="centre")
