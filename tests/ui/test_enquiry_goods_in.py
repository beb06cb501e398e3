"""Goods in at the station, and what the enquiry screens show of it afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from ui.enquiry.enquiry_view import PartsEnquiryView
from ui.goods_receipt_view import GoodsReceiptView
from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService

LANTERN = "2748708148843"  # part 71053


@pytest.fixture
def goods_in(masters_db: Database, station: Station, qtbot: QtBot) -> GoodsReceiptView:
    view = GoodsReceiptView(StockService(masters_db, station))
    qtbot.addWidget(view)
    return view


def receive(
    view: GoodsReceiptView, part: str, quantity: str, bin_code: str = ""
) -> None:
    view.part.setText(part)
    view.choose_part(part)
    view.quantity.setText(quantity)
    if bin_code:
        view.bin.setText(bin_code)
    view.receive_button.click()


def test_a_receipt_of_5_units_shows_in_the_audit_trail_with_before_and_after(
    goods_in: GoodsReceiptView, masters_db: Database, qtbot: QtBot
) -> None:
    enquiry = PartsEnquiryView(Enquiries.on(masters_db), "MAIN")
    qtbot.addWidget(enquiry)
    goods_in.received.connect(lambda _part: enquiry.refresh())  # as the window does
    enquiry.take_scan("71053")
    enquiry.tabs.setCurrentWidget(enquiry.audit_tab)
    assert enquiry.depot_tab.model.text(0, "On hand") == "97"

    goods_in.document.setText("GRN-1001")
    goods_in.part.setText("71053")
    goods_in.choose_part("71053")
    assert goods_in.bin.text() == "A-2-4-B"  # its own bin, offered
    goods_in.quantity.setText("5")
    with qtbot.waitSignal(goods_in.received):
        goods_in.receive_button.click()

    assert goods_in.result.text() == (
        "Received 5 x 71053 into A-2-4-B at MAIN: on hand 97 -> 102."
    )
    trail = enquiry.audit_tab.model
    titles = ("Type", "Change", "Before", "After", "Bin", "Document", "User")
    assert [trail.text(row, "Type") for row in range(trail.rowCount())] == [
        "goods receipt",
        "opening balance",
        "opening balance",
    ]
    assert tuple(trail.text(0, title) for title in titles) == (
        "goods receipt",
        "+5",
        "97",
        "102",
        "A-2-4-B",
        "GRN-1001",
        "tester",
    )
    enquiry.tabs.setCurrentWidget(enquiry.depot_tab)
    assert enquiry.depot_tab.model.text(0, "On hand") == "102"
    assert enquiry.results.text(0, "Free at MAIN") == "102"


def test_a_barcode_scanned_into_the_quantity_box_is_refused(
    goods_in: GoodsReceiptView, masters_db: Database
) -> None:
    receive(goods_in, "71053", LANTERN)

    assert "not a plausible quantity" in goods_in.result.text()
    assert goods_in.quantity.text() == ""
    assert stock_of(masters_db, "MAIN", "71053") == (97, 0)


def test_a_scanned_part_fills_in_its_bin_and_a_scanned_bin_fills_the_bin(
    goods_in: GoodsReceiptView,
) -> None:
    goods_in.take_scan(LANTERN)
    assert (goods_in.part.text(), goods_in.bin.text()) == (LANTERN, "A-2-4-B")

    goods_in.take_scan("a-2-4-b")
    assert (goods_in.part.text(), goods_in.bin.text()) == (LANTERN, "A-2-4-B")


def test_a_new_part_with_no_bin_asks_for_one_and_keeps_the_bin_given(
    goods_in: GoodsReceiptView, masters_db: Database
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.add(
            Part(
                part_number="NEW-1",
                description="NEW LANTERN HOOK",
                group_code="LIGHTING",
                retail_price=Decimal("1.20"),
                vat_code="S",
                stock_item=True,
            )
        )
        uow.commit()

    receive(goods_in, "NEW-1", "4")

    assert "NEW-1 has no bin at MAIN yet" in goods_in.bin_hint.text()
    assert "has no bin at MAIN yet. Choose or scan the bin" in goods_in.result.text()
    assert goods_in.part.text() == "NEW-1"  # kept, to add the bin and go on

    goods_in.take_scan("Z-9-9-A")
    goods_in.quantity.setText("4")
    goods_in.receive_button.click()

    assert goods_in.result.text().startswith("Received 4 x NEW-1 into Z-9-9-A")
    assert StockService(masters_db, goods_in.stock.station).suggested_bin("NEW-1") == (
        "Z-9-9-A"
    )


def test_received_stock_goes_to_the_waiting_order_and_the_screen_says_so(
    goods_in: GoodsReceiptView, masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    waiting = order_of(masters_db, order_for(masters_db, station, [("22423", 2)]))

    receive(goods_in, "22423", "2")

    assert f"Pick document queued for {waiting.advice_note}." in goods_in.result.text()
    assert order_of(masters_db, waiting.id).status == OrderStatus.READY_TO_PICK
    assert goods_in.part.text() == "" and goods_in.quantity.text() == ""
