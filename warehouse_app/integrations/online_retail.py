"""The `online-retail` profile: the shop's own order-line export.

One row per order line, columns InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country (docs/data-files.md). What each
kind of row becomes:

- `C...` order numbers are the shop's cancellations (negative quantities that
  do not say which order they cancel): rejected as `cancellation`, so a
  person raises the credit note by hand if goods come back.
- `A...` order numbers are bad-debt adjustments: rejected as `adjustment`.
- a zero price with no customer account is the shop's own stock correction
  (`?`, `damages`, `found` and so on): rejected as `stock correction`; it
  is no sale and must not touch our stock.
- a quantity of zero or below in an order: rejected as `negative quantity`.
- a part number we do not know, even ignoring case: rejected as
  `unknown part`.
- a field that cannot be read or does not fit (a quantity above 100,000, a
  price above 99,999,999.9999 or with more than 4 decimal places, a date not
  written YYYY-MM-DD HH:MM:SS or not in the years 2000 to 2100, an order
  number over 40 or a description over 200 characters): `bad field`. The
  limits are the web service's too (domain/order_limits.py).
- an order whose lines come to more than one order may be worth: its
  largest line is rejected as `order too large`, the rest held with it.
- a line with the wrong number of fields (`malformed row`) or swallowed by
  a stray quote (`unbalanced quote`) belongs to the order named by its
  first field, as far as that can be read.
- whatever the reason, except the three kinds of row that are no sale, the
  rest of that order is rejected with it (`order held`), since an order is
  taken whole or not at all.
- part numbers written in lower case (`85123a`) are matched to the part in
  upper case and noted.
- `CustomerID` `0.0` is a guest checkout: taken on the guest cash account,
  and noted.
- blank lines are skipped and noted; they are not rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warehouse_app.domain.order_limits import MAX_QUANTITY
from warehouse_app.domain.scans import is_digits
from warehouse_app.integrations.csv_rows import Record, read_rows
from warehouse_app.integrations.fields import (
    BadRow,
    FieldError,
    at_most,
    empty_part,
    order_date,
    timestamp,
    unit_price,
    whole_number,
)
from warehouse_app.integrations.incoming import (
    IncomingLine,
    IncomingOrder,
    Rejection,
    too_large,
)

COLUMNS = (
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
)

# The sizes of the columns these fields are stored in (web_order and
# order_line).
MAX_ORDER_NUMBER = 40
MAX_DESCRIPTION = 200
MAX_COUNTRY = 60

# Rows that are no sale: rejected on their own, without holding an order.
NOT_A_SALE = ("cancellation", "adjustment", "stock correction")


@dataclass
class ProfileResult:
    rows_read: int = 0
    orders: list[IncomingOrder] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)


def _bad_field(error: FieldError) -> BadRow:
    return BadRow(error.field, error.value, "bad field", str(error))


def _account(raw: str) -> str | None:
    text = raw.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text in ("", "0", "nan", "NaN"):
        return None
    if not is_digits(text):
        raise BadRow(
            "CustomerID",
            raw,
            "bad field",
            f"CustomerID {raw!r} is not an account number.",
        )
    return text


def read_online_retail(
    path: Path,
    part_exists: Callable[[str], str | None],
    customer_exists: Callable[[str], bool],
    encoding: str = "utf-8-sig",
) -> ProfileResult:
    """Read the file into whole orders and rejected rows; nothing is written."""
    result = ProfileResult()
    by_number: dict[str, IncomingOrder] = {}
    rows_of: dict[str, list[int]] = {}
    held: dict[str, Rejection] = {}
    name = path.name
    other = "utf-8" if encoding == "cp1252" else "cp1252"
    for record in read_rows(path, COLUMNS, encoding=encoding, other_encoding=other):
        if record.blank:
            result.notes["blank lines skipped"] += 1
            continue
        result.rows_read += 1
        line = record.line
        if not record.row:
            rejection = _unreadable(name, record)
            result.rejections.append(rejection)
            number = record.fields[0].strip() if record.fields else ""
            if number:
                held.setdefault(number, rejection)
            continue
        number = record.row["InvoiceNo"].strip()
        try:
            taken = _read_row(record.row, part_exists, customer_exists)
        except BadRow as refusal:
            rejection = Rejection(
                line,
                refusal.field,
                refusal.value,
                refusal.reason,
                f"{name} line {line}: {refusal.message}",
            )
            result.rejections.append(rejection)
            if refusal.reason not in NOT_A_SALE:
                held.setdefault(number, rejection)
            continue
        account, country, ordered_at, incoming_line = taken
        incoming_line.source_row = line
        order = by_number.get(number)
        if order is None:
            order = IncomingOrder(number, ordered_at, account, country)
            by_number[number] = order
            rows_of[number] = []
        order.ordered_at = min(order.ordered_at, ordered_at)
        order.lines.append(incoming_line)
        rows_of[number].append(line)
    for number, order in by_number.items():
        found = too_large(order) if number not in held else None
        if found is not None:
            line, whole = found
            held[number] = Rejection(
                line,
                whole.field,
                whole.value,
                whole.reason,
                f"{name} line {line}: {whole.message}",
            )
            result.rejections.append(held[number])
            rows_of[number].remove(line)
        if number in held:
            result.rejections.extend(_held(name, number, rows_of[number], held))
            continue
        result.orders.append(order)
    result.rejections.sort(key=lambda r: r.line_number)
    return result


def _unreadable(name: str, record: Record) -> Rejection:
    return Rejection(
        record.line,
        "row",
        ",".join(record.fields),
        record.problem,
        f"{name} line {record.line}: {record.advice}",
    )


def _held(
    name: str, number: str, lines: list[int], held: dict[str, Rejection]
) -> list[Rejection]:
    cause = held[number]
    return [
        Rejection(
            line,
            "InvoiceNo",
            number,
            "order held",
            f"{name} line {line}: order {number} is held because line"
            f" {cause.line_number} of it was rejected ({cause.reason})."
            " Fix that line and import the order again.",
        )
        for line in lines
    ]


def _read_row(
    row: dict[str, str],
    part_exists: Callable[[str], str | None],
    customer_exists: Callable[[str], bool],
) -> tuple[str | None, str, datetime, IncomingLine]:
    number = row["InvoiceNo"].strip()
    if not number:
        raise BadRow("InvoiceNo", "", "bad field", "InvoiceNo is empty.")
    try:
        at_most(number, "InvoiceNo", MAX_ORDER_NUMBER)
    except FieldError as error:
        raise _bad_field(error) from None
    if number[0] in "Cc":
        raise BadRow(
            "InvoiceNo",
            number,
            "cancellation",
            f"{number} is a cancellation by the shop; it does not say which"
            " order it cancels. Raise a credit note by hand if goods return.",
        )
    if number[0] in "Aa":
        raise BadRow(
            "InvoiceNo",
            number,
            "adjustment",
            f"{number} is a bad-debt adjustment, not an order. Pass it to"
            " the accounts office.",
        )
    quantity_text = row["Quantity"].strip()
    try:
        quantity = whole_number(
            quantity_text, "Quantity", MAX_QUANTITY, allow_negative=True
        )
    except FieldError as error:
        raise _bad_field(error) from None
    price_text = row["UnitPrice"].strip()
    try:
        price = unit_price(price_text, "UnitPrice")
    except FieldError as error:
        raise _bad_field(error) from None
    account = _account(row["CustomerID"])
    description = " ".join(row["Description"].split())
    if price == 0 and account is None:
        raise BadRow(
            "UnitPrice",
            price_text,
            "stock correction",
            f"{number} ({description[:60]!r}, quantity {quantity}) is the"
            " shop's own stock correction, not a sale. Nothing to pick.",
        )
    if quantity <= 0:
        raise BadRow(
            "Quantity",
            quantity_text,
            "negative quantity",
            f"order {number} asks for {quantity}; an order line must ask"
            " for at least 1. Ask the shop to send a return instead.",
        )
    date_text = row["InvoiceDate"].strip()
    country = row["Country"].strip()
    try:
        ordered_at = order_date(
            timestamp(date_text, "InvoiceDate"), date_text, "InvoiceDate"
        )
        at_most(description, "Description", MAX_DESCRIPTION)
        at_most(country, "Country", MAX_COUNTRY)
    except FieldError as error:
        raise _bad_field(error) from None
    code = row["StockCode"].strip()
    if not code:
        raise empty_part("StockCode")
    part_number = part_exists(code)
    if part_number is None:
        raise BadRow(
            "StockCode",
            code,
            "unknown part",
            f"part {code!r} is not in the parts master. Add the part (or"
            " its supersession) and import the order again.",
        )
    if account is not None and not customer_exists(account):
        raise BadRow(
            "CustomerID",
            row["CustomerID"],
            "unknown customer",
            f"customer account {account} is not known. Open the account,"
            " then import the order again.",
        )
    notes = []
    if part_number != code:
        notes.append("part number case corrected")
    if price == 0:
        notes.append("zero-price lines on account")
    return (
        account,
        country,
        ordered_at,
        IncomingLine(0, part_number, description, quantity, price, tuple(notes)),
    )
