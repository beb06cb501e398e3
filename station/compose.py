"""The composition root: settings, database, printers, scanners, services, window.

Nothing else in the application reaches for globals; everything it needs is
built here and handed down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from printing.worker import PrintWorker
from station.opening import open_database
from station.printers import printers_for
from ui.main_window import MainWindow, StationServices
from ui.print_runner import PrintRunner
from ui.scan_router import ScanSources
from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services.documents import load_document
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.integration_status import IntegrationStatus
from warehouse_app.services.order_list import OrderList
from warehouse_app.services.packing import PackingService
from warehouse_app.services.part_labels import PartLabels
from warehouse_app.services.picking import PickingService
from warehouse_app.services.print_queue import PrintQueue
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService
from warehouse_app.settings import Settings, load_settings

log = logging.getLogger("warehouse.app")


@dataclass
class Application:
    settings: Settings
    database: Database
    station: Station
    orders: OrderList
    picking: PickingService
    packing: PackingService
    printer: PrintWorker
    print_queue: PrintQueue
    enquiries: Enquiries
    stock: StockService
    labels: PartLabels


def build(
    url: str | None = None, settings: Settings | None = None, upgrade: bool = True
) -> Application:
    settings = settings or load_settings()
    # A station copies SQLite's log back on a thread, not inside a scan.
    database = open_database(
        url, settings, background_checkpoints=True, upgrade=upgrade
    )
    station = Station.this_pc(settings.station.depot)
    folder = settings.station.print_folder_path()
    if not settings.station.print_folder:
        # Our own default folder; a configured one (a share) must exist already.
        for kind in DocumentType:
            (folder / kind.value).mkdir(parents=True, exist_ok=True)
    targets = printers_for(settings)
    serpentine = settings.station.walking_order == "serpentine"

    def load(session: Session, job: PrintJob) -> object:
        return load_document(session, job, settings.dealer, serpentine, station.depot)

    sub = settings.station.gs_substitute
    application = Application(
        settings=settings,
        database=database,
        station=station,
        orders=OrderList(database),
        picking=PickingService(database, station, sub, serpentine),
        packing=PackingService(database, station, sub),
        printer=PrintWorker(
            database,
            load,
            targets,
            frozenset(settings.printers.ask_first),
            settings.station.pick_by_zone,
        ),
        print_queue=PrintQueue(database, load),
        labels=PartLabels(database, station.depot),
        enquiries=Enquiries.on(database, station),
        stock=StockService(database, station),
    )
    log.info(
        "station %s on %s, depot %s, printing to %s",
        station.name,
        database.safe_url,
        station.depot,
        folder,
    )
    return application


def build_window(application: Application) -> MainWindow:
    """The station's main window with its scanners and print runner."""
    scans = ScanSources(application.settings.station)
    printer = PrintRunner(application.printer)
    services = StationServices(
        application.settings,
        application.station,
        application.orders,
        application.picking,
        application.packing,
        application.print_queue,
        enquiries=application.enquiries,
        stock=application.stock,
        labels=application.labels,
        integration=IntegrationStatus(
            application.database, application.station, application.settings
        ),
    )
    window = MainWindow(services, scans, printer)
    scans.setParent(window)
    printer.setParent(window)
    return window
