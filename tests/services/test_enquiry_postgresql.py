"""The enquiry queries on a shared PostgreSQL server, as on the SQLite file."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from tests.services.test_enquiry_sales_history import sell
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import GroupStock, PrintJob
from warehouse_app.services import group_totals
from warehouse_app.services.demo import load_masters
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.enquiry.audit_trail import AuditFilter
from warehouse_app.services.reconcile import repair_groups
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService

pytestmark = pytest.mark.postgres
STATION = Station("PG-E", "tester", "MAIN")


@pytest.fixture(scope="module")
def enquiries(pg_database: Database) -> Enquiries:
    load_masters(pg_database, STATION)
    sell(pg_database, STATION, "71053", 3, "5.00")
    StockService(pg_database, STATION).receive_goods("71053", 5, None, "GRN-PG")
    return Enquiries.on(pg_database)


def test_the_search_box_finds_the_same_parts(enquiries: Enquiries) -> None:
    search = enquiries.search

    assert [h.part_number for h in search.search("71053", "MAIN")][:1] == ["71053"]
    prefix = [h.part_number for h in search.search("7105", "MAIN")]
    assert "71053" in prefix and all(p.startswith("7105") for p in prefix)
    assert "71053" in [h.part_number for h in search.search("metal LANTERN", "MAIN")]
    assert search.search("2748708148843", "MAIN")[0].part_number == "71053"
    chain = search.supersession("10002", "MAIN")
    assert chain is not None and chain.text == "10002 -> 10080"


def test_depot_group_and_sales_tabs_read_the_same(enquiries: Enquiries) -> None:
    depot = enquiries.depots.stock_by_depot("71053")
    lighting = next(
        g for g in enquiries.groups.totals("MAIN") if g.group_code == "LIGHTING"
    )
    sales = enquiries.sales.monthly("71053")

    assert (depot.at("MAIN").on_hand, depot.at("NORTH").on_hand) == (102, 22)
    assert lighting.unsold == lighting.parts - 1
    assert sales.months[-1].month == date.today().replace(day=1)
    assert (sales.quantity, sales.value) == (3, Decimal("15.00"))


def test_audit_trail_and_customer_history_read_the_same(
    enquiries: Enquiries, tmp_path: Path
) -> None:
    trail = enquiries.audit.page("71053", AuditFilter(document="grn-"))
    written = enquiries.audit.export_csv(
        "71053", AuditFilter(depot="MAIN"), tmp_path / "trail.csv"
    )
    bought = enquiries.customers.purchases("17850")
    enquiries.customers.reprint_invoice(bought[0].invoice_number)

    # 97 from the stock file, set to 100 for the sale, 3 sold, 5 received.
    assert [
        (m.movement_type, m.qty_change, m.qty_before, m.qty_after) for m in trail
    ] == [("goods_receipt", 5, 97, 102)]
    assert written == 4
    assert [(p.part_number, p.quantity) for p in bought] == [("71053", 3)]
    with enquiries.customers.database.reading() as session:
        jobs = session.scalar(
            select(func.count()).where(
                PrintJob.document_ref == bought[0].invoice_number
            )
        )
    assert jobs == 2


def test_two_stations_making_the_same_group_row_at_once(
    enquiries: Enquiries, pg_database: Database
) -> None:
    def north() -> int:
        with pg_database.unit_of_work() as uow:
            return uow.session.scalars(
                select(GroupStock.units).where(
                    GroupStock.group_code == "LIGHTING", GroupStock.depot == "NORTH"
                )
            ).one()

    before = north()
    with pg_database.unit_of_work() as uow:
        uow.session.execute(
            delete(GroupStock).where(
                GroupStock.group_code == "LIGHTING", GroupStock.depot == "NORTH"
            )
        )
        uow.commit()

    # The first station has added to the missing row and not committed yet;
    # the second one adds to it too, waits on the first, and must not fail.
    first = pg_database.unit_of_work()
    first.__enter__()
    group_totals.note_on_hand(first.session, "NORTH", "71053", 12)
    group_totals.write_noted(first.session)

    def second() -> None:
        with pg_database.unit_of_work() as uow:
            group_totals.note_on_hand(uow.session, "NORTH", "71053", 8)
            uow.commit()

    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(second)
        time.sleep(0.5)
        assert not waiting.done()
        first.commit()
        first.__exit__(None, None, None)
        waiting.result(timeout=10)

    # Both added to the missing row; neither failed, nothing was lost.
    assert north() == 20
    # No stock moved: counting again gives back the true total.
    repair_groups(pg_database)
    assert north() == before
