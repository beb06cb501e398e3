"""Sales history: invoiced quantities and values by month, and backorders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.services.helpers import order_for, set_on_hand
from warehouse_app.persistence.database import Database
from warehouse_app.services.enquiry.sales_history import SalesHistory, month_starts
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.lost_sales import LostSales
from warehouse_app.services.packing import PackingService
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

ORDERED = date(2026, 12, 1)  # when tests.services.helpers.order_for orders


def sell(
    database: Database,
    station: Station,
    part: str,
    quantity: int,
    price: str = "5.00",
    account: str = "17850",
) -> int:
    """Order, pick, pack and invoice `quantity` of `part`; return the order id."""
    set_on_hand(database, station.depot, part, 100)
    order_id = order_for(database, station, [(part, quantity)], account, price=price)
    PickingService(database, station).scan(order_id, part, quantity)
    packing = PackingService(database, station)
    packing.pack_everything(order_id)
    assert packing.close_parcel(order_id, "1.0").invoice_number
    return order_id


def test_an_invoiced_order_shows_in_the_month_it_was_invoiced(
    masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 3, "5.00")
    sell(masters_db, station, "71053", 1, "4.99")

    history = SalesHistory(masters_db).monthly("71053")

    assert len(history.months) == 36
    this_month = history.months[-1]
    assert this_month.month == date.today().replace(day=1)
    assert (this_month.quantity, this_month.value) == (4, Decimal("19.99"))
    assert all(m.quantity == 0 for m in history.months[:-1])
    assert (history.quantity, history.value) == (4, Decimal("19.99"))


def test_only_invoiced_lines_are_sales(masters_db: Database, station: Station) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_for(masters_db, station, [("71053", 2)])  # allocated, not yet sold

    assert SalesHistory(masters_db).monthly("71053").quantity == 0


def test_sales_are_counted_at_the_depot_that_sold_them(
    masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 2)

    sales = SalesHistory(masters_db)
    assert sales.monthly("71053", "MAIN").quantity == 2
    assert sales.monthly("71053", "NORTH").quantity == 0


def test_backorders_are_shown_in_the_month_they_were_ordered(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 1)
    order_for(masters_db, station, [("22423", 3)])  # 2 go on backorder

    history = SalesHistory(masters_db).monthly("22423", today=ORDERED)

    assert history.months[-1].backordered == 2
    assert history.lost == 0


def test_a_caller_turned_away_is_a_lost_sale_in_this_month_at_this_depot(
    masters_db: Database, station: Station
) -> None:
    lost = LostSales(masters_db, station)

    said = lost.turned_away("71053", 4, "17850")
    lost.turned_away("2748708148843", 1)  # by its barcode, no account

    sales = SalesHistory(masters_db)
    this_month = sales.monthly("71053", "MAIN").months[-1]
    assert said == "Lost sale of 4 x 71053 recorded at MAIN."
    assert (this_month.lost, this_month.quantity) == (5, 0)
    assert sales.monthly("71053", "NORTH").lost == 0
    assert "turned away" in sales.monthly("71053").lost_sales_note


@pytest.mark.parametrize(
    ("part", "quantity", "account", "says"),
    [
        ("NO-SUCH", 1, "", "There is no part NO-SUCH"),
        ("71053", 0, "", "1 to 99,999 units"),
        ("71053", 1, "NOBODY", "There is no customer account NOBODY"),
    ],
)
def test_a_lost_sale_that_names_nothing_real_is_refused(
    masters_db: Database,
    station: Station,
    part: str,
    quantity: int,
    account: str,
    says: str,
) -> None:
    with pytest.raises(WarehouseError, match=says):
        LostSales(masters_db, station).turned_away(part, quantity, account)

    assert SalesHistory(masters_db).monthly("71053").lost == 0


def test_the_window_is_the_months_up_to_this_one_oldest_first() -> None:
    assert month_starts(date(2026, 2, 10), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert len(month_starts(date(2026, 12, 3), 36)) == 36
