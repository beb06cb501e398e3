"""From a scanned or typed code to the part it means."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session

from warehouse_app.domain.scans import (
    GTIN_LENGTHS,
    ScanKind,
    ScanReading,
    gtin14,
    looks_like_truncated_gtin,
)
from warehouse_app.persistence.tables import Barcode, Customer, Part
from warehouse_app.services.errors import ScanNotAccepted

_barcode: Table = Barcode.__table__  # type: ignore[assignment]
_part: Table = Part.__table__  # type: ignore[assignment]
# Built once: every pick and pack scan looks its code up.
_BARCODE = select(_barcode.c.part_number, _barcode.c.qty_per_scan).where(
    _barcode.c.code == bindparam("code")
)
_PART = select(_part.c.part_number).where(
    _part.c.part_number == bindparam("part_number")
)


@dataclass(frozen=True)
class Identified:
    part_number: str
    quantity: int
    code: str


def find_customer(session: Session, typed: str) -> Customer | None:
    """The account as typed; failing that, the one account that differs only
    in case (accounts are kept as the customer file spells them)."""
    account = typed.strip()
    if not account:
        return None
    customer = session.get(Customer, account)
    if customer is not None:
        return customer
    alike = session.scalars(
        select(Customer).where(func.upper(Customer.account) == account.upper()).limit(2)
    ).all()
    return alike[0] if len(alike) == 1 else None


def barcode_key(code: str) -> str:
    """How a barcode is stored: GTINs as GTIN-14, anything else upper-cased."""
    text = code.strip()
    if text.isdigit() and len(text) in GTIN_LENGTHS:
        return gtin14(text)
    return text.upper()


def identify(session: Session, reading: ScanReading) -> Identified:
    """The part and quantity one scan stands for, or a refusal that says why."""
    connection = session.connection()
    if reading.kind in (ScanKind.GTIN, ScanKind.GS1):
        barcode = connection.execute(_BARCODE, {"code": reading.value}).first()
        if barcode is None:
            raise ScanNotAccepted(
                f"Barcode {reading.value.lstrip('0') or reading.value} is not known."
                " Check the part's label, or key the part number."
            )
        quantity = barcode.qty_per_scan
        if reading.count:
            quantity = reading.count
        return Identified(barcode.part_number, quantity, reading.value)
    if reading.kind == ScanKind.PART_NUMBER:
        part = connection.execute(_PART, {"part_number": reading.value}).first()
        if part is None:
            barcode = connection.execute(_BARCODE, {"code": reading.value}).first()
            if barcode is not None:
                return Identified(
                    barcode.part_number, barcode.qty_per_scan, reading.value
                )
        if part is None:
            if looks_like_truncated_gtin(reading.value):
                raise ScanNotAccepted(
                    f"{reading.value} has {len(reading.value)} digits: an incomplete"
                    " barcode. Scan it again, holding the scanner steady."
                )
            raise ScanNotAccepted(
                f"{reading.value} is neither a known part number nor a barcode."
                " Check the label; key the part number if it is damaged."
            )
        return Identified(part.part_number, 1, reading.value)
    raise ScanNotAccepted(
        f"A {reading.kind.value.replace('_', ' ')} barcode cannot be picked."
    )


def find_part(session: Session, text: str) -> Part | None:
    """A part by its number, by any of its barcodes, case-insensitively."""
    code = text.strip()
    part = session.get(Part, code.upper())
    if part is not None:
        return part
    try:
        key = barcode_key(code)
    except ValueError:
        return None
    barcode = session.scalars(select(Barcode).where(Barcode.code == key)).first()
    return session.get(Part, barcode.part_number) if barcode else None
