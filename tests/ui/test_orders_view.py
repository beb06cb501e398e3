"""The incoming-orders list pages through every order, and notices every change."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.orders_view import OrdersView
from warehouse_app.persistence.database import Database
from warehouse_app.services.order_list import OrderList
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station


def test_the_list_loads_a_page_at_a_time_down_to_the_oldest_order(
    orders_db: Database, qtbot: QtBot
) -> None:
    view = OrdersView(OrderList(orders_db))
    qtbot.addWidget(view)
    view.show()
    model = view.model
    assert model.rowCount() == 500 and model.canFetchMore()

    while model.canFetchMore():
        model.fetchMore()

    assert model.rowCount() == 1072
    assert model.rows[-1].shop_order_no == "536365"


def test_two_changes_in_the_same_second_are_both_seen(
    orders_db: Database, station: Station, qtbot: QtBot
) -> None:
    view = OrdersView(OrderList(orders_db), refresh_seconds=60)
    qtbot.addWidget(view)
    view.show()
    view.search.setText("17850")  # the customer of both orders
    view.reload(False)
    picking = PickingService(orders_db, station)

    picking.scan(picking.find_order("536365"), "2748708148843")
    view.refresh_if_changed()
    picking.scan(picking.find_order("536366"), "2116082159517")
    view.refresh_if_changed()

    statuses = {row.shop_order_no: row.status for row in view.model.rows}
    assert statuses["536365"] == statuses["536366"] == "picking"
