"""Files the tester broke on purpose: each bad row is reported, none crashes.

The rule under every test: each row read is taken or rejected with its
line, field, value and reason, `rows read = lines created + rows rejected`
holds, and an order is taken whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.services.helpers import HEADER, order_row, orders_file
from warehouse_app import sample_data
from warehouse_app.integrations.csv_rows import InputFileError, read_rows
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    ImportRun,
    WebOrder,
)
from warehouse_app.services import masters, order_import
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.station import Station


def only_rejection(report: ImportReport) -> tuple[int, str, str, str]:
    assert report.balanced, report.as_text()
    [rejection] = report.rejections
    return rejection.line_number, rejection.field, rejection.value, rejection.reason


# Fault 1: values that do not fit are bad fields, not tracebacks.


@pytest.mark.parametrize(
    ("column", "value", "row"),
    [
        (
            "Quantity",
            "99999999999999999999999",
            {"quantity": "99999999999999999999999"},
        ),
        ("Quantity", "1000000", {"quantity": "1000000"}),
        ("Quantity", "100001", {"quantity": "100001"}),
        ("Quantity", "²", {"quantity": "²"}),
        ("Quantity", "1_000", {"quantity": "1_000"}),
        ("UnitPrice", "1e999", {"price": "1e999"}),
        ("UnitPrice", "inf", {"price": "inf"}),
        ("UnitPrice", "nan", {"price": "nan"}),
        ("UnitPrice", "100000000", {"price": "100000000"}),
        ("UnitPrice", "2.555555", {"price": "2.555555"}),
        ("UnitPrice", "1.5E-5", {"price": "1.5E-5"}),
        ("InvoiceDate", "1899-01-01 00:00:00", {"when": "1899-01-01 00:00:00"}),
        ("InvoiceDate", "2101-01-01 00:00:00", {"when": "2101-01-01 00:00:00"}),
        (
            "InvoiceDate",
            "2010-12-01T08:26:00+05:00",
            {"when": "2010-12-01T08:26:00+05:00"},
        ),
        ("InvoiceDate", "01/12/2010 08:26", {"when": "01/12/2010 08:26"}),
        ("InvoiceDate", "2010-12-01", {"when": "2010-12-01"}),
        ("Description", "X" * 201, {"description": "X" * 201}),
    ],
)
def test_a_value_that_does_not_fit_its_column_is_a_bad_field(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    column: str,
    value: str,
    row: dict[str, str],
) -> None:
    file = orders_file(tmp_path, order_row("700001", **row))

    report = import_orders(masters_db, station, file)

    assert only_rejection(report) == (2, column, value, "bad field")
    assert report.orders_created == 0


def test_an_order_number_longer_than_its_column_is_a_bad_field(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    number = "9" * 41
    file = orders_file(tmp_path, order_row(number))

    report = import_orders(masters_db, station, file)

    assert only_rejection(report) == (2, "InvoiceNo", number, "bad field")
    assert "at most 40" in report.rejections[0].message


def test_the_largest_quantity_and_a_t_between_date_and_time_are_taken(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001", quantity="100000", when="2026-12-01T09:00:00"),
        order_row("700002", price="99999.9999", description="D" * 200),
        order_row("700003", price="2.55550000", when="2000-01-01 00:00:00"),
    )

    report = import_orders(masters_db, station, file)

    assert (report.orders_created, report.lines_created) == (3, 3)
    assert report.balanced


def test_the_limits_of_a_file_row_are_the_web_services_and_say_so(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001", price="2.555555"),
        order_row("700002", when="1899-01-01 00:00:00"),
    )

    report = import_orders(masters_db, station, file)

    price, date = (r.message for r in report.rejections)
    assert "UnitPrice 2.555555 has more than 4 decimal places" in price
    assert "between the years 2000 and 2100" in date


def test_an_order_worth_more_than_an_order_may_be_is_refused_at_its_largest_line(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001"),
        order_row("700002", quantity="2"),
        order_row("700002", part="22633", quantity="100000", price="99999999"),
        order_row("700003"),
    )

    report = import_orders(masters_db, station, file)

    assert report.orders_created == 2
    assert [(r.line_number, r.reason) for r in report.rejections] == [
        (3, "order held"),
        (4, "order too large"),
    ]
    refused = report.rejections[1]
    assert refused.field == "order value"
    assert "9,999,999,900,006.78 in all" in refused.message
    assert "at most 99,999,999,999.99" in refused.message
    assert "line 4 of it" in report.rejections[0].message
    assert report.balanced


def test_a_time_zone_among_local_times_is_a_bad_field_and_holds_its_order(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001", when="2026-12-01T08:26:00+05:00"),
        order_row("700001", part="22633", when="2026-12-01 08:26:00"),
        order_row("700002", when="2026-12-01 08:30:00"),
    )

    report = import_orders(masters_db, station, file)

    assert report.rejected == {"bad field": 1, "order held": 1}
    assert report.orders_created == 1
    assert report.balanced
    assert "without a time zone" in report.rejections[0].message


def test_an_order_the_database_refuses_is_reported_and_the_others_are_taken(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    with masters_db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_700002 BEFORE INSERT ON web_order"
            " WHEN NEW.shop_order_no = '700002'"
            " BEGIN SELECT RAISE(ABORT, 'order 700002 is not wanted here'); END"
        )
    file = orders_file(
        tmp_path,
        order_row("700001"),
        order_row("700002"),
        order_row("700002", part="22633"),
        order_row("700003"),
    )

    report = import_orders(masters_db, station, file)

    assert report.orders_created == 2
    assert report.rejected == {"database refused": 2}
    assert report.balanced
    refused = report.rejections[0]
    assert (refused.line_number, refused.value) == (3, "700002")
    assert "(order 700002 is not wanted here)" in refused.message
    assert "INSERT" not in refused.message
    with masters_db.reading() as session:
        run = session.scalars(select(ImportRun)).one()
        assert (run.orders_created, run.rows_rejected) == (2, 2)


def test_the_run_is_recorded_with_what_was_taken_when_an_import_stops(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_receive = order_import.receive_in_bulk

    def receive_until_the_power_fails(*args: Any, **kwargs: Any) -> list[int]:
        if any(order.shop_order_no == "700002" for order in args[2]):
            raise RuntimeError("power failed")
        return real_receive(*args, **kwargs)

    monkeypatch.setattr(order_import, "BATCH", 1)
    monkeypatch.setattr(order_import, "receive_in_bulk", receive_until_the_power_fails)
    file = orders_file(tmp_path, order_row("700001"), order_row("700002"))

    with pytest.raises(RuntimeError, match="power failed"):
        import_orders(masters_db, station, file)

    with masters_db.reading() as session:
        run = session.scalars(select(ImportRun)).one()
        assert (run.rows_read, run.orders_created, run.lines_created) == (2, 1, 1)


# Fault 3: a broken line holds the order it belongs to.


def test_a_line_with_too_few_fields_holds_the_rest_of_its_order(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001"),
        "700001,22633,HAND WARMER,3,2026-12-01 09:00:00,1.85,17850.0\n",
        order_row("700002"),
    )

    report = import_orders(masters_db, station, file)

    assert report.orders_created == 1
    assert report.rejected == {"malformed row": 1, "order held": 1}
    held = next(r for r in report.rejections if r.reason == "order held")
    assert held.line_number == 2
    assert "line 3" in held.message
    assert report.balanced


# Fault 4: a stray quote swallows lines; each swallowed line is reported.


def test_a_stray_quote_in_the_real_file_is_reported_on_every_line_it_swallowed(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    lines = sample_data.ORDERS.read_text(encoding="utf-8-sig").splitlines(True)
    assert lines[9].startswith("536366,22632,HAND WARMER RED POLKA DOT,")
    lines[9] = lines[9].replace(",HAND WARMER", ',"HAND WARMER', 1)
    file = tmp_path / "stray.csv"
    file.write_text("".join(lines), encoding="utf-8")

    report = import_orders(masters_db, station, file)

    assert report.rows_read == 3850
    assert report.balanced
    swallowed = [r for r in report.rejections if r.reason == "unbalanced quote"]
    assert [r.line_number for r in swallowed] == list(range(10, 85))
    assert "line 10" in swallowed[-1].message
    assert "Remove the stray quote" in swallowed[-1].message
    held = {r.value for r in report.rejections if r.reason == "order held"}
    assert held == {"536366", "536381"}
    with masters_db.reading() as session:
        numbers = set(session.scalars(select(WebOrder.shop_order_no)))
    assert not numbers & {"536366", "536367", "536370", "536381"}


def test_a_quote_never_closed_holds_every_order_it_swallowed(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001"),
        order_row("700002", description='"LANTERN'),
        order_row("700003"),
        order_row("700003", part="22633"),
    )

    report = import_orders(masters_db, station, file)

    assert report.rows_read == 4
    assert report.orders_created == 1
    assert report.rejected == {"unbalanced quote": 3}
    assert [r.value.split(",")[0] for r in report.rejections] == [
        "700002",
        "700003",
        "700003",
    ]


def test_a_layout_that_allows_line_breaks_reads_a_quoted_break_as_one_row(
    tmp_path: Path,
) -> None:
    file = tmp_path / "notes.csv"
    file.write_text('part,note\n71053,"fragile\nkeep upright"\n22633,none\n')

    records = list(read_rows(file, ("part", "note"), allow_line_breaks=True))

    assert [(r.line, r.row) for r in records] == [
        (2, {"part": "71053", "note": "fragile\nkeep upright"}),
        (4, {"part": "22633", "note": "none"}),
    ]


# Fault 5: blank lines are skipped, not rows.


def test_blank_lines_are_skipped_and_noted_not_read(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(tmp_path, order_row("700001"), "\n", ",,,,,,,\n", "\n")

    report = import_orders(masters_db, station, file)

    assert (report.rows_read, report.lines_created, report.rows_rejected) == (1, 1, 0)
    assert report.notes["blank lines skipped"] == 3


# Fault 6: notes count what was taken.


def test_importing_the_file_again_notes_no_guest_orders(
    orders_db: Database, station: Station
) -> None:
    report = import_orders(orders_db, station, sample_data.ORDERS)

    assert report.orders_created == 0
    assert "guest checkout orders" not in report.notes
    assert "part number case corrected" not in report.notes


# Fault 7: master files refuse what does not fit.


def test_a_file_not_in_utf8_is_refused_with_what_to_do(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "orders.csv"
    file.write_bytes(
        (HEADER + order_row("700001", description="CAFÉ")).encode("cp1252")
    )

    with pytest.raises(InputFileError) as refused:
        import_orders(masters_db, station, file)

    message = str(refused.value)
    assert "orders.csv line 2: byte 0xc9 is not UTF-8 text" in message
    assert "import it with --encoding cp1252" in message
    assert "save the file as UTF-8" in message


def test_a_master_file_not_in_utf8_names_its_line_and_says_to_save_it_as_utf8(
    masters_db: Database, tmp_path: Path
) -> None:
    file = tmp_path / "customers.csv"
    file.write_bytes("account,name\n90001,CAFE\n90002,CAFÉ\n".encode("cp1252"))

    with pytest.raises(InputFileError) as refused:
        masters.import_customers(masters_db, file)

    message = str(refused.value)
    assert "customers.csv line 3: byte 0xc9 is not UTF-8 text" in message
    assert "Save the file as UTF-8 (with or without BOM)" in message
    assert "--encoding" not in message


def test_an_empty_stock_code_says_it_is_empty(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(tmp_path, order_row("700001", part=""))

    report = import_orders(masters_db, station, file)

    [rejection] = report.rejections
    assert rejection.field == "StockCode"
    assert "StockCode is empty: the line names no part" in rejection.message
    assert "''" not in rejection.message
