from __future__ import annotations

import io
import re
from collections.abc import Callable

import pypdf

from printing.pdf.invoice import render_invoice
from warehouse_app.domain.documents import Invoice
from warehouse_app.domain.money import format_money


def test_the_invoice_number_and_total_can_be_read_back_from_the_pdf(
    invoice_of: Callable[[int], Invoice],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    invoice = invoice_of(12)
    assert invoice.total > 1000

    [text] = read_texts(render_invoice(invoice))

    assert "INVOICE" in text
    assert re.search(r"Invoice number\s+INV000045", text)
    assert re.search(rf"Total\s+{re.escape(format_money(invoice.total))}", text)
    assert f"Net {format_money(invoice.net_total)}" in text
    assert f"VAT {format_money(invoice.vat_total)}" in text


def test_the_vat_analysis_shows_each_band_with_its_rate(
    invoice_of: Callable[[int], Invoice],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    invoice = invoice_of(8)
    standard, zero = sorted(invoice.vat_bands, key=lambda band: band.code)

    [text] = read_texts(render_invoice(invoice))

    assert f"S 20% {format_money(standard.net)} {format_money(standard.vat)}" in text
    assert f"Z 0% {format_money(zero.net)} £0.00" in text


def test_the_invoice_number_barcode_scans_as_the_number(
    invoice_of: Callable[[int], Invoice],
    read_barcodes: Callable[[bytes], list[list[str]]],
) -> None:
    assert read_barcodes(render_invoice(invoice_of(3))) == [["INV000045"]]


def test_a_long_invoice_runs_over_pages_with_the_totals_on_the_last(
    invoice_of: Callable[[int], Invoice],
    read_texts: Callable[[bytes], list[str]],
) -> None:
    invoice = invoice_of(70)

    pdf = render_invoice(invoice)

    page_count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert page_count > 1
    texts = read_texts(pdf)
    total = f"Total {format_money(invoice.total)}"
    assert [total in text for text in texts] == [False] * (page_count - 1) + [True]
    for number, text in enumerate(texts, start=1):
        assert "Invoice number INV000045" in text
        assert f"Page {number} of {page_count}" in text
    everything = "\n".join(texts)
    positions = [everything.index(line.part_number) for line in invoice.lines]
    assert positions == sorted(positions)
    assert "Goods remain our property until paid in full." in texts[-1]
