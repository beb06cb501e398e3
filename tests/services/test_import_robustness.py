"""Files the tester broke on purpose: each bad row is reported, none crashes.

The rule under every test: each row read is taken or rejected with its
line, field, value and reason, `rows read = lines created + rows rejected`
holds, and an order is taken whole or not at all.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.services.helpers import stock_of
from warehouse_app import sample_data
from warehouse_app.integrations.csv_rows import InputFileError, read_rows
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Barcode,
    ImportRun,
    OrderLine,
    Part,
    PrintJob,
    RejectedRow,
    WebOrder,
)
from warehouse_app.services import order_import
from warehouse_app.services.demo import load_masters
from warehouse_app.services.masters import (
    import_barcodes,
    import_parts,
    import_stock,
)
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.station import Station

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


def order_row(
    number: str,
    part: str = "71053",
    quantity: str = "2",
    price: str = "3.39",
    when: str = "2026-12-01 09:00:00",
    description: str = "WHITE METAL LANTERN",
    account: str = "17850.0",
) -> str:
    return (
        f"{number},{part},{description},{quantity},{when},{price},{account},"
        "United Kingdom\n"
    )


def orders_file(tmp_path: Path, *rows: str, name: str = "orders.csv") -> Path:
    file = tmp_path / name
    file.write_text(HEADER + "".join(rows), encoding="utf-8")
    return file


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
        ("Quantity", "²", {"quantity": "²"}),
        ("Quantity", "1_000", {"quantity": "1_000"}),
        ("UnitPrice", "1e999", {"price": "1e999"}),
        ("UnitPrice", "inf", {"price": "inf"}),
        ("UnitPrice", "nan", {"price": "nan"}),
        ("UnitPrice", "100000000", {"price": "100000000"}),
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
        order_row("700001", quantity="999999", when="2026-12-01T09:00:00"),
        order_row("700002", price="99999.9999", description="D" * 200),
    )

    report = import_orders(masters_db, station, file)

    assert (report.orders_created, report.lines_created) == (2, 2)
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
    real_receive = order_import.receive

    def receive_until_the_power_fails(*args: Any, **kwargs: Any) -> WebOrder:
        if args[2].shop_order_no == "700002":
            raise RuntimeError("power failed")
        return real_receive(*args, **kwargs)

    monkeypatch.setattr(order_import, "BATCH", 1)
    monkeypatch.setattr(order_import, "receive", receive_until_the_power_fails)
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


def test_stock_quantities_that_are_no_ascii_number_or_too_large_are_refused(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "stock.csv"
    file.write_text(
        "depot,part_number,bin,second_bin,on_hand,min_qty,max_qty\n"
        "MAIN,71053,A-2-4-B,,99999999999999999999,2,50\n"
        "MAIN,22633,D-12-6-C,,²,2,50\n"
        "MAIN,23126,C-23-11-B,,9999999,2,50\n",
        encoding="utf-8",
    )

    report = import_stock(masters_db, file, station)

    assert (report.rows_read, report.rows_taken) == (3, 1)
    assert [(r.line_number, r.field, r.reason) for r in report.rejections] == [
        (2, "on_hand", "bad number"),
        (3, "on_hand", "bad number"),
    ]
    assert "at most 9,999,999" in report.rejections[0].message
    assert stock_of(masters_db, "MAIN", "71053") == (97, 0)


def test_part_prices_that_are_no_finite_amount_and_self_supersession_are_refused(
    masters_db: Database, tmp_path: Path
) -> None:
    file = tmp_path / "parts.csv"
    file.write_text(
        "part_number,description,group,retail_price,vat_code,weight_kg,stock_item,superseded_by\n"
        "ZZ1,HUGE,GENERAL,1e999,S,1,Y,\n"
        "ZZ2,INFINITE,GENERAL,inf,S,1,Y,\n"
        "ZZ3,NOT A NUMBER,GENERAL,nan,S,1,Y,\n"
        "ZZ4,TOO DEAR,GENERAL,100000000,S,1,Y,\n"
        "ZZ5,ITSELF,GENERAL,1.00,S,1,Y,zz5\n"
        "ZZ6,FINE,GENERAL,99999999.9999,S,1,Y,\n",
        encoding="utf-8",
    )

    report = import_parts(masters_db, file)

    assert (report.rows_read, report.rows_taken) == (6, 1)
    assert [(r.field, r.reason) for r in report.rejections] == [
        ("retail_price", "bad number"),
        ("retail_price", "bad number"),
        ("retail_price", "bad number"),
        ("retail_price", "bad number"),
        ("superseded_by", "bad field"),
    ]
    with masters_db.reading() as session:
        assert session.get(Part, "ZZ5") is None


def test_a_barcode_for_no_pieces_or_on_another_part_is_refused_not_moved(
    masters_db: Database, tmp_path: Path
) -> None:
    file = tmp_path / "barcodes.csv"
    file.write_text(
        "barcode,part_number,qty_per_scan\n"
        "2116082159517,71053,1\n"
        "2620284585222,23126,0\n"
        "2620284585222,23126,²\n"
        "2620284585222,23126,6\n",
        encoding="utf-8",
    )

    report = import_barcodes(masters_db, file)

    assert (report.rows_read, report.rows_taken) == (4, 1)
    assert report.rejected == {"bad number": 2, "barcode on another part": 1}
    moved = report.rejections[0]
    assert "already on part 22633" in moved.message
    assert "Remove it from part 22633 first" in moved.message
    with masters_db.reading() as session:
        kept = session.get(Barcode, "02116082159517")
        loaded = session.get(Barcode, "02620284585222")
        assert kept is not None and loaded is not None
        assert (kept.part_number, loaded.qty_per_scan) == ("22633", 6)


# Fault 8: new stock goes to the orders waiting for it.


def test_new_stock_from_a_stock_file_goes_to_waiting_orders_oldest_first(
    orders_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "stock.csv"
    file.write_text(
        "depot,part_number,bin,second_bin,on_hand,min_qty,max_qty\n"
        "MAIN,23126,C-23-11-B,,6,2,50\n",
        encoding="utf-8",
    )

    before = pick_documents(orders_db)

    report = import_stock(orders_db, file, station)

    assert report.notes["orders allocated from new stock"] == 2
    assert stock_of(orders_db, "MAIN", "23126") == (6, 6)
    with orders_db.reading() as session:
        lines = session.execute(
            select(WebOrder.shop_order_no, OrderLine.quantity, OrderLine.status)
            .join(OrderLine.order)
            .where(OrderLine.part_number == "23126")
            .order_by(WebOrder.ordered_at, OrderLine.line_no)
        ).all()
    assert [tuple(line) for line in lines] == [
        ("545445", 4, "ready_to_pick"),
        ("545530", 2, "ready_to_pick"),
        ("545530", 2, "awaiting_stock"),
        ("546000", 4, "awaiting_stock"),
    ]
    assert pick_documents(orders_db) - before == Counter(["545445", "545530"])


def pick_documents(database: Database) -> Counter[str]:
    with database.reading() as session:
        return Counter(
            session.scalars(
                select(WebOrder.shop_order_no)
                .join(PrintJob, PrintJob.order_id == WebOrder.id)
                .where(PrintJob.document_type == "pick_document")
            )
        )


def test_stock_counted_below_what_orders_hold_is_taken_with_a_warning(
    orders_db: Database, station: Station, tmp_path: Path
) -> None:
    on_hand, allocated = stock_of(orders_db, "MAIN", "84997C")
    assert allocated == 4
    file = tmp_path / "stock.csv"
    file.write_text(
        "depot,part_number,bin,second_bin,on_hand,min_qty,max_qty\n"
        "MAIN,84997C,D-20-4-E,,1,2,50\n",
        encoding="utf-8",
    )

    report = import_stock(orders_db, file, station)

    assert report.rows_taken == 1
    assert report.notes["on hand below allocated"] == 1
    assert stock_of(orders_db, "MAIN", "84997C") == (1, 4)
    assert "Count bin D-20-4-E" in report.warnings[0]
    assert "on hand below allocated" in report.as_text()
    assert report.as_dict()["notes"] == {"on hand below allocated": 1}


# Fault 9: what a file in another encoding is told.


def test_a_file_not_in_utf8_is_refused_with_what_to_do(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "orders.csv"
    file.write_bytes(
        (HEADER + order_row("700001", description="CAFÉ")).encode("cp1252")
    )

    with pytest.raises(InputFileError, match="Save the file as UTF-8"):
        import_orders(masters_db, station, file)


# Fault 2, and the database's own refusals, on PostgreSQL.

SERVER = os.environ.get(
    "WAREHOUSE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432"
)


@pytest.fixture(scope="module")
def pg_masters() -> Iterator[Database]:
    name = f"warehouse_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server here
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL at {SERVER} is not reachable: {error}")
    database = Database(f"{SERVER}/{name}")
    try:
        database.upgrade()
        load_masters(database, Station("PG-1", "tester", "MAIN"))
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
def test_an_order_too_large_for_postgresql_is_refused_alone(
    pg_masters: Database, station: Station, tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("820001"),
        order_row("820002", quantity="999999", price="99999999"),
        order_row("820003"),
    )

    report = import_orders(pg_masters, station, file)

    assert report.orders_created == 2
    assert report.rejected == {"database refused": 1}
    refused = report.rejections[0]
    assert refused.line_number == 3
    assert "numeric field overflow" in refused.message
    assert "\n" not in refused.message and "INSERT" not in refused.message
    assert report.balanced
