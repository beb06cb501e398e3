"""What a printer takes: PDF pages, or ZPL for a thermal label printer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["pdf", "zpl"]
THERMAL_DPI = (203, 300)


@dataclass(frozen=True)
class Form:
    """The printer language, and for ZPL the dots per inch of the print head."""

    language: Language = "pdf"
    dpi: int = 0

    def __post_init__(self) -> None:
        if self.language == "zpl" and self.dpi not in THERMAL_DPI:
            raise ValueError(
                f"A ZPL printer prints at 203 or 300 dots per inch, not {self.dpi}. "
                "Look at the printer's configuration label and set that."
            )

    @property
    def extension(self) -> str:
        return self.language

    def __str__(self) -> str:
        return f"ZPL at {self.dpi} dpi" if self.language == "zpl" else "PDF"


PDF = Form()


def zpl(dpi: int = 203) -> Form:
    return Form("zpl", dpi)
