"""Two imports at once, and the database's own refusals, on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.services.helpers import order_row, orders_file
from warehouse_app import sample_data
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    ImportRun,
    OrderLine,
    RejectedRow,
    WebOrder,
)
from warehouse_app.services.demo import load_masters
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.station import Station

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


# Fault 2, and the database's own refusals, on PostgreSQL.


@pytest.fixture(scope="module")
def pg_masters(pg_database: Database) -> Database:
    load_masters(pg_database, Station("PG-1", "tester", "MAIN"))
    return pg_database


def in_thread(work: Callable[[], ImportReport]) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def waiting_on_a_lock(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()


@pytest.mark.postgres
def test_an_import_that_loses_the_race_for_an_order_reports_it_already_imported(
    pg_masters: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path, order_row("810001"), order_row("810002"), order_row("810003")
    )
    rival = pg_masters.unit_of_work()
    with rival:
        rival.session.add(
            WebOrder(
                channel="webshop",
                shop_order_no="810002",
                advice_note="RIVAL-1",
                customer_account="17850",
                depot="MAIN",
                ordered_at=datetime(2026, 12, 1, 9),
                received_at=datetime(2026, 12, 1, 9),
                updated_at=datetime(2026, 12, 1, 9),
                status="",
                # What the file says of the order: the rival took the same order.
                country="United Kingdom",
                lines=[
                    OrderLine(
                        line_no=1,
                        part_number="71053",
                        description="WHITE METAL LANTERN",
                        quantity=2,
                        unit_price=Decimal("3.39"),
                        vat_code="S",
                        is_charge=False,
                        status="awaiting_stock",
                        qty_allocated=0,
                        qty_picked=0,
                        qty_packed=0,
                    )
                ],
            )
        )
        rival.session.flush()
        thread, outcome = in_thread(lambda: import_orders(pg_masters, station, file))
        while thread.is_alive() and not waiting_on_a_lock(pg_masters):
            thread.join(timeout=0.05)
        rival.commit()
    thread.join()

    [report] = outcome
    assert isinstance(report, ImportReport), report
    assert (report.orders_created, report.orders_already_known) == (2, 1)
    assert report.rejected == {"already imported": 1}
    assert report.balanced


@pytest.mark.postgres
def test_two_imports_of_one_file_at_once_take_each_order_once(
    pg_masters: Database, tmp_path: Path
) -> None:
    lines = sample_data.ORDERS.read_text(encoding="utf-8-sig").splitlines(True)
    file = tmp_path / "twice.csv"
    file.write_text("".join(lines[:901]), encoding="utf-8")
    second = Database(pg_masters.url)

    def importing(database: Database, name: str) -> Callable[[], ImportReport]:
        return lambda: import_orders(database, Station(name, "t", "MAIN"), file)

    try:
        runs = [
            in_thread(importing(pg_masters, "PG-A")),
            in_thread(importing(second, "PG-B")),
        ]
        for thread, _ in runs:
            thread.join()
    finally:
        second.dispose()

    reports = [outcome[0] for _, outcome in runs]
    assert all(isinstance(r, ImportReport) and r.balanced for r in reports), reports
    created = sum(r.orders_created for r in reports)
    assert created == reports[0].orders_created + reports[0].orders_already_known
    assert created == reports[1].orders_created + reports[1].orders_already_known
    with pg_masters.reading() as session:
        numbers = set(session.scalars(select(WebOrder.shop_order_no)))
        rows = session.scalar(
            select(func.count(RejectedRow.id))
            .join(ImportRun, ImportRun.id == RejectedRow.import_run_id)
            .where(
                ImportRun.file_name == str(file),
                RejectedRow.reason == "already imported",
            )
        )
    assert len([n for n in numbers if n.startswith("53")]) == created
    assert rows == sum(r.rejected.get("already imported", 0) for r in reports)


@pytest.mark.postgres
def test_an_order_too_large_for_postgresql_is_refused_before_the_database(
    pg_masters: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("820001"),
        order_row("820002", quantity="100000", price="99999999"),
        order_row("820003"),
    )

    report = import_orders(pg_masters, station, file)

    assert report.orders_created == 2
    assert report.rejected == {"order too large": 1}
    refused = report.rejections[0]
    assert refused.line_number == 3
    assert "at most 99,999,999,999.99" in refused.message
    assert report.balanced


@pytest.mark.postgres
def test_an_order_the_database_refuses_is_refused_alone(
    pg_masters: Database, station: Station, tmp_path: Path
) -> None:
    with pg_masters.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE FUNCTION refuse_830002() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN IF NEW.shop_order_no = '830002' THEN"
            " RAISE EXCEPTION 'order 830002 is not wanted here'; END IF;"
            " RETURN NEW; END $$"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_830002 BEFORE INSERT ON web_order"
            " FOR EACH ROW EXECUTE FUNCTION refuse_830002()"
        )
    file = orders_file(
        tmp_path, order_row("830001"), order_row("830002"), order_row("830003")
    )

    try:
        report = import_orders(pg_masters, station, file)
    finally:
        with pg_masters.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER refuse_830002 ON web_order")
            connection.exec_driver_sql("DROP FUNCTION refuse_830002()")

    assert report.orders_created == 2
    assert report.rejected == {"database refused": 1}
    refused = report.rejections[0]
    assert refused.line_number == 3
    assert "order 830002 is not wanted here" in refused.message
    assert "\n" not in refused.message and "INSERT" not in refused.message
    assert report.balanced
