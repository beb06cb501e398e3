"""Orders through the web service: sent once however often, read, listed, cancelled."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import Row

from tests.services.helpers import set_on_hand, stock_of
from tests.webservice.conftest import Running
from warehouse_app.persistence.database import Database
from warehouse_app.services.order_progress import find_order
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station
from webservice.order_views import OrderViews

LANTERN_BARCODE = "2748708148843"  # part 71053, one unit a scan
STATION = Station("TEST-1", "tester", "MAIN")
_numbers = iter(range(7_000_001, 8_000_000))


def an_order(lines: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    return {
        "shop_order_no": f"W{next(_numbers)}",
        "ordered_at": "2026-12-04T09:30:00+00:00",
        "customer": {"account": None, "email": "ann@example.com"},
        "delivery": {
            "method": "deliver",
            "name": "Ann Example",
            "address1": "1 High Street",
            "town": "Penrith",
            "postcode": "CA11 7AA",
            "country": "United Kingdom",
        },
        "lines": [
            {"part_number": part, "quantity": quantity, "unit_price": "5.84"}
            for part, quantity in lines
        ],
        **extra,
    }


def send(
    client: httpx.Client, order: dict[str, Any], key: str | None = None
) -> httpx.Response:
    return client.post(
        "/api/v1/orders",
        json=order,
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def test_an_order_becomes_an_advice_note_with_what_was_allocated_and_backordered(
    web: Running, shop: httpx.Client
) -> None:
    _on_hand, allocated = stock_of(web.database, "MAIN", "71053")
    set_on_hand(web.database, "MAIN", "71053", allocated + 3)

    answer = send(shop, an_order([("71053", 5)]))

    assert answer.status_code == 201, answer.text
    receipt = answer.json()
    assert receipt["replayed"] is False
    assert receipt["advice_note"]
    assert receipt["lines"] == [
        {
            "shop_line": 1,
            "part_number": "71053",
            "quantity": 5,
            "allocated": 3,
            "backordered": 2,
        }
    ]


def test_the_same_order_sent_again_is_received_once_and_the_answer_says_so(
    shop: httpx.Client,
) -> None:
    order = an_order([("85123A", 1)])
    key = str(uuid.uuid4())
    first = send(shop, order, key)

    again = send(shop, order, key)
    with_another_key = send(shop, order)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert again.json()["advice_note"] == first.json()["advice_note"]
    assert with_another_key.status_code == 200
    assert with_another_key.json()["advice_note"] == first.json()["advice_note"]


def test_a_key_used_again_for_a_different_order_is_a_conflict(
    shop: httpx.Client,
) -> None:
    key = str(uuid.uuid4())
    assert send(shop, an_order([("85123A", 1)]), key).status_code == 201

    answer = send(shop, an_order([("85123A", 2)]), key)

    assert answer.status_code == 409
    assert "already used for a different order" in answer.json()["error"]["message"]


def test_the_same_order_number_with_other_contents_is_a_conflict(
    shop: httpx.Client,
) -> None:
    order = an_order([("85123A", 1)])
    assert send(shop, order).status_code == 201
    order["lines"][0]["quantity"] = 4

    answer = send(shop, order)

    assert answer.status_code == 409
    assert "cannot be changed" in answer.json()["error"]["message"]


def test_an_unknown_part_is_refused_naming_the_line(shop: httpx.Client) -> None:
    answer = send(shop, an_order([("71053", 1), ("NO-SUCH-PART", 1)]))

    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["fields"][0]["path"] == "body.lines[1].part_number"
    assert "NO-SUCH-PART" in error["fields"][0]["message"]


def test_an_unknown_customer_account_is_refused(shop: httpx.Client) -> None:
    order = an_order([("71053", 1)])
    order["customer"]["account"] = "99999999"

    answer = send(shop, order)

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["path"] == "body.customer.account"


def test_a_field_that_is_not_right_is_422_with_its_path_and_a_readable_message(
    shop: httpx.Client,
) -> None:
    order = an_order([("71053", 0)])

    answer = send(shop, order)

    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["fields"][0]["path"] == "body.lines[0].quantity"
    assert "greater than or equal to 1" in error["fields"][0]["message"]
    assert "body.lines[0].quantity" in error["message"]


def test_an_order_reads_back_with_its_lines_times_and_address(
    web: Running, shop: httpx.Client
) -> None:
    order = an_order([("85123A", 2), ("POST", 1)])
    advice_note = send(shop, order).json()["advice_note"]

    answer = shop.get(f"/api/v1/orders/{order['shop_order_no']}")

    assert answer.status_code == 200
    seen = answer.json()
    assert seen["advice_note"] == advice_note
    assert [line["part_number"] for line in seen["lines"]] == ["85123A", "POST"]
    assert seen["history"] and seen["history"][0]["at"]
    assert seen["ordered_at"].startswith("2026-12-04")
    with web.database.reading() as session:
        from warehouse_app.persistence.tables import WebOrder

        stored = session.get(
            WebOrder, find_order(session, "webshop", order["shop_order_no"])
        )
        assert stored is not None
        assert (stored.ship_town, stored.email, stored.guest) == (
            "Penrith",
            "ann@example.com",
            True,
        )


def test_an_order_imported_from_a_file_reads_through_the_service(
    shop: httpx.Client,
) -> None:
    answer = shop.get("/api/v1/orders/536365")

    assert answer.status_code == 200
    assert {line["part_number"] for line in answer.json()["lines"]} >= {"85123A"}


class ReceivedJustAfterTheLookup(OrderViews):
    """The shop reads an order at the moment another request is receiving it:
    its first look finds nothing, the database has it by the next."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.looks = 0

    def version(self, channel: str, shop_order_no: str) -> Row[Any] | None:
        self.looks += 1
        if self.looks == 1:
            return None
        return super().version(channel, shop_order_no)


