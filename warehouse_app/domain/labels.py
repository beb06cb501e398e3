"""Labels and the packing list, as plain data for `printing/` to draw.

Beside `documents.py`: the part and bin label is printed from the enquiry
screen, one at a time or for a whole group or bin range, and the packing
list goes in the first parcel of an order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from warehouse_app.domain.documents import Address


@dataclass(frozen=True)
class PartLabel:
    """A 2 x 1 inch label for a part, or for the bin it lives in."""

    part_number: str
    description: str
    bin: str
    barcode: str


@dataclass(frozen=True)
class PartLabelRun:
    """Labels printed together, e.g. every part of a group or of a bin range.

    `title` says which, e.g. "group BRAKES" or "bins A-01 to A-04".
    """

    title: str
    labels: tuple[PartLabel, ...]


# (part number, description, quantity)
PackedItem = tuple[str, str, int]


@dataclass(frozen=True)
class PackedParcel:
    number: int
    weight_kg: Decimal
    items: tuple[PackedItem, ...]


@dataclass(frozen=True)
class PackingList:
    """The advice note as a packing list: what is in each parcel of an order."""

    advice_note: str
    order_number: str
    customer: str
    deliver_to: Address
    parcels: tuple[PackedParcel, ...]
