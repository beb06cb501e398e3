"""The enquiry and goods-in tabs in the station's window, fed by its scanners."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station.compose import build, build_window
from ui.enquiry.enquiry_view import PartsEnquiryView
from ui.goods_receipt_view import GoodsReceiptView
from ui.main_window import MainWindow, StationServices
from warehouse_app.persistence.database import Database
from warehouse_app.settings import Settings, StationSettings

# Until ui/main_window.py and station/compose.py build the two tabs (see
# docs/enquiry.md), these are skipped; once they do, they run.
pytestmark = pytest.mark.skipif(
    "enquiries" not in StationServices.__dataclass_fields__,
    reason="the enquiry tabs are not wired into ui/main_window.py yet",
)


@pytest.fixture
def window(masters_db: Database, tmp_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    settings = Settings(station=replace(StationSettings(), print_folder=str(tmp_path)))
    window = build_window(build(masters_db.url, settings))
    qtbot.addWidget(window)
    yield window
    window.printer.stop()


def tab(window: MainWindow, title: str) -> QWidget:
    titles = [window.tabs.tabText(n) for n in range(window.tabs.count())]
    assert title in titles, f"no {title!r} tab in {titles}"
    page = window.tabs.widget(titles.index(title))
    assert page is not None
    window.tabs.setCurrentWidget(page)
    return page


def test_a_scan_on_the_goods_in_tab_fills_the_part_and_its_bin(
    window: MainWindow,
) -> None:
    goods_in = tab(window, "Goods in")
    assert isinstance(goods_in, GoodsReceiptView)

    window.handle_scan("2748708148843")
    window.handle_scan("A-2-4-B")

    assert goods_in.part.text() == "02748708148843"  # as read: a GTIN-14
    assert goods_in.bin.text() == "A-2-4-B"


def test_goods_received_show_in_the_enquiry_and_on_the_band(window: MainWindow) -> None:
    goods_in = tab(window, "Goods in")
    enquiry = tab(window, "Parts enquiry")
    assert isinstance(enquiry, PartsEnquiryView)
    assert isinstance(goods_in, GoodsReceiptView)
    window.handle_scan("2748708148843")
    assert enquiry.depot_tab.model.text(0, "On hand") == "97"

    goods_in.take_scan("71053")
    goods_in.quantity.setText("5")
    goods_in.receive()

    assert "on hand 97 -> 102" in window.band.text()
    assert enquiry.depot_tab.model.text(0, "On hand") == "102"
