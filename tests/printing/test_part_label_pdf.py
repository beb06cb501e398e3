from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pypdf
import pytest

from printing.pdf.part_label import (
    BARCODE_TOP,
    LABEL_HEIGHT,
    LABEL_WIDTH,
    MARGIN,
    render_part_label,
    render_part_labels,
)
from tests.printing.conftest import LONG_DESCRIPTION
from warehouse_app.domain.labels import PartLabel, PartLabelRun

ReadBarcodes = Callable[[bytes], list[list[str]]]
CharacterBoxes = Callable[[bytes], list[tuple[float, float, float, float]]]


def part(
    number: int = 1, barcode: str = "PN0001-B", description: str = ""
) -> PartLabel:
    return PartLabel(
        f"PART-{number:03d}",
        description or LONG_DESCRIPTION,
        f"A-{number:02d}-1-D",
        barcode,
    )


def test_the_label_is_two_by_one_inches_on_one_page() -> None:
    pages = pypdf.PdfReader(io.BytesIO(render_part_label(part()))).pages

    assert len(pages) == 1
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == (
        144.0,
        72.0,
    )


@pytest.mark.parametrize("barcode", ["PN0001-B", "2748708148843", "JD0002210000"])
def test_the_barcode_scans_as_its_value(
    read_barcodes: ReadBarcodes, barcode: str
) -> None:
    assert read_barcodes(render_part_label(part(barcode=barcode))) == [[barcode]]


def test_the_label_shows_part_bin_and_description(
    read_texts: Callable[[bytes], list[str]],
) -> None:
    [text] = read_texts(render_part_label(part()))

    assert "PART-001" in text and "A-01-1-D" in text
    assert "".join(LONG_DESCRIPTION.split()) in "".join(text.split())


@pytest.mark.parametrize(
    "description",
    [LONG_DESCRIPTION, LONG_DESCRIPTION * 3, "X" * 140],
    ids=["longest-sample", "three-times", "one-word"],
)
def test_a_long_description_shrinks_and_stays_above_the_barcode(
    read_character_boxes: CharacterBoxes,
    read_barcodes: ReadBarcodes,
    description: str,
) -> None:
    pdf = render_part_label(part(description=description))

    for left, bottom, right, top in read_character_boxes(pdf):
        assert MARGIN - 1 <= left < right <= LABEL_WIDTH - MARGIN + 1
        assert BARCODE_TOP < bottom < top <= LABEL_HEIGHT
    assert read_barcodes(pdf) == [["PN0001-B"]]


def test_a_group_prints_one_label_a_page_in_the_order_given(
    read_barcodes: ReadBarcodes,
) -> None:
    codes = ["PN0001-B", "2748708148843", "PN0003-B", "JD0002210000"]
    run = PartLabelRun(
        "group BRAKES", tuple(part(n, code) for n, code in enumerate(codes, 1))
    )

    pdf = render_part_labels(run)

    assert read_barcodes(pdf) == [[code] for code in codes]


def test_a_barcode_too_long_for_the_label_leaves_a_note(
    read_texts: Callable[[bytes], list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="warehouse.print"):
        [text] = read_texts(render_part_label(part(barcode="ABCDEFGHIJKLMNOP")))

    assert "No barcode: key the part number in." in text
    assert "PART-001" in caplog.text
