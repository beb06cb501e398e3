"""Prices as the web shop is given them: to the penny, half up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from warehouse_app.domain.money import shop_price


@pytest.mark.parametrize(
    ("kept", "shown"),
    [
        ("1.2350", "1.24"),
        ("1.2349", "1.23"),
        ("1.0050", "1.01"),
        ("2.6750", "2.68"),
        ("0.0049", "0.00"),
        ("12.5", "12.50"),
        ("99999999.9950", "100000000.00"),
        ("-1.2350", "-1.24"),
    ],
)
def test_a_price_is_the_same_from_postgresql_and_from_sqlite(
    kept: str, shown: str
) -> None:
    # PostgreSQL gives the price as a Decimal, SQLite as the nearest float.
    assert shop_price(Decimal(kept)) == shown
    assert shop_price(float(kept)) == shown


def test_every_four_place_price_up_to_a_thousand_rounds_half_up() -> None:
    for ten_thousandths in range(0, 2_000_000, 13):
        kept = Decimal(ten_thousandths).scaleb(-4)
        assert shop_price(float(kept)) == shop_price(kept), kept


def test_a_whole_price_from_sqlite_has_two_places() -> None:
    assert shop_price(5) == "5.00"
