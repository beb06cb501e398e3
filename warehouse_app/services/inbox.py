"""Taking order files from a shop channel's inbox: every complete file read,
its whole orders received, the rest quarantined with the reason, and the
file archived once the database has committed.

`take_inbox` is one pass over the inbox (for `warehouse-app sync` and the
watcher); `retry_quarantined` takes a quarantined file again after a person
fixed it (the integration screen's Retry button). Each file taken is a
`BatchFile` row, so the screen can list them with their counts and reasons.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from warehouse_app.integrations.csv_rows import InputFileError
from warehouse_app.integrations.inbox_watcher import InboxWatcher
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.integrations.order_reading import Masters
from warehouse_app.integrations.profiles import Profile
from warehouse_app.integrations.profiles import profile as find_profile
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile
from warehouse_app.services.batch_files import (
    ABANDONED,
    READY,
    archive_target,
    candidates,
    copy,
    free_name,
    move,
    readiness,
    sha256_of,
)
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.ledger import now
from warehouse_app.services.order_import import masters_of, receive_orders
from warehouse_app.services.quarantine import (
    held_orders,
    reason_text,
    refusal_text,
    to_fix,
)
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.inbox")

IMPORTED = "imported"
DUPLICATE = "duplicate"
QUARANTINED = "quarantined"
REFUSED = "refused"
RETRIED = "retried"
REASON = ".reason.txt"


@dataclass(frozen=True)
class FileOutcome:
    """What became of one order file taken from an inbox."""

    channel: str
    file_name: str
    status: str
    batch_file_id: int
    rows_read: int = 0
    orders_created: int = 0
    orders_known: int = 0
    orders_flagged: int = 0
    orders_quarantined: int = 0
    reason: str = ""
    archive_path: str = ""
    errors_path: str = ""
    report: ImportReport | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """Every order in it was taken (or had been before); nothing to fix."""
        return self.status in (IMPORTED, DUPLICATE)

    @property
    def orders(self) -> int:
        return self.orders_created

    def as_text(self) -> str:
        counts = (
            f"{self.rows_read} rows, {self.orders_created} orders created,"
            f" {self.orders_known} already imported"
        )
        if self.orders_flagged:
            counts += f", {self.orders_flagged} changed orders flagged"
        if self.orders_quarantined:
            counts += f", {self.orders_quarantined} orders quarantined"
        if self.status == DUPLICATE:
            counts = "the same file was taken before; nothing created"
        elif self.status == REFUSED:
            counts = "nothing taken"
        return f"{self.file_name}: {self.status} ({counts})"


def take_inbox(
    database: Database, station: Station, channel_name: str, channel: ChannelSettings
) -> list[FileOutcome]:
    """One pass over the channel's inbox: every complete file taken, oldest
    first. Files not yet complete are left for a later pass."""
    inbox = channel.folder(channel_name, "inbox")
    inbox.mkdir(parents=True, exist_ok=True)
    chosen = find_profile(channel.profile)
    clock = time.time()
    masters: Masters | None = None
    outcomes = []
    for path in candidates(inbox):
        try:
            state = readiness(path, chosen, channel, clock).state
        except FileNotFoundError:
            continue
        if state not in (READY, ABANDONED):
            log.debug("%s is not complete yet; left in the inbox", path)
            continue
        masters = masters or masters_of(database)
        taking = _Taking(database, station, channel_name, channel, chosen, masters)
        try:
            outcomes.append(taking.file(path, abandoned=state == ABANDONED))
        except FileNotFoundError:
            log.info("%s was taken by another pass meanwhile", path)
    return outcomes


def next_look(channel_name: str, channel: ChannelSettings) -> float | None:
    """Seconds until a file now waiting in the inbox may be complete, if any."""
    inbox = channel.folder(channel_name, "inbox")
    if not inbox.is_dir():
        return None
    chosen = find_profile(channel.profile)
    clock = time.time()
    waits = []
    for path in candidates(inbox):
        try:
            again = readiness(path, chosen, channel, clock).again_in
        except FileNotFoundError:
            continue
        if again is not None:
            waits.append(again)
    return min(waits) if waits else None


def retry_quarantined(
    database: Database,
    station: Station,
    channel_name: str,
    channel: ChannelSettings,
    which: int | Path,
) -> FileOutcome:
    """Take a quarantined (or refused) file again, after a person fixed it.

    `which` is the BatchFile's id or the file's path in the errors folder.
    Orders the first try took are recognised as already imported, so only
    the fixed ones come in.
    """
    with database.reading() as session:
        if isinstance(which, int):
            row = session.get(BatchFile, which)
        else:
            row = session.scalars(
                select(BatchFile)
                .where(BatchFile.channel == channel_name)
                .where(BatchFile.errors_path == str(which))
                .where(BatchFile.status.in_((QUARANTINED, REFUSED)))
                .order_by(BatchFile.id.desc())
            ).first()
    if isinstance(which, int) and (
        row is None or row.status not in (QUARANTINED, REFUSED)
    ):
        raise WarehouseError(
            f"File #{which} of channel {channel_name} is not waiting in"
            " quarantine (it may have been retried already). Refresh the list."
        )
    if row is not None:
        path = Path(row.errors_path)
    elif isinstance(which, Path):
        path = which
    if not path.is_file():
        raise WarehouseError(
            f"The quarantined file {path} is no longer there, so it cannot be"
            " retried. Put the corrected file back in the errors folder under that"
            " name, or drop it in the inbox to be taken as a new file."
        )
    chosen = find_profile(channel.profile)
    taking = _Taking(
        database, station, channel_name, channel, chosen, masters_of(database)
    )
    return taking.file(path, retry_of=row.id if row is not None else None)


@dataclass
class _Taking:
    database: Database
    station: Station
    channel_name: str
    channel: ChannelSettings
    profile: Profile
    masters: Masters

    def folder(self, kind: str) -> Path:
        return self.channel.folder(self.channel_name, kind)

    def file(
        self, path: Path, abandoned: bool = False, retry_of: int | None = None
    ) -> FileOutcome:
        digest, size = sha256_of(path)
        row = BatchFile(
            channel=self.channel_name,
            file_name=path.name[:200],
            sha256=digest,
            size=size,
            received_at=now(),
            status=IMPORTED,
            rows_read=0,
            orders_created=0,
            orders_known=0,
            orders_flagged=0,
            orders_quarantined=0,
            import_run_id=None,
            reason="",
            archive_path="",
            errors_path="",
        )
        if retry_of is None and self._taken_before(digest):
            row.status = DUPLICATE
            row.reason = "The same file was taken before; nothing was created."
            return self._finish(row, path, retry_of)
        if abandoned:
            minutes = self.channel.abandoned_minutes
            return self._refuse(
                row,
                path,
                retry_of,
                f"{path.name}: the file has had no trailer record for"
                f" {minutes:g} minutes, so it was cut short or its writer stopped."
                " Nothing from it was taken. Ask the shop to send the whole file"
                " again.",
            )
        try:
            result = self.profile.read(path, self.masters, self.channel.encoding)
        except InputFileError as error:
            return self._refuse(row, path, retry_of, str(error))
        receipt = receive_orders(
            self.database,
            self.station,
            path,
            self.profile.name,
            result,
            self.channel_name,
            self.channel.part_ship,
        )
        report = receipt.report
        held = held_orders(result)
        row.rows_read = report.rows_read
        row.orders_created = report.orders_created
        row.orders_known = report.orders_already_known
        row.orders_flagged = report.orders_flagged
        row.orders_quarantined = len(held) + len(receipt.refused)
        row.import_run_id = receipt.import_run_id
        if held or receipt.refused or to_fix(report.rejections):
            row.status = QUARANTINED
            row.reason = reason_text(
                path.name,
                self.channel_name,
                row.received_at,
                report.orders_created + report.orders_already_known,
                held,
                getattr(result, "faults", {}),
                getattr(result, "held_rows", {}),
                receipt.refused,
                report.rejections,
            )
            self._quarantine(row, path, retry_of is not None)
        elif report.orders_flagged:
            row.reason = (
                f"{report.orders_flagged} order(s) in this file differ from the"
                " same orders imported before; the changes were not applied."
                " Settle them with the shop (see the flagged orders)."
            )
        return replace(self._finish(row, path, retry_of), report=report)

    def _taken_before(self, digest: str) -> bool:
        with self.database.reading() as session:
            return (
                session.scalar(
                    select(BatchFile.id)
                    .where(BatchFile.channel == self.channel_name)
                    .where(BatchFile.sha256 == digest)
                    .where(BatchFile.status.in_((IMPORTED, DUPLICATE)))
                    .limit(1)
                )
                is not None
            )

    def _refuse(
        self, row: BatchFile, path: Path, retry_of: int | None, message: str
    ) -> FileOutcome:
        log.warning("order file %s refused: %s", path, message)
        row.status = REFUSED
        row.reason = refusal_text(
            path.name, self.channel_name, row.received_at, message
        )
        self._quarantine(row, path, retry_of is not None, whole=True)
        return self._finish(row, path, retry_of)

    def _quarantine(
        self, row: BatchFile, path: Path, retrying: bool, whole: bool = False
    ) -> None:
        """The file (or a copy) in the errors folder, the reason beside it."""
        errors = self.folder("errors")
        target = path if retrying else free_name(errors, path.name)
        if not retrying and not whole:
            copy(path, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_name(target.name + REASON).write_text(row.reason, encoding="utf-8")
        row.errors_path = str(target)

    def _finish(self, row: BatchFile, path: Path, retry_of: int | None) -> FileOutcome:
        """Record the file, then (only after the commit) move it on.

        A file taken goes to the dated archive, a file refused whole to the
        errors folder; a retry that is quarantined again stays where it is.
        """
        archive = row.status in (IMPORTED, DUPLICATE) or (
            row.status == QUARANTINED and retry_of is None
        )
        if archive:
            target = archive_target(self.folder("archive"), path.name, row.received_at)
            row.archive_path = str(target)
        with self.database.unit_of_work() as uow:
            uow.session.add(row)
            uow.session.flush()
            if retry_of is not None:
                earlier = uow.session.get(BatchFile, retry_of)
                if earlier is not None:
                    earlier.status = RETRIED
                    earlier.reason += f"\nRetried as file #{row.id} ({row.status})."
            uow.commit()
        if archive:
            move(path, Path(row.archive_path))
            if retry_of is not None:
                path.with_name(path.name + REASON).unlink(missing_ok=True)
        elif row.status == REFUSED and retry_of is None:
            move(path, Path(row.errors_path))
        outcome = FileOutcome(
            channel=row.channel,
            file_name=row.file_name,
            status=row.status,
            batch_file_id=row.id,
            rows_read=row.rows_read,
            orders_created=row.orders_created,
            orders_known=row.orders_known,
            orders_flagged=row.orders_flagged,
            orders_quarantined=row.orders_quarantined,
            reason=row.reason,
            archive_path=row.archive_path,
            errors_path=row.errors_path,
        )
        log.info("channel %s: %s", self.channel_name, outcome.as_text())
        return outcome


def watch_inbox(
    database: Database,
    station: Station,
    channel_name: str,
    channel: ChannelSettings,
    on_taken: Callable[[list[FileOutcome]], None] | None = None,
) -> InboxWatcher:
    """A watcher (not started) that takes the channel's files as they come.

    `on_taken` hears of every file taken, on the watcher's thread.
    """

    def look() -> float | None:
        outcomes = take_inbox(database, station, channel_name, channel)
        if outcomes and on_taken is not None:
            on_taken(outcomes)
        return next_look(channel_name, channel)

    return InboxWatcher(
        channel.folder(channel_name, "inbox"),
        look,
        polling=channel.polling,
        poll_seconds=channel.poll_seconds,
    )
