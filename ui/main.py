"""Run the desktop app on a window the composition root built."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from ui.main_window import MainWindow


def qt_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(sys.argv)


def run_desktop(window: MainWindow) -> int:
    qt_app = qt_application()
    window.scans.start()
    if window.app.settings.printers.runs_print_queue:
        window.printer.start()
    window.show()
    return qt_app.exec()


def show_startup_failure(message: str) -> None:
    """Say in a window why the app cannot start (a shortcut has no terminal)."""
    qt_application()
    QMessageBox.critical(None, "Warehouse station", message)
