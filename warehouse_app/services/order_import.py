"""Importing a shop's order file: every row taken or reported."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import select

from warehouse_app.integrations.incoming import ImportReport, IncomingOrder, Rejection
from warehouse_app.integrations.profiles import profile as find_profile
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Customer,
    ImportRun,
    Part,
    RejectedRow,
    WebOrder,
)
from warehouse_app.services.ledger import now
from warehouse_app.services.orders import GUEST_ACCOUNT, receive
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.import")

BATCH = 200


def ensure_guest_account(database: Database) -> None:
    with database.unit_of_work() as uow:
        if uow.session.get(Customer, GUEST_ACCOUNT) is None:
            uow.session.add(
                Customer(
                    account=GUEST_ACCOUNT,
                    name="Web shop guest checkout",
                    country="",
                    account_type="cash",
                    order_ref_required=False,
                )
            )
            uow.commit()


def import_orders(
    database: Database,
    station: Station,
    path: Path,
    profile_name: str = "online-retail",
    channel: str = "webshop",
    part_ship: bool = True,
) -> ImportReport:
    """Read the file through its profile and receive every whole order in it.

    Orders are received oldest first, so older orders get the stock first,
    in batches of whole orders, each batch one transaction: a crash leaves
    every order either fully in or not at all, and importing the same file
    again takes only what is missing.
    """
    reader = find_profile(profile_name)
    with database.reading() as session:
        by_upper = {pn.upper(): pn for pn in session.scalars(select(Part.part_number))}
        accounts = set(session.scalars(select(Customer.account)))
    result = reader(
        path, lambda code: by_upper.get(code.upper()), accounts.__contains__
    )
    report = ImportReport(
        path.name,
        profile_name,
        rows_read=result.rows_read,
        rejections=list(result.rejections),
        notes=result.notes,
    )
    ensure_guest_account(database)

    orders = sorted(
        result.orders, key=lambda order: (order.ordered_at, order.shop_order_no)
    )
    for start in range(0, len(orders), BATCH):
        _receive_batch(
            database, station, orders[start : start + BATCH], channel, part_ship, report
        )

    _record_run(database, path, report)
    log.info("imported %s: %s", path, json.dumps(report.as_dict()))
    return report


def _receive_batch(
    database: Database,
    station: Station,
    batch: list[IncomingOrder],
    channel: str,
    part_ship: bool,
    report: ImportReport,
) -> None:
    with database.unit_of_work() as uow:
        session = uow.session
        numbers = [order.shop_order_no for order in batch]
        known = set(
            session.scalars(
                select(WebOrder.shop_order_no).where(
                    WebOrder.channel == channel, WebOrder.shop_order_no.in_(numbers)
                )
            )
        )
        wanted = {line.part_number for order in batch for line in order.lines}
        parts = {
            p.part_number: p
            for p in session.scalars(select(Part).where(Part.part_number.in_(wanted)))
        }
        created = lines = 0
        already: list[Rejection] = []
        for order in batch:
            if order.shop_order_no in known:
                already.extend(
                    Rejection(
                        line.source_row,
                        "InvoiceNo",
                        order.shop_order_no,
                        "already imported",
                        f"line {line.source_row}: order {order.shop_order_no} was"
                        " imported before; nothing new was created.",
                    )
                    for line in order.lines
                )
                report.orders_already_known += 1
                continue
            receive(session, station, order, channel, parts, part_ship)
            created += 1
            lines += len(order.lines)
        uow.commit()
    report.orders_created += created
    report.lines_created += lines
    report.rejections.extend(already)


def _record_run(database: Database, path: Path, report: ImportReport) -> None:
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
