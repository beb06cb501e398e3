"""Reading one field of an input file: numbers, prices, times and texts.

Each reader takes the field as written and either returns its value or
raises FieldError with a message that says what is wrong with it. The limits
keep every value inside the column it is stored in, so a file that the
embedded SQLite database would take is taken alike by PostgreSQL, which
refuses a value too long or too large for its column.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from warehouse_app.domain.order_limits import (
    MAX_UNIT_PRICE,
    OutOfLimits,
    check_ordered_at,
    check_unit_price,
)
from warehouse_app.domain.scans import is_digits

# Inside the price columns, Numeric(14, 4): the same limit as an order line's.
MAX_PRICE = MAX_UNIT_PRICE

_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}", re.ASCII)


class BadRow(Exception):
    """An input row that is not taken: which field, its value, why, and the message."""

    def __init__(self, field: str, value: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field, self.value, self.reason, self.message = (
            field,
            value,
            reason,
            message,
        )


class FieldError(ValueError):
    """The field cannot be read; the message says why."""

    def __init__(self, field: str, value: str, message: str) -> None:
        super().__init__(message)
        self.field, self.value = field, value


def whole_number(
    text: str,
    name: str,
    maximum: int,
    allow_negative: bool = False,
    minimum: int = 0,
) -> int:
    """A whole number written in the ASCII digits 0-9, `minimum` to `maximum`
    (any below `maximum` with `allow_negative`)."""
    negative = allow_negative and text.startswith("-")
    digits = text[1:] if negative else text
    if not is_digits(digits):
        kind = "a whole number" if allow_negative else f"a whole number of {minimum}"
        more = "" if allow_negative else " or more"
        raise FieldError(name, text, f"{name} {text!r} is not {kind}{more}.")
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        raise FieldError(
            name,
            text,
            f"{name} {text} is too large: this field holds at most {maximum:,}."
            " Check the number.",
        )
    value = -int(digits) if negative else int(digits)
    if not allow_negative and value < minimum:
        raise FieldError(
            name,
            text,
            f"{name} {text} is less than {minimum:,}: this field holds"
            f" {minimum:,} to {maximum:,}.",
        )
    return value


def empty_part(name: str) -> BadRow:
    """A line whose part number field is empty."""
    return BadRow(
        name,
        "",
        "unknown part",
        f"{name} is empty: the line names no part. Write the part number in it"
        " and import the file again.",
    )


def money(text: str, name: str, maximum: Decimal = MAX_PRICE) -> Decimal:
    """An amount of 0 or more and at most `maximum`, written like 2.55.

    Only the ASCII digits, a decimal point and an exponent (1.5E2) are read:
    no `inf`, `nan`, digit group separators or other scripts' digits.
    """
    if not _DECIMAL.fullmatch(text):
        raise FieldError(
            name,
            text,
            f"{name} {text!r} is not a number written with the digits 0-9 and"
            " a decimal point, like 2.55.",
        )
    value = Decimal(text)
    if value < 0:
        raise FieldError(name, text, f"{name} {text} is below 0.")
    if value > maximum:
        raise FieldError(
            name,
            text,
            f"{name} {text} is too large: this field holds at most {maximum:,}."
            " Check the number.",
        )
    return value


def unit_price(text: str, name: str) -> Decimal:
    """The price of one piece on an order line, within the order limits."""
    value = money(text, name, MAX_UNIT_PRICE)
    try:
        return check_unit_price(value, name)
    except OutOfLimits as error:
        raise FieldError(name, text, str(error)) from None


def timestamp(text: str, name: str) -> datetime:
    """A local date and time written YYYY-MM-DD HH:MM:SS (or with a T)."""
    if _TIMESTAMP.fullmatch(text):
        try:
            # The pattern has pinned the layout; this only checks the calendar.
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise FieldError(
        name,
        text,
        f"{name} {text!r} is not a date and time written YYYY-MM-DD HH:MM:SS"
        " (local time, without a time zone).",
    )


def order_date(value: datetime, text: str, name: str) -> datetime:
    """`value`, as read from `text`, if an order may carry that date."""
    try:
        return check_ordered_at(value, name)
    except OutOfLimits as error:
        raise FieldError(name, text, str(error)) from None


def at_most(text: str, name: str, limit: int) -> str:
    """`text` itself, if it is no longer than `limit` characters."""
    if len(text) > limit:
        raise FieldError(
            name,
            text,
            f"{name} is {len(text)} characters long; it may hold at most"
            f" {limit}. Shorten it.",
        )
    return text
