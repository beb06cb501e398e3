"""Master files: every row taken or reported; stock quantities enter the ledger."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.services.helpers import stock_of
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import StockMovement
from warehouse_app.services.masters import import_barcodes, import_stock
from warehouse_app.services.station import Station


def test_a_barcode_with_a_wrong_check_digit_is_reported_not_loaded(
    masters_db: Database, tmp_path: Path
) -> None:
    file = tmp_path / "barcodes.csv"
    file.write_text(
        "barcode,part_number,qty_per_scan\n"
        "2748708148844,71053,1\n"
        "0036000291452,71053,1\n"
        "5000000000005,NOPART,1\n",
        encoding="utf-8",
    )

    report = import_barcodes(masters_db, file)

    assert (report.rows_read, report.rows_taken) == (3, 1)
    assert report.rejected == {"bad check digit": 1, "unknown part": 1}
    assert report.rejections[0].message.startswith("barcodes.csv line 2, barcode:")


def test_loading_stock_again_records_the_difference_as_a_stock_check(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    file = tmp_path / "stock.csv"
    file.write_text(
        "depot,part_number,bin,second_bin,on_hand,min_qty,max_qty\n"
        "MAIN,71053,A-2-4-B,,90,2,50\n"
        "MAIN,71053X,A-2-4-B,,1,2,50\n"
        "MAIN,22752,C-11-2-A,,minus,2,50\n",
        encoding="utf-8",
    )

    report = import_stock(masters_db, file, station)

    assert report.rejected == {"bad number": 1, "unknown part": 1}
    assert stock_of(masters_db, "MAIN", "71053") == (90, 0)
    with masters_db.reading() as session:
        movements = session.scalars(
            select(StockMovement)
            .where(StockMovement.part_number == "71053", StockMovement.depot == "MAIN")
            .order_by(StockMovement.seq)
        ).all()
    assert [(m.movement_type, m.qty_before, m.qty_after) for m in movements] == [
        ("opening_balance", 0, 97),
        ("stock_check", 97, 90),
    ]
