"""Status files: the shop hears how far each order got, line by line."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.integrations.out_files import OutFileError
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import WebOrder
from warehouse_app.services.packing import PackingService
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station
from warehouse_app.services.status_files import STATUS_COLUMNS, write_status

AT = datetime(2026, 12, 4, 10, 0)
LATER = datetime(2026, 12, 4, 10, 5)


@pytest.fixture
def shop(tmp_path: Path) -> ChannelSettings:
    return ChannelSettings(outbox=str(tmp_path / "outbox"))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def an_order_to_pick(database: Database, picking: PickingService) -> int:
    """A ready order of a few lines, every part with a barcode to scan."""
    with database.reading() as session:
        candidates = session.scalars(
            select(WebOrder.id)
            .where(WebOrder.status == OrderStatus.READY_TO_PICK.value)
            .order_by(WebOrder.id)
            .limit(200)
        ).all()
    for order_id in candidates:
        tasks = picking.view(order_id).tasks
        if 1 < len(tasks) <= 4 and all(task.barcode for task in tasks):
            return order_id
    raise AssertionError("no order in the sample to pick")


def pick_all(picking: PickingService, order_id: int) -> None:
    for _ in range(500):
        tasks = picking.view(order_id).tasks
        if not tasks:
            return
        picking.scan(order_id, tasks[0].barcode)
    raise AssertionError("the order would not finish picking")


def test_the_first_status_file_describes_every_order_of_the_channel(
    orders_db: Database, shop: ChannelSettings
) -> None:
    result = write_status(orders_db, "webshop", shop, AT)

    assert result.file is not None
    assert result.file.path.name == "status-20261204T100000.txt"
    rows = read(result.file.path)
    assert tuple(rows[0]) == STATUS_COLUMNS
    orders = [row for row in rows if row["record"] == "order"]
    assert len(orders) == result.orders > 100
    assert {row["status"] for row in orders} <= {
        "allocated",
        "backordered",
        "picking",
        "picked",
        "packed",
        "invoiced",
        "dispatched",
        "cancelled",
    }
    assert write_status(orders_db, "webshop", shop, LATER).file is None


def test_a_picked_packed_and_invoiced_order_is_in_the_next_status_file(
    orders_db: Database, station: Station, shop: ChannelSettings
) -> None:
    write_status(orders_db, "webshop", shop, AT)
    picking = PickingService(orders_db, station, "|")
    packing = PackingService(orders_db, station)
    order_id = an_order_to_pick(orders_db, picking)

    pick_all(picking, order_id)
    picked = write_status(orders_db, "webshop", shop, AT.replace(minute=1))
    packing.pack_everything(order_id)
    done = packing.close_parcel(order_id, "2.5")
    invoiced = write_status(orders_db, "webshop", shop, LATER)

    assert picked.file is not None and invoiced.file is not None
    assert [r["status"] for r in read(picked.file.path) if r["record"] == "order"] == [
        "picked"
    ]
    rows = read(invoiced.file.path)
    order, *lines, parcel = rows
    assert order["record"] == "order" and order["status"] == "invoiced"
    assert order["invoice_number"] == done.invoice_number
    assert parcel["record"] == "parcel" and parcel["line"] == "1"
    assert parcel["tracking_number"] == order["tracking_number"] != ""
    assert lines and {line["record"] for line in lines} == {"line"}
    for line in lines:
        assert line["status"] == "invoiced"
        assert line["quantity"] == line["picked"] == line["packed"]
        assert line["backordered"] == "0"
        assert line["invoice_number"] == done.invoice_number
    assert order["at"].startswith("20")


def test_a_failed_status_file_is_written_again_next_time(
    orders_db: Database, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the outbox should be")

    with pytest.raises(OutFileError):
        write_status(orders_db, "webshop", ChannelSettings(outbox=str(blocked)), AT)
    retried = write_status(
        orders_db, "webshop", ChannelSettings(outbox=str(tmp_path / "out")), LATER
    )

    assert retried.file is not None and retried.orders > 100
