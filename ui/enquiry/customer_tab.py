"""History by customer: what an account bought; who bought a part; invoices."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.invoice_dialog import InvoiceDialog
from ui.enquiry.shared import Column, EnquiryTab, PagedModel, money, table_for, when
from warehouse_app.services.enquiry.customer_history import (
    Buyer,
    CustomerHistory,
    Purchase,
)

PURCHASE_COLUMNS: list[Column[Purchase]] = [
    Column("Date", lambda p: when(p.at)),
    Column("Part", lambda p: p.part_number),
    Column("Description", lambda p: p.description),
    Column("Quantity", lambda p: str(p.quantity), number=True),
    Column("Price paid", lambda p: money(p.unit_price), number=True),
    Column("Net", lambda p: money(p.net), number=True),
    Column("Invoice", lambda p: p.invoice_number),
]

BUYER_COLUMNS: list[Column[Buyer]] = [
    Column("Account", lambda b: b.account),
    Column("Customer", lambda b: b.name),
    Column("Quantity", lambda b: str(b.quantity), number=True),
    Column("Invoices", lambda b: str(b.invoices), number=True),
    Column("Last bought", lambda b: when(b.last_bought)),
]


class CustomerTab(EnquiryTab):
    """Top: the customers who bought the part. Bottom: an account's purchases.

    Double-click a customer to see what they bought; double-click a purchase
    (or press Open invoice) to open its invoice, and reprint it from there.
    """

    def __init__(
        self, customers: CustomerHistory, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.customers = customers
        self.part_number = ""
        self.account = ""
        self.dialog: InvoiceDialog | None = None
        self.buyers: PagedModel[Buyer] = PagedModel(BUYER_COLUMNS, self._buyer_rows)
        self.purchases: PagedModel[Purchase] = PagedModel(
            PURCHASE_COLUMNS, self._purchase_rows
        )
        self.buyer_caption = QLabel()
        self.account_box = QLineEdit()
        self.account_box.setPlaceholderText("Customer account")
        self.this_part_only = QCheckBox("This part only")
        self.customer_name = QLabel()
        self.open_button = QPushButton("Open invoice")
        self.buyer_table = table_for(self.buyers, stretch=1)
        self.purchase_table = table_for(self.purchases, stretch=2)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.buyer_caption)
        upper_layout.addWidget(self.buyer_table)
        lower = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Account"))
        bar.addWidget(self.account_box)
        bar.addWidget(self.customer_name, 1)
        bar.addWidget(self.this_part_only)
        bar.addWidget(self.open_button)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.purchase_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.account_box.returnPressed.connect(
            lambda: self.guard(lambda: self.show_account(self.account_box.text()))
        )
        self.this_part_only.toggled.connect(lambda _on: self.guard(self.purchases.load))
        self.buyer_table.doubleClicked.connect(self._open_buyer)
        self.purchase_table.doubleClicked.connect(lambda _i: self._open_selected())
        self.open_button.clicked.connect(self._open_selected)
        for model in (self.buyers, self.purchases):
            model.failed.connect(lambda text: self.message.emit(False, text))

    def show_part(self, part_number: str) -> None:
        self.part_number = part_number
        self.buyer_caption.setText(f"Customers who bought {part_number}")
        self.this_part_only.setText(f"{part_number} only")
        self.buyers.load()
        if self.this_part_only.isChecked():
            self.purchases.load()

    def show_account(self, account: str) -> None:
        """Every part the account bought, newest first."""
        key = account.strip().upper()
        self.customer_name.setText(self.customers.customer_name(key))
        self.account = key
        self.account_box.setText(key)
        self.purchases.load()

    def open_invoice(self, number: str) -> InvoiceDialog:
        """Show one invoice; its Reprint button queues it to print again."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = InvoiceDialog(self.customers.invoice(number), self)
        self.dialog.reprint_requested.connect(
            lambda invoice: self.guard(lambda: self.reprint(invoice))
        )
        self.dialog.show()
        return self.dialog

    def reprint(self, number: str) -> None:
        self.message.emit(True, self.customers.reprint_invoice(number))

    def _open_buyer(self, index: QModelIndex) -> None:
        account = self.buyers.rows[index.row()].account
        self.guard(lambda: self.show_account(account))

    def _open_selected(self) -> None:
        index = self.purchase_table.currentIndex()
        if not index.isValid():
            self.message.emit(False, "Choose a purchase first, then open its invoice.")
            return
        number = self.purchases.rows[index.row()].invoice_number
        self.guard(lambda: self._open(number))

    def _open(self, number: str) -> None:
        self.open_invoice(number)

    def _buyer_rows(self, limit: int, offset: int) -> list[Buyer]:
        if not self.part_number:
            return []
        return self.customers.buyers(self.part_number, limit, offset)

    def _purchase_rows(self, limit: int, offset: int) -> list[Purchase]:
        if not self.account:
            return []
        part = self.part_number if self.this_part_only.isChecked() else ""
        return self.customers.purchases(self.account, part, limit, offset)
