"""Widget tests run without a display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from station.compose import build, build_window  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from warehouse_app.domain.documents import DocumentType  # noqa: E402
from warehouse_app.persistence.database import Database  # noqa: E402
from warehouse_app.settings import PrinterSettings, Settings, StationSettings  # noqa: E402

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def station_window(tmp_path: Path, qtbot: QtBot) -> Iterator[WindowFactory]:
    """Builds the real main window on a database, printing into tmp_path.

    Keyword arguments change the station settings; `printers=` gives the
    printer settings. The window's scanners and print runner stop after the
    test.
    """
    windows: list[MainWindow] = []

    def make(
        database: Database, printers: PrinterSettings | None = None, **station: Any
    ) -> MainWindow:
        for kind in DocumentType:
            (tmp_path / kind.value).mkdir(exist_ok=True)
        settings = Settings(
            station=replace(StationSettings(), print_folder=str(tmp_path), **station),
            printers=printers or PrinterSettings(),
        )
        window = build_window(build(database.url, settings))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.scans.stop()
        window.printer.stop()
