"""Taking one order file: read through its profile, its whole orders
received, the rest quarantined with the reason, and the file moved on
(archive or errors folder) only once the database has committed.

Nothing is written to the errors or archive folder before that commit. A
file that could not be moved on after it (a share gone, a permission) stays
where it was; the next pass finds its record by the file's SHA-256 and only
moves it on, taking nothing and recording nothing again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from warehouse_app.domain.words import plural
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
from warehouse_app.services.collector import collector_paused
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
# Not recorded: a file taken before whose move after the commit failed, now
# moved on.
PUT_AWAY = "put away"
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
    # Why the file could not be moved on after the commit, if it could not.
    unmoved: str = ""
    report: ImportReport | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """Every order in it was taken (or had been before); nothing to fix."""
        return self.status in (IMPORTED, DUPLICATE, PUT_AWAY) and not self.unmoved

    @property
    def orders(self) -> int:
        return self.orders_created

    def as_text(self) -> str:
        counts = (
            f"{plural(self.rows_read, 'row')},"
            f" {plural(self.orders_created, 'order')} created,"
            f" {self.orders_known:,} already imported"
        )
        if self.orders_flagged:
            counts += f", {plural(self.orders_flagged, 'changed order')} flagged"
        if self.orders_quarantined:
            counts += f", {plural(self.orders_quarantined, 'order')} quarantined"
        if self.status == DUPLICATE:
            counts = "the same file was taken before; nothing created"
        elif self.status in (REFUSED, UNREADABLE):
            counts = "nothing taken"
        elif self.status == PUT_AWAY:
            counts = (
                f"taken before as file #{self.batch_file_id}; only moved on now,"
                " nothing taken again"
            )
        text = f"{self.file_name}: {self.status} ({counts})"
        return f"{text}. {self.unmoved}" if self.unmoved else text


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
        if retry_of is None and not self.in_errors(path):
            earlier = self._left_behind(digest)
            if earlier is not None:
                return self._put_away_late(earlier, path)
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
        with collector_paused():
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
                self.channel.orders_per_transaction,
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
            self._place_in_errors(row, path)
        elif report.orders_flagged:
            row.reason = (
                f"{plural(report.orders_flagged, 'order')} in this file"
                f" {'differs' if report.orders_flagged == 1 else 'differ'} from"
                " what was imported before; the changes were not applied."
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

    def _left_behind(self, digest: str) -> BatchFile | None:
        """The newest record of this same file, if its move after the commit
        never happened: it is not where the record says it went."""
        with self.database.reading() as session:
            newest = session.scalars(
                select(BatchFile)
                .where(BatchFile.channel == self.channel_name)
                .where(BatchFile.sha256 == digest)
                .order_by(BatchFile.id.desc())
                .limit(1)
            ).first()
        # A refused file took nothing, so it is simply read again: it may be
        # back in the inbox on purpose, the channel's encoding put right.
        if newest is None or newest.status == REFUSED or not newest.archive_path:
            return None
        return None if Path(newest.archive_path).exists() else newest

    def _put_away_late(self, row: BatchFile, path: Path) -> FileOutcome:
        log.warning(
            "%s was taken before as file #%d (%s) but not moved on; moving it now",
            path,
            row.id,
            row.status,
        )
        outcome = FileOutcome(
            channel=row.channel,
            file_name=path.name,
            status=PUT_AWAY,
            batch_file_id=row.id,
            reason=row.reason,
            archive_path=row.archive_path,
            errors_path=row.errors_path,
            unmoved=self._put_away(row, path),
        )
        log.info("channel %s: %s", self.channel_name, outcome.as_text())
        return outcome

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
        self._place_in_errors(row, path)
        return self._finish(row, path, retry_of)

    def in_errors(self, path: Path) -> bool:
        """Whether the file is already in the errors folder (a retry)."""
        return path.parent.resolve() == self.folder("errors").resolve()

    def _place_in_errors(self, row: BatchFile, path: Path) -> None:
        """Where the file (or its copy) and its reason go; written after the commit."""
        there = self.in_errors(path)
        target = path if there else free_name(self.folder("errors"), path.name)
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
        unmoved = self._put_away(row, path)
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
            unmoved=unmoved,
        )
        log.info("channel %s: %s", self.channel_name, outcome.as_text())
        return outcome

    def _put_away(self, row: BatchFile, path: Path) -> str:
        """After the commit: the errors copy and reason, then the move.

        Returns '' once done, else what failed and what happens next. The
        record stands either way; a file left in the inbox is only moved on
        by the next pass (see `_left_behind`).
        """
        there = self.in_errors(path)
        try:
            if row.errors_path:
                errors = Path(row.errors_path)
                if row.status == QUARANTINED and not there and not errors.exists():
                    copy(path, errors)
                errors.parent.mkdir(parents=True, exist_ok=True)
                reason = errors.with_name(errors.name + REASON)
                reason.write_text(row.reason, encoding="utf-8")
            if row.archive_path:
                move(path, Path(row.archive_path))
                if there:
                    path.with_name(path.name + REASON).unlink(missing_ok=True)
            elif row.status == REFUSED and not there:
                move(path, Path(row.errors_path))
        except OSError as error:
            if not path.exists():
                log.info("%s was moved on by another pass meanwhile", path)
                return ""
            return self._not_moved(row, path, there, error)
        return ""

    def _not_moved(
        self, row: BatchFile, path: Path, there: bool, error: OSError
    ) -> str:
        went = row.archive_path or row.errors_path
        log.error(
            "file #%d (%s) is recorded but could not be moved to %s: %s",
            row.id,
            path,
            went,
            error,
        )
        if there:
            return (
                f"It could not be moved to {went}: {error.strerror or error}."
                " Move it there by hand; nothing in it will be taken again."
            )
        return (
            f"It could not be moved to {went}: {error.strerror or error}. It stays"
            " in the inbox and is moved on by the next pass, nothing in it taken"
            " again. Check that this user may write that folder."
        )
