"""The station menu: settings, and the sheets a picker scans instead of clicking."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog

from devices.serial_scanner import list_ports
from printing.render import render
from printing.target_factory import system_printers
from ui.printer_settings_dialog import PrinterSettingsDialog
from ui.settings_dialog import SettingsDialog
from warehouse_app.domain.documents import CommandSheet, LayoutTestSheet
from warehouse_app.domain.keyboard_layout import TEST_CODE
from warehouse_app.services.errors import WarehouseError
from warehouse_app.settings import save_settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("warehouse.ui")


def install_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Station")
    settings = QAction("Settings…", window)
    settings.triggered.connect(lambda: open_settings(window))
    menu.addAction(settings)
    printers = QAction("Printers…", window)
    printers.triggered.connect(lambda: open_printer_settings(window))
    menu.addAction(printers)
    commands = QAction("Print the command sheet…", window)
    commands.triggered.connect(
        lambda: open_sheet(window, CommandSheet("Pick commands"))
    )
    menu.addAction(commands)
    layout_test = QAction("Print the keyboard layout test…", window)
    layout_test.triggered.connect(
        lambda: open_sheet(window, LayoutTestSheet(TEST_CODE))
    )
    menu.addAction(layout_test)
    labels = QAction("Print part or bin labels…", window)
    labels.triggered.connect(lambda: print_part_labels(window))
    menu.addAction(labels)
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
    window.scans.reconfigure(station)
    window.band.notice(
        f"Settings saved to {where}. Scanner settings apply now; a new depot or"
        " print folder applies when the app starts again."
    )
    return True


def open_printer_settings(
    window: MainWindow, dialog: PrinterSettingsDialog | None = None
) -> bool:
    """Choose printers per document; they are used from the next start."""
    dialog = dialog or PrinterSettingsDialog(
        window.app.settings.printers, system_printers, window
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings = replace(window.app.settings, printers=dialog.chosen())
    try:
        where = save_settings(settings, window.app.settings_file)
    except OSError as error:
        window.band.bad(f"The printers could not be saved: {error}. Nothing changed.")
        return False
    window.app = replace(window.app, settings=settings)
    window.band.notice(
        f"Printers saved to {where}. Start the app again to print with them."
    )
    return True


def print_part_labels(window: MainWindow) -> None:
    """Labels for a part, a group or a bin range, through the print queue."""
    service = window.app.labels
    if service is None:
        return
    text = window.ask_text(
        "Label what? A part number, 'group LIGHTING' or 'bins A-2-1-A to A-2-9-Z'"
    )
    if text is None:
        return
    try:
        window.band.good(service.queue(text))
    except WarehouseError as error:
        window.band.bad(str(error))
    window.printer.kick()


def write_sheet(window: MainWindow, sheet: CommandSheet | LayoutTestSheet) -> Path:
    """Render a sheet into the station's print folder; return the file."""
    folder = window.app.settings.station.print_folder_path() / "sheets"
    folder.mkdir(parents=True, exist_ok=True)
    name = "command-sheet.pdf" if isinstance(sheet, CommandSheet) else "layout-test.pdf"
    path = folder / name
    path.write_bytes(render(sheet))
    return path


def open_sheet(window: MainWindow, sheet: CommandSheet | LayoutTestSheet) -> None:
    """Show the sheet in the system's PDF viewer, to preview and print it."""
    try:
        path = write_sheet(window, sheet)
    except OSError as error:
        window.band.bad(
            f"The sheet could not be written: {error}. Check the print folder."
        )
        return
    log.info("sheet written to %s", path)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        window.band.notice(f"The sheet is at {path}: open and print it from there.")
