"""Small order files for the tests, written as the shops write them."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.services.helpers import set_on_hand
from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder
from warehouse_app.integrations.native_format import native_records
from warehouse_app.integrations.order_reading import Masters
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part

PARTS = ("85123A", "71053", "22423", "21730", "00123", "POST")
ACCOUNTS = {"17850": "orders17850@example.com", "13047": "orders13047@example.com"}


def fake_masters() -> Masters:
    """The masters a reader sees, without a database."""
    by_upper = {part.upper(): part for part in PARTS}
    by_email = {email: account for account, email in ACCOUNTS.items()}
    return Masters(
        part=lambda code: by_upper.get(code.upper()),
        customer=ACCOUNTS.__contains__,
        account_by_email=lambda email: by_email.get(email.strip().lower()),
    )


def an_order(
    number: str,
    lines: list[tuple[str, int, str]],
    account: str | None = "17850",
    postcode: str = "CA11 9XX",
    description: str = "",
) -> IncomingOrder:
    return IncomingOrder(
        number,
        datetime(2026, 12, 4, 9, 15) + timedelta(minutes=len(number)),
        account,
        "United Kingdom",
        [
            IncomingLine(0, part, description, quantity, Decimal(price))
            for part, quantity, price in lines
        ],
        email="buyer@example.com",
        ship_name="Jo Bloggs",
        ship_address1="Hill Farm",
        ship_address2="Low Road",
        ship_town="Penrith",
        ship_postcode=postcode,
    )


def native_file(
    path: Path,
    orders: list[IncomingOrder],
    encoding: str = "utf-8",
    line_end: str = "\r\n",
    trailer: bool = True,
) -> Path:
    records = native_records(orders)
    if not trailer:
        records = records[:-1]
    path.write_bytes((line_end.join(records) + line_end).encode(encoding))
    return path


HOSTED_COLUMNS = (
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Billing Name",
    "Shipping Name",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping City",
    "Shipping Zip",
    "Shipping Country",
    "Notes",
    "Id",
)


def hosted_shop_text(orders: list[dict[str, object]]) -> str:
    """A hosted shop's order export: order fields on each order's first row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HOSTED_COLUMNS)
    for order in orders:
        lines = order["lines"]
        assert isinstance(lines, list)
        for index, (sku, quantity, price, name) in enumerate(lines):
            row = dict.fromkeys(HOSTED_COLUMNS, "")
            row.update(
                {
                    "Name": order["name"],
                    "Lineitem quantity": str(quantity),
                    "Lineitem name": name,
                    "Lineitem price": price,
                    "Lineitem sku": sku,
                    "Lineitem requires shipping": "true",
                    "Fulfillment Status": "pending",
                }
            )
            if index == 0:
                row.update(
                    {
                        "Email": order["email"],
                        "Financial Status": "paid",
                        "Paid at": order["at"],
                        "Currency": "GBP",
                        "Shipping": order.get("shipping", "4.95"),
                        "Shipping Method": order.get("method", "Standard"),
                        "Created at": order["at"],
                        "Billing Name": order["ship"][0],
                        "Shipping Name": order["ship"][0],
                        "Shipping Address1": order["ship"][1],
                        "Shipping Address2": order["ship"][2],
                        "Shipping City": order["ship"][3],
                        "Shipping Zip": order["ship"][4],
                        "Shipping Country": "GB",
                        "Notes": order.get("notes", ""),
                        "Id": str(5000000000 + int(str(order["name"])[1:])),
                    }
                )
            writer.writerow([row[column] for column in HOSTED_COLUMNS])
    return out.getvalue()


