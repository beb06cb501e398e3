"""The print queue screen: ask-first documents wait; print, reprint and preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station.compose import build, build_window
from tests.services.helpers import order_for
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from ui.pdf_preview import PreviewDialog
from warehouse_app.persistence.database import Database
from warehouse_app.settings import PrinterSettings, Settings, StationSettings


@pytest.fixture
def window(masters_db: Database, station_window: WindowFactory) -> MainWindow:
    return station_window(masters_db, PrinterSettings(ask_first=("invoice",)))


def select(window: MainWindow, reference: str) -> None:
    view = window.queue_view
    view.reload()
    row = next(
        n for n, job in enumerate(view.model.rows) if job.document_ref == reference
    )
    view.table.selectRow(row)


def test_an_ask_first_invoice_waits_until_a_person_prints_it(
    window: MainWindow, masters_db: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    order_for(masters_db, window.app.station, [("POST", 1)])  # invoiced on arrival

    assert window.printer.print_now() == 0
    select(window, "INV000001")
    assert window.queue_view.model.rows[0].status == "queued"

    window.queue_view.print_now()

    qtbot.waitUntil(lambda: (tmp_path / "invoice" / "invoice-INV000001.pdf").exists())
    window.queue_view.reload()
    assert window.queue_view.model.rows[0].status == "printed"


def test_reprint_queues_a_new_job_and_preview_shows_the_pages(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    order_for(masters_db, window.app.station, [("POST", 1)])
    select(window, "INV000001")

    window.queue_view.reprint()
    window.queue_view.preview()

    refs = [job.document_ref for job in window.queue_view.model.rows]
    assert refs.count("INV000001") == 2
    dialog = window.queue_view.findChild(PreviewDialog)
    assert dialog is not None and len(dialog.pages) == 1
    assert dialog.pages[0].width() > 700  # an A4 page at 96 dpi is 794 wide


def test_a_printer_fault_is_told_to_the_person_at_the_station(
    masters_db: Database, tmp_path: Path, qtbot: QtBot
) -> None:
    from tests.services.helpers import set_on_hand

    settings = Settings(
        station=replace(StationSettings(), print_folder=str(tmp_path)),
        printers=PrinterSettings(pick_document="tcp://127.0.0.1:9?status=off"),
    )
    for kind in ("parcel_label", "invoice"):
        (tmp_path / kind).mkdir()
    window = build_window(build(masters_db.url, settings))
    qtbot.addWidget(window)
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_for(masters_db, window.app.station, [("71053", 1)])

    window.printer._run()  # one run of the queue, as the timer would start it

    assert window.band.tone is not None and window.band.tone.name == "BAD"
    # A pick document is A4: a ZPL label printer cannot take it.
    assert "cannot go to a ZPL label printer" in window.band.text()
    window.queue_view.reload()
    assert window.queue_view.model.rows[0].status == "failed"


def test_the_documents_of_an_order_are_found_from_the_orders_list(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    order_id = order_for(masters_db, window.app.station, [("POST", 1)])
    advice_note = window.app.picking.view(order_id).advice_note

    window.show_documents(advice_note)

    assert window.tabs.currentWidget() is window.queue_view
    assert [job.document_ref for job in window.queue_view.model.rows] == ["INV000001"]