def test_an_order_received_while_it_is_being_looked_up_is_answered_not_500(
    web: Running, shop: httpx.Client
) -> None:
    order = an_order([("85123A", 1)])
    send(shop, order)
    service = web.app.state.service
    kept = service.views
    service.views = ReceivedJustAfterTheLookup(web.database)
    try:
        answer = shop.get(f"/api/v1/orders/{order['shop_order_no']}")
    finally:
        service.views = kept

    assert answer.status_code == 200, answer.text
    assert answer.json()["shop_order_no"] == order["shop_order_no"]


def test_an_order_no_shop_sent_is_404(shop: httpx.Client) -> None:
    answer = shop.get("/api/v1/orders/NEVER-SENT")

    assert answer.status_code == 404
    assert "NEVER-SENT" in answer.json()["error"]["message"]


def test_another_shops_key_gets_403_on_the_order(
    web: Running, shop: httpx.Client
) -> None:
    order = an_order([("85123A", 1)])
    send(shop, order)

    with web.client(web.keys["other"]) as other:
        read = other.get(f"/api/v1/orders/{order['shop_order_no']}")
        cancel = other.post(f"/api/v1/orders/{order['shop_order_no']}/cancel")

    assert read.status_code == 403
    assert cancel.status_code == 403
    assert "another shop" in read.json()["error"]["message"]


def test_changed_orders_page_forward_from_a_cursor_and_miss_none(
    shop: httpx.Client,
) -> None:
    start = shop.get("/api/v1/orders", params={"since": 0, "limit": 500})
    cursor = start.json()["next_cursor"]
    while shop.get("/api/v1/orders", params={"since": cursor}).json()["more"]:
        cursor = shop.get("/api/v1/orders", params={"since": cursor}).json()[
            "next_cursor"
        ]
    cursor = shop.get("/api/v1/orders", params={"since": cursor}).json()["next_cursor"]
    sent = [an_order([("85123A", 1)]) for _ in range(3)]
    for order in sent:
        send(shop, order)

    seen: list[str] = []
    while True:
        page = shop.get("/api/v1/orders", params={"since": cursor, "limit": 1}).json()
        seen += [order["shop_order_no"] for order in page["orders"]]
        cursor = page["next_cursor"]
        if not page["more"]:
            break

    assert seen == [order["shop_order_no"] for order in sent]


def test_an_order_not_yet_picked_is_cancelled_and_its_stock_freed(
    web: Running, shop: httpx.Client
) -> None:
    _on_hand, allocated = stock_of(web.database, "MAIN", "71053")
    set_on_hand(web.database, "MAIN", "71053", allocated + 4)
    order = an_order([("71053", 4)])
    send(shop, order)
    assert stock_of(web.database, "MAIN", "71053")[1] == allocated + 4

    answer = shop.post(f"/api/v1/orders/{order['shop_order_no']}/cancel")
    again = shop.post(f"/api/v1/orders/{order['shop_order_no']}/cancel")

    assert answer.status_code == 200, answer.text
    assert answer.json()["order"]["status"] == "cancelled"
    assert answer.json()["already_cancelled"] is False
    assert again.json()["already_cancelled"] is True
    # Released; some of it may have gone straight to a waiting backorder.
    assert stock_of(web.database, "MAIN", "71053")[1] < allocated + 4


def test_an_order_being_picked_cannot_be_cancelled_and_the_answer_says_why(
    web: Running, shop: httpx.Client
) -> None:
    _on_hand, allocated = stock_of(web.database, "MAIN", "71053")
    set_on_hand(web.database, "MAIN", "71053", allocated + 2)
    order = an_order([("71053", 2)])
    send(shop, order)
    with web.database.reading() as session:
        order_id = find_order(session, "webshop", order["shop_order_no"])
    assert order_id is not None
    PickingService(web.database, STATION, "|").scan(order_id, LANTERN_BARCODE)

    answer = shop.post(f"/api/v1/orders/{order['shop_order_no']}/cancel")

    assert answer.status_code == 409
    message = answer.json()["error"]["message"]
    assert "cannot be cancelled" in message and "line 1 (71053)" in message
    status = shop.get(f"/api/v1/orders/{order['shop_order_no']}").json()["status"]
    assert status == "picking"
