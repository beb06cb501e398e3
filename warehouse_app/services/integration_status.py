"""What the integration screen shows of the web shop batch link, per channel.

The last runs (imports, stock and status files) with their counts and
errors, the order files waiting in quarantine with their reasons, and the
changed orders a later file sent, which wait for a person. The screen's
Retry and Run now buttons come back here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile, SyncRun
from warehouse_app.services import schedule
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.inbox import QUARANTINED, REFUSED, retry_quarantined
from warehouse_app.services.order_changes import open_changes
from warehouse_app.services.order_file import FileOutcome
from warehouse_app.services.station import Station
from warehouse_app.services.sync_cycle import (
    WHAT,
    RunReport,
    channels_of,
    run_cycle,
)
from warehouse_app.settings import Settings

log = logging.getLogger("warehouse.sync")


@dataclass(frozen=True)
class RunLine:
    kind: str
    started_at: datetime
    finished_at: datetime | None
    ok: bool
    files: int
    records: int
    file_name: str
    message: str

    @property
    def what(self) -> str:
        return WHAT.get(self.kind, self.kind)


@dataclass(frozen=True)
class QuarantinedFile:
    batch_file_id: int
    file_name: str
    received_at: datetime
    status: str
    orders_created: int
    orders_quarantined: int
    reason: str
    errors_path: str


@dataclass(frozen=True)
class Conflict:
    shop_order_no: str
    at: datetime
    file_name: str
    differences: str


@dataclass(frozen=True)
class ChannelOverview:
    name: str
    inbox: str
    outbox: str
    errors: str
    last: dict[str, RunLine]
    next_due: datetime | None
    failing: int


def _line(run: SyncRun) -> RunLine:
    return RunLine(
        run.kind,
        run.started_at,
        run.finished_at,
        run.ok,
        run.files,
        run.records,
        run.file_name,
        run.message,
    )


class IntegrationStatus:
    """The batch link as the integration screen sees it."""

    def __init__(
        self, database: Database, station: Station, settings: Settings
    ) -> None:
        self.database = database
        self.station = station
        self.settings = settings

    def channels(self) -> list[str]:
        return list(channels_of(self.settings))

    def overview(self, channel: str) -> ChannelOverview:
        settings = channels_of(self.settings)[channel]
        last: dict[str, RunLine] = {}
        with self.database.reading() as session:
            for kind in WHAT:
                newest = session.scalars(
                    select(SyncRun)
                    .where(SyncRun.channel == channel, SyncRun.kind == kind)
                    .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
                    .limit(1)
                ).first()
                if newest is not None:
                    last[kind] = _line(newest)
            history = schedule.history_of(session, channel)
        failing = sum(1 for run in last.values() if not run.ok)
        try:
            due: datetime | None = schedule.next_due(settings, history)
        except ValueError:
            due = None
        return ChannelOverview(
            name=channel,
            inbox=str(settings.folder(channel, "inbox")),
            outbox=str(settings.folder(channel, "outbox")),
            errors=str(settings.folder(channel, "errors")),
            last=last,
            next_due=due,
            failing=failing,
        )

    def runs(self, channel: str, limit: int = 100) -> list[RunLine]:
        """The newest runs of the channel first."""
        with self.database.reading() as session:
            rows = session.scalars(
                select(SyncRun)
                .where(SyncRun.channel == channel)
                .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
                .limit(limit)
            )
            return [_line(row) for row in rows]

    def quarantined(self, channel: str) -> list[QuarantinedFile]:
        """Order files in the errors folder, waiting to be fixed and retried."""
        with self.database.reading() as session:
            rows = session.scalars(
                select(BatchFile)
                .where(
                    BatchFile.channel == channel,
                    BatchFile.status.in_((QUARANTINED, REFUSED)),
                )
                .order_by(BatchFile.received_at.desc(), BatchFile.id.desc())
            )
            return [
                QuarantinedFile(
                    r.id,
                    r.file_name,
                    r.received_at,
                    r.status,
                    r.orders_created,
                    r.orders_quarantined,
                    r.reason,
                    r.errors_path,
                )
                for r in rows
            ]

    def conflicts(self, channel: str) -> list[Conflict]:
        """Orders a later file sent with changes: never applied, for a person."""
        with self.database.reading() as session:
            flagged = open_changes(session, channel)
        return [
            Conflict(c.shop_order_no, c.at, c.file_name, c.differences) for c in flagged
        ]

    def channel_of(self, batch_file_id: int) -> str | None:
        """The channel an order file came from, None if there is no such file."""
        with self.database.reading() as session:
            row = session.get(BatchFile, batch_file_id)
            return row.channel if row is not None else None

    def retry_file(self, channel: str, batch_file_id: int) -> FileOutcome:
        """Take a fixed quarantined file again; what became of it."""
        settings = channels_of(self.settings).get(channel)
        if settings is None:
            raise WarehouseError(
                f"File #{batch_file_id} came from channel {channel}, which is no"
                " longer in the settings. Add its [channels."
                f"{channel}] table back to retry it."
            )
        outcome = retry_quarantined(
            self.database, self.station, channel, settings, batch_file_id
        )
        log.info("retried file #%d of %s: %s", batch_file_id, channel, outcome)
        return outcome

    def retry(self, channel: str, batch_file_id: int) -> str:
        """Take a fixed quarantined file again; the sentence for the person."""
        outcome = self.retry_file(channel, batch_file_id)
        if outcome.ok:
            return f"Retried {outcome.as_text()}."
        return (
            f"Retried {outcome.as_text()}. Some orders are still in quarantine:"
            " read the reason, fix the file in the errors folder and retry again."
        )

    def run_now(self, channel: str) -> list[RunReport]:
        """One cycle of the channel now, whatever the schedule."""
        return run_cycle(self.database, self.station, self.settings, channel=channel)