def ten_hosted_orders() -> list[dict[str, object]]:
    """Ten orders: guests and account customers, one to five lines each."""
    farm = ("Hill Farm Ltd", "Hill Farm", "Low Road", "Penrith", "CA11 9XX")
    return [
        {
            "name": "#1001",
            "email": "orders17850@example.com",
            "at": "2026-12-04 08:01:12 +0000",
            "ship": ("Pennine & Co", "16 The Parade", "", "Carlisle", "CA16 5UP"),
            "lines": [
                ("85123A", 6, "2.55", "WHITE HANGING HEART T-LIGHT HOLDER"),
                ("71053", 6, "3.39", "WHITE METAL LANTERN"),
            ],
        },
        {
            "name": "#1002",
            "email": "jo@example.org",
            "at": "2026-12-04 08:05:00 +0000",
            "ship": farm,
            "lines": [("00123", 2, "12.50", "GREASE NIPPLE M8")],
        },
        {
            "name": "#1003",
            "email": "ORDERS13047@example.com",
            "at": "2026-12-04 08:17:45 +0000",
            "ship": ("Meadow Emporium", "146 Market Place", "", "Hereford", "HR6 5GL"),
            "method": "Local pickup",
            "lines": [
                ("22423", 1, "10.95", "REGENCY CAKESTAND 3 TIER"),
                ("21730", 4, "4.25", "GLASS STAR FROSTED T-LIGHT HOLDER"),
                ("85123A", 12, "2.55", "WHITE HANGING HEART T-LIGHT HOLDER"),
            ],
        },
        {
            "name": "#1004",
            "email": "sam@example.net",
            "at": "2026-12-04 09:00:00 +0000",
            "ship": ("Sam Price", "2 Mill Cottages", "Bolton", "Appleby", "CA16 6AB"),
            "notes": "Leave at the back door,\nby the tractor shed",
            "lines": [("71053", 1, "3.39", "WHITE METAL LANTERN")],
        },
        {
            "name": "#1005",
            "email": "orders17850@example.com",
            "at": "2026-12-04 09:30:00 +0000",
            "ship": ("Pennine & Co", "16 The Parade", "", "Carlisle", "CA16 5UP"),
            "lines": [
                ("21730", 2, "4.25", "GLASS STAR FROSTED T-LIGHT HOLDER"),
                ("22423", 1, "10.95", "REGENCY CAKESTAND 3 TIER"),
                ("00123", 10, "12.50", "GREASE NIPPLE M8"),
                ("71053", 3, "3.39", "WHITE METAL LANTERN"),
                ("85123A", 1, "2.55", "WHITE HANGING HEART T-LIGHT HOLDER"),
            ],
        },
        {
            "name": "#1006",
            "email": "pat@example.com",
            "at": "2026-12-04 10:02:03 +0000",
            "ship": ("Pat O'Neill", "Holme Barn", "", "Kendal", "LA9 4XY"),
            "lines": [("22423", 2, "10.95", "REGENCY CAKESTAND 3 TIER")],
        },
        {
            "name": "#1007",
            "email": "lee@example.com",
            "at": "2026-12-04 10:40:00 +0000",
            "ship": ("Lee Carr", "1 Fell View", "", "Keswick", "CA12 4AA"),
            "lines": [
                ("85123A", 3, "2.55", "WHITE HANGING HEART T-LIGHT HOLDER"),
                ("00123", 1, "12.50", "GREASE NIPPLE M8"),
            ],
        },
        {
            "name": "#1008",
            "email": "orders13047@example.com",
            "at": "2026-12-04 11:11:11 +0000",
            "ship": ("Meadow Emporium", "146 Market Place", "", "Hereford", "HR6 5GL"),
            "lines": [("21730", 6, "4.25", "GLASS STAR FROSTED T-LIGHT HOLDER")],
        },
        {
            "name": "#1009",
            "email": "kim@example.com",
            "at": "2026-12-04 11:45:00 +0000",
            "ship": ("Kim Hall", "The Old Forge", "Main Street", "Shap", "CA10 3NG"),
            "lines": [
                ("71053", 2, "3.39", "WHITE METAL LANTERN"),
                ("22423", 1, "10.95", "REGENCY CAKESTAND 3 TIER"),
            ],
        },
        {
            "name": "#1010",
            "email": "alex@example.com",
            "at": "2026-12-04 12:00:00 +0000",
            "ship": ("Alex Dent", "5 Bridge End", "", "Penrith", "CA11 7QQ"),
            "shipping": "0.00",
            "lines": [("85123A", 24, "2.10", "WHITE HANGING HEART T-LIGHT HOLDER")],
        },
    ]


def channel_in(folder: Path, **settings: object) -> ChannelSettings:
    """A channel whose inbox, errors and archive folders are under `folder`."""
    values: dict[str, Any] = {
        "inbox": str(folder / "in"),
        "errors": str(folder / "errors"),
        "archive": str(folder / "archive"),
        "settle_seconds": 0.0,
    }
    values.update(settings)
    channel = ChannelSettings(**values)
    channel.folder("shop", "inbox").mkdir(parents=True, exist_ok=True)
    return channel


def add_part_with_leading_zeros(database: Database) -> None:
    """Part 00123 in the masters, with stock at MAIN."""
    with database.unit_of_work() as uow:
        uow.session.add(
            Part(
                part_number="00123",
                description="GREASE NIPPLE M8",
                group_code="GENERAL",
                retail_price=Decimal("12.50"),
                vat_code="S",
                weight_kg=None,
                stock_item=True,
                superseded_by=None,
            )
        )
        uow.commit()
    set_on_hand(database, "MAIN", "00123", 50)
