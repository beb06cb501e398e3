"""ZPL read back: its fields as written, and (with zplkit) as the printer draws it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import zxingcpp

FIELD = re.compile(r"\^FO(\d+),(\d+)(.*?)\^FD(.*?)\^FS", re.DOTALL)
CODE_128 = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)


@dataclass(frozen=True)
class Field:
    x: int
    y: int
    commands: str
    data: str


def fields(zpl: bytes) -> list[Field]:
    """Every ^FO ... ^FD ... ^FS field, in the order written."""
    text = zpl.decode("utf-8")
    return [
        Field(int(x), int(y), commands, data)
        for x, y, commands, data in FIELD.findall(text)
    ]


@dataclass(frozen=True)
class Printed:
    """A label as a 1-bit picture, one pixel a dot: `ink(x, y)` is black."""

    width: int
    height: int
    pixels: bytes

    def ink(self, x: int, y: int) -> bool:
        return self.pixels[y * self.width + x] < 128

    def inked_columns(self) -> list[int]:
        return [
            x
            for x in range(self.width)
            if any(self.ink(x, y) for y in range(self.height))
        ]


def print_zpl(zpl: bytes, dpi: int) -> list[tuple[Printed, list[str]]]:
    """Each label as printed by the zplkit emulator, with the Code 128s it scans as.

    Skips the test when zplkit (a ZPL renderer on PyPI) is not installed.
    """
    zplkit = pytest.importorskip(
        "zplkit", reason="zplkit, the ZPL renderer, is not installed"
    )
    from PIL import Image

    out = []
    for scene in zplkit.render(zpl, zplkit.Options(dpi=dpi)).labels:
        raster = scene.rasterize()
        image = Image.frombytes("L", (raster.width, raster.height), raster.pixels)
        found = zxingcpp.read_barcodes(image, formats=CODE_128)
        printed = Printed(raster.width, raster.height, raster.pixels)
        out.append((printed, [barcode.text for barcode in found]))
    return out
