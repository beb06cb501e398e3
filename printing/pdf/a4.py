"""The A4 sheet the pick document and the invoice share: margins, rules, pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from printing.pdf.layout import BOLD, Align

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 36.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP = PAGE_HEIGHT - MARGIN
RIGHT = MARGIN + CONTENT_WIDTH


class HasHeight(Protocol):
    @property
    def height(self) -> float: ...


Item = TypeVar("Item", bound=HasHeight)


def paginate(
    items: Sequence[Item], first_room: float, other_room: float, last_needs: float = 0
) -> list[list[Item]]:
    """Items cut into pages, in order: `first_room` points on page one,
    `other_room` on each page after, and `last_needs` kept free on the last."""
    pages: list[list[Item]] = [[]]
    room = first_room
    for item in items:
        if item.height > room and pages[-1]:
            pages.append([])
            room = other_room
        pages[-1].append(item)
        room -= item.height
    if last_needs > room:
        pages.append([])
    return pages


def draw_rule(canvas: Canvas, y: float, weight: float = 1, grey: float = 0) -> None:
    canvas.setStrokeGray(grey)
    canvas.setLineWidth(weight)
    canvas.line(MARGIN, y, RIGHT, y)
    canvas.setStrokeGray(0)


def draw_heading_band(
    canvas: Canvas,
    top: float,
    height: float,
    headings: Sequence[tuple[str, float, Align]],
) -> float:
    """Column headings on a grey band; returns the y below it.

    Each heading is (text, x, align): x is where a left-aligned heading
    starts, where a right-aligned one ends, or a centred one's middle.
    """
    canvas.setFillGray(0.88)
    canvas.rect(MARGIN, top - height, CONTENT_WIDTH, height, stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setFont(BOLD, 9)
    baseline = top - height + (height - 9) / 2 + 2
    for text, x, align in headings:
        if align == "right":
            canvas.drawRightString(x, baseline, text)
        elif align == "centre":
            canvas.drawCentredString(x, baseline, text)
        else:
            canvas.drawString(x, baseline, text)
    return top - height
