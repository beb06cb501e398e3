"""Many copies of one order at once: one advice note, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from tests.services.conftest import pg_database  # noqa: F401  (a fixture)
from tests.services.helpers import set_on_hand, stock_of
from tests.webservice.conftest import SHOP, Running, make_keys, serving
from tests.webservice.test_orders_api import an_order
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part, WebOrder
from warehouse_app.services.demo import load_masters
from warehouse_app.services.station import Station


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def racing(request: pytest.FixtureRequest, masters_db: Database) -> Iterator[Running]:
    if request.param == "sqlite":
        database = masters_db
    else:
        database = request.getfixturevalue("pg_database")
        with database.reading() as session:
            loaded = session.scalar(select(func.count(Part.part_number)))
        if not loaded:
            load_masters(database, Station("TEST-1", "tester", "MAIN"))
    keys = make_keys(database)
    with serving(database) as running:
        running.keys = keys
        yield running


def test_the_same_order_sent_eight_times_at_once_is_received_once(
    racing: Running,
) -> None:
    set_on_hand(racing.database, "MAIN", "71053", 100)
    _on_hand, allocated = stock_of(racing.database, "MAIN", "71053")
    order = an_order([("71053", 3)])
    key = str(uuid.uuid4())

    def send_once(_: int) -> httpx.Response:
        with racing.client(racing.keys["shop"]) as client:
            return client.post(
                "/api/v1/orders", json=order, headers={"Idempotency-Key": key}
            )

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send_once, range(8)))

    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert len({a.json()["advice_note"] for a in answers}) == 1
    with racing.database.reading() as session:
        count = session.scalar(
            select(func.count(WebOrder.id)).where(
                WebOrder.channel == SHOP,
                WebOrder.shop_order_no == order["shop_order_no"],
            )
        )
    assert count == 1
    assert stock_of(racing.database, "MAIN", "71053")[1] == allocated + 3
