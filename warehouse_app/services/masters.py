"""Loading master data: parts, barcodes, stock with bins, customers.

Every row is taken or reported with its line, field and reason (the columns
and limits are in docs/data-files.md). Loading a file again updates what
changed; a stock file's quantities become opening balances the first time
and stock check corrections after that, each one a movement in the ledger.
Stock that a stock file adds goes at once to the orders waiting for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from warehouse_app.domain.scans import ScanRefused
from warehouse_app.integrations.csv_rows import read_rows
from warehouse_app.integrations.fields import (
    MAX_PRICE,
    FieldError,
    at_most,
    money,
    whole_number,
)
from warehouse_app.integrations.incoming import Rejection
from warehouse_app.integrations.master_report import MasterReport
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Barcode, Customer, Depot, Part, Stock
from warehouse_app.services.ledger import MovementType, move
from warehouse_app.services.lookup import barcode_key
from warehouse_app.services.orders import allocate_waiting
from warehouse_app.services.station import Station

__all__ = [
    "MasterReport",
    "depots",
    "import_barcodes",
    "import_customers",
    "import_parts",
    "import_stock",
]

log = logging.getLogger("warehouse.import")

T = TypeVar("T")

DEPOT_NAMES = {"MAIN": "Main depot", "NORTH": "North depot"}

# The most a stock quantity, minimum, maximum or qty_per_scan may be.
MAX_QUANTITY = 9_999_999
# Inside weight_kg, Numeric(10, 3).
MAX_WEIGHT = Decimal("9999999.999")


class _Bad(Exception):
    def __init__(self, field: str, value: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field, self.value, self.reason, self.message = (
            field,
            value,
            reason,
            message,
        )


def _decimal(
    row: dict[str, str], name: str, maximum: Decimal, optional: bool = False
) -> Decimal | None:
    text = row[name].strip()
    if not text and optional:
        return None
    try:
        return money(text, name, maximum)
    except FieldError as error:
        raise _Bad(name, text, "bad number", str(error)) from None


def _whole(row: dict[str, str], name: str) -> int:
    text = row[name].strip() or "0"
    try:
        return whole_number(text, name, MAX_QUANTITY)
    except FieldError as error:
        raise _Bad(name, text, "bad number", str(error)) from None


def _text(
    row: dict[str, str],
    name: str,
    limit: int,
    upper: bool = False,
    collapse: bool = False,
) -> str:
    text = " ".join(row[name].split()) if collapse else row[name].strip()
    return _fits(text.upper() if upper else text, name, limit)


def _fits(text: str, name: str, limit: int) -> str:
    try:
        return at_most(text, name, limit)
    except FieldError as error:
        raise _Bad(name, text, "bad field", str(error)) from None


class Known:
    """The rows a load may touch, read once, so each input row costs no query."""

    def __init__(self, session: Session, models: tuple[type[Any], ...]) -> None:
        self.session = session
        self._rows: dict[type[Any], dict[object, Any]] = {}
        for model in models:
            key = inspect(model).primary_key
            self._rows[model] = {
                (
                    getattr(row, key[0].key)
                    if len(key) == 1
                    else tuple(getattr(row, column.key) for column in key)
                ): row
                for row in session.scalars(select(model))
            }

    def get(self, model: type[T], key: object) -> T | None:
        return self._rows[model].get(key)

    def add(self, model: type[Any], key: object, row: object) -> None:
        self._rows[model][key] = row
        self.session.add(row)


Finish = Callable[[Known, MasterReport], None]


def _load(
    path: Path,
    kind: str,
    columns: tuple[str, ...],
    database: Database,
    take: Callable[[Known, int, dict[str, str]], None],
    models: tuple[type[Any], ...],
    finish: Finish | None = None,
) -> MasterReport:
    # Each `take` checks every field before it changes anything, so a
    # refused row leaves nothing behind in the session. `finish` runs once
    # after the last row, in the same transaction.
    report = MasterReport(kind, path.name)
    with database.unit_of_work() as uow:
        known = Known(uow.session, models)
        for record in read_rows(path, columns):
            if record.blank:
                report.notes["blank lines skipped"] += 1
                continue
            report.rows_read += 1
            line = record.line
            if not record.row:
                report.rejections.append(
                    Rejection(
                        line,
                        "row",
                        ",".join(record.fields),
                        record.problem,
                        f"{path.name} line {line}: {record.advice}",
                    )
                )
                continue
            try:
                with uow.session.no_autoflush:
                    take(known, line, record.row)
            except _Bad as bad:
                report.rejections.append(
                    Rejection(
                        line,
                        bad.field,
                        bad.value,
                        bad.reason,
                        f"{path.name} line {line}, {bad.field}: {bad.message}",
                    )
                )
                continue
            report.rows_taken += 1
        if finish is not None:
            uow.session.flush()
            finish(known, report)
        uow.commit()
    log.info("loaded %s from %s: %s", kind, path, report.as_dict())
    return report


def import_parts(database: Database, path: Path) -> MasterReport:
    columns = (
        "part_number",
        "description",
        "group",
        "retail_price",
        "vat_code",
        "weight_kg",
        "stock_item",
        "superseded_by",
    )

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        number = _text(row, "part_number", 40, upper=True)
        if not number:
            raise _Bad("part_number", "", "bad field", "part_number is empty.")
        description = _text(row, "description", 200, collapse=True)
        group = _text(row, "group", 40, upper=True) or "GENERAL"
        vat = row["vat_code"].strip().upper()
        if vat not in ("S", "Z"):
            raise _Bad(
                "vat_code", vat, "bad field", f"vat_code {vat!r} must be S or Z."
            )
        stock_flag = row["stock_item"].strip().upper()
        if stock_flag not in ("Y", "N"):
            raise _Bad(
                "stock_item", stock_flag, "bad field", "stock_item must be Y or N."
            )
        price = _decimal(row, "retail_price", MAX_PRICE) or Decimal("0")
        weight = _decimal(row, "weight_kg", MAX_WEIGHT, optional=True)
        successor = _text(row, "superseded_by", 40, upper=True) or None
        if successor == number:
            raise _Bad(
                "superseded_by",
                successor,
                "bad field",
                f"part {number} cannot be superseded by itself. Leave"
                " superseded_by empty, or name the part that replaces it.",
            )
        part = known.get(Part, number)
        if part is None:
            part = Part(part_number=number)
            known.add(Part, number, part)
        part.description = description
        part.group_code = group
        part.retail_price = price
        part.vat_code = vat
        part.weight_kg = weight
        part.stock_item = stock_flag == "Y"
        part.superseded_by = successor

    return _load(path, "parts", columns, database, take, (Part,))


def import_barcodes(database: Database, path: Path) -> MasterReport:
    columns = ("barcode", "part_number", "qty_per_scan")

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        code = row["barcode"].strip()
        try:
            key = barcode_key(code)
        except ScanRefused as refusal:
            raise _Bad("barcode", code, "bad check digit", str(refusal)) from None
        if len(key) > 64:
            raise _Bad(
                "barcode",
                code,
                "bad field",
                f"barcode is {len(key)} characters long; it may hold at most 64.",
            )
        number = row["part_number"].strip().upper()
        if known.get(Part, number) is None:
            raise _Bad(
                "part_number",
                number,
                "unknown part",
                f"part {number} is not in the parts master; load parts first.",
            )
        quantity = _whole(row, "qty_per_scan") if row["qty_per_scan"].strip() else 1
        if quantity == 0:
            raise _Bad(
                "qty_per_scan",
                row["qty_per_scan"].strip(),
                "bad number",
                "qty_per_scan is 0; one scan must count at least 1. Write how"
                " many pieces one scan of this barcode stands for, or leave it"
                " empty for 1.",
            )
        barcode = known.get(Barcode, key)
        if barcode is not None and barcode.part_number != number:
            raise _Bad(
                "barcode",
                code,
                "barcode on another part",
                f"barcode {code} is already on part {barcode.part_number}, not"
                f" {number}. Remove it from part {barcode.part_number} first,"
                " then load this line again.",
            )
        if barcode is None:
            barcode = Barcode(code=key)
            known.add(Barcode, key, barcode)
        barcode.part_number = number
        barcode.qty_per_scan = quantity

    return _load(path, "barcodes", columns, database, take, (Part, Barcode))


def import_stock(database: Database, path: Path, station: Station) -> MasterReport:
    """Load bins and quantities; new stock goes to waiting orders, oldest first."""
    columns = (
        "depot",
        "part_number",
        "bin",
        "second_bin",
        "on_hand",
        "min_qty",
        "max_qty",
    )
    # On hand of each part-depot before this file touched it, and the last
    # line that did.
    before: dict[tuple[str, str], int] = {}
    last_line: dict[tuple[str, str], int] = {}

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        depot = _text(row, "depot", 16, upper=True)
        if not depot:
            raise _Bad("depot", "", "bad field", "depot is empty.")
        number = row["part_number"].strip().upper()
        if known.get(Part, number) is None:
            raise _Bad(
                "part_number",
                number,
                "unknown part",
                f"part {number} is not in the parts master; load parts first.",
            )
        bin_ = _text(row, "bin", 32, upper=True)
        second_bin = _text(row, "second_bin", 32, upper=True)
        on_hand = _whole(row, "on_hand")
        min_qty, max_qty = _whole(row, "min_qty"), _whole(row, "max_qty")
        if known.get(Depot, depot) is None:
            name = DEPOT_NAMES.get(depot, depot)
            known.add(
                Depot, depot, Depot(code=depot, name=name, serves_web=depot == "MAIN")
            )
            known.session.flush()
        stock = known.get(Stock, (depot, number))
        existing = stock is not None
        if stock is None:
            stock = Stock(depot=depot, part_number=number, on_hand=0, allocated=0)
            known.add(Stock, (depot, number), stock)
        before.setdefault((depot, number), stock.on_hand)
        last_line[(depot, number)] = line
        stock.bin = bin_ or None
        stock.second_bin = second_bin or None
        stock.min_qty, stock.max_qty = min_qty, max_qty
        change = on_hand - stock.on_hand
        if change:
            kind = (
                MovementType.STOCK_CHECK if existing else MovementType.OPENING_BALANCE
            )
            move(
                known.session,
                station,
                stock,
                kind,
                change,
                path.name[:40],
                "stock file loaded",
            )

    def finish(known: Known, report: MasterReport) -> None:
        allocated_to: set[int] = set()
        for depot, number in sorted(before):
            stock = known.get(Stock, (depot, number))
            if stock is not None and stock.on_hand > before[(depot, number)]:
                orders = allocate_waiting(known.session, depot, number)
                allocated_to.update(order.id for order in orders)
        if allocated_to:
            report.notes["orders allocated from new stock"] = len(allocated_to)
        for (depot, number), line in sorted(last_line.items()):
            stock = known.get(Stock, (depot, number))
            if stock is None or stock.on_hand >= stock.allocated:
                continue
            report.notes["on hand below allocated"] += 1
            report.warnings.append(
                f"{path.name} line {line}: part {number} at {depot} now has"
                f" {stock.on_hand} on hand, but orders hold {stock.allocated} of"
                " it: they hold stock that is not there. Count bin"
                f" {stock.bin or '(none)'} and correct the stock, or short-pick"
                " the orders that cannot be filled."
            )

    return _load(path, "stock", columns, database, take, (Part, Depot, Stock), finish)


def import_customers(database: Database, path: Path) -> MasterReport:
    columns = (
        "account",
        "name",
        "address1",
        "address2",
        "town",
        "postcode",
        "country",
        "email",
        "account_type",
        "order_ref_required",
    )
    limits = {
        "address1": 120,
        "address2": 120,
        "town": 80,
        "postcode": 20,
        "country": 60,
        "email": 120,
    }

    def take(known: Known, line: int, row: dict[str, str]) -> None:
        account = row["account"].strip().removesuffix(".0")
        if not account:
            raise _Bad("account", "", "bad field", "account is empty.")
        account = _fits(account, "account", 20)
        kind = row["account_type"].strip().lower() or "account"
        if kind not in ("account", "cash"):
            raise _Bad(
                "account_type",
                kind,
                "bad field",
                "account_type must be account or cash.",
            )
        name = _text(row, "name", 120) or account
        address = {field: _text(row, field, limit) for field, limit in limits.items()}
        customer = known.get(Customer, account)
        if customer is None:
            customer = Customer(account=account)
            known.add(Customer, account, customer)
        customer.name = name
        for field, value in address.items():
            setattr(customer, field, value)
        customer.account_type = kind
        customer.order_ref_required = row["order_ref_required"].strip().upper() == "Y"

    return _load(path, "customers", columns, database, take, (Customer,))


def depots(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.scalars(select(Depot.code).order_by(Depot.code)))
