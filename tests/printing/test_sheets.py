"""The command sheet and the keyboard layout test sheet, read back as a scanner would."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from printing.pdf.barcodes import BarcodeNotPrintable
from printing.pdf.command_sheet import render_command_sheet
from printing.pdf.layout_test_sheet import render_layout_test_sheet
from printing.render import render
from warehouse_app.domain.documents import CommandSheet, LayoutTestSheet
from warehouse_app.domain.keyboard_layout import TEST_CODE, diagnose
from warehouse_app.domain.scans import Command, ScanKind, read_scan

A4_POINTS = (595.28, 841.89)
STAFF = tuple((f"{number:03d}", f"Picker number {number}") for number in range(1, 14))

ReadBarcodes = Callable[[bytes], list[list[str]]]
ReadTexts = Callable[[bytes], list[str]]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in pages
    ]


def every_symbol(pdf: bytes) -> list[tuple[zxingcpp.BarcodeFormat, str]]:
    """Every barcode of any kind on the first page, at 300 dpi."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=300 / 72, grayscale=True).to_pil()
        page.close()
        return [(found.format, found.text) for found in zxingcpp.read_barcodes(image)]
    finally:
        document.close()


def test_the_command_sheet_has_a_barcode_for_every_command(
    read_barcodes: ReadBarcodes,
) -> None:
    pdf = render_command_sheet(CommandSheet("Station commands"))

    [page] = read_barcodes(pdf)

    assert page_sizes(pdf) == [A4_POINTS]
    assert sorted(page) == sorted(command.value for command in Command)
    assert {read_scan(code).kind for code in page} == {ScanKind.COMMAND}


def test_each_command_is_named_in_words_with_what_it_does(
    read_texts: ReadTexts,
) -> None:
    [page] = read_texts(render_command_sheet(CommandSheet("Station commands")))
    text = " ".join(page.split())

    for words in (
        "Station commands",
        "Short pick",
        "Next line",
        "Close parcel",
        "Undo last scan",
        "the rest goes on backorder",
        "print its label",
    ):
        assert words in text


def test_staff_badges_run_on_to_a_second_page_and_each_scans_as_its_badge(
    read_barcodes: ReadBarcodes, read_texts: ReadTexts
) -> None:
    pdf = render_command_sheet(CommandSheet("Station commands", STAFF))

    pages = read_barcodes(pdf)
    scanned = [code for page in pages for code in page]

    assert len(pages) == 2 and set(page_sizes(pdf)) == {A4_POINTS}
    assert sorted(scanned) == sorted(
        [command.value for command in Command]
        + [f"STAFF{staff_id}" for staff_id, _ in STAFF]
    )
    badges = [read_scan(code) for code in scanned if code.startswith("STAFF")]
    assert sorted(badge.value for badge in badges) == [
        staff_id for staff_id, _ in STAFF
    ]
    assert "Picker number 13" in " ".join(read_texts(pdf))


def test_a_staff_id_code_128_cannot_print_is_refused_in_words() -> None:
    with pytest.raises(BarcodeNotPrintable, match="Code 128 takes plain letters"):
        render_command_sheet(CommandSheet("Station commands", (("Zoë", "Zoë"),)))


def test_the_layout_test_code_is_code_128_holding_every_character_exactly() -> None:
    pdf = render_layout_test_sheet(LayoutTestSheet(TEST_CODE))

    symbols = every_symbol(pdf)

    assert page_sizes(pdf) == [A4_POINTS]
    assert symbols == [(zxingcpp.BarcodeFormat.Code128, TEST_CODE)]
    assert set('@"#/-ZY') <= set(symbols[0][1])
    assert diagnose(symbols[0][1]).ok


def test_the_layout_test_sheet_says_what_to_do(read_texts: ReadTexts) -> None:
    [page] = read_texts(render_layout_test_sheet(LayoutTestSheet(TEST_CODE)))
    text = " ".join(page.split())

    for words in (
        "Keyboard layout test",
        "scan the barcode below once",
        "keyboard country",
        "keyboard-independent (ALT code) mode",
        TEST_CODE,
    ):
        assert words in text


def test_render_hands_each_sheet_to_its_own_layout() -> None:
    commands = CommandSheet("Station commands", STAFF[:2])
    layout_test = LayoutTestSheet(TEST_CODE)

    assert render(commands) == render_command_sheet(commands)
    assert render(layout_test) == render_layout_test_sheet(layout_test)
