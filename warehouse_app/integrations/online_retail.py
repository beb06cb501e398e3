"""The `online-retail` profile: the shop's own order-line export.

One row per order line, columns InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country. What each kind of row becomes:

- `C...` order numbers are the shop's cancellations (negative quantities that
  do not say which order they cancel): rejected as `cancellation`, so a
  person raises the credit note by hand if goods come back.
- `A...` order numbers are bad-debt adjustments: rejected as `adjustment`.
- a zero price with no customer account is the shop's own stock correction
  (`?`, `damages`, `found` and so on): rejected as `stock correction`; it
  is no sale and must not touch our stock.
- a quantity of zero or below in an order: rejected as `negative quantity`.
- a part number we do not know, even ignoring case: rejected as
  `unknown part`, and the rest of that order with it (`order held`), since
  an order is taken whole or not at all.
- part numbers written in lower case (`85123a`) are matched to the part in
  upper case and noted.
- `CustomerID` `0.0` is a guest checkout: taken on the guest cash account,
  and noted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from warehouse_app.integrations.csv_rows import read_rows
from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder, Rejection

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


@dataclass
class ProfileResult:
    rows_read: int = 0
    orders: list[IncomingOrder] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)


class _RowRefused(Exception):
    def __init__(self, field: str, value: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field, self.value, self.reason, self.message = (
            field,
            value,
            reason,
            message,
        )


def _account(raw: str) -> str | None:
    text = raw.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text in ("", "0", "nan", "NaN"):
        return None
    if not text.isdigit():
        raise _RowRefused(
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
    for line, row, raw in read_rows(path, COLUMNS, encoding=encoding):
        result.rows_read += 1
        if not row:
            result.rejections.append(
                Rejection(
                    line,
                    "row",
                    ",".join(raw),
                    "malformed row",
                    f"{name} line {line}: expected {len(COLUMNS)} fields,"
                    f" found {len(raw)}."
                    " Check the shop's export for a stray comma or a broken line.",
                )
            )
            continue
        number = row["InvoiceNo"].strip()
        try:
            taken = _read_row(row, part_exists, customer_exists, result.notes)
        except _RowRefused as refusal:
            rejection = Rejection(
                line,
                refusal.field,
                refusal.value,
                refusal.reason,
                f"{name} line {line}: {refusal.message}",
            )
            result.rejections.append(rejection)
            if refusal.reason in ("unknown part", "unknown customer", "bad field"):
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
        if number in held:
            cause = held[number]
            for line in rows_of[number]:
                result.rejections.append(
                    Rejection(
                        line,
                        "InvoiceNo",
                        number,
                        "order held",
                        f"{name} line {line}: order {number} is held because line"
                        f" {cause.line_number} of it was rejected ({cause.reason})."
                        " Fix that line and import the order again.",
                    )
                )
            continue
        if order.customer_account is None:
            result.notes["guest checkout orders"] += 1
        result.orders.append(order)
    result.rejections.sort(key=lambda r: r.line_number)
    return result


def _read_row(
    row: dict[str, str],
    part_exists: Callable[[str], str | None],
    customer_exists: Callable[[str], bool],
    notes: Counter[str],
) -> tuple[str | None, str, datetime, IncomingLine]:
    number = row["InvoiceNo"].strip()
    if not number:
        raise _RowRefused("InvoiceNo", "", "bad field", "InvoiceNo is empty.")
    if number[0] in "Cc":
        raise _RowRefused(
            "InvoiceNo",
            number,
            "cancellation",
            f"{number} is a cancellation by the shop; it does not say which"
            " order it cancels. Raise a credit note by hand if goods return.",
        )
    if number[0] in "Aa":
        raise _RowRefused(
            "InvoiceNo",
            number,
            "adjustment",
            f"{number} is a bad-debt adjustment, not an order. Pass it to"
            " the accounts office.",
        )
    quantity_text = row["Quantity"].strip()
    try:
        quantity = int(quantity_text)
    except ValueError:
        raise _RowRefused(
            "Quantity",
            quantity_text,
            "bad field",
            f"Quantity {quantity_text!r} is not a whole number.",
        ) from None
    price_text = row["UnitPrice"].strip()
    try:
        price = Decimal(price_text)
    except InvalidOperation:
        raise _RowRefused(
            "UnitPrice",
            price_text,
            "bad field",
            f"UnitPrice {price_text!r} is not a price.",
        ) from None
    if not price.is_finite():
        raise _RowRefused(
            "UnitPrice",
            price_text,
            "bad field",
            f"UnitPrice {price_text!r} is not a price.",
        )
    account = _account(row["CustomerID"])
    description = " ".join(row["Description"].split())
    if price == 0 and account is None:
        raise _RowRefused(
            "UnitPrice",
            price_text,
            "stock correction",
            f"{number} ({description!r}, quantity {quantity}) is the shop's"
            " own stock correction, not a sale. Nothing to pick.",
        )
    if quantity <= 0:
        raise _RowRefused(
            "Quantity",
            quantity_text,
            "negative quantity",
            f"order {number} asks for {quantity}; an order line must ask"
            " for at least 1. Ask the shop to send a return instead.",
        )
    if price < 0:
        raise _RowRefused(
            "UnitPrice",
            price_text,
            "bad field",
            f"order {number} has a negative price {price_text}.",
        )
    date_text = row["InvoiceDate"].strip()
    try:
        ordered_at = datetime.fromisoformat(date_text)
    except ValueError:
        raise _RowRefused(
            "InvoiceDate",
            date_text,
            "bad field",
            f"InvoiceDate {date_text!r} is not YYYY-MM-DD HH:MM:SS.",
        ) from None
    code = row["StockCode"].strip()
    part_number = part_exists(code)
    if part_number is None:
        raise _RowRefused(
            "StockCode",
            code,
            "unknown part",
            f"part {code!r} is not in the parts master. Add the part (or"
            " its supersession) and import the order again.",
        )
    if part_number != code:
        notes["part number case corrected"] += 1
    if account is not None and not customer_exists(account):
        raise _RowRefused(
            "CustomerID",
            row["CustomerID"],
            "unknown customer",
            f"customer account {account} is not known. Open the account,"
            " then import the order again.",
        )
    if price == 0:
        notes["zero-price lines on account"] += 1
    return (
        account,
        row["Country"].strip(),
        ordered_at,
        IncomingLine(0, part_number, description, quantity, price),
    )
