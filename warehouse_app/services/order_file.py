"""Taking one order file: read through its profile, its whole orders
received, the rest quarantined with the reason, and the file moved on
(archive or errors folder) only once the database has committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from warehouse_app.integrations.csv_rows import InputFileError
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.integrations.native_format import trailer_unended
from warehouse_app.integrations.order_reading import Masters
from warehouse_app.integrations.profiles import Profile
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile
from warehouse_app.services.batch_files import (
    archive_target,
    copy,
    free_name,
    move,
    sha256_of,
)
from warehouse_app.services.ledger import now
from warehouse_app.services.order_import import receive_orders
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
# Not recorded: a file this user may not read or move, left in the inbox.
UNREADABLE = "unreadable"
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
        elif self.status in (REFUSED, UNREADABLE):
            counts = "nothing taken"
        return f"{self.file_name}: {self.status} ({counts})"


@dataclass
class Taking:
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
            return self._refuse(row, path, retry_of, self._abandoned_reason(path))
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
            self._quarantine(row, path)
        elif report.orders_flagged:
            row.reason = (
                f"{report.orders_flagged} order(s) in this file differ from the"
                " same orders imported before; the changes were not applied."
                " Settle them with the shop (see the flagged orders)."
            )
        return replace(self._finish(row, path, retry_of), report=report)

    def _abandoned_reason(self, path: Path) -> str:
        minutes = self.channel.abandoned_minutes
        if trailer_unended(path):
            return (
                f"{path.name}: the trailer record, the file's last line, has had"
                f" no line ending for {minutes:g} minutes, so its writer may have"
                " stopped part way through it. Nothing from it was taken. Ask the"
                " shop to send the whole file again, with a line break after the"
                " trailer."
            )
        return (
            f"{path.name}: the file has had no trailer record for"
            f" {minutes:g} minutes, so it was cut short or its writer stopped."
            " Nothing from it was taken. Ask the shop to send the whole file"
            " again."
        )

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
        self._quarantine(row, path, whole=True)
        return self._finish(row, path, retry_of)

    def in_errors(self, path: Path) -> bool:
        """Whether the file is already in the errors folder (a retry)."""
        return path.parent.resolve() == self.folder("errors").resolve()

    def _quarantine(self, row: BatchFile, path: Path, whole: bool = False) -> None:
        """The file (or a copy) in the errors folder, the reason beside it."""
        errors = self.folder("errors")
        there = self.in_errors(path)
        target = path if there else free_name(errors, path.name)
        if not there and not whole:
            copy(path, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_name(target.name + REASON).write_text(row.reason, encoding="utf-8")
        row.errors_path = str(target)

    def _finish(self, row: BatchFile, path: Path, retry_of: int | None) -> FileOutcome:
        """Record the file, then (only after the commit) move it on.

        A file taken goes to the dated archive, a file refused whole to the
        errors folder; a retry that is quarantined again stays where it is.
        """
        there = self.in_errors(path)
        archive = row.status in (IMPORTED, DUPLICATE) or (
            row.status == QUARANTINED and not there
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
            if there:
                path.with_name(path.name + REASON).unlink(missing_ok=True)
        elif row.status == REFUSED and not there:
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
