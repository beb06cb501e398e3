"""One cycle of the web shop batch link: orders in, stock and status files out.

For each channel, a cycle takes the order files from the inbox, writes a
stock file (the full file when the schedule says so, else a delta) and a
status file. Each run is recorded as a `SyncRun`, which the integration
screen shows and the schedule reads. A failed run is reported in words and
recorded; it never stops the other runs, and it loses nothing, because each
feed's cursor moves only after its file is in place.

With no `[channels.NAME]` in the settings, the station's own channel
(`[station] channel`, "webshop" unless set) runs with the default settings,
its folders under the data folder.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from warehouse_app.domain.words import plural
from warehouse_app.integrations.out_files import OutFileError
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import SyncRun
from warehouse_app.services import schedule
from warehouse_app.services.batch_files import Sizes
from warehouse_app.services.channel_lock import channel_run
from warehouse_app.services.errors import WarehouseError, first_words
from warehouse_app.services.inbox import (
    QUARANTINED,
    REFUSED,
    UNREADABLE,
    take_inbox,
)
from warehouse_app.services.schedule import (
    IMPORT,
    STATUS,
    STOCK_DELTA,
    STOCK_FULL,
    History,
)
from warehouse_app.services.station import Station
from warehouse_app.services.status_files import write_status
from warehouse_app.services.stock_files import write_delta, write_full
from warehouse_app.settings import Settings

log = logging.getLogger("warehouse.sync")

# Runs older than this are deleted when the daily full file is written.
KEEP_RUNS = timedelta(days=90)
WHAT = {
    IMPORT: "order import",
    STOCK_FULL: "full stock file",
    STOCK_DELTA: "stock delta file",
    STATUS: "status file",
}


@dataclass(frozen=True)
class RunReport:
    channel: str
    kind: str
    ok: bool
    files: int
    records: int
    file_name: str
    message: str
    started_at: datetime
    # Not run: another run held the channel (see channel_lock.py).
    busy: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "started_at": self.started_at.isoformat()}

    def as_text(self) -> str:
        mark = "busy  " if self.busy else "ok    " if self.ok else "FAILED"
        return f"{mark} {self.channel} {WHAT[self.kind]}: {self.message}"


def channels_of(settings: Settings) -> dict[str, ChannelSettings]:
    """The configured channels, or the station's own with default settings."""
    if settings.channels:
        return dict(settings.channels)
    return {settings.station.channel: ChannelSettings()}


def _select(settings: Settings, only: str | None) -> dict[str, ChannelSettings]:
    channels = channels_of(settings)
    if only is None:
        return channels
    if only not in channels:
        known = ", ".join(sorted(channels))
        raise WarehouseError(
            f"There is no channel {only!r} in the settings (channels: {known})."
            f" Add a [channels.{only}] table to the settings file, or choose one"
            " of these."
        )
    return {only: channels[only]}


def history(database: Database, channel_name: str) -> History:
    with database.reading() as session:
        return schedule.history_of(session, channel_name)


def run_cycle(
    database: Database,
    station: Station,
    settings: Settings,
    now: datetime | None = None,
    channel: str | None = None,
    full: bool = False,
) -> list[RunReport]:
    """Import, stock (full when due or asked for, else delta) and status, now."""
    reports: list[RunReport] = []
    for name, settings_of in _select(settings, channel).items():
        at = now or datetime.now().replace(microsecond=0)
        full_due = STOCK_FULL in schedule.due_kinds(
            settings_of, history(database, name), at
        )
        stock = STOCK_FULL if full or full_due else STOCK_DELTA
        with channel_run(name, settings_of) as ours:
            if not ours:
                reports.append(_busy(name, at))
                continue
            for kind in (IMPORT, stock, STATUS):
                report = run_one(database, station, name, settings_of, kind, at)
                if report is not None:
                    reports.append(report)
    return reports


def run_due(
    database: Database,
    station: Station,
    settings: Settings,
    now: datetime | None = None,
    sizes: Mapping[str, Sizes] | None = None,
) -> list[RunReport]:
    """The import, and whatever files the schedule says are due, per channel.

    `sizes`, kept per channel by a caller that runs pass after pass, holds
    back an inbox file whose size changed since the last pass.
    """
    reports: list[RunReport] = []
    for name, settings_of in channels_of(settings).items():
        at = now or datetime.now().replace(microsecond=0)
        with database.reading() as session:
            done = schedule.history_of(session, name)
            look = schedule.inbox_due(schedule.last_import(session, name), at)
        due = schedule.due_kinds(settings_of, done, at)
        seen = sizes.get(name) if sizes is not None else None
        kinds = ((IMPORT,) if look else ()) + tuple(due)
        if not kinds:
            continue
        with channel_run(name, settings_of) as ours:
            if not ours:
                continue  # the run holding the channel does what is due
            for kind in kinds:
                report = run_one(database, station, name, settings_of, kind, at, seen)
                if report is not None:
                    reports.append(report)
    return reports


def _busy(name: str, at: datetime) -> RunReport:
    """What a pass asked for by a person says when the channel is busy."""
    return RunReport(
        name,
        IMPORT,
        True,
        0,
        0,
        "",
        "another run of this channel is going on (the service, a"
        " scheduled sync or another computer); nothing was done. Try again"
        " when it has finished.",
        at,
        busy=True,
    )


