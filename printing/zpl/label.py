"""One ZPL label: a `^XA ... ^XZ` format built up field by field, in dots."""

from __future__ import annotations

from typing import Literal

from printing.zpl.code128 import module_for, symbol_modules
from printing.zpl.text import ESCAPE, ZplText, escape_field_data, text_width

Align = Literal["left", "centre", "right"]


class ZplLabel:
    """A label `width` x `length` inches on a `dpi` head; positions are in dots.

    The format sets UTF-8 (`^CI28`), the print width and label length, and
    the label home at the top left corner; `to_bytes` closes it with `^XZ`.
    """

    def __init__(self, width: float, length: float, dpi: int) -> None:
        self.dpi = dpi
        self.width = self.dots(width)
        self.length = self.dots(length)
        self._commands = [
            "^XA",
            "^CI28",
            f"^PW{self.width}",
            f"^LL{self.length}",
            "^LH0,0",
        ]

    def dots(self, inches: float) -> int:
        return round(inches * self.dpi)

    def points(self, size: float) -> int:
        """A type size in points as a font height in dots."""
        return round(size / 72 * self.dpi)

    def text(
        self,
        fitted: ZplText,
        x: int,
        top: int,
        box_width: int = 0,
        align: Align = "left",
    ) -> int:
        """Each line as its own field, from `top` down; returns the y below them."""
        for line in fitted.lines:
            left = x
            if align != "left":
                spare = max(0, box_width - text_width(line, fitted.height))
                left = x + (spare if align == "right" else spare // 2)
            self._commands.append(
                f"^FO{left},{top}^A0N,{fitted.height},{fitted.height}"
                f"^FH{ESCAPE}^FD{escape_field_data(line)}^FS"
            )
            top += fitted.pitch
        return top

    def code128(self, value: str, top: int, height: int) -> int:
        """The barcode centred across the label (its quiet zones may reach the
        label's white edges); returns its width in dots. Raises
        BarcodeNotPrintable when it cannot fit."""
        module = module_for(value, self.width, self.dpi)
        bars = symbol_modules(value) * module
        left = (self.width - bars) // 2
        self._commands.append(
            f"^FO{left},{top}^BY{module}^BCN,{height},N,N,N,A"
            f"^FH{ESCAPE}^FD{escape_field_data(value)}^FS"
        )
        return bars

    def rule(self, x: int, top: int, width: int, thickness: int) -> None:
        self._commands.append(f"^FO{x},{top}^GB{width},{thickness},{thickness}^FS")

    def to_bytes(self) -> bytes:
        return "\n".join([*self._commands, "^XZ", ""]).encode("utf-8")
