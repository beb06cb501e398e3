"""Loading master data: parts, barcodes, stock with bins, customers.

Every row is taken or reported with its line, field and reason. Loading a
file again updates what changed; a stock file's quantities become opening
balances the first time and stock check corrections after that, each one a
movement in the ledger.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from warehouse_app.domain.scans import ScanRefused
from warehouse_app.integrations.csv_rows import read_rows
from warehouse_app.integrations.incoming import Rejection
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Barcode, Customer, Depot, Part, Stock
from warehouse_app.services.ledger import MovementType, move
from warehouse_app.services.lookup import barcode_key
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.import")

T = TypeVar("T")

DEPOT_NAMES = {"MAIN": "Main depot", "NORTH": "North depot"}


@dataclass
class MasterReport:
    kind: str
    file_name: str
    rows_read: int = 0
    rows_taken: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> dict[str, int]:
        return dict(sorted(Counter(r.reason for r in self.rejections).items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "file": self.file_name,
            "rows_read": self.rows_read,
            "rows_taken": self.rows_taken,
            "rows_rejected": len(self.rejections),
            "rejected": self.rejected,
        }

    def as_text(self) -> str:
        out = [
            f"Import of {self.kind} from {self.file_name}",
            f"  rows read      {self.rows_read:>7}",
            f"  rows taken     {self.rows_taken:>7}",
            f"  rows rejected  {len(self.rejections):>7}",
        ]
        out += [
            f"    {reason:<24} {count:>7}" for reason, count in self.rejected.items()
        ]
        out += [f"  {r.message}" for r in self.rejections[:20]]
        if len(self.rejections) > 20:
            out.append(f"  ... and {len(self.rejections) - 20} more")
        return "\n".join(out)


class _Bad(Exception):
    def __init__(self, field: str, value: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field, self.value, self.reason, self.message = (
            field,
            value,
            reason,
            message,
        )


def _decimal(row: dict[str, str], name: str, optional: bool = False) -> Decimal | None:
    text = row[name].strip()
    if not text and optional:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad(
            name, text, "bad number", f"{name} {text!r} is not a number."
        ) from None
    if not value.is_finite() or value < 0:
        raise _Bad(name, text, "bad number", f"{name} {text!r} must be 0 or more.")
    return value


def _whole(row: dict[str, str], name: str) -> int:
    text = row[name].strip() or "0"
    if not text.isdigit():
        raise _Bad(
            name,
            text,
            "bad number",
            f"{name} {text!r} is not a whole number of 0 or more.",
        )
    return int(text)


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


def _load(
    path: Path,
    kind: str,
    columns: tuple[str, ...],
    database: Database,
    take: Callable[[Known, dict[str, str]], None],
    models: tuple[type[Any], ...],
) -> MasterReport:
    # Each `take` checks every field before it changes anything, so a
    # refused row leaves nothing behind in the session.
    report = MasterReport(kind, path.name)
    with database.unit_of_work() as uow:
        known = Known(uow.session, models)
        for line, row, raw in read_rows(path, columns):
            report.rows_read += 1
            if not row:
                report.rejections.append(
                    Rejection(
                        line,
                        "row",
                        ",".join(raw),
                        "malformed row",
                        f"{path.name} line {line}: expected {len(columns)}"
                        " fields, found"
                        f" {len(raw)}. Check for a stray comma.",
                    )
                )
                continue
            try:
                with uow.session.no_autoflush:
                    take(known, row)
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

    def take(known: Known, row: dict[str, str]) -> None:
        number = row["part_number"].strip().upper()
        if not number:
            raise _Bad("part_number", "", "bad field", "part_number is empty.")
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
        price = _decimal(row, "retail_price") or Decimal("0")
        weight = _decimal(row, "weight_kg", optional=True)
        part = known.get(Part, number)
        if part is None:
            part = Part(part_number=number)
            known.add(Part, number, part)
        part.description = " ".join(row["description"].split())
        part.group_code = row["group"].strip().upper() or "GENERAL"
        part.retail_price = price
        part.vat_code = vat
        part.weight_kg = weight
        part.stock_item = stock_flag == "Y"
        part.superseded_by = row["superseded_by"].strip().upper() or None

    return _load(path, "parts", columns, database, take, (Part,))


def import_barcodes(database: Database, path: Path) -> MasterReport:
    columns = ("barcode", "part_number", "qty_per_scan")

    def take(known: Known, row: dict[str, str]) -> None:
        code = row["barcode"].strip()
        try:
            key = barcode_key(code)
        except ScanRefused as refusal:
            raise _Bad("barcode", code, "bad check digit", str(refusal)) from None
        number = row["part_number"].strip().upper()
        if known.get(Part, number) is None:
            raise _Bad(
                "part_number",
                number,
                "unknown part",
                f"part {number} is not in the parts master; load parts first.",
            )
        quantity = _whole(row, "qty_per_scan") or 1
        barcode = known.get(Barcode, key)
        if barcode is None:
            barcode = Barcode(code=key)
            known.add(Barcode, key, barcode)
        barcode.part_number = number
        barcode.qty_per_scan = quantity

    return _load(path, "barcodes", columns, database, take, (Part, Barcode))


def import_stock(database: Database, path: Path, station: Station) -> MasterReport:
    columns = (
        "depot",
        "part_number",
        "bin",
        "second_bin",
        "on_hand",
        "min_qty",
        "max_qty",
    )

    def take(known: Known, row: dict[str, str]) -> None:
        depot = row["depot"].strip().upper()
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
        stock.bin = row["bin"].strip().upper() or None
        stock.second_bin = row["second_bin"].strip().upper() or None
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

    return _load(path, "stock", columns, database, take, (Part, Depot, Stock))


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

    def take(known: Known, row: dict[str, str]) -> None:
        account = row["account"].strip().removesuffix(".0")
        if not account:
            raise _Bad("account", "", "bad field", "account is empty.")
        kind = row["account_type"].strip().lower() or "account"
        if kind not in ("account", "cash"):
            raise _Bad(
                "account_type",
                kind,
                "bad field",
                "account_type must be account or cash.",
            )
        customer = known.get(Customer, account)
        if customer is None:
            customer = Customer(account=account)
            known.add(Customer, account, customer)
        customer.name = row["name"].strip() or account
        for name in ("address1", "address2", "town", "postcode", "country", "email"):
            setattr(customer, name, row[name].strip())
        customer.account_type = kind
        customer.order_ref_required = row["order_ref_required"].strip().upper() == "Y"

    return _load(path, "customers", columns, database, take, (Customer,))


def depots(database: Database) -> list[str]:
    with database.reading() as session:
        return list(session.scalars(select(Depot.code).order_by(Depot.code)))
