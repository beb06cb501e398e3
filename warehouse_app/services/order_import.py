"""Importing a shop's order file: every row taken or reported."""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, selectinload

from warehouse_app.integrations.incoming import ImportReport, IncomingOrder, Rejection
from warehouse_app.integrations.online_retail import ProfileResult
from warehouse_app.integrations.profiles import profile as find_profile
from warehouse_app.link_settings import ORDERS_PER_TRANSACTION
from warehouse_app.persistence.bulk_rows import CHUNK, plain_rows_among
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    ImportRun,
    RejectedRow,
    WebOrder,
)
from warehouse_app.services.collector import collector_paused
from warehouse_app.services.errors import first_words
from warehouse_app.services.intake_rows import GUEST_ACCOUNT, ORDERS
from warehouse_app.services.ledger import now
from warehouse_app.services.order_changes import differences, flag
from warehouse_app.services.order_intake import part_facts, receive_in_bulk
from warehouse_app.services.order_masters import ensure_guest_account, masters_of
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.import")

BATCH = ORDERS_PER_TRANSACTION
# How often a batch that lost a race with another import is tried again.
ATTEMPTS = 3


def read_orders(
    database: Database,
    path: Path,
    profile_name: str,
    encoding: str = "utf-8",
    profiles_folder: Path | None = None,
) -> ProfileResult:
    """Read the file through its profile; nothing is written.

    Raises InputFileError (or TruncatedFile) when the file as a whole cannot
    be taken, and ValueError for an unknown profile.
    """
    chosen = find_profile(profile_name, profiles_folder)
    return chosen.read(path, masters_of(database), encoding)


def import_orders(
    database: Database,
    station: Station,
    path: Path,
    profile_name: str = "online-retail",
    channel: str = "webshop",
    part_ship: bool = True,
    encoding: str = "utf-8",
    batch_orders: int | None = None,
) -> ImportReport:
    """Read the file through its profile and receive every whole order in it.

    Orders are received oldest first, so older orders get the stock first,
    in batches of whole orders (`batch_orders`, BATCH if not given), each
    batch one transaction: a crash leaves every order either fully in or not
    at all, and importing the same file again takes only what is missing.
    The run is recorded even when the import stops half way, with what it
    had taken by then.
    """
    with collector_paused():
        result = read_orders(database, path, profile_name, encoding)
        return receive_orders(
            database,
            station,
            path,
            profile_name,
            result,
            channel,
            part_ship,
            batch_orders,
        ).report


@dataclass(frozen=True)
class Receipt:
    """What receiving a file's orders came to."""

    report: ImportReport
    import_run_id: int
    # Orders the database refused, by shop order number, with its words why.
    refused: dict[str, str]


def receive_orders(
    database: Database,
    station: Station,
    path: Path,
    profile_name: str,
    result: ProfileResult,
    channel: str,
    part_ship: bool,
    batch_orders: int | None = None,
) -> Receipt:
    """Receive the whole orders read from a file, oldest first; record the run.

    Each `batch_orders` orders (BATCH if not given) are one transaction.
    """
    size = batch_orders or BATCH
    report = ImportReport(
        path.name,
        profile_name,
        rows_read=result.rows_read,
        rejections=list(result.rejections),
        notes=result.notes,
    )
    orders = sorted(
        result.orders, key=lambda order: (order.ordered_at, order.shop_order_no)
    )
    receiving = _Receiving(database, station, channel, part_ship, report)
    try:
        ensure_guest_account(database)
        for start in range(0, len(orders), size):
            receiving.batch(orders[start : start + size])
    except Exception:
        log.exception(
            "import of %s stopped after %d orders; recording what was taken",
            path,
            report.orders_created,
        )
        report.import_run_id = record_run(database, path, report)
        raise
    run_id = report.import_run_id = record_run(database, path, report)
    log.info("imported %s: %s", path, json.dumps(report.as_dict()))
    return Receipt(report, run_id, receiving.refused)


@dataclass
class _Taken:
    """What one committed transaction took, added to the report after commit."""

    orders_created: int = 0
    lines_created: int = 0
    orders_already_known: int = 0
    orders_flagged: int = 0
    already: list[Rejection] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)

    def add_to(self, report: ImportReport) -> None:
        report.orders_created += self.orders_created
        report.lines_created += self.lines_created
        report.orders_already_known += self.orders_already_known
        report.orders_flagged += self.orders_flagged
        report.rejections.extend(self.already)
        report.notes.update(self.notes)


