"""The station menu: settings, and the sheets a picker scans instead of clicking."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from devices.serial_scanner import list_ports
from ui.settings_dialog import SettingsDialog
from warehouse_app.settings import save_settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("warehouse.ui")


def install_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Station")
    settings = QAction("Settings…", window)
    settings.triggered.connect(lambda: open_settings(window))
    menu.addAction(settings)
    menu.addSeparator()
    quit_action = QAction("Quit", window)
    quit_action.triggered.connect(window.close)
    menu.addAction(quit_action)


def open_settings(window: MainWindow, dialog: SettingsDialog | None = None) -> bool:
    """Edit, save and apply this station's settings; True when saved."""
    dialog = dialog or SettingsDialog(window.app.settings.station, list_ports, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    station = dialog.chosen()
    settings = replace(window.app.settings, station=station)
    try:
        where = save_settings(settings, window.app.settings_file)
    except OSError as error:
        window.band.bad(f"The settings could not be saved: {error}. Nothing changed.")
        return False
    window.app = replace(window.app, settings=settings)
    window.scans.reconfigure(
        station.wedge_gap_ms,
        station.wedge_min_length,
        station.wedge_prefix,
        station.serial_scanner,
    )
    window.band.notice(
        f"Settings saved to {where}. Scanner settings apply now; a new depot or"
        " print folder applies when the app starts again."
    )
    return True
