"""Many copies of one order at once: one advice note, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from tests.services.helpers import set_on_hand, stock_of
from tests.webservice.conftest import SHOP, Running
from tests.webservice.test_orders_api import an_order
from warehouse_app.persistence.tables import WebOrder


def test_the_same_order_sent_eight_times_at_once_is_received_once(
    on_both: Running,
) -> None:
    set_on_hand(on_both.database, "MAIN", "71053", 100)
    _on_hand, allocated = stock_of(on_both.database, "MAIN", "71053")
    order = an_order([("71053", 3)])
    key = str(uuid.uuid4())

    def send_once(_: int) -> httpx.Response:
        with on_both.client(on_both.keys["shop"]) as client:
            return client.post(
                "/api/v1/orders", json=order, headers={"Idempotency-Key": key}
            )

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send_once, range(8)))

    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert len({a.json()["advice_note"] for a in answers}) == 1
    with on_both.database.reading() as session:
        count = session.scalar(
            select(func.count(WebOrder.id)).where(
                WebOrder.channel == SHOP,
                WebOrder.shop_order_no == order["shop_order_no"],
            )
        )
    assert count == 1
    assert stock_of(on_both.database, "MAIN", "71053")[1] == allocated + 3