def run_one(
    database: Database,
    station: Station,
    name: str,
    channel: ChannelSettings,
    kind: str,
    at: datetime,
    sizes: Sizes | None = None,
) -> RunReport | None:
    """One run, recorded; None for an import that found no files."""
    started = time.perf_counter()
    files = records = 0
    file_name = ""
    try:
        if kind == IMPORT:
            taken = _take_inbox(database, station, name, channel, sizes)
            if taken is None:
                return None
            ok, files, records, file_name, message = taken
        elif kind in (STOCK_FULL, STOCK_DELTA):
            write = write_full if kind == STOCK_FULL else write_delta
            stock = write(database, name, channel, at)
            ok, records, file_name = True, stock.parts, stock.file_name
            files = 1 if stock.file else 0
            message = (
                f"{_count(records, 'part')} in {file_name}"
                if files
                else "no stock changes"
            )
            if kind == STOCK_FULL:
                message += _forget_old_runs(database, name, at)
        else:
            status = write_status(database, name, channel, at)
            ok, records, file_name = True, status.orders, status.file_name
            files = 1 if status.file else 0
            message = (
                f"{_count(records, 'order')} in {file_name}"
                if files
                else "no order changes"
            )
    except Exception as error:  # noqa: BLE001 - every failure is reported
        ok, message = False, _failure(name, kind, error)
    report = RunReport(name, kind, ok, files, records, file_name, message, at)
    elapsed = timedelta(seconds=round(time.perf_counter() - started, 3))
    _record(database, report, at + elapsed)
    (log.info if ok else log.error)("%s", report.as_text())
    return report


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def _failure(name: str, kind: str, error: Exception) -> str:
    what = f"The {WHAT[kind]} of channel {name}"
    if isinstance(error, OutFileError):
        return (
            f"{what} was not written: {error}. Check that the outbox folder exists,"
            " has room and may be written by this user. Nothing is lost: the next"
            " run writes these changes."
        )
    if isinstance(error, (WarehouseError, ValueError)):
        return f"{what} failed: {error}"
    if isinstance(error, OSError):
        return (
            f"{what} failed: {error}. Check the channel's folders; the next run"
            " tries again."
        )
    if isinstance(error, SQLAlchemyError):
        return (
            f"{what} failed: the database did not answer"
            f" ({first_words(error)}). The next run tries"
            " again; check the database server if this repeats."
        )
    log.exception("unexpected failure in the %s of channel %s", WHAT[kind], name)
    return (
        f"{what} failed unexpectedly ({type(error).__name__}). It has been logged;"
        " the next run tries again. Tell support if this repeats."
    )


def _record(database: Database, report: RunReport, finished: datetime) -> None:
    try:
        with database.unit_of_work() as uow:
            uow.session.add(
                SyncRun(
                    channel=report.channel,
                    kind=report.kind,
                    started_at=report.started_at,
                    finished_at=finished,
                    ok=report.ok,
                    files=report.files,
                    records=report.records,
                    file_name=report.file_name[:200],
                    message=report.message,
                )
            )
            uow.commit()
    except SQLAlchemyError:
        log.exception("the %s run of %s could not be recorded", report.kind, report)


def _forget_old_runs(database: Database, name: str, at: datetime) -> str:
    """Clear runs older than KEEP_RUNS; '' once done, else a note for the run.

    The full file is written by then, so a failure here is only told: the
    next full file tries again.
    """
    try:
        with database.unit_of_work() as uow:
            uow.session.execute(
                delete(SyncRun).where(SyncRun.started_at < at - KEEP_RUNS)
            )
            uow.commit()
    except Exception as error:  # noqa: BLE001 - the file is written; say so
        log.warning(
            "channel %s: runs older than %d days could not be cleared",
            name,
            KEEP_RUNS.days,
            exc_info=not isinstance(error, SQLAlchemyError),
        )
        return (
            f". Runs older than {KEEP_RUNS.days} days could not be cleared"
            f" ({first_words(error)}); the next full file"
            " tries again"
        )
    return ""


InboxResult = tuple[bool, int, int, str, str]


def _take_inbox(
    database: Database,
    station: Station,
    name: str,
    channel: ChannelSettings,
    sizes: Sizes | None,
) -> InboxResult | None:
    """Orders in through the inbox; None when there was nothing to take."""
    outcomes = take_inbox(database, station, name, channel, sizes)
    if not outcomes:
        return None
    failed = [outcome for outcome in outcomes if not outcome.ok]
    held = [o for o in outcomes if o.status in (QUARANTINED, REFUSED, UNREADABLE)]
    orders = sum(outcome.orders_created for outcome in outcomes)
    message = "; ".join(outcome.as_text() for outcome in outcomes)
    if held:
        message += (
            f". {plural(len(held), 'file')} quarantined: see the reasons on the"
            " integration screen (or the .reason.txt beside each file in the"
            " errors folder), fix the file and retry it."
        )
    return not failed, len(outcomes), orders, outcomes[-1].file_name, message
