"""The pack screen: picked goods into parcels, a weight, then labels and invoice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from warehouse_app.domain.words import plural
from warehouse_app.services.packing import PackView


class PackScreen(QWidget):
    pack_everything_requested = Signal()
    close_parcel_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PackView | None = None
        self.header = QLabel("No order open for packing.")
        font = QFont()
        font.setPointSize(14)
        font.setBold(True)
        self.header.setFont(font)
        self.parcel_label = QLabel("")
        big = QFont()
        big.setPointSize(22)
        big.setBold(True)
        self.parcel_label.setFont(big)
        self.lines = QTableWidget(0, 4)
        self.lines.setHorizontalHeaderLabels(
            ["Part", "Description", "Picked", "Packed"]
        )
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pack_all = QPushButton("Put everything picked into this parcel")
        self.weight = QLineEdit()
        self.weight.setPlaceholderText("Weight in kg")
        self.weight.setMaximumWidth(160)
        self.close_button = QPushButton("Close parcel and print label (CMDCLOSE)")
        self.pack_all.clicked.connect(self.pack_everything_requested)
        self.close_button.clicked.connect(self._close)
        self.weight.returnPressed.connect(self._close)
        self.invoice_label = QLabel("")
        self.invoice_label.setFont(font)
        row = QHBoxLayout()
        row.addWidget(self.pack_all)
        row.addStretch(1)
        row.addWidget(QLabel("Weight (kg)"))
        row.addWidget(self.weight)
        row.addWidget(self.close_button)
        for button in (self.pack_all, self.close_button):
            button.setMinimumHeight(44)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.parcel_label)
        layout.addWidget(self.lines, 1)
        layout.addLayout(row)
        layout.addWidget(self.invoice_label)

    def show_view(self, view: PackView | None) -> None:
        self.view = view
        if view is None:
            self.header.setText("No order open for packing.")
            self.lines.setRowCount(0)
            self.parcel_label.setText("")
            self.invoice_label.setText("")
            return
        self.header.setText(f"Advice note {view.advice_note} · {view.status}")
        if view.open_parcel:
            self.parcel_label.setText(
                f"Parcel {view.open_parcel} open:"
                f" {plural(view.open_parcel_items, 'item')}"
                f" · {view.closed_parcels} closed"
            )
        elif view.lines:
            self.parcel_label.setText("Scan the first item to open a parcel")
        else:
            self.parcel_label.setText(f"{plural(view.closed_parcels, 'parcel')} closed")
        self.lines.setRowCount(len(view.lines))
        for row, line in enumerate(view.lines):
            for column, value in enumerate(
                (line.part_number, line.description, str(line.picked), str(line.packed))
            ):
                self.lines.setItem(row, column, QTableWidgetItem(value))
        self.invoice_label.setText(
            f"Invoice {view.invoice_number} made and sent to the printer."
            if view.invoice_number
            else ""
        )
        self.pack_all.setEnabled(bool(view.lines) and not view.all_packed)
        self.close_button.setEnabled(view.open_parcel is not None)

    def _close(self) -> None:
        self.close_parcel_requested.emit(self.weight.text())
