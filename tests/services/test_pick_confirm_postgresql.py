"""A pick scan's reads hold the order and stock rows it changes (PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.services.helpers import order_for, set_on_hand, stock_of
from warehouse_app.persistence.database import Database
from warehouse_app.services.demo import load_masters
from warehouse_app.services.ledger import locked_balance
from warehouse_app.services.pick_confirm import order_to_scan
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

pytestmark = pytest.mark.postgres
STATION = Station("PG-S", "tester", "MAIN")
LANTERN = "2748708148843"  # part 71053, one unit a scan


def _taken_elsewhere(database: Database, query: str) -> bool:
    """True when another station cannot lock the row the query names."""
    with database.unit_of_work() as other:
        other.session.execute(text("SET LOCAL lock_timeout = '200ms'"))
        try:
            other.session.execute(text(query))
        except OperationalError:
            return True
    return False


def test_the_order_and_stock_rows_stay_locked_until_the_scan_commits(
    pg_database: Database,
) -> None:
    load_masters(pg_database, STATION)
    set_on_hand(pg_database, "MAIN", "71053", 10)
    order_id = order_for(pg_database, STATION, [("71053", 2)])
    order_row = f"SELECT id FROM web_order WHERE id = {order_id} FOR UPDATE"
    stock_row = (
        "SELECT on_hand FROM stock WHERE depot = 'MAIN'"
        " AND part_number = '71053' FOR UPDATE"
    )

    with pg_database.unit_of_work() as uow:
        order = order_to_scan(uow.session, order_id)
        assert order is not None and order.bins
        assert _taken_elsewhere(pg_database, order_row)
        assert not _taken_elsewhere(pg_database, stock_row)
        balance = locked_balance(uow.session, "MAIN", "71053")
        assert balance is not None and balance.on_hand == 10
        assert _taken_elsewhere(pg_database, stock_row)

    assert not _taken_elsewhere(pg_database, order_row)


def test_scans_on_postgresql_issue_stock_and_finish_the_line(
    pg_database: Database,
) -> None:
    load_masters(pg_database, STATION)
    set_on_hand(pg_database, "MAIN", "71053", 10)
    order_id = order_for(pg_database, STATION, [("71053", 2)])
    picking = PickingService(pg_database, STATION)
    on_hand, allocated = stock_of(pg_database, "MAIN", "71053")

    picking.scan(order_id, LANTERN)
    outcome = picking.scan(order_id, LANTERN)

    assert outcome.view.complete
    assert stock_of(pg_database, "MAIN", "71053") == (on_hand - 2, allocated - 2)
