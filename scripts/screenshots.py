"""Take the README's screenshots from the real app on the sample data.

Run under a virtual screen:  xvfb-run -a .venv/bin/python scripts/screenshots.py
It builds a demo database in a temporary folder, opens the real main window,
feeds it scans as a wedge scanner would, and saves what the window shows.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from station.compose import build, build_window
from warehouse_app.persistence.database import Database
from warehouse_app.services.demo import build_demo
from warehouse_app.services.station import Station
from warehouse_app.settings import Settings, StationSettings

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="warehouse-shots-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    build_demo(Database(url), Station("PICK-1", "dana", "MAIN"))
    settings = Settings(station=replace(StationSettings(), print_folder=str(folder)))
    for kind in ("pick_document", "parcel_label", "invoice", "packing_list"):
        (folder / kind).mkdir()
    application = build(url, settings)
    window = build_window(application)
    window.resize(1280, 820)
    window.show()
    settle()
    window.grab().save(str(OUT / "incoming-orders.png"))

    order_id = application.picking.find_order("536365")
    window.handle_scan(application.picking.view(order_id).advice_note)
    window.handle_scan("2748708148843")
    settle()
    window.grab().save(str(OUT / "pick-screen.png"))
    window.handle_scan("2359644115471")
    settle()
    window.grab().save(str(OUT / "wrong-part.png"))
    for code in ["2748708148843"] * 5 + ["2338015032296"] * 2 + ["2537892775269"] * 2:
        window.handle_scan(code)
    for code in ["2857027679027"] * 6 + ["2321440852584"] * 2:
        window.handle_scan(code)
    window.pack_everything()
    settle()
    window.grab().save(str(OUT / "pack-screen.png"))
    window.close_parcel("4.2")
    settle()
    assert window.enquiry is not None
    window.tabs.setCurrentWidget(window.enquiry)
    window.enquiry.search_box.setText("lantern")
    window.enquiry.search()
    window.enquiry.show_part_number("71053")
    window.enquiry.tabs.setCurrentWidget(window.enquiry.audit_tab)
    settle()
    window.grab().save(str(OUT / "parts-enquiry.png"))
    app.quit()


if __name__ == "__main__":
    main()
