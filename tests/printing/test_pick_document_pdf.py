from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pypdf

from printing.pdf.pick_document import columns_for, render_pick_document
from warehouse_app.domain.documents import PickDocument, PickLine


def test_every_barcode_on_the_pick_document_scans_as_its_value(
    pick_document_of: Callable[[int], PickDocument],
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    doc = pick_document_of(8)

    pages = read_barcodes(render_pick_document(doc))

    assert len(pages) == 1
    assert sorted(pages[0]) == sorted(
        ["AN000123", *(line.barcode for line in doc.lines)]
    )


def test_an_ean_of_digits_only_scans_back_digit_for_digit(
    pick_document_of: Callable[[int], PickDocument],
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    line = PickLine("A-01-1-D", "10002", "INFLATABLE GLOBE", 2, "2748708148843")
    doc = replace(pick_document_of(0), lines=(line,))

    pages = read_barcodes(render_pick_document(doc))

    assert sorted(pages[0]) == ["2748708148843", "AN000123"]


def test_sixty_lines_run_over_pages_in_the_order_given(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    doc = pick_document_of(60)

    pdf = render_pick_document(doc)

    page_count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert page_count > 1
    texts = read_texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert "AN000123" in text
        assert f"Page {number} of {page_count}" in text
    everything = "\n".join(texts)
    positions = [everything.index(line.part_number) for line in doc.lines]
    assert positions == sorted(positions)
    assert everything.index("Not picked: Carriage") > positions[-1]

    pages = read_barcodes(pdf)
    scanned = [code for page in pages for code in page if code != "AN000123"]
    assert sorted(scanned) == sorted(line.barcode for line in doc.lines)
    assert all("AN000123" in page for page in pages)


def test_a_long_description_wraps_inside_its_own_column(
    pick_document_of: Callable[[int], PickDocument],
    read_text_in_box: Callable[[bytes, int, float, float], str],
) -> None:
    doc = pick_document_of(3)
    columns = columns_for(doc.lines)

    pdf = render_pick_document(doc)

    in_description = " ".join(
        read_text_in_box(pdf, 0, columns.description, columns.qty).split()
    )
    assert "WHITE HANGING HEART T-LIGHT HOLDER IN A GIFT BOX WITH RIBBON AND TAG" in (
        in_description
    )
    for left, right in (
        (columns.part, columns.description),
        (columns.qty, columns.tick),
    ):
        assert "HOLDER" not in read_text_in_box(pdf, 0, left, right)


def test_charge_lines_are_listed_as_not_picked(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    doc = pick_document_of(2)

    texts = read_texts(render_pick_document(doc))

    assert "Not picked: Carriage" in texts[-1]


def test_a_pick_document_without_lines_still_prints_its_header(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    doc = replace(pick_document_of(0), charge_lines=())

    texts = read_texts(render_pick_document(doc))

    assert len(texts) == 1
    assert "PICK DOCUMENT" in texts[0]
    assert "No lines to pick." in texts[0]


def test_a_barcode_too_long_to_print_leaves_a_note_instead(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    line = PickLine("A-01-1-D", "10002", "GLOBE", 1, "X" * 80)
    doc = replace(pick_document_of(0), lines=(line,))

    texts = read_texts(render_pick_document(doc))

    assert "No barcode: key the part number in." in texts[0]
