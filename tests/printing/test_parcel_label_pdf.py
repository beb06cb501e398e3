from __future__ import annotations

import io
from collections.abc import Callable

import pypdf
import pytest

from printing.pdf.layout import width
from printing.pdf.parcel_label import (
    ADDRESS_BOTTOM,
    CONTENT_WIDTH,
    LABEL_HEIGHT,
    LABEL_WIDTH,
    MARGIN,
    fit_address,
    render_parcel_label,
)
from warehouse_app.domain.documents import ParcelLabel

LONG_NAME = (
    "Pennine Retail Wholesale and Distribution Company of the North West of "
    "England Limited, Goods Inwards Dock 7, Rear Yard off Mill Lane"
)


def test_the_label_is_four_by_six_inches_on_one_page(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    pdf = render_parcel_label(parcel_label_for())

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == (
        288.0,
        432.0,
    )


@pytest.mark.parametrize(
    "barcode", ["AN000123-2", "2748708148843", "JD0002210000123456"]
)
def test_the_label_barcode_scans_as_its_value(
    parcel_label_for: Callable[..., ParcelLabel],
    read_barcodes: Callable[[bytes], list[list[str]]],
    barcode: str,
) -> None:
    pages = read_barcodes(render_parcel_label(parcel_label_for(barcode=barcode)))

    assert pages == [[barcode]]


def test_the_label_tells_the_parcel_apart_from_its_siblings(
    parcel_label_for: Callable[..., ParcelLabel],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    [text] = read_texts(render_parcel_label(parcel_label_for()))

    for expected in ("Parcel 2 of 3", "12.50 kg", "536365", "AN000123", "Lakeland"):
        assert expected in text


@pytest.mark.parametrize("name", [LONG_NAME, "X" * 130], ids=["words", "one-word"])
def test_a_long_name_shrinks_to_stay_on_the_label(
    parcel_label_for: Callable[..., ParcelLabel],
    read_texts: Callable[[bytes], list[str]],
    read_character_boxes: Callable[[bytes], list[tuple[float, float, float, float]]],
    name: str,
) -> None:
    assert len(name) >= 120
    label = parcel_label_for(name=name)

    pdf = render_parcel_label(label)

    [text] = read_texts(pdf)
    assert "".join(name.split()) in "".join(text.split())
    for left, bottom, right, top in read_character_boxes(pdf):
        assert MARGIN - 1 <= left < right <= LABEL_WIDTH - MARGIN + 1
        assert MARGIN - 1 <= bottom < top <= LABEL_HEIGHT - MARGIN + 1


def test_the_address_fills_its_box_and_never_runs_out_of_it(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    room = 180.0
    short = fit_address(parcel_label_for(), room)
    long = fit_address(parcel_label_for(name=LONG_NAME * 2), room)

    assert short.size == 22
    assert long.size < short.size
    for fitted in (short, long):
        assert fitted.height <= room
        assert fitted.widest() <= CONTENT_WIDTH
        assert all(
            width(line, fitted.font, fitted.size) <= CONTENT_WIDTH
            for line in fitted.lines
        )
    assert ADDRESS_BOTTOM > 0
