"""What every order-file reader shares: the masters it checks rows against,
times as shops write them, and whole orders collected row by row.

An order is taken whole or not at all: a row refused for any reason holds
the rest of its order, and every row of a held order is reported, so the
rows read always equal the lines taken plus the rows reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from warehouse_app.integrations.fields import BadRow, FieldError, empty_part
from warehouse_app.integrations.incoming import (
    IncomingLine,
    IncomingOrder,
    Rejection,
    too_large,
)
from warehouse_app.integrations.online_retail import ProfileResult

# The sizes of the web_order and order_line columns the fields go into.
LIMITS = {
    "shop_order_no": 40,
    "description": 200,
    "country": 60,
    "delivery_method": 20,
    "email": 120,
    "ship_name": 120,
    "ship_address1": 120,
    "ship_address2": 120,
    "ship_town": 80,
    "ship_postcode": 20,
}
DELIVERY_METHODS = ("deliver", "collect")

_MOMENT = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(Z|[+-]\d{2}:?\d{2})?",
    re.ASCII,
)


@dataclass(frozen=True)
class Masters:
    """What a reader may ask of the masters, without a database session."""

    # The part number as the parts master writes it, or None if unknown.
    part: Callable[[str], str | None]
    customer: Callable[[str], bool]
    # The customer account whose email this is, or None (a guest).
    account_by_email: Callable[[str], str | None] = lambda _email: None


@dataclass
class ReadResult(ProfileResult):
    # The orders held back, by shop order number, each with the first
    # refusal that held it (its line, field, value and what to do).
    held: dict[str, Rejection] = field(default_factory=dict)
    # Every refusal of each held order (its bad rows, or its own fields).
    faults: dict[str, list[Rejection]] = field(default_factory=dict)
    # The other rows of each held order, held with it.
    held_rows: dict[str, list[int]] = field(default_factory=dict)


def moment(text: str, name: str) -> datetime:
    """A date and time, ISO 8601 (`2026-12-04T09:15:00`, a zone allowed) or
    as hosted shops export it (`2026-12-04 09:15:00 +0000`).

    A time with a zone is turned into this computer's local time, which is
    how every other time in the database is kept.
    """
    found = _MOMENT.fullmatch(text.strip())
    if found:
        date, time, zone = found.groups()
        if len(time) == 5:
            time += ":00"
        if zone and zone != "Z" and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        try:
            value = datetime.fromisoformat(
                f"{date}T{time}{'+00:00' if zone == 'Z' else zone or ''}"
            )
        except ValueError:
            pass
        else:
            if value.tzinfo is not None:
                value = value.astimezone().replace(tzinfo=None)
            return value
    raise FieldError(
        name,
        text,
        f"{name} {text!r} is not a date and time written like"
        " 2026-12-04T09:15:00 (ISO 8601, a time zone such as +00:00 allowed).",
    )


def bad_field(error: FieldError) -> BadRow:
    return BadRow(error.field, error.value, "bad field", str(error))


def unknown_part(code: str, name: str) -> BadRow:
    if not code:
        return empty_part(name)
    return BadRow(
        name,
        code,
        "unknown part",
        f"part {code!r} is not in the parts master. Add the part (or its"
        " supersession), or correct the part number, and import the file again.",
    )


class OrderCollector:
    """Collects a file's rows into whole orders and reported rows."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.rows_read = 0
        self.orders: dict[str, IncomingOrder] = {}
        self.rows_of: dict[str, list[int]] = {}
        self.causes: dict[str, list[Rejection]] = {}
        self.rejections: list[Rejection] = []

    def start(self, number: str, order: IncomingOrder) -> IncomingOrder:
        """The order with this number, started from `order` if it is new."""
        known = self.orders.get(number)
        if known is not None:
            return known
        self.orders[number] = order
        self.rows_of[number] = []
        return order

    def known(self, number: str) -> bool:
        return number in self.orders or number in self.causes

    def line(self, number: str, line: IncomingLine) -> None:
        self.rows_read += 1
        self.orders[number].lines.append(line)
        self.rows_of[number].append(line.source_row)

    def refuse_row(self, line: int, number: str, refusal: BadRow) -> None:
        """A row not taken; it holds the rest of its order, if it names one."""
        self.rows_read += 1
        rejection = Rejection(
            line,
            refusal.field,
            refusal.value,
            refusal.reason,
            f"{self.file_name} line {line}: {refusal.message}",
        )
        self.rejections.append(rejection)
        if number:
            self.hold(line, number, refusal)

    def hold(self, line: int, number: str, refusal: BadRow) -> None:
        """An order whose own fields (not a row) are bad: all its rows held."""
        if number not in self.orders:
            self.start(number, IncomingOrder(number, datetime.min, None, ""))
        self.causes.setdefault(number, []).append(
            Rejection(
                line, refusal.field, refusal.value, refusal.reason, refusal.message
            )
        )

    def refuse_order(self, line: int, number: str, refusal: BadRow) -> None:
        """A whole order not taken, for a fault of `line`, already read."""
        self.rejections.append(
            Rejection(
                line,
                refusal.field,
                refusal.value,
                refusal.reason,
                f"{self.file_name} line {line}: {refusal.message}",
            )
        )
        self.rows_of[number].remove(line)
        self.hold(line, number, refusal)

    def result(self) -> ReadResult:
        for number, order in self.orders.items():
            found = too_large(order) if number not in self.causes else None
            if found is not None:
                line, refusal = found
                self.refuse_order(line, number, refusal)
        result = ReadResult(rows_read=self.rows_read)
        result.rejections = list(self.rejections)
        for number, order in self.orders.items():
            if number in self.causes:
                continue
            if order.lines:
                result.orders.append(order)
        for number, faults in self.causes.items():
            cause = faults[0]
            result.held[number] = cause
            result.faults[number] = list(faults)
            result.held_rows[number] = list(self.rows_of.get(number, []))
            result.rejections.extend(
                Rejection(
                    line,
                    cause.field,
                    cause.value,
                    "order held",
                    f"{self.file_name} line {line}: order {number} is held because"
                    f" line {cause.line_number} of it was refused ({cause.field}"
                    f" {cause.value!r}: {cause.message})",
                )
                for line in self.rows_of.get(number, [])
            )
        result.rejections.sort(key=lambda r: r.line_number)
        return result
