"""The pick screen: the next line in floor-walking order, in large type."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
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
from warehouse_app.services.pick_view import PickTask, PickView


def _big(size: int, bold: bool = True) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class PickScreen(QWidget):
    """Shows one order's pick; the main window feeds it scans and commands."""

    short_pick_requested = Signal()
    undo_requested = Signal()
    next_line_requested = Signal()
    code_keyed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PickView | None = None
        self.skipped = 0
        self.header = QLabel("No order open. Scan the advice note on a pick document.")
        self.header.setFont(_big(14))
        self.bin_label = QLabel("—")
        self.bin_label.setFont(_big(48))
        self.bin_label.setObjectName("bin")
        self.part_label = QLabel("")
        self.part_label.setFont(_big(28))
        self.description_label = QLabel("")
        self.description_label.setFont(_big(18, bold=False))
        self.description_label.setWordWrap(True)
        self.quantity_label = QLabel("")
        self.quantity_label.setFont(_big(40))
        self.quantity_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress_label = QLabel("")
        self.progress_label.setFont(_big(14, bold=False))

        grid = QGridLayout()
        grid.addWidget(QLabel("BIN"), 0, 0)
        grid.addWidget(QLabel("TO PICK"), 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.bin_label, 1, 0)
        grid.addWidget(self.quantity_label, 1, 1)
        grid.addWidget(self.part_label, 2, 0, 1, 2)
        grid.addWidget(self.description_label, 3, 0, 1, 2)

        self.remaining = QTableWidget(0, 5)
        self.remaining.setHorizontalHeaderLabels(
            ["Bin", "Part", "Description", "Qty", "Picked"]
        )
        self.remaining.verticalHeader().hide()
        header = self.remaining.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.remaining.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.remaining.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.keyed = QLineEdit()
        self.keyed.setPlaceholderText(
            "Label damaged? Key the part number or barcode and press Enter"
        )
        self.keyed.returnPressed.connect(self._keyed)
        self.count = QLineEdit()
        self.count.setObjectName("count")
        self.count.setPlaceholderText("Count (bulk pick)")
        self.count.setToolTip(
            "Key how many you took, then scan once: the scan counts that many."
        )
        self.count.setMaximumWidth(180)
        self.short_button = QPushButton("Short pick (CMDSHORT)")
        self.undo_button = QPushButton("Undo last scan (CMDUNDO)")
        self.next_button = QPushButton("Next line (CMDNEXT)")
        self.short_button.clicked.connect(self.short_pick_requested)
        self.undo_button.clicked.connect(self.undo_requested)
        self.next_button.clicked.connect(self.next_line_requested)
        buttons = QHBoxLayout()
        for button in (self.short_button, self.undo_button, self.next_button):
            button.setMinimumHeight(44)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(grid)
        layout.addWidget(self.progress_label)
        layout.addLayout(buttons)
        entry = QHBoxLayout()
        entry.addWidget(self.count)
        entry.addWidget(self.keyed, 1)
        layout.addLayout(entry)
        layout.addWidget(QLabel("Still to pick, in walking order"))
        layout.addWidget(self.remaining, 1)
        self.show_view(None)

    def current_task(self) -> PickTask | None:
        if not self.view or not self.view.tasks:
            return None
        return self.view.tasks[self.skipped % len(self.view.tasks)]

    def show_view(self, view: PickView | None) -> None:
        if view is None or self.view is None or view.order_id != self.view.order_id:
            self.skipped = 0
        self.view = view
        enabled = bool(view and view.tasks)
        for button in (self.short_button, self.next_button):
            button.setEnabled(enabled)
        self.undo_button.setEnabled(view is not None)
        if view is None:
            self.header.setText(
                "No order open. Scan the advice note on a pick document."
            )
            for label in (
                self.bin_label,
                self.part_label,
                self.description_label,
                self.quantity_label,
                self.progress_label,
            ):
                label.setText("")
            self.remaining.setRowCount(0)
            return
        self.header.setText(
            f"Advice note {view.advice_note} · order {view.shop_order_no} ·"
            f" customer {view.customer} · {view.status}"
        )
        task = self.current_task()
        if task is None:
            self.bin_label.setText("DONE")
            self.part_label.setText("Every line is picked")
            self.description_label.setText("Take the order to packing.")
            self.quantity_label.setText("")
        else:
            self.bin_label.setText(task.bin or "NO BIN")
            self.part_label.setText(task.part_number)
            self.description_label.setText(task.description)
            self.quantity_label.setText(str(task.remaining))
        self.progress_label.setText(
            f"{plural(len(view.tasks), 'line')} to pick · {view.picked_lines} picked"
        )
        self.remaining.setRowCount(len(view.tasks))
        for row, item in enumerate(view.tasks):
            values = (
                item.bin,
                item.part_number,
                item.description,
                str(item.quantity),
                str(item.picked),
            )
            for column, value in enumerate(values):
                self.remaining.setItem(row, column, QTableWidgetItem(value))

    def skip_line(self) -> None:
        self.skipped += 1
        self.show_view(self.view)

    def _keyed(self) -> None:
        text = self.keyed.text().strip()
        self.keyed.clear()
        if text:
            self.code_keyed.emit(text)
