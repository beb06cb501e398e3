"""Text that fits its box: wrapping, shrinking and drawing in PDF points."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

# FIXME:print Helvetica carries Western European letters only: a name in
# Polish, Greek or Cyrillic prints with black boxes in place of the missing
# letters. Embedding a TrueType font with wider coverage would fix it.
REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
LEADING = 1.2
ELLIPSIS = "\u2026"
GREY = 0.45

Align = Literal["left", "centre", "right"]


@dataclass(frozen=True)
class FittedText:
    """Lines set at one size; `height` is what they take on the page."""

    lines: tuple[str, ...]
    font: str
    size: float
    cut: bool = False

    @property
    def leading(self) -> float:
        return self.size * LEADING

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    def widest(self) -> float:
        return max(
            (width(line, self.font, self.size) for line in self.lines), default=0
        )


def width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`, at spaces and hyphens.

    A word, or part of a hyphenated word, that is wider than a line on its
    own is split between letters.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        for index, part in enumerate(_parts(word)):
            joint = " " if index == 0 and current else ""
            if width(current + joint + part, font, size) <= max_width:
                current = current + joint + part
                continue
            if current:
                lines.append(current)
            pieces = _split_letters(part, font, size, max_width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _parts(word: str) -> list[str]:
    """ "D-12-3" as "D-", "12-", "3": the places a hyphenated word may break."""
    return re.findall(r".+?(?:-+|$)", word)


def _split_letters(part: str, font: str, size: float, max_width: float) -> list[str]:
    pieces: list[str] = []
    piece = ""
    for letter in part:
        if piece and width(piece + letter, font, size) > max_width:
            pieces.append(piece)
            piece = letter
        else:
            piece += letter
    pieces.append(piece)
    return pieces


def fit_lines(
    text: str | Sequence[str],
    font: str,
    max_width: float,
    max_size: float,
    min_size: float,
    max_height: float = math.inf,
    max_lines: int | None = None,
) -> FittedText:
    """Set `text` at the largest size that fits, from `max_size` down to `min_size`.

    Each entry of a sequence starts a new line; every line wraps at
    `max_width`. The text fits at a size when it takes no more than
    `max_lines` lines and `max_height` points; a size that keeps every word
    whole wins over a larger one that splits a word between letters. If the
    text does not fit even at `min_size`, it is set at `min_size` and cut at
    the limits, the last line kept ending in an ellipsis, and `cut` is true.
    No returned line is wider than `max_width`.
    """
    entries = [text] if isinstance(text, str) else list(text)
    line_limit = max_lines if max_lines is not None else math.inf
    sizes = [max_size]
    while sizes[-1] > min_size:
        sizes.append(max(min_size, sizes[-1] - 0.5))

    for whole_words in (True, False):
        for size in sizes:
            if whole_words and _splits_a_word(entries, font, size, max_width):
                continue
            lines = [
                line for entry in entries for line in wrap(entry, font, size, max_width)
            ]
            if len(lines) <= line_limit and len(lines) * size * LEADING <= max_height:
                return FittedText(tuple(lines), font, size)

    room = min(line_limit, max_height / (min_size * LEADING))
    kept = lines[: max(int(min(room, len(lines))), 1)]
    kept[-1] = _with_ellipsis(kept[-1], font, min_size, max_width)
    return FittedText(tuple(kept), font, min_size, cut=True)


def _splits_a_word(
    entries: list[str], font: str, size: float, max_width: float
) -> bool:
    return any(
        width(part, font, size) > max_width
        for entry in entries
        for word in entry.split()
        for part in _parts(word)
    )


def _with_ellipsis(line: str, font: str, size: float, max_width: float) -> str:
    while line and width(line + ELLIPSIS, font, size) > max_width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit_line(
    text: str, font: str, max_width: float, max_size: float, min_size: float
) -> FittedText:
    """One line: shrink it to fit, and cut it with an ellipsis if even that fails."""
    return fit_lines(text, font, max_width, max_size, min_size, max_lines=1)


def fit_fewest_lines(
    text: str,
    font: str,
    max_width: float,
    max_size: float,
    min_size: float,
    max_lines: int,
) -> FittedText:
    """Like `fit_lines`, but wrap onto a second line only when shrinking fails.

    For short codes such as bins, which read best whole on one line.
    """
    for lines in range(1, max_lines):
        fitted = fit_lines(text, font, max_width, max_size, min_size, max_lines=lines)
        if not fitted.cut:
            return fitted
    return fit_lines(text, font, max_width, max_size, min_size, max_lines=max_lines)


def draw_lines(
    canvas: Canvas,
    fitted: FittedText,
    x: float,
    top: float,
    box_width: float = 0,
    align: Align = "left",
) -> float:
    """Draw the lines downwards from `top`; returns the y below the last line."""
    canvas.setFont(fitted.font, fitted.size)
    baseline = top - 0.9 * fitted.size
    for line in fitted.lines:
        if align == "right":
            canvas.drawRightString(x + box_width, baseline, line)
        elif align == "centre":
            canvas.drawCentredString(x + box_width / 2, baseline, line)
        else:
            canvas.drawString(x, baseline, line)
        baseline -= fitted.leading
    return top - fitted.height


def draw_caption(
    canvas: Canvas,
    caption: str,
    x: float,
    top: float,
    box_width: float = 0,
    align: Align = "left",
) -> float:
    """A small grey caption over a value; returns the y below it."""
    canvas.setFillGray(GREY)
    below = draw_lines(
        canvas, FittedText((caption,), REGULAR, 8), x, top, box_width, align
    )
    canvas.setFillGray(0)
    return below


def draw_label(
    canvas: Canvas, caption: str, value: str, x: float, top: float, box_width: float
) -> float:
    """A caption with its value in bold under it; returns the y below."""
    below = draw_caption(canvas, caption, x, top)
    return draw_lines(canvas, fit_line(value, BOLD, box_width, 11, 8), x, below)


def draw_one_line(
    canvas: Canvas, baseline: float, parts: Sequence[tuple[float, str, str, float]]
) -> None:
    """Draw (x, text, font, size) parts on one baseline as a single text object.

    One text object makes PDF text extraction read the parts as one line,
    e.g. "Total £12.00", which is how a person reads them too.
    """
    text = canvas.beginText()
    line_start = parts[0][0]
    text.setTextOrigin(line_start, baseline)
    for x, words, font, size in parts:
        if x != line_start:
            text.moveCursor(x - line_start, 0)
            line_start = x
        text.setFont(font, size)
        text.textOut(words)
    canvas.drawText(text)


def new_canvas(
    buffer: io.BytesIO, page_size: tuple[float, float], title: str
) -> Canvas:
    # invariant: the same document always gives the same bytes, no timestamps.
    canvas = Canvas(buffer, pagesize=page_size, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("warehouse-app")
    canvas.setCreator("warehouse-app")
    return canvas


def day(at: datetime) -> str:
    return at.strftime("%d/%m/%Y")


def day_and_time(at: datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M")
