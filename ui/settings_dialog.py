"""Station settings: scanners, the wedge timing, where documents print."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from warehouse_app.settings import StationSettings

NO_SERIAL = "(no serial scanner: keyboard wedge only)"


class SettingsDialog(QDialog):
    """Edits this station's settings; the caller saves and applies them."""

    def __init__(
        self,
        current: StationSettings,
        list_ports: Callable[[], list[tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Station settings")
        self.current = current
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.addItem(NO_SERIAL, "")
        for device, description in list_ports():
            self.port.addItem(f"{device} — {description}", device)
        if current.serial_scanner:
            index = self.port.findData(current.serial_scanner)
            if index < 0:
                self.port.addItem(current.serial_scanner, current.serial_scanner)
                index = self.port.count() - 1
            self.port.setCurrentIndex(index)
        self.baud = QComboBox()
        for rate in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200):
            self.baud.addItem(str(rate), rate)
        self.baud.setCurrentIndex(max(self.baud.findData(current.serial_baudrate), 0))
        self.parity = QComboBox()
        for code, words in (("N", "none"), ("E", "even"), ("O", "odd")):
            self.parity.addItem(words, code)
        self.parity.setCurrentIndex(max(self.parity.findData(current.serial_parity), 0))
        self.terminator = QComboBox()
        for code in ("ANY", "CR", "LF", "CRLF", "TAB"):
            self.terminator.addItem(code, code)
        self.terminator.setCurrentIndex(
            max(self.terminator.findData(current.serial_terminator), 0)
        )
        self.gap = QSpinBox()
        self.gap.setRange(5, 200)
        self.gap.setSuffix(" ms")
        self.gap.setValue(current.wedge_gap_ms)
        self.min_length = QSpinBox()
        self.min_length.setRange(1, 40)
        self.min_length.setValue(current.wedge_min_length)
        self.prefix = QLineEdit(current.wedge_prefix)
        self.prefix.setMaxLength(1)
        self.gs_substitute = QLineEdit(current.gs_substitute)
        self.gs_substitute.setMaxLength(1)
        self.depot = QLineEdit(current.depot)
        self.part_ship = QCheckBox("Ship what is in stock; backorder the rest")
        self.part_ship.setChecked(current.part_ship)
        self.print_folder = QLineEdit(current.print_folder)
        self.print_folder.setPlaceholderText(str(current.print_folder_path()))

        form = QFormLayout(self)
        form.addRow("Serial scanner port", self.port)
        form.addRow("Serial: baud rate", self.baud)
        form.addRow("Serial: parity", self.parity)
        form.addRow("Serial: each scan ends with", self.terminator)
        form.addRow("Wedge: longest gap between keys", self.gap)
        form.addRow("Wedge: shortest scan", self.min_length)
        form.addRow("Wedge: prefix character (optional)", self.prefix)
        form.addRow("GS1 separator sent as", self.gs_substitute)
        form.addRow("Depot", self.depot)
        form.addRow("Part shipments", self.part_ship)
        form.addRow("Print folder", self.print_folder)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> StationSettings:
        text = self.port.currentText().strip()
        index = self.port.findText(text)
        # A listed port carries its device; anything else was typed by hand
        # (a port name or a pyserial URL such as socket://host:port).
        port = self.port.itemData(index) if index >= 0 else text
        return replace(
            self.current,
            serial_scanner="" if port == NO_SERIAL else port,
            serial_baudrate=int(self.baud.currentData()),
            serial_parity=str(self.parity.currentData()),
            serial_terminator=str(self.terminator.currentData()),
            wedge_gap_ms=self.gap.value(),
            wedge_min_length=self.min_length.value(),
            wedge_prefix=self.prefix.text(),
            gs_substitute=self.gs_substitute.text(),
            depot=self.depot.text().strip().upper() or self.current.depot,
            part_ship=self.part_ship.isChecked(),
            print_folder=self.print_folder.text().strip(),
        )
