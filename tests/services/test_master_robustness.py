"""Master files that must not slip through: numbers, prices, barcodes, stock."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from tests.services.helpers import stock_of
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Barcode,
    OrderLine,
    Part,
    PrintJob,
    WebOrder,
)
from warehouse_app.services.masters import (
    import_barcodes,
    import_parts,
    import_stock,
)
from warehouse_app.services.station import Station

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


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
