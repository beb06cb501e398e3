"""Sample documents as the services would fill them, and ways to read a PDF back."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy.orm import Session

from tests.printing.cups_server import CupsServer, running_cups_server
from warehouse_app.domain.documents import (
    Address,
    Invoice,
    InvoiceLine,
    ParcelLabel,
    PickDocument,
    PickLine,
)
from warehouse_app.domain.money import line_net, vat_bands
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob

CODE_128 = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
LONG_DESCRIPTION = (
    "WHITE HANGING HEART T-LIGHT HOLDER IN A GIFT BOX WITH RIBBON AND TAG"
)


def pick_line(number: int) -> PickLine:
    # Every other part has an EAN-13 (digits only), the rest a code with letters.
    barcode = str(2748708148843 + number * 1117) if number % 2 else f"PN{number:04d}-B"
    return PickLine(
        bin=f"{'ABCD'[number % 4]}-{number % 30 + 1:02d}-{number % 5 + 1}-D",
        part_number=f"PART-{number:03d}",
        description=LONG_DESCRIPTION if number % 3 == 0 else "DOGGY RUBBER",
        quantity=number % 12 + 1,
        barcode=barcode,
        second_bin="N2-24" if number % 7 == 0 else "",
    )


def make_pick_document(line_count: int) -> PickDocument:
    return PickDocument(
        advice_note="AN000123",
        order_number="536365",
        customer="Pennine Retail",
        delivery_method="deliver",
        depot="MAIN",
        ordered_at=datetime(2010, 12, 1, 8, 26),
        printed_at=datetime(2010, 12, 1, 9, 5),
        lines=tuple(pick_line(number) for number in range(1, line_count + 1)),
        charge_lines=("Carriage",),
    )


def make_parcel_label(
    name: str = "Pennine Retail", barcode: str = "AN000123-2"
) -> ParcelLabel:
    return ParcelLabel(
        advice_note="AN000123",
        order_number="536365",
        parcel_number=2,
        parcel_count=3,
        weight_kg=Decimal("12.5"),
        deliver_to=Address(
            name, ("76 Station Road", "Carlisle", "CA16 5US"), "United Kingdom"
        ),
        sender="Lakeland Motors Ltd, Parts Department, Kendal LA9 6ND",
        barcode=barcode,
    )


def make_invoice(line_count: int) -> Invoice:
    lines = []
    for number in range(1, line_count + 1):
        price = Decimal("19.99") + number
        quantity = number % 5 + 1
        lines.append(
            InvoiceLine(
                part_number=f"PART-{number:03d}",
                description=LONG_DESCRIPTION if number % 3 == 0 else "DOGGY RUBBER",
                quantity=quantity,
                unit_price=price,
                vat_code="Z" if number % 4 == 0 else "S",
                net=line_net(quantity, price),
            )
        )
    bands = tuple(vat_bands((line.vat_code, line.net) for line in lines))
    net = sum((band.net for band in bands), Decimal("0"))
    vat = sum((band.vat for band in bands), Decimal("0"))
    customer = Address(
        "Pennine Retail", ("76 Station Road", "Carlisle"), "United Kingdom"
    )
    return Invoice(
        invoice_number="INV000045",
        advice_note="AN000123",
        order_number="536365",
        invoiced_at=datetime(2010, 12, 3, 10, 0),
        customer_account="12346",
        invoice_to=customer,
        deliver_to=Address("Mrs J Smith", ("14 Long Lane", "Penrith", "CA11 7XX")),
        dealer_name="Lakeland Motors Ltd",
        dealer_address=("Parts Department", "Mintsfeet Road South", "Kendal LA9 6ND"),
        dealer_vat_number="GB 123 4567 89",
        lines=tuple(lines),
        vat_bands=bands,
        net_total=net,
        vat_total=vat,
        total=net + vat,
        notes=("Goods remain our property until paid in full.",),
    )


def barcodes_by_page(pdf: bytes) -> list[list[str]]:
    """Every Code 128 a scanner finds on each page, rasterised at 300 dpi."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=300 / 72, grayscale=True).to_pil()
            found = zxingcpp.read_barcodes(image, formats=CODE_128)
            pages.append([barcode.text for barcode in found])
            page.close()
        return pages
    finally:
        document.close()


def texts_by_page(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def read_barcodes() -> Callable[[bytes], list[list[str]]]:
    return barcodes_by_page


@pytest.fixture
def read_texts() -> Callable[[bytes], list[str]]:
    return texts_by_page


def text_in_box(pdf: bytes, page_index: int, left: float, right: float) -> str:
    """The text drawn between two x positions, the page's full height."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        text_page = page.get_textpage()
        height = page.get_height()
        text = text_page.get_text_bounded(left=left, bottom=0, right=right, top=height)
        text_page.close()
        page.close()
        return str(text)
    finally:
        document.close()


def character_boxes(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every printed character, on every page."""
    document = pdfium.PdfDocument(pdf)
    boxes = []
    try:
        for page in document:
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                if not text_page.get_text_range(index, 1).isspace():
                    boxes.append(text_page.get_charbox(index))
            text_page.close()
            page.close()
        return boxes
    finally:
        document.close()


@pytest.fixture
def pick_document_of() -> Callable[[int], PickDocument]:
    return make_pick_document


@pytest.fixture
def parcel_label_for() -> Callable[..., ParcelLabel]:
    return make_parcel_label


@pytest.fixture
def invoice_of() -> Callable[[int], Invoice]:
    return make_invoice


@pytest.fixture
def read_text_in_box() -> Callable[[bytes, int, float, float], str]:
    return text_in_box


@pytest.fixture
def read_character_boxes() -> Callable[
    [bytes], list[tuple[float, float, float, float]]
]:
    return character_boxes


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """An empty warehouse database in a real SQLite file."""
    database = Database(f"sqlite:///{tmp_path / 'warehouse.sqlite3'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def documents() -> Callable[[Session, PrintJob], object]:
    """The service's loader, as a fake: documents by reference, one that breaks."""
    by_ref = {
        "AN000123": make_pick_document(3),
        "AN000123-2": make_parcel_label(),
        "INV000045": make_invoice(3),
    }

    def load(_session: Session, job: PrintJob) -> object:
        if job.document_ref not in by_ref:
            raise LookupError(f"no document {job.document_ref}")
        return by_ref[job.document_ref]

    return load


@pytest.fixture(scope="module")
def cups_server() -> Iterator[CupsServer]:
    """A private cupsd with a CUPS-PDF printer (see cups_server.py)."""
    yield from running_cups_server()
