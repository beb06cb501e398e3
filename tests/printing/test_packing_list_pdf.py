from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pypdf

from printing.pdf.a4 import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from printing.pdf.packing_list import render_packing_list
from tests.printing.conftest import LONG_DESCRIPTION
from warehouse_app.domain.documents import Address
from warehouse_app.domain.labels import PackedParcel, PackingList

ReadTexts = Callable[[bytes], list[str]]


def parcel(number: int, lines: int, weight: str = "12.5") -> PackedParcel:
    return PackedParcel(
        number,
        Decimal(weight),
        tuple(
            (
                f"PART-{number}{index:02d}",
                LONG_DESCRIPTION if index % 3 == 0 else "DOGGY RUBBER",
                index % 12 + 1,
            )
            for index in range(lines)
        ),
    )


def packing_list(*parcels: PackedParcel, name: str = "Mrs J Smith") -> PackingList:
    return PackingList(
        advice_note="AN000123",
        order_number="536365",
        customer="Pennine Retail",
        deliver_to=Address(name, ("14 Long Lane", "Penrith", "CA11 7XX"), "UK"),
        parcels=parcels,
    )


def test_each_parcel_is_listed_with_what_is_in_it(read_texts: ReadTexts) -> None:
    doc = packing_list(parcel(1, 2, "3.2"), parcel(2, 1, "0.75"))

    [text] = read_texts(render_packing_list(doc))

    for expected in (
        "ADVICE NOTE / PACKING LIST",
        "AN000123",
        "536365",
        "Pennine Retail",
        "14 Long Lane",
        "Parcel 1 of 2",
        "3.20 kg",
        "Parcel 2 of 2",
        "0.75 kg",
        "2 parcels, 3.95 kg in all",
    ):
        assert expected in text
    assert text.index("PART-100") < text.index("PART-101") < text.index("Parcel 2")
    assert text.index("Parcel 2") < text.index("PART-200")


def test_the_advice_note_barcode_scans_on_every_page(
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    pdf = render_packing_list(packing_list(parcel(1, 5), parcel(2, 60), parcel(3, 2)))

    pages = read_barcodes(pdf)

    assert len(pages) > 1
    assert pages == [["AN000123"]] * len(pages)


def test_a_parcel_running_onto_the_next_page_is_named_again_there(
    read_texts: ReadTexts,
) -> None:
    pdf = render_packing_list(packing_list(parcel(1, 70)))

    texts = read_texts(pdf)

    assert len(texts) > 1
    assert "Parcel 1 of 1, continued" in texts[1]
    assert "1 parcel, 12.50 kg in all" in texts[-1]


def test_long_descriptions_and_addresses_stay_on_the_page(
    read_character_boxes: Callable[[bytes], list[tuple[float, float, float, float]]],
    read_texts: ReadTexts,
) -> None:
    name = "Pennine Retail Wholesale and Distribution Company Goods Inwards " * 4
    long_line = ("SPARE " + LONG_DESCRIPTION + " ") * 3
    doc = packing_list(
        PackedParcel(1, Decimal("1"), (("PART-1", long_line, 1),)), name=name
    )

    pdf = render_packing_list(doc)

    for left, bottom, right, top in read_character_boxes(pdf):
        assert MARGIN - 1 <= left < right <= PAGE_WIDTH - MARGIN + 1
        assert MARGIN - 1 <= bottom < top <= PAGE_HEIGHT - MARGIN + 1
    [text] = read_texts(pdf)
    assert "".join(long_line.split()) in "".join(text.split())


def test_an_order_with_no_parcels_yet_still_prints_its_header(
    read_texts: ReadTexts,
) -> None:
    pdf = render_packing_list(packing_list())

    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "0 parcels, 0.00 kg in all" in read_texts(pdf)[0]
