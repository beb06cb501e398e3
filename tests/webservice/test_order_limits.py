"""An order too large for its columns is a 422 naming the field, never a 500.

On PostgreSQL a number too large for its Numeric column fails the insert;
the on_both refuses such an order before it reaches the database, with the
limit in the answer, and takes the largest order that fits.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.webservice.conftest import Running
from tests.webservice.test_orders_api import an_order, send
from warehouse_app.persistence.tables import WebOrder


def priced(quantity: int, unit_price: str) -> dict[str, object]:
    order = an_order([("71053", quantity)])
    order["lines"][0]["unit_price"] = unit_price
    return order


def test_an_order_worth_more_than_the_value_column_holds_is_422_on_its_lines(
    on_both: Running,
) -> None:
    with on_both.client(on_both.keys["shop"]) as shop:
        answer = send(shop, priced(100_000, "99999999"))

    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    [problem] = error["fields"]
    assert problem["path"] == "body.lines"
    assert "9,999,999,900,000.00" in problem["message"]
    assert "at most 99,999,999,999.99" in problem["message"]
    assert "split the order. Correct the fields listed" in error["message"]


@pytest.mark.parametrize(
    ("unit_price", "words"),
    [
        ("100000000", "less than or equal to 99999999.9999"),
        ("9999999999.9999", "less than or equal to 99999999.9999"),
        ("2.555555", "no more than 4 decimal places"),
    ],
)
def test_a_price_outside_the_price_column_is_422_on_the_price(
    on_both: Running, unit_price: str, words: str
) -> None:
    with on_both.client(on_both.keys["shop"]) as shop:
        answer = send(shop, priced(1, unit_price))

    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["error"]["fields"]
    assert problem["path"] == "body.lines[0].unit_price"
    assert words in problem["message"]


def test_the_largest_order_that_fits_is_received(on_both: Running) -> None:
    order = priced(100_000, "999999.9999")

    with on_both.client(on_both.keys["shop"]) as shop:
        answer = send(shop, order)

    assert answer.status_code == 201, answer.text
    with on_both.database.reading() as session:
        value = session.scalar(
            select(WebOrder.value).where(
                WebOrder.shop_order_no == order["shop_order_no"]
            )
        )
    assert value == 99_999_999_990
