"""Every scan, from a wedge or a serial scanner, reaches the station through here."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from devices.evdev_scanner import EvdevScanner
from devices.serial_scanner import SerialScanner
from devices.settings import ScannerSettings
from ui.wedge import WedgeFilter

log = logging.getLogger("warehouse.scan")


def scanner_settings(url: str, usb_id: str) -> ScannerSettings:
    """Serial settings; `usb_id` "VID:PID[:SERIAL]" (hex) refinds a replug."""
    if not usb_id:
        return ScannerSettings(url=url)
    parts = usb_id.split(":")
    try:
        vid, pid = int(parts[0], 16), int(parts[1], 16)
    except (IndexError, ValueError):
        log.warning("serial_usb_id %r is not VID:PID[:SERIAL] in hex; ignored", usb_id)
        return ScannerSettings(url=url)
    serial = parts[2] if len(parts) > 2 and parts[2] else None
    return ScannerSettings(url=url, usb_vid=vid, usb_pid=pid, usb_serial=serial)


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
        usb_id: str = "",
        device_path: str = "",
    ) -> None:
        super().__init__(parent)
        self.wedge = WedgeFilter(gap_ms, min_length, prefix, self)
        self.wedge.scanned.connect(self._from_wedge)
        self.usb_id = usb_id
        self.serial: SerialScanner | None = self._serial(serial_url)
        self.device: EvdevScanner | None = None
        if device_path:
            self.device = EvdevScanner(
                device_path,
                lambda text: self.scanned.emit(text, "device"),
                self.scanner_status.emit,
            )

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
        if self.device is not None:
            self.device.start()

    def stop(self) -> None:
        self.wedge.uninstall()
        if self.serial is not None:
            self.serial.stop()
        if self.device is not None:
            self.device.stop()

    def _from_wedge(self, text: str) -> None:
        log.info("wedge scan %r", text)
        self.scanned.emit(text, "wedge")

    def _from_serial_thread(self, text: str) -> None:
        log.info("serial scan %r", text)
        self.scanned.emit(text, "serial")
