"""The station's main window: incoming orders, pick and pack, one scan at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.enquiry_view import PartsEnquiryView
from ui.feedback import FeedbackBand, Sounds, Tone
from ui.goods_receipt_view import GoodsReceiptView
from ui.integration_view import IntegrationView
from ui.orders_view import OrdersView
from ui.pack_screen import PackScreen
from ui.pick_screen import PickScreen
from ui.print_queue_view import PrintQueueView
from ui.print_runner import PrintRunner
from ui.scan_log import ScanLog
from ui.scan_router import ScanSources
from ui.station_menu import install_menu
from warehouse_app.domain.keyboard_layout import diagnose, is_layout_test
from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.domain.scans import (
    Command,
    ScanKind,
    ScanRefused,
    plausible_quantity,
    read_scan,
)
from warehouse_app.domain.words import plural
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.integration_status import IntegrationStatus
from warehouse_app.services.order_list import OrderList
from warehouse_app.services.packing import PackingService, PackView
from warehouse_app.services.part_labels import PartLabels
from warehouse_app.services.picking import PickingService, PickView
from warehouse_app.services.print_queue import PrintQueue
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService
from warehouse_app.settings import Settings

log = logging.getLogger("warehouse.ui")

PICK_STATUSES = {OrderStatus.READY_TO_PICK, OrderStatus.PICKING}


@dataclass(frozen=True)
class StationServices:
    """What the window needs from the back office, handed in by the composition root."""

    settings: Settings
    station: Station
    orders: OrderList
    picking: PickingService
    packing: PackingService
    print_queue: PrintQueue | None = None
    labels: PartLabels | None = None
    settings_file: Path | None = None
    enquiries: Enquiries | None = None
    stock: StockService | None = None
    integration: IntegrationStatus | None = None


class MainWindow(QMainWindow):
    def __init__(
        self, application: StationServices, scans: ScanSources, printer: PrintRunner
    ) -> None:
        super().__init__()
        self.app = application
        self.scans = scans
        self.printer = printer
        self.order_id: int | None = None
        settings = application.settings.station
        self._set_title(application.station.user)
        self.band = FeedbackBand(Sounds(self))
        self.orders_view = OrdersView(application.orders, settings.refresh_seconds)
        self.pick_screen = PickScreen()
        self.pack_screen = PackScreen()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.orders_view, "Incoming orders")
        self.tabs.addTab(self.pick_screen, "Pick")
        self.tabs.addTab(self.pack_screen, "Pack")
        self.scan_log = ScanLog()
        self.tabs.addTab(self.scan_log, "Scan log")
        if application.print_queue is not None:
            self.queue_view = PrintQueueView(application.print_queue, printer.worker)
            self.queue_view.message.connect(
                lambda ok, text: self.band.good(text) if ok else self._refuse(text)
            )
            self.tabs.addTab(self.queue_view, "Print queue")
            self.orders_view.documents_requested.connect(self.show_documents)
        self.enquiry: PartsEnquiryView | None = None
        self.goods_in: GoodsReceiptView | None = None
        if application.enquiries is not None:
            self.enquiry = PartsEnquiryView(
                application.enquiries, application.station.depot
            )
            self.enquiry.message.connect(self._tell)
            self.tabs.addTab(self.enquiry, "Parts enquiry")
        if application.stock is not None:
            self.goods_in = GoodsReceiptView(application.stock)
            self.goods_in.message.connect(self._tell)
            self.goods_in.received.connect(self._goods_received)
            self.tabs.addTab(self.goods_in, "Goods in")
        self.integration: IntegrationView | None = None
        if application.integration is not None:
            self.integration = IntegrationView(application.integration)
            self.integration.message.connect(self._tell)
            self.tabs.addTab(self.integration, "Web shop link")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.band)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1200, 800)

        self.orders_view.order_opened.connect(self.open_order)
        self.pick_screen.short_pick_requested.connect(self.short_pick)
        self.pick_screen.undo_requested.connect(self.undo_last_scan)
        self.pick_screen.next_line_requested.connect(self.pick_screen.skip_line)
        self.pick_screen.code_keyed.connect(self.handle_scan)
        self.pack_screen.pack_everything_requested.connect(self.pack_everything)
        self.pack_screen.close_parcel_requested.connect(self.close_parcel)
        scans.scanned.connect(self.handle_scan)
        scans.scanner_status.connect(self._scanner_status)
        self.scanner_label = QLabel("Scanner: keyboard wedge")
        self.statusBar().addPermanentWidget(self.scanner_label)
        install_menu(self)
        printer.failed.connect(self._print_failed)
        printer.finished.connect(
            lambda n: self.statusBar().showMessage(
                f"{plural(n, 'document')} printed", 5000
            )
        )

    # Modal questions go through these two, so a test can answer them.
    def ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Warehouse station", question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Warehouse station", question)
        return text if ok and text.strip() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.band.acknowledge()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.scans.stop()
        self.printer.stop()
        super().closeEvent(event)

    def handle_scan(self, text: str, source: str = "keyed") -> None:
        """One scan from any scanner, or keyed by hand, logged with its outcome."""
        self._handle(text)
        refused = self.band.tone is Tone.BAD
        self.scan_log.add(source, text, not refused, self.band.text())

    def _handle(self, text: str) -> None:
        self.band.acknowledge()
        if is_layout_test(text):
            diagnosis = diagnose(text)
            log.info("keyboard layout test: %s", diagnosis.message)
            if diagnosis.ok:
                self.band.good(diagnosis.message)
            else:
                self._refuse(diagnosis.message)
            return
        try:
            reading = read_scan(text, self.app.settings.station.gs_substitute)
        except ScanRefused as refusal:
            self._refuse(str(refusal))
            return
        if reading.kind == ScanKind.ADVICE_NOTE:
            self._guard(
                lambda: self.open_order(self.app.picking.find_order(reading.value))
            )
        elif reading.kind == ScanKind.COMMAND:
            self._command(Command(reading.value))
        elif reading.kind == ScanKind.STAFF_BADGE:
            self.sign_in(reading.value)
        elif self.tabs.currentWidget() is self.pick_screen and self.order_id:
            self._guard(lambda: self._pick(text))
        elif self.tabs.currentWidget() is self.pack_screen and self.order_id:
            self._guard(lambda: self._pack(text))
        elif self.goods_in is not None and self.tabs.currentWidget() is self.goods_in:
            self.goods_in.take_scan(reading.value)
        elif self.enquiry is not None and self.tabs.currentWidget() is self.enquiry:
            self.enquiry.take_scan(reading.value)
        else:
            self._refuse(
                "No order is open. Scan the advice note barcode on the pick"
                " document first."
            )

    def sign_in(self, badge: str) -> None:
        """A staff badge was scanned: what the station does next is signed with it."""
        for service in (self.app.picking, self.app.packing):
            service.station = replace(service.station, user=badge[:40])
        if self.app.stock is not None:
            self.app.stock.station = replace(self.app.stock.station, user=badge[:40])
        self._set_title(badge)
        log.info("staff %s signed in at %s", badge, self.app.station.name)
        self.band.notice(
            f"Signed in: {badge}. Your scans are now signed with your name."
        )

    def _set_title(self, user: str) -> None:
        self.setWindowTitle(
            f"Warehouse station {self.app.station.name}"
            f" · depot {self.app.station.depot} · {user}"
        )

    def open_order(self, order_id: int) -> None:
        self.order_id = order_id
        view = self.app.picking.view(order_id)
        status = OrderStatus(view.status)
        if status in PICK_STATUSES:
            self.pick_screen.show_view(view)
            self.tabs.setCurrentWidget(self.pick_screen)
            self.band.notice(f"Order {view.shop_order_no} open for picking")
        elif status == OrderStatus.PICKED:
            self._show_pack()
            self.band.notice(f"Order {view.shop_order_no} picked: pack it")
        else:
            self.pick_screen.show_view(view)
            self._show_pack()
            self.tabs.setCurrentWidget(self.pick_screen)
            self.band.notice(
                f"Order {view.shop_order_no} is {status.value}: nothing to pick"
            )

    def short_pick(self) -> None:
        task = self.pick_screen.current_task()
        if self.order_id is None or task is None:
            self._refuse(
                "There is no line to short pick: open an order that is"
                " being picked first."
            )
            return
        if not self.ask(
            f"Only {task.picked} of {task.quantity} x {task.part_number} found in"
            f" bin {task.bin}? The rest goes on backorder."
        ):
            return
        self._guard(
            lambda: self._after_pick(
                self.app.picking.short_pick(self.order_id or 0, task.line_id).view,
                f"Backorder: {task.remaining} x {task.part_number}",
            )
        )

    def undo_last_scan(self) -> None:
        if self.order_id is None:
            return
        self._guard(lambda: self._after_pick(*self._undo()))

    def pack_everything(self) -> None:
        if self.order_id is not None:
            order_id = self.order_id
            self._guard(
                lambda: self._after_pack(self.app.packing.pack_everything(order_id))
            )

    def close_parcel(self, weight: str) -> None:
        if self.order_id is None or self.tabs.currentWidget() is not self.pack_screen:
            self._refuse("Close parcel works on the pack screen: open a picked order.")
            return
        order_id = self.order_id
        self._guard(
            lambda: self._after_pack(
                self.app.packing.close_parcel(order_id, weight), closed=True
            )
        )

    def _undo(self) -> tuple[PickView, str]:
        outcome = self.app.picking.undo_last_scan(self.order_id or 0)
        return outcome.view, outcome.message

    def _pick(self, text: str) -> None:
        times = 1
        count = self.pick_screen.count.text().strip()
        if count:
            try:
                times = plausible_quantity(count)
            except ScanRefused as refusal:
                self.pick_screen.count.clear()
                raise WarehouseError(str(refusal)) from refusal
        outcome = self.app.picking.scan(self.order_id or 0, text, times)
        self.pick_screen.count.clear()
        self._after_pick(outcome.view, outcome.message)

    def _after_pick(self, view: PickView, message: str) -> None:
        self.pick_screen.show_view(view)
        if view.complete and OrderStatus(view.status) == OrderStatus.PICKED:
            self._show_pack()
            self.band.good(
                f"{message}. Order {view.shop_order_no} fully picked: pack it now"
            )
        else:
            self.band.good(message)

    def _pack(self, text: str) -> None:
        self._after_pack(self.app.packing.pack_scan(self.order_id or 0, text))

    def _after_pack(self, view: PackView, closed: bool = False) -> None:
        self.pack_screen.show_view(view)
        if view.invoice_number:
            self.pack_screen.weight.clear()
            self.printer.kick()
            self.band.good(
                f"Packed. Invoice {view.invoice_number} made;"
                " labels and invoice printing"
            )
        elif closed:
            self.pack_screen.weight.clear()
            self.band.good("Parcel closed. Scan the next items into a new parcel")
        else:
            items = plural(view.open_parcel_items, "item")
            self.band.good(f"Parcel {view.open_parcel}: {items}")

    def _show_pack(self) -> None:
        if self.order_id is not None:
            self.pack_screen.show_view(self.app.packing.view(self.order_id))
            self.tabs.setCurrentWidget(self.pack_screen)

    def _command(self, command: Command) -> None:
        actions: dict[Command, Callable[[], None]] = {
            Command.SHORT_PICK: self.short_pick,
            Command.NEXT_LINE: self.pick_screen.skip_line,
            Command.UNDO_LAST_SCAN: self.undo_last_scan,
            Command.CLOSE_PARCEL: lambda: self.close_parcel(
                self.pack_screen.weight.text()
            ),
        }
        actions[command]()

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except WarehouseError as error:
            self._refuse(str(error))
        except Exception:  # a bug: keep the station running, keep the evidence
            log.exception("unexpected failure handling a scan or command")
            self._refuse(
                "Something went wrong that the station did not expect. It has been"
                " logged; tell the supervisor, and check the order on screen"
                " before you scan again."
            )

    def _tell(self, ok: bool, message: str) -> None:
        """A screen's message for the band: good news, or a refusal."""
        if ok:
            self.band.good(message)
        else:
            self._refuse(message)

    def _goods_received(self, _part: str) -> None:
        if self.enquiry is not None:
            self.enquiry.refresh()

    def _refuse(self, message: str) -> None:
        log.warning("refused: %s", message)
        self.band.bad(message)

    def show_documents(self, advice_note: str) -> None:
        """The print jobs of one order, to reprint or preview any of them."""
        self.queue_view.search.setText(advice_note)
        self.queue_view.reload()
        self.tabs.setCurrentWidget(self.queue_view)

    def _print_failed(self, message: str) -> None:
        """A printer fault is for the person at the station: paper, power, cable."""
        self.statusBar().showMessage(message, 60_000)
        if self.band.tone is not Tone.BAD:
            self.band.bad(message)

    def _scanner_status(self, state: str, message: str) -> None:
        self.scanner_label.setText(f"Serial scanner: {state}")
        if state == "connected":
            self.band.notice(message)
        else:
            self.band.bad(message)
