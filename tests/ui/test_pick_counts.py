"""Counts keyed for a bulk pick, staff badges, and scans while a field has focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.services.helpers import order_for, set_on_hand, stock_of
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import StockMovement

LANTERN = "2748708148843"


@pytest.fixture
def window(masters_db: Database, station_window: WindowFactory) -> MainWindow:
    window = station_window(masters_db)
    window.scans.start()
    window.show()
    return window


def wedge(qtbot: QtBot, widget: object, code: str) -> None:
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def open_lantern_order(window: MainWindow, masters_db: Database, quantity: int) -> int:
    set_on_hand(masters_db, "MAIN", "71053", 50)
    order_id = order_for(masters_db, window.app.station, [("71053", quantity)])
    window.open_order(order_id)
    return order_id


def test_a_keyed_count_then_one_scan_picks_that_many(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    open_lantern_order(window, masters_db, 12)
    count = window.pick_screen.count
    count.setFocus()
    qtbot.keyClicks(count, "10", delay=120)  # a person typing
    assert count.text() == "10"

    wedge(qtbot, count, LANTERN)  # the scan arrives while the count box has focus

    task = window.pick_screen.current_task()
    assert task is not None and task.picked == 10
    assert count.text() == ""
    assert stock_of(masters_db, "MAIN", "71053") == (40, 2)


def test_a_barcode_in_the_count_box_is_refused_as_an_implausible_count(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    open_lantern_order(window, masters_db, 3)
    window.pick_screen.count.setText(LANTERN)

    wedge(qtbot, window.pick_screen.keyed, LANTERN)

    assert window.band.tone is not None and window.band.tone.name == "BAD"
    assert "not a plausible quantity" in window.band.text()
    task = window.pick_screen.current_task()
    assert task is not None and task.picked == 0


def test_a_staff_badge_signs_the_next_picks_with_that_name(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    open_lantern_order(window, masters_db, 2)

    wedge(qtbot, window, "STAFF0042")
    wedge(qtbot, window, LANTERN)

    assert "0042" in window.windowTitle()
    with masters_db.reading() as session:
        issue = session.scalars(
            select(StockMovement).where(StockMovement.movement_type == "issue_on_sale")
        ).one()
    assert issue.user == "0042"


def test_the_keyboard_layout_test_code_says_the_layouts_match(
    window: MainWindow, qtbot: QtBot
) -> None:
    from warehouse_app.domain.keyboard_layout import TEST_CODE

    window.handle_scan(TEST_CODE, "wedge")

    assert window.band.tone is not None and window.band.tone.name == "GOOD"
    assert window.scan_log.model.rowCount() == 1


def test_a_german_pc_behind_a_us_scanner_is_named_with_what_to_change(
    window: MainWindow, qtbot: QtBot
) -> None:
    from warehouse_app.domain.keyboard_layout import (
        GERMAN,
        TEST_CODE,
        US,
        typed_through,
    )

    window.handle_scan(typed_through(US, GERMAN, TEST_CODE), "wedge")

    assert window.band.tone is not None and window.band.tone.name == "BAD"
    assert "German" in window.band.text()


def test_every_scan_lands_in_the_scan_log_with_its_outcome(
    window: MainWindow, masters_db: Database, qtbot: QtBot
) -> None:
    open_lantern_order(window, masters_db, 2)

    wedge(qtbot, window, LANTERN)
    wedge(qtbot, window, "2359644115471")

    model = window.scan_log.model
    assert model.rowCount() == 2
    newest = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "wedge" in newest and "2359644115471" in newest
