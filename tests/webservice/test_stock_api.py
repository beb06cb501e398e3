"""Stock through the web service: the same free stock the stock files show."""

from __future__ import annotations

import httpx

from tests.services.helpers import set_on_hand, set_price, stock_of
from tests.webservice.conftest import Running
from warehouse_app.services.web_stock import SafetyHold, web_stock


def test_one_part_shows_free_stock_less_the_shops_safety_hold(
    web: Running, shop: httpx.Client
) -> None:
    _on_hand, allocated = stock_of(web.database, "MAIN", "22423")
    set_on_hand(web.database, "MAIN", "22423", allocated + 10)

    answer = shop.get("/api/v1/stock/22423")

    assert answer.status_code == 200
    part = answer.json()
    assert part["free"] == 10 - 2  # [channels.webshop] safety_by_part 22423 = 2
    assert part["description"] == "REGENCY CAKESTAND 3 TIER"
    assert part["status"] == "active"


def test_a_basket_of_parts_is_answered_in_one_call_with_the_unknown_apart(
    web: Running, shop: httpx.Client
) -> None:
    wanted = ["71053", "85123a", "POST", "NOPE-1"]

    answer = shop.post("/api/v1/stock/query", json={"part_numbers": wanted})

    assert answer.status_code == 200
    body = answer.json()
    assert [p["part_number"] for p in body["parts"]] == ["71053", "85123A", "POST"]
    assert body["unknown"] == ["NOPE-1"]
    with web.database.reading() as session:
        expected = web_stock(session, ["71053"], SafetyHold())["71053"].free
    assert body["parts"][0]["free"] == expected
    assert body["parts"][2]["free"] == 0 and body["parts"][2]["status"] == "non-stock"


def test_an_unknown_part_is_404(shop: httpx.Client) -> None:
    answer = shop.get("/api/v1/stock/NOPE-1")

    assert answer.status_code == 404
    assert "NOPE-1" in answer.json()["error"]["message"]


def test_changed_parts_page_forward_from_a_cursor(
    web: Running, shop: httpx.Client
) -> None:
    cursor = 0
    while True:
        page = shop.get("/api/v1/stock", params={"since": cursor, "limit": 1000})
        cursor = page.json()["next_cursor"]
        if not page.json()["more"]:
            break
    set_on_hand(web.database, "MAIN", "10002", 40)
    set_on_hand(web.database, "MAIN", "10080", 41)

    first = shop.get("/api/v1/stock", params={"since": cursor, "limit": 1}).json()
    second = shop.get(
        "/api/v1/stock", params={"since": first["next_cursor"], "limit": 1}
    ).json()

    assert [p["part_number"] for p in first["parts"]] == ["10002"]
    assert first["more"] is True
    assert [p["part_number"] for p in second["parts"]] == ["10080"]
    assert second["more"] is False


def test_a_price_is_given_to_the_penny_as_the_stock_files_give_it(
    web: Running, shop: httpx.Client
) -> None:
    set_price(web.database, {"22423": "1.2350", "85123A": "1.2349"})

    one = shop.get("/api/v1/stock/22423").json()
    basket = shop.post("/api/v1/stock/query", json={"part_numbers": ["85123A"]})

    assert one["price"] == "1.24"
    assert basket.json()["parts"][0]["price"] == "1.23"
