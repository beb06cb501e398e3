"""The same schema, migrations and floor workflow on a shared PostgreSQL server.

Each test run creates its own database on 127.0.0.1:5432 and drops it after.
Without a server the tests are skipped, except under CI (CI=true), where a
missing server is a failure.
"""

from __future__ import annotations

import pytest

from tests.services.helpers import order_for, order_of
from warehouse_app import sample_data
from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.services.demo import load_masters
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.packing import PackingService
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

pytestmark = pytest.mark.postgres


def test_real_orders_import_with_the_same_counts_on_postgresql(
    pg_database: Database,
) -> None:
    station = Station("PG-1", "tester", "MAIN")
    load_masters(pg_database, station)

    report = import_orders(pg_database, station, sample_data.ORDERS)

    assert (report.rows_read, report.orders_created, report.lines_created) == (
        3850,
        1072,
        3594,
    )
    assert report.rejected == {"cancellation": 54, "stock correction": 202}


def test_an_order_is_picked_packed_and_invoiced_on_postgresql(
    pg_database: Database,
) -> None:
    station = Station("PG-2", "tester", "MAIN")
    order_id = order_for(pg_database, station, [("71053", 1), ("POST", 1)])

    PickingService(pg_database, station).scan(order_id, "2748708148843")
    packing = PackingService(pg_database, station)
    packing.pack_everything(order_id)
    view = packing.close_parcel(order_id, "2.9")

    assert view.invoice_number is not None
    assert order_of(pg_database, order_id).status == OrderStatus.INVOICED
