"""Which printer each document goes to, chosen from what the system has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from warehouse_app.settings import PrinterSettings

DOCUMENTS = (
    ("pick_document", "Pick documents"),
    ("parcel_label", "Parcel labels"),
    ("invoice", "Invoices"),
    ("packing_list", "Packing lists"),
    ("part_labels", "Part and bin labels"),
)
FOLDER = "(the station's print folder)"


class PrinterSettingsDialog(QDialog):
    """A printer per document type, and whether it prints by itself or waits."""

    def __init__(
        self,
        current: PrinterSettings,
        system_printers: Callable[[], list[tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Printers")
        self.current = current
        printers = system_printers()
        self.choices: dict[str, QComboBox] = {}
        self.ask: dict[str, QCheckBox] = {}
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                "Choose a printer, or type an address: cups:QUEUE, tcp://HOST:9100,"
                " serial:/dev/ttyUSB0 or folder:/path (see docs/printing.md)."
            )
        )
        for kind, words in DOCUMENTS:
            box = QComboBox()
            box.setEditable(True)
            box.addItem(FOLDER, "")
            for address, shown in printers:
                box.addItem(shown, address)
            chosen = str(getattr(current, kind))
            if chosen:
                index = box.findData(chosen)
                if index < 0:
                    box.addItem(chosen, chosen)
                    index = box.count() - 1
                box.setCurrentIndex(index)
            ask = QCheckBox("ask first (wait on the Print queue screen)")
            ask.setChecked(kind in current.ask_first)
            self.choices[kind], self.ask[kind] = box, ask
            form.addRow(words, box)
            form.addRow("", ask)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> PrinterSettings:
        values: dict[str, str] = {}
        for kind, box in self.choices.items():
            text = box.currentText().strip()
            index = box.findText(text)
            # A listed printer carries its address; anything else was typed.
            address = box.itemData(index) if index >= 0 else text
            values[kind] = "" if address in (FOLDER, None) else str(address)
        return replace(
            self.current,
            pick_document=values["pick_document"],
            parcel_label=values["parcel_label"],
            invoice=values["invoice"],
            packing_list=values["packing_list"],
            part_labels=values["part_labels"],
            ask_first=tuple(kind for kind, box in self.ask.items() if box.isChecked()),
        )
