"""Order imports read back: what each run took, and every row it refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import ImportRun, RejectedRow
from warehouse_app.services.errors import NotFound


@dataclass(frozen=True)
class RunSummary:
    id: int
    at: datetime
    profile: str
    file_name: str
    rows_read: int
    orders_created: int
    lines_created: int
    rows_rejected: int


@dataclass(frozen=True)
class RefusedRow:
    line_number: int
    field: str
    value: str
    reason: str
    message: str


def _summary(run: ImportRun) -> RunSummary:
    return RunSummary(
        run.id,
        run.at,
        run.profile,
        run.file_name,
        run.rows_read,
        run.orders_created,
        run.lines_created,
        run.rows_rejected,
    )


def recent_runs(database: Database, limit: int = 20) -> list[RunSummary]:
    """The newest order imports first."""
    with database.reading() as session:
        runs = session.scalars(
            select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)
        )
        return [_summary(run) for run in runs]


def import_run(database: Database, run_id: int) -> RunSummary:
    with database.reading() as session:
        run = session.get(ImportRun, run_id)
        if run is None:
            raise NotFound(
                f"There is no import run {run_id}. `warehouse-app import-run`"
                " lists the recent ones with their numbers."
            )
        return _summary(run)


def refused_rows(
    database: Database, run_id: int, reason: str | None = None
) -> list[RefusedRow]:
    """Every row the run refused, in file order; only one reason if given."""
    query = select(RejectedRow).where(RejectedRow.import_run_id == run_id)
    if reason:
        query = query.where(RejectedRow.reason == reason)
    with database.reading() as session:
        return [
            RefusedRow(row.line_number, row.field, row.value, row.reason, row.message)
            for row in session.scalars(
                query.order_by(RejectedRow.line_number, RejectedRow.id)
            )
        ]