class _Receiving:
    """Receives batches of orders, falling back to one order at a time.

    A batch that breaks a unique rule lost a race with another import of
    the same file: it is tried again, and the orders the other import took
    are then known and reported as already imported. A batch the database
    refuses for another reason is received order by order, so one order the
    database will not take never holds back the good ones around it.
    """

    def __init__(
        self,
        database: Database,
        station: Station,
        channel: str,
        part_ship: bool,
        report: ImportReport,
    ) -> None:
        self.database = database
        self.station = station
        self.channel = channel
        self.part_ship = part_ship
        self.report = report
        self.refused: dict[str, str] = {}

    def batch(self, orders: list[IncomingOrder]) -> None:
        try:
            self._taking_turns(orders)
            return
        except DBAPIError as error:
            _stop_if_gone(error)
            log.warning(
                "batch of %d orders from %s refused (%s); receiving them one by one",
                len(orders),
                self.report.file_name,
                first_words(error),
            )
        for order in orders:
            try:
                self._taking_turns([order])
            except DBAPIError as error:
                _stop_if_gone(error)
                self._refused(order, error)

    def _taking_turns(self, orders: list[IncomingOrder]) -> None:
        """Receive the orders, again if another import got in the way."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self._receive(orders).add_to(self.report)
                return
            except DBAPIError as error:
                if attempt == ATTEMPTS or not _lost_a_race(error):
                    raise
                log.warning(
                    "%d orders from %s, attempt %d: %s; trying again",
                    len(orders),
                    self.report.file_name,
                    attempt,
                    first_words(error),
                )

    def _known(self, session: Session, numbers: list[str]) -> dict[str, WebOrder]:
        """The orders of the channel already in, by shop order number.

        Asked a chunk of numbers at a time: a batch of tens of thousands of
        orders would pass the database's limit of values in one statement.
        """
        found = plain_rows_among(
            session,
            select(ORDERS.c.shop_order_no).where(ORDERS.c.channel == self.channel),
            ORDERS.c.shop_order_no,
            sorted(set(numbers)),
        )
        wanted = sorted(number for (number,) in found)
        known: dict[str, WebOrder] = {}
        for start in range(0, len(wanted), CHUNK):
            known.update(
                (order.shop_order_no, order)
                for order in session.scalars(
                    select(WebOrder)
                    .where(
                        WebOrder.channel == self.channel,
                        WebOrder.shop_order_no.in_(wanted[start : start + CHUNK]),
                    )
                    .options(selectinload(WebOrder.lines))
                )
            )
        return known

    def _receive(self, orders: list[IncomingOrder]) -> _Taken:
        taken = _Taken()
        with self.database.unit_of_work() as uow:
            session = uow.session
            known = self._known(session, [order.shop_order_no for order in orders])
            parts = part_facts(
                session, (line.part_number for order in orders for line in order.lines)
            )
            new = []
            for order in orders:
                if order.shop_order_no in known:
                    self._again(session, known[order.shop_order_no], order, taken)
                    continue
                new.append(order)
            receive_in_bulk(
                session, self.station, new, self.channel, parts, self.part_ship
            )
            for order in new:
                taken.orders_created += 1
                taken.lines_created += len(order.lines)
                if order.customer_account is None:
                    taken.notes["guest checkout orders"] += 1
                taken.notes.update(note for line in order.lines for note in line.notes)
            uow.commit()
        return taken

    def _again(
        self, session: Session, before: WebOrder, order: IncomingOrder, taken: _Taken
    ) -> None:
        """An order taken before: the same, or changed and flagged for a person."""
        name = self.report.file_name
        found = differences(before, order, GUEST_ACCOUNT)
        if found:
            flag(session, self.channel, before, name, found)
            taken.orders_flagged += 1
            taken.already.extend(
                Rejection(
                    line.source_row,
                    "InvoiceNo",
                    order.shop_order_no,
                    "changed order",
                    f"{name} line {line.source_row}: order {order.shop_order_no} was"
                    f" imported before as advice note {before.advice_note}, and this"
                    f" file changes it ({'; '.join(found)}). The change was not"
                    " applied; settle it with the shop on the integration screen.",
                )
                for line in order.lines
            )
            return
        taken.orders_already_known += 1
        taken.already.extend(
            Rejection(
                line.source_row,
                "InvoiceNo",
                order.shop_order_no,
                "already imported",
                f"{name} line {line.source_row}: order {order.shop_order_no} was"
                " imported before; nothing new was created.",
            )
            for line in order.lines
        )

    def _refused(self, order: IncomingOrder, error: DBAPIError) -> None:
        reason = first_words(error)
        log.warning(
            "order %s from %s refused by the database: %s",
            order.shop_order_no,
            self.report.file_name,
            reason,
        )
        name = self.report.file_name
        self.refused[order.shop_order_no] = reason
        self.report.rejections.extend(
            Rejection(
                line.source_row,
                "InvoiceNo",
                order.shop_order_no,
                "database refused",
                f"{name} line {line.source_row}: the database refused order"
                f" {order.shop_order_no} ({reason}), so none of it was taken."
                " Check the order's fields against the limits in"
                " docs/data-files.md, correct the file and import it again.",
            )
            for line in order.lines
        )


def _lost_a_race(error: DBAPIError) -> bool:
    # A unique rule broken by an order another import took meanwhile, or
    # PostgreSQL's deadlock (40P01) and serialization (40001) failures.
    sqlstate = getattr(error.orig, "sqlstate", None)
    return isinstance(error, IntegrityError) or sqlstate in ("40001", "40P01")


def _stop_if_gone(error: DBAPIError) -> None:
    """A lost connection is no fault of the orders: the import stops."""
    if error.connection_invalidated:
        raise error


def record_run(database: Database, path: Path, report: ImportReport) -> int:
    """Record the import and its rejected rows; the ImportRun's id."""
    with database.unit_of_work() as uow:
        run = ImportRun(
            at=now(),
            kind="orders",
            profile=report.profile,
            file_name=str(path),
            rows_read=report.rows_read,
            orders_created=report.orders_created,
            lines_created=report.lines_created,
            rows_rejected=report.rows_rejected,
            report=json.dumps(report.as_dict()),
        )
        uow.session.add(run)
        uow.session.flush()
        uow.session.add_all(
            RejectedRow(
                import_run_id=run.id,
                line_number=r.line_number,
                field=r.field,
                value=r.value[:500],
                reason=r.reason,
                message=r.message,
            )
            for r in report.rejections
        )
        uow.commit()
        return run.id
