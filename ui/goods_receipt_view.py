"""Goods in: scan or type a part, key the quantity, confirm the bin, receive.

The bin is filled in with the part's own bin; a part with no bin at this
depot asks for one, which becomes its bin. What the stock did next (which
waiting orders got it, which pick documents are printing) is shown.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.shared import guarded
from warehouse_app.domain.scans import ScanRefused, plausible_quantity
from warehouse_app.services.errors import NotFound, WarehouseError
from warehouse_app.services.stock_service import StockService

log = logging.getLogger("warehouse.ui")


class GoodsReceiptView(QWidget):
    message = Signal(bool, str)  # (ok, text) for the feedback band
    received = Signal(str)  # the part as it was scanned or typed

    def __init__(self, stock: StockService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stock = stock
        self.part = QLineEdit()
        self.part.setPlaceholderText("Scan or type the part number or barcode")
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("How many came")
        self.bin = QLineEdit()
        self.bin.setPlaceholderText("Bin: scan its label or type it")
        self.bin_hint = QLabel()
        self.document = QLineEdit()
        self.document.setPlaceholderText("Delivery note or receipt number")
        self.receive_button = QPushButton("Receive")
        self.result = QLabel()
        self.result.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Part", self.part)
        form.addRow("Quantity", self.quantity)
        form.addRow("Bin", self.bin)
        form.addRow("", self.bin_hint)
        form.addRow("Delivery note", self.document)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.receive_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addStretch(1)

        self.part.returnPressed.connect(lambda: self.choose_part(self.part.text()))
        self.quantity.returnPressed.connect(self.bin.setFocus)
        self.bin.returnPressed.connect(self.receive)
        self.receive_button.clicked.connect(self.receive)

    def take_scan(self, code: str) -> None:
        """A scan on this screen: a part we know, or else the bin for the part."""
        try:
            self._suggest(code)
        except NotFound as unknown:
            if not self.part.text().strip():
                self._report(False, str(unknown))
                return
            self.bin.setText(code.strip().upper())
            self.bin_hint.setText(f"Into bin {self.bin.text()}.")
            self.quantity.setFocus()
        except WarehouseError as refusal:
            self._report(False, str(refusal))
        else:
            self.part.setText(code.strip())

    def choose_part(self, text: str) -> None:
        """Fill in the part's bin, or ask for one when it has none here."""
        guarded(lambda: self._suggest(text), self._report)

    def receive(self) -> None:
        """Book the goods in through the stock service, one unit of work."""
        part = self.part.text().strip()
        if not part:
            self._report(False, "Scan or type the part first, then its quantity.")
            self.part.setFocus()
            return
        try:
            quantity = plausible_quantity(self.quantity.text())
        except ScanRefused as refusal:
            self.quantity.clear()
            self.quantity.setFocus()
            self._report(False, str(refusal))
            return
        bin_code = self.bin.text().strip() or None
        done = guarded(lambda: self._receive(part, quantity, bin_code), self._report)
        if not done and not bin_code:
            self.bin.setFocus()

    def _receive(self, part: str, quantity: int, bin_code: str | None) -> None:
        result = self.stock.receive_goods(
            part, quantity, bin_code, self.document.text()
        )
        log.debug("goods in at the station: %s", result.message)
        self._report(True, result.message)
        self.received.emit(part)
        # The delivery note stays: the next part is usually on it too.
        for box in (self.part, self.quantity, self.bin):
            box.clear()
        self.bin_hint.clear()
        self.part.setFocus()

    def _suggest(self, text: str) -> None:
        suggested = self.stock.suggested_bin(text)
        self.bin.setText(suggested or "")
        if suggested:
            self.bin_hint.setText(f"Its bin here: {suggested}.")
            self.quantity.setFocus()
        else:
            self.bin_hint.setText(
                f"{text.strip().upper()} has no bin at {self.stock.station.depot}"
                " yet: choose or scan the bin to put it in. It becomes its bin."
            )
            self.bin.setFocus()

    def _report(self, ok: bool, text: str) -> None:
        self.result.setText(text)
        self.message.emit(ok, text)
