"""The settings screen lists the serial ports and applies what is saved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog
from ui.station_menu import open_settings
from warehouse_app.persistence.database import Database
from warehouse_app.settings import StationSettings, load_settings

PORTS = [("/dev/ttyACM0", "Honeywell 1900 scanner"), ("/dev/ttyS0", "ttyS0")]


class SavedDialog(SettingsDialog):
    """The dialog as a person leaves it after pressing Save."""

    def exec(self) -> int:
        return QDialog.DialogCode.Accepted.value


@pytest.fixture
def window(
    masters_db: Database, station_window: WindowFactory, tmp_path: Path
) -> MainWindow:
    window = station_window(masters_db)
    window.app = replace(window.app, settings_file=tmp_path / "settings.toml")
    return window


def test_the_port_list_shows_each_port_with_its_description(qtbot: QtBot) -> None:
    dialog = SettingsDialog(StationSettings(), lambda: PORTS)
    qtbot.addWidget(dialog)

    items = [dialog.port.itemText(i) for i in range(dialog.port.count())]

    assert items[1:] == [
        "/dev/ttyACM0 — Honeywell 1900 scanner",
        "/dev/ttyS0 — ttyS0",
    ]


def test_saved_settings_are_written_and_the_wedge_takes_them_at_once(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = SavedDialog(window.app.settings.station, lambda: PORTS)
    qtbot.addWidget(dialog)
    dialog.gap.setValue(50)
    dialog.port.setCurrentIndex(1)

    assert open_settings(window, dialog)

    saved = load_settings(tmp_path / "settings.toml").station
    assert (saved.wedge_gap_ms, saved.serial_scanner) == (50, "/dev/ttyACM0")
    assert window.scans.wedge.max_gap_ms == 50
    assert window.scans.serial is not None and window.scans.serial.url == "/dev/ttyACM0"


def test_a_usb_identity_in_hex_lets_the_scanner_be_found_after_a_replug() -> None:
    from ui.scan_router import scanner_settings

    station = replace(
        StationSettings(),
        serial_scanner="/dev/ttyACM0",
        serial_usb_id="0c2e:0b61:SN123",
        serial_baudrate=115200,
    )
    settings = scanner_settings(station)

    assert (settings.usb_vid, settings.usb_pid, settings.usb_serial) == (
        0x0C2E,
        0x0B61,
        "SN123",
    )
    assert settings.baudrate == 115200
    assert scanner_settings(replace(station, serial_usb_id="nonsense")).usb_vid is None


def test_printers_are_chosen_from_what_the_system_has(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from ui.printer_settings_dialog import PrinterSettingsDialog
    from ui.station_menu import open_printer_settings

    class Saved(PrinterSettingsDialog):
        def exec(self) -> int:
            return QDialog.DialogCode.Accepted.value

    system = [
        ("cups:PICK_LASER", "PICK_LASER (idle)"),
        ("cups:LABELS", "LABELS (idle)"),
    ]
    dialog = Saved(window.app.settings.printers, lambda: system)
    qtbot.addWidget(dialog)
    dialog.choices["pick_document"].setCurrentIndex(1)
    dialog.choices["parcel_label"].setEditText("tcp://10.0.0.5:9100?dpi=300")
    dialog.ask["invoice"].setChecked(True)

    assert open_printer_settings(window, dialog)

    saved = load_settings(tmp_path / "settings.toml").printers
    assert saved.pick_document == "cups:PICK_LASER"
    assert saved.parcel_label == "tcp://10.0.0.5:9100?dpi=300"
    assert saved.ask_first == ("invoice",)


def test_a_serial_url_typed_by_hand_is_kept(qtbot: QtBot) -> None:
    dialog = SettingsDialog(StationSettings(), lambda: PORTS)
    qtbot.addWidget(dialog)

    dialog.port.setEditText("socket://127.0.0.1:5977")

    assert dialog.chosen().serial_scanner == "socket://127.0.0.1:5977"
