"""A serial scanner on a real pty feeds the same scan handling as the wedge."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station.compose import Application, build, build_window
from tests.services.helpers import order_for, set_on_hand
from ui.main_window import MainWindow
from warehouse_app.persistence.database import Database
from warehouse_app.settings import Settings, StationSettings


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


@pytest.fixture
def window(
    masters_db: Database, tmp_path: Path, pty_pair: tuple[int, str], qtbot: QtBot
) -> Iterator[MainWindow]:
    station = replace(
        StationSettings(), print_folder=str(tmp_path), serial_scanner=pty_pair[1]
    )
    for kind in ("pick_document", "parcel_label", "invoice", "packing_list"):
        (tmp_path / kind).mkdir()
    application: Application = build(masters_db.url, Settings(station=station))
    window = build_window(application)
    qtbot.addWidget(window)
    window.scans.start()
    yield window
    window.scans.stop()
    window.printer.stop()


def test_serial_scans_open_the_order_and_pick_it(
    window: MainWindow, masters_db: Database, pty_pair: tuple[int, str], qtbot: QtBot
) -> None:
    station = window.app.station
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 2)])
    advice_note = window.app.picking.view(order_id).advice_note
    master = pty_pair[0]

    os.write(master, f"{advice_note}\r\n".encode())
    qtbot.waitUntil(lambda: window.pick_screen.view is not None, timeout=3000)
    os.write(master, b"2748708148843\r")
    os.write(master, b"2748708148843\n")

    qtbot.waitUntil(
        lambda: (
            window.pick_screen.view is not None and window.pick_screen.view.complete
        ),
        timeout=3000,
    )
    assert window.tabs.currentWidget() is window.pack_screen
