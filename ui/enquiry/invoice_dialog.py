"""One invoice as issued, opened from the customer history, with a reprint."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.shared import Column, PagedModel, money, table_for, when
from warehouse_app.services.enquiry.customer_history import InvoiceSummary, Purchase

COLUMNS: list[Column[Purchase]] = [
    Column("Part", lambda p: p.part_number),
    Column("Description", lambda p: p.description),
    Column("Quantity", lambda p: str(p.quantity), number=True),
    Column("Unit price", lambda p: money(p.unit_price), number=True),
    Column("Net", lambda p: money(p.net), number=True),
]


class InvoiceDialog(QDialog):
    """The invoice's header and lines; Reprint queues it for the printer."""

    reprint_requested = Signal(str)

    def __init__(self, invoice: InvoiceSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invoice = invoice
        self.setWindowTitle(f"Invoice {invoice.number}")
        header = QLabel(
            f"<b>Invoice {invoice.number}</b> of {when(invoice.at)}<br>"
            f"Customer {invoice.account} {invoice.name} · advice note"
            f" {invoice.advice_note}"
        )
        self.model: PagedModel[Purchase] = PagedModel(
            COLUMNS, lambda limit, offset: list(invoice.lines[offset : offset + limit])
        )
        self.model.load()
        table = table_for(self.model, stretch=1)
        totals = QLabel(
            f"Net {money(invoice.net_total)} · VAT {money(invoice.vat_total)}"
            f" · Total <b>{money(invoice.total)}</b>"
        )
        self.reprint = QPushButton("Reprint")
        close = QPushButton("Close")
        self.reprint.clicked.connect(
            lambda: self.reprint_requested.emit(self.invoice.number)
        )
        close.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(totals, 1)
        buttons.addWidget(self.reprint)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)
        self.resize(700, 400)
