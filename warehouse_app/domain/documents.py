"""What goes on paper, as plain data.

The services fill these from the database; `printing/` turns them into PDF
pages. Nothing here knows how a page is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from warehouse_app.domain.money import VatBand


class DocumentType(StrEnum):
    PICK_DOCUMENT = "pick_document"
    PARCEL_LABEL = "parcel_label"
    INVOICE = "invoice"
    PACKING_LIST = "packing_list"
    PART_LABELS = "part_labels"


@dataclass(frozen=True)
class Address:
    name: str
    lines: tuple[str, ...] = ()
    country: str = ""

    def as_lines(self) -> list[str]:
        out = [self.name, *[line for line in self.lines if line]]
        if self.country:
            out.append(self.country)
        return out


@dataclass(frozen=True)
class PickLine:
    bin: str
    part_number: str
    description: str
    quantity: int
    barcode: str
    second_bin: str = ""


@dataclass(frozen=True)
class PickDocument:
    advice_note: str
    order_number: str
    customer: str
    delivery_method: str
    depot: str
    ordered_at: datetime
    printed_at: datetime
    lines: tuple[PickLine, ...]
    charge_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParcelLabel:
    advice_note: str
    order_number: str
    parcel_number: int
    parcel_count: int
    weight_kg: Decimal
    deliver_to: Address
    sender: str
    barcode: str


@dataclass(frozen=True)
class InvoiceLine:
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    vat_code: str
    net: Decimal


@dataclass(frozen=True)
class Invoice:
    invoice_number: str
    advice_note: str
    order_number: str
    invoiced_at: datetime
    customer_account: str
    invoice_to: Address
    deliver_to: Address
    dealer_name: str
    dealer_address: tuple[str, ...]
    dealer_vat_number: str
    lines: tuple[InvoiceLine, ...]
    vat_bands: tuple[VatBand, ...]
    net_total: Decimal
    vat_total: Decimal
    total: Decimal
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CommandSheet:
    """Barcodes that stand for the station's command buttons.

    `staff` holds (staff id, name) pairs; each gets a badge that scans as
    `STAFF<id>`.
    """

    title: str
    staff: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LayoutTestSheet:
    """The keyboard layout test barcode, with how to use it."""

    code: str
