"""Reading master rows: fields checked before anything changes, one load a file.

Each master file is loaded in one transaction by `load_rows`, which hands
every row to a `take` function. A `take` checks every field first and
raises `BadRow` before it changes anything, so a refused row leaves nothing
behind; `Known` holds the rows a load may touch, read once up front.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from warehouse_app.integrations.csv_rows import read_rows
from warehouse_app.integrations.fields import (
    BadRow,
    FieldError,
    at_most,
    money,
    whole_number,
)
from warehouse_app.integrations.incoming import Rejection
from warehouse_app.integrations.master_report import MasterReport
from warehouse_app.persistence.database import Database
from warehouse_app.services import group_totals

log = logging.getLogger("warehouse.import")

T = TypeVar("T")
# Loads after which the totals per product group are counted again.
REGROUPING = ("parts", "stock")

# The most a stock quantity, minimum, maximum or qty_per_scan may be.
MAX_QUANTITY = 9_999_999
# Inside weight_kg, Numeric(10, 3).
MAX_WEIGHT = Decimal("9999999.999")


def decimal_field(
    row: dict[str, str], name: str, maximum: Decimal, optional: bool = False
) -> Decimal | None:
    text = row[name].strip()
    if not text and optional:
        return None
    try:
        return money(text, name, maximum)
    except FieldError as error:
        raise BadRow(name, text, "bad number", str(error)) from None


def whole_field(row: dict[str, str], name: str) -> int:
    text = row[name].strip() or "0"
    try:
        return whole_number(text, name, MAX_QUANTITY)
    except FieldError as error:
        raise BadRow(name, text, "bad number", str(error)) from None


def text_field(
    row: dict[str, str],
    name: str,
    limit: int,
    upper: bool = False,
    collapse: bool = False,
) -> str:
    text = " ".join(row[name].split()) if collapse else row[name].strip()
    return fits_column(text.upper() if upper else text, name, limit)


def fits_column(text: str, name: str, limit: int) -> str:
    try:
        return at_most(text, name, limit)
    except FieldError as error:
        raise BadRow(name, text, "bad field", str(error)) from None


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


def load_rows(
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
            except BadRow as bad:
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
        if kind in REGROUPING:
            group_totals.rebuild(uow.session)
        uow.commit()
    log.info("loaded %s from %s: %s", kind, path, report.as_dict())
    return report
