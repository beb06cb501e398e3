"""The audit trail: every movement of a part's stock, newest first.

Movements are ordered by their sequence number, not their time: the clock
of a PC can be wrong, the sequence cannot.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, func, select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import StockMovement
from warehouse_app.services.ledger import MovementType

log = logging.getLogger("warehouse.enquiry")

CSV_COLUMNS = (
    "seq",
    "at",
    "depot",
    "part_number",
    "movement_type",
    "qty_change",
    "qty_before",
    "qty_after",
    "bin",
    "user",
    "station",
    "document_ref",
    "reason",
    "reverses_seq",
)


@dataclass(frozen=True)
class AuditFilter:
    """Which movements to show; empty fields do not filter."""

    depot: str = ""
    movement_type: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    user: str = ""
    document: str = ""  # the start of the document reference


@dataclass(frozen=True)
class MovementRow:
    seq: int
    at: datetime
    depot: str
    part_number: str
    movement_type: str
    qty_change: int
    qty_before: int
    qty_after: int
    bin: str | None
    user: str
    station: str
    document_ref: str
    reason: str
    reverses_seq: int | None


def _query(part_number: str, wanted: AuditFilter) -> Select[StockMovement]:
    query = (
        select(StockMovement)
        .where(StockMovement.part_number == part_number)
        .order_by(StockMovement.seq.desc())
    )
    if wanted.depot:
        query = query.where(StockMovement.depot == wanted.depot)
    if wanted.movement_type:
        query = query.where(StockMovement.movement_type == wanted.movement_type)
    if wanted.date_from:
        query = query.where(
            StockMovement.at >= datetime.combine(wanted.date_from, time.min)
        )
    if wanted.date_to:
        next_day = datetime.combine(wanted.date_to + timedelta(days=1), time.min)
        query = query.where(StockMovement.at < next_day)
    if wanted.user.strip():
        query = query.where(
            func.lower(StockMovement.user) == wanted.user.strip().lower()
        )
    if wanted.document.strip():
        query = query.where(
            StockMovement.document_ref.istartswith(
                wanted.document.strip(), autoescape=True
            )
        )
    return query


def _row(movement: StockMovement) -> MovementRow:
    return MovementRow(*(getattr(movement, name) for name in CSV_COLUMNS))


class AuditTrail:
    def __init__(self, database: Database) -> None:
        self.database = database

    @staticmethod
    def movement_types() -> list[str]:
        return [kind.value for kind in MovementType]

    def page(
        self,
        part_number: str,
        wanted: AuditFilter | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[MovementRow]:
        query = _query(part_number, wanted or AuditFilter())
        with self.database.reading() as session:
            movements = session.scalars(query.limit(limit).offset(offset)).all()
            return [_row(movement) for movement in movements]

    def export_csv(
        self, part_number: str, wanted: AuditFilter | None, path: Path
    ) -> int:
        """Write the filtered movements to `path` as CSV; return how many rows.

        The rows are read in batches, so a part with years of movements is
        never held in memory whole.
        """
        query = _query(part_number, wanted or AuditFilter())
        count = 0
        with (
            self.database.reading() as session,
            path.open("w", newline="", encoding="utf-8") as handle,
        ):
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for movement in session.scalars(query.execution_options(yield_per=1000)):
                values = [getattr(movement, name) for name in CSV_COLUMNS]
                values[CSV_COLUMNS.index("at")] = movement.at.isoformat(sep=" ")
                writer.writerow(values)
                count += 1
        log.info(
            "audit trail of %s: %d movements exported to %s", part_number, count, path
        )
        return count
