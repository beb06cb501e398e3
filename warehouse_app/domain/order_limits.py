"""The most one order may ask for, wherever it comes from.

The web service and every order file check an order against these limits
before anything is written, with the same numbers and the same words. They
keep each value inside the column it is stored in, so an order the embedded
SQLite file would take is taken alike by PostgreSQL, which refuses a number
too large for its column: `order_line.unit_price` is Numeric(14, 4), and
`web_order.value` and the invoice totals are Numeric(14, 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from warehouse_app.domain.money import line_net

# Pieces on one order line: more than a pallet-load of any part we stock.
MAX_QUANTITY = 100_000
# A price of one piece, before VAT; the parts master holds the same.
MAX_UNIT_PRICE = Decimal("99999999.9999")
PRICE_PLACES = 4
# The lines' nets added up. The invoice puts VAT on top and its total must
# still fit a Numeric(14, 2), so this stays well below that column's limit.
MAX_ORDER_VALUE = Decimal("99999999999.99")
# When an order may say it was placed.
FIRST_YEAR = 2000
LAST_YEAR = 2100

_PLACE = Decimal(1).scaleb(-PRICE_PLACES)


class OutOfLimits(ValueError):
    """A value an order may not hold; the message says the limit."""


def check_unit_price(price: Decimal, name: str = "unit_price") -> Decimal:
    """The price itself, if it is 0 or more, not too large, and in 4 places."""
    if not price.is_finite() or price < 0:
        raise OutOfLimits(f"{name} {price} is not a price of 0 or more.")
    if price > MAX_UNIT_PRICE:
        raise OutOfLimits(
            f"{name} {price} is too large: a price may be at most"
            f" {MAX_UNIT_PRICE:,}. Check the number."
        )
    if price != price.quantize(_PLACE):
        raise OutOfLimits(
            f"{name} {price} has more than {PRICE_PLACES} decimal places; prices"
            f" are kept to {PRICE_PLACES}, like 2.5556. Round it to {PRICE_PLACES}"
            " places."
        )
    return price


def check_ordered_at(at: datetime, name: str = "ordered_at") -> datetime:
    """The time itself, if its year is one an order may be placed in."""
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise OutOfLimits(
            f"{name} {at:%Y-%m-%d} is not a date an order may carry: the order"
            f" date must be between the years {FIRST_YEAR} and {LAST_YEAR}."
            " Check the date."
        )
    return at


def order_value(lines: Iterable[tuple[int, Decimal]]) -> Decimal:
    """What (quantity, unit price) lines come to, each net to the penny."""
    return sum((line_net(quantity, price) for quantity, price in lines), Decimal(0))


def check_order_value(lines: Iterable[tuple[int, Decimal]]) -> Decimal:
    """The order's value, if it is no more than one order may be worth."""
    value = order_value(lines)
    if value > MAX_ORDER_VALUE:
        raise OutOfLimits(
            f"the order's lines come to {value:,.2f} in all; one order may be"
            f" worth at most {MAX_ORDER_VALUE:,}. Check the quantities and"
            " prices, or split the order."
        )
    return value
