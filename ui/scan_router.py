"""Every scan, from a wedge or a serial scanner, reaches the station through here."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from devices.serial_scanner import SerialScanner
from devices.settings import ScannerSettings
from ui.wedge import WedgeFilter

log = logging.getLogger("warehouse.scan")


class ScanSources(QObject):
    """Gathers the station's scanners into one `scanned` signal on the GUI thread."""

    scanned = Signal(str, str)  # the code, and where it came from
    scanner_status = Signal(str, str)

    def __init__(
        self,
        gap_ms: int,
        min_length: int,
        prefix: str,
        serial_url: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.wedge = WedgeFilter(gap_ms, min_length, prefix, self)
        self.wedge.scanned.connect(self._from_wedge)
        self.serial: SerialScanner | None = self._serial(serial_url)

    def _serial(self, url: str) -> SerialScanner | None:
        if not url:
            return None
        # The reader thread calls emit; Qt queues it to the GUI thread.
        return SerialScanner(
            url,
            ScannerSettings(url=url),
            self._from_serial_thread,
            self.scanner_status.emit,
        )

    def reconfigure(
        self, gap_ms: int, min_length: int, prefix: str, serial_url: str
    ) -> None:
        """Take new settings at once; a changed serial port is reopened."""
        self.wedge.max_gap_ms = gap_ms
        self.wedge.min_length = min_length
        self.wedge.prefix = prefix
        current = self.serial.url if self.serial else ""
        if serial_url != current:
            if self.serial is not None:
                self.serial.stop()
            self.serial = self._serial(serial_url)
            if self.serial is not None:
                self.serial.start()

    def start(self) -> None:
        self.wedge.install()
        if self.serial is not None:
            self.serial.start()

    def stop(self) -> None:
        self.wedge.uninstall()
        if self.serial is not None:
            self.serial.stop()

    def _from_wedge(self, text: str) -> None:
        log.info("wedge scan %r", text)
        self.scanned.emit(text, "wedge")

    def _from_serial_thread(self, text: str) -> None:
        log.info("serial scan %r", text)
        self.scanned.emit(text, "serial")
