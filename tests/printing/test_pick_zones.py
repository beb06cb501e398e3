from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from printing.pdf.pick_zones import render_pick_documents_by_zone, split_by_zone
from warehouse_app.domain.documents import PickDocument, PickLine


def line(bin_code: str, part: str) -> PickLine:
    return PickLine(bin_code, part, "DOGGY RUBBER", 1, f"PN{part}")


def test_an_order_over_three_zones_gives_three_documents(
    pick_document_of: Callable[[int], PickDocument],
) -> None:
    lines = (
        line("B-1-1-A", "1"),
        line("A-2-3-A", "2"),
        line("B-2-9-A", "3"),
        line("UNKNOWN", "4"),
        line("A10-1-1-A", "5"),
        line("A-1-1-A", "6"),
    )
    doc = replace(pick_document_of(0), lines=lines)

    split = split_by_zone(doc)

    assert [(zone, [x.part_number for x in part.lines]) for zone, part in split] == [
        ("A", ["2", "6"]),
        ("A10", ["5"]),
        ("B", ["1", "3"]),
        ("", ["4"]),
    ]
    assert split[0][1].charge_lines == ("Carriage",)
    assert all(part.charge_lines == () for _, part in split[1:])
    assert {part.advice_note for _, part in split} == {doc.advice_note}


def test_an_order_without_lines_is_one_document(
    pick_document_of: Callable[[int], PickDocument],
) -> None:
    doc = pick_document_of(0)

    assert split_by_zone(doc) == [("", doc)]


def test_each_zone_document_names_its_zone_and_scans(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    doc = replace(
        pick_document_of(0), lines=(line("A-1-1-A", "1"), line("B-1-1-A", "2"))
    )

    rendered = render_pick_documents_by_zone(doc)

    assert [zone for zone, _ in rendered] == ["A", "B"]
    for (zone, pdf), part in zip(rendered, ("1", "2"), strict=True):
        [text] = read_texts(pdf)
        assert f"PICK DOCUMENT \u2014 ZONE {zone}" in text
        assert sorted(read_barcodes(pdf)[0]) == sorted(["AN000123", f"PN{part}"])


def test_a_continued_page_names_the_zone_too(
    pick_document_of: Callable[[int], PickDocument],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    doc = pick_document_of(60)

    texts = read_texts(render_pick_documents_by_zone(doc)[0][1])

    assert len(texts) > 1
    assert "PICK DOCUMENT \u2014 ZONE A, continued" in texts[1]
