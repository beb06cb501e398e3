"""History by customer with the invoice reprint; the audit trail and its export."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.test_enquiry_sales_history import sell
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Customer, LostSale, PrintJob
from warehouse_app.services.enquiry.audit_trail import AuditFilter, AuditTrail
from warehouse_app.services.enquiry.customer_history import CustomerHistory
from warehouse_app.services.errors import NotFound
from warehouse_app.services.lost_sales import LostSales
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService


def invoice_jobs(database: Database, number: str) -> int:
    with database.reading() as session:
        return len(
            session.scalars(
                select(PrintJob.id).where(
                    PrintJob.document_type == "invoice",
                    PrintJob.document_ref == number,
                )
            ).all()
        )


def test_history_by_customer_lists_each_part_with_date_price_and_invoice(
    masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 2, "5.00")
    sell(masters_db, station, "22423", 1, "12.75")
    sell(masters_db, station, "71053", 1, "4.50", account="12346")

    bought = CustomerHistory(masters_db).purchases("17850")

    assert [
        (p.part_number, p.quantity, p.unit_price, p.invoice_number) for p in bought
    ] == [
        ("22423", 1, Decimal("12.7500"), "INV000002"),
        ("71053", 2, Decimal("5.0000"), "INV000001"),
    ]
    assert bought[1].net == Decimal("10.00") and bought[1].at is not None
    only = CustomerHistory(masters_db).purchases("17850", part_number="22423")
    assert [p.invoice_number for p in only] == ["INV000002"]


def test_from_a_part_the_customers_who_bought_it(
    masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 2)
    sell(masters_db, station, "71053", 3)
    sell(masters_db, station, "71053", 1, account="12346")

    buyers = CustomerHistory(masters_db).buyers("71053")

    assert [(b.account, b.name, b.quantity, b.invoices) for b in buyers] == [
        ("12346", "Pennine Retail", 1, 1),
        ("17850", "Pennine & Co", 5, 2),
    ]


def test_an_invoice_opened_from_the_history_can_be_reprinted(
    masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 2, "5.00")
    history = CustomerHistory(masters_db)

    invoice = history.invoice("inv000001")
    message = history.reprint_invoice("INV000001")

    assert (invoice.number, invoice.account, invoice.total) == (
        "INV000001",
        "17850",
        Decimal("12.00"),
    )
    assert [line.part_number for line in invoice.lines] == ["71053"]
    assert message == "Invoice INV000001 queued to print again."
    assert invoice_jobs(masters_db, "INV000001") == 2


def test_an_unknown_account_or_invoice_is_refused_with_what_to_check(
    masters_db: Database,
) -> None:
    history = CustomerHistory(masters_db)
    with pytest.raises(NotFound, match="no customer account 99999"):
        history.customer_name("99999")
    with pytest.raises(NotFound, match="no invoice INV999999"):
        history.invoice("INV999999")
    with pytest.raises(NotFound, match="no invoice INV999999 to reprint"):
        history.reprint_invoice("INV999999")


@pytest.fixture
def trail(masters_db: Database, station: Station) -> AuditTrail:
    stock = StockService(masters_db, station)
    stock.receive_goods("71053", 5, document_ref="GRN-1001")
    stock.adjust("71053", -2, "damaged in the bin", "ADJ-7")
    return AuditTrail(masters_db)


def test_the_audit_trail_is_newest_first_with_before_and_after(
    trail: AuditTrail,
) -> None:
    rows = trail.page("71053")

    assert [
        (m.movement_type, m.qty_change, m.qty_before, m.qty_after) for m in rows
    ] == [
        ("adjustment", -2, 102, 100),
        ("goods_receipt", 5, 97, 102),
        ("opening_balance", 22, 0, 22),
        ("opening_balance", 97, 0, 97),
    ]
    assert rows[0].reason == "damaged in the bin" and rows[0].user == "tester"


def test_the_audit_trail_filters_by_type_depot_dates_user_and_document(
    trail: AuditTrail,
) -> None:
    def types(wanted: AuditFilter) -> list[str]:
        return [m.movement_type for m in trail.page("71053", wanted)]

    today = date.today()
    assert types(AuditFilter(movement_type="goods_receipt")) == ["goods_receipt"]
    assert types(AuditFilter(depot="NORTH")) == ["opening_balance"]
    assert types(AuditFilter(document="grn")) == ["goods_receipt"]
    assert types(AuditFilter(user="TESTER", depot="MAIN"))[:1] == ["adjustment"]
    assert types(AuditFilter(user="someone else")) == []
    assert len(types(AuditFilter(date_from=today, date_to=today))) == 4
    assert types(AuditFilter(date_from=today + timedelta(days=1))) == []
    assert types(AuditFilter(date_to=today - timedelta(days=1))) == []


def test_the_audit_trail_pages_and_its_export_writes_every_row(
    trail: AuditTrail, tmp_path: Path
) -> None:
    wanted = AuditFilter(depot="MAIN")
    path = tmp_path / "audit.csv"

    written = trail.export_csv("71053", wanted, path)

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    shown = trail.page("71053", wanted, limit=2) + trail.page("71053", wanted, 2, 2)
    assert written == len(rows) == len(shown) == 3
    assert [int(row["seq"]) for row in rows] == [m.seq for m in shown]
    assert rows[1]["movement_type"] == "goods_receipt"
    assert (rows[1]["qty_before"], rows[1]["qty_after"]) == ("97", "102")
    assert (rows[1]["document_ref"], rows[1]["bin"]) == ("GRN-1001", "A-2-4-B")
    assert rows[1]["reverses_seq"] == ""


def test_an_account_spelled_in_lower_case_is_found_however_it_is_typed(
    masters_db: Database, station: Station
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.add(Customer(account="ab-12", name="Hill Farm"))
        uow.commit()
    sell(masters_db, station, "71053", 2, "5.00", account="ab-12")

    history = CustomerHistory(masters_db)
    assert history.customer_name("AB-12") == "Hill Farm"
    assert [p.invoice_number for p in history.purchases(" AB-12 ")] == ["INV000001"]
    assert [p.invoice_number for p in history.purchases("ab-12")] == ["INV000001"]
    LostSales(masters_db, station).turned_away("71053", 1, "AB-12")
    with masters_db.reading() as session:
        assert session.scalars(select(LostSale.customer_account)).all() == ["ab-12"]
