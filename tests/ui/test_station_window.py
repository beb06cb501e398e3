"""The real main window on the real orders, driven as a picker and packer would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station.compose import Application, build, build_window
from ui.main_window import MainWindow
from warehouse_app import sample_data
from warehouse_app.persistence.database import Database
from warehouse_app.services.order_import import import_orders
from warehouse_app.settings import Settings, StationSettings

# Barcodes from warehouse_app/sample_data/barcodes.csv, one unit a scan.
BARCODES = {
    "71053": "2748708148843",
    "84029G": "2338015032296",
    "84029E": "2857027679027",
    "22752": "2321440852584",
    "21730": "2537892775269",
}


@pytest.fixture
def application(masters_db: Database, tmp_path: Path) -> Application:
    settings = Settings(
        station=replace(
            StationSettings(), print_folder=str(tmp_path / "out"), refresh_seconds=0.2
        )
    )
    for kind in ("pick_document", "parcel_label", "invoice", "packing_list"):
        (tmp_path / "out" / kind).mkdir(parents=True)
    return build(masters_db.url, settings)


@pytest.fixture
def window(application: Application, qtbot: QtBot) -> Iterator[MainWindow]:
    window = build_window(application)
    qtbot.addWidget(window)
    window.scans.start()
    window.show()
    yield window
    window.scans.stop()
    window.printer.stop()


def scan(qtbot: QtBot, widget: object, code: str) -> None:
    """A keyboard-wedge scanner: a fast burst of keys, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_pick_pack_and_invoice_order_536365_by_wedge_scans(
    window: MainWindow, application: Application, qtbot: QtBot, tmp_path: Path
) -> None:
    import_orders(application.database, application.station, sample_data.ORDERS)
    window.orders_view.search.setText("536365")
    window.orders_view.reload()
    assert [row.status for row in window.orders_view.model.rows] == ["ready to pick"]
    field = window.pick_screen.keyed
    field.setFocus()

    advice_note = application.picking.view(
        application.picking.find_order("536365")
    ).advice_note
    scan(qtbot, field, advice_note)
    assert window.tabs.currentWidget() is window.pick_screen
    view = window.pick_screen.view
    assert view is not None and view.shop_order_no == "536365"
    # 85123A and 84406B have no stock at MAIN, 84029G and 21730 only 2 each:
    # those wait on backorder; the rest is picked now.
    assert [(t.part_number, t.remaining) for t in view.tasks] == [
        ("71053", 6),
        ("84029G", 2),
        ("21730", 2),
        ("84029E", 6),
        ("22752", 2),
    ]

    scan(qtbot, field, "2359644115471")  # part 16010: not on this order
    assert window.band.tone is not None and window.band.tone.name == "BAD"
    assert "Wrong part" in window.band.text()
    assert window.pick_screen.view == view

    while window.pick_screen.view and window.pick_screen.view.tasks:
        task = window.pick_screen.current_task()
        assert task is not None
        assert window.pick_screen.bin_label.text() == task.bin
        scan(qtbot, field, BARCODES[task.part_number])
        assert window.band.tone is not None and window.band.tone.name == "GOOD"
    assert field.text() == ""
    assert window.tabs.currentWidget() is window.pack_screen

    qtbot.mouseClick(window.pack_screen.pack_all, Qt.MouseButton.LeftButton)
    window.pack_screen.weight.setFocus()
    qtbot.keyClicks(window.pack_screen.weight, "4.2")
    qtbot.keyClick(window.pack_screen.weight, Qt.Key.Key_Return)

    packed = window.pack_screen.view
    assert packed is not None and packed.invoice_number is not None
    # Four orders of the file are charges only; they were invoiced on arrival.
    assert packed.invoice_number == "INV000005"
    while window.printer.print_now():
        pass
    invoice = tmp_path / "out" / "invoice" / "invoice-INV000005.pdf"
    text = "".join(page.extract_text() for page in PdfReader(invoice).pages)
    assert "Invoice number INV000005" in text
    # 6 x 3.39 + 2 x 3.39 + 6 x 3.39 + 2 x 7.65 + 2 x 4.25 = 71.26 net;
    # VAT 20 % = 14.252, to the penny 14.25; total 85.51.
    assert "£71.26" in text and "£14.25" in text and "£85.51" in text
    assert "To follow when in stock: 6 x 85123A" in text
    labels = list((tmp_path / "out" / "parcel_label").glob("*.pdf"))
    assert len(labels) == 1
    packing = tmp_path / "out" / "packing_list" / "packing_list-AN000001.pdf"
    listed = "".join(page.extract_text() for page in PdfReader(packing).pages)
    assert "21730" in listed and "84029E" in listed


def test_the_orders_list_refreshes_when_another_process_imports(
    window: MainWindow, application: Application, qtbot: QtBot, tmp_path: Path
) -> None:
    file = tmp_path / "two-orders.csv"
    file.write_text(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "800001,71053,WHITE METAL LANTERN,1,2026-12-01 09:00:00,3.39,17850.0,United Kingdom\n"
        "800002,22752,SET 7 BABUSHKA NESTING BOXES,1,2026-12-01 09:01:00,7.65,,United Kingdom\n",
        encoding="utf-8",
    )
    assert window.orders_view.model.rowCount() == 0

    subprocess.run(
        [
            sys.executable,
            "-m",
            "station",
            "--db",
            application.database.url,
            "import",
            "orders",
            str(file),
            "--no-print",
        ],
        check=True,
        capture_output=True,
    )

    qtbot.waitUntil(lambda: window.orders_view.model.rowCount() == 2, timeout=2000)
