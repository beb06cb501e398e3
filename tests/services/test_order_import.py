"""The real orders file, imported through the `online-retail` profile.

The expected counts were worked out once by reading the file
(`warehouse_app/sample_data/orders_online_retail.csv`, 3,850 data rows):

- 54 rows in 40 orders numbered `C...`: the shop's cancellations;
- 202 rows with a zero price and no customer account: the shop's own stock
  corrections (`?`, `damages`, `found`, `mailout`, ...), in 199 orders that
  hold nothing else (order 537534 has four such rows);
- no `A...` adjustment, no unknown part, no unknown account, no bad field;
- what remains is 3,594 lines in 1,311 - 40 - 199 = 1,072 orders;
- 175 of those orders are guest checkouts (CustomerID 0.0);
- 99 of the taken lines name their part in lower case (`85123a`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.cli import main
from warehouse_app import sample_data
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Customer,
    OrderLine,
    RejectedRow,
    WebOrder,
)
from warehouse_app.services import order_masters
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.orders import GUEST_ACCOUNT
from warehouse_app.services.station import Station


def test_real_orders_file_is_accounted_for_row_by_row(
    masters_db: Database, station: Station
) -> None:
    report = import_orders(masters_db, station, sample_data.ORDERS)

    assert report.rows_read == 3850
    assert report.orders_created == 1072
    assert report.lines_created == 3594
    assert report.rejected == {"cancellation": 54, "stock correction": 202}
    assert report.rows_read == report.lines_created + report.rows_rejected
    assert report.notes == {
        "guest checkout orders": 175,
        "part number case corrected": 99,
    }


def test_every_rejected_row_is_kept_with_its_line_and_reason(
    masters_db: Database, station: Station
) -> None:
    import_orders(masters_db, station, sample_data.ORDERS)

    with masters_db.reading() as session:
        rows = session.scalars(
            select(RejectedRow).order_by(RejectedRow.line_number)
        ).all()
        taken_rows = set(session.scalars(select(OrderLine.source_row)))
    assert len(rows) == 256
    first_cancellation = next(r for r in rows if r.reason == "cancellation")
    assert first_cancellation.value.startswith("C")
    assert "credit note" in first_cancellation.message
    assert "orders_online_retail.csv line" in first_cancellation.message
    every_line = taken_rows | {r.line_number for r in rows}
    assert every_line == set(range(2, 3852))


def test_importing_the_same_file_again_creates_nothing(
    orders_db: Database, station: Station
) -> None:
    report = import_orders(orders_db, station, sample_data.ORDERS)

    assert report.orders_created == 0
    assert report.orders_already_known == 1072
    assert report.rejected["already imported"] == 3594
    assert report.balanced
    with orders_db.reading() as session:
        assert session.scalar(select(func.count(WebOrder.id))) == 1072


def test_an_order_with_an_unknown_part_is_held_whole(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "orders.csv"
    file.write_text(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "700001,71053,WHITE METAL LANTERN,2,2026-12-01 09:00:00,3.39,17850.0,United Kingdom\n"
        "700001,NOSUCHPART,MYSTERY,1,2026-12-01 09:00:00,1.00,17850.0,United Kingdom\n"
        "700002,71053,WHITE METAL LANTERN,1,2026-12-01 09:05:00,3.39,17850.0,United Kingdom\n"
        "700003,71053,broken row\n",
        encoding="utf-8",
    )

    report = import_orders(masters_db, station, file)

    assert report.orders_created == 1
    assert report.lines_created == 1
    assert report.rejected == {"malformed row": 1, "order held": 1, "unknown part": 1}
    assert report.balanced
    unknown = next(r for r in report.rejections if r.reason == "unknown part")
    assert unknown.line_number == 3
    assert unknown.field == "StockCode"
    assert "NOSUCHPART" in unknown.message and "parts master" in unknown.message


def test_command_line_import_prints_the_report_as_json(
    masters_db: Database, tmp_path: Path
) -> None:
    runner = CliRunner()
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    result = runner.invoke(
        main,
        [
            "--db",
            masters_db.url,
            "import",
            "orders",
            str(sample_data.ORDERS),
            "--profile",
            "online-retail",
            "--json",
        ],
        env=env,
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rows_read"] == 3850
    assert report["orders_created"] == 1072
    assert report["lines_created"] == 3594
    assert report["rejected"] == {"cancellation": 54, "stock correction": 202}
    printed = list(
        (tmp_path / "data" / "warehouse-app" / "printed" / "pick_document").glob(
            "*.pdf"
        )
    )
    assert len(printed) == 996


def test_a_guest_account_another_run_made_meanwhile_is_taken_as_made(
    masters_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_masters.ensure_guest_account(masters_db)
    # This run looked before the other one committed the account.
    monkeypatch.setattr(Session, "get", lambda *_args, **_kwargs: None)

    order_masters.ensure_guest_account(masters_db)

    monkeypatch.undo()
    with masters_db.reading() as session:
        assert session.get(Customer, GUEST_ACCOUNT) is not None
