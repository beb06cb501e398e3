"""Every scan, from a wedge or a serial scanner, reaches the station through here."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from devices.evdev_scanner import EvdevScanner
from devices.serial_scanner import SerialScanner
from devices.settings import ScannerSettings
from ui.wedge import WedgeFilter
from warehouse_app.settings import StationSettings

log = logging.getLogger("warehouse.scan")


def scanner_settings(station: StationSettings) -> ScannerSettings:
    """The serial scanner's line settings; a USB identity refinds a replug.

    `serial_usb_id` is "VID:PID[:SERIAL]" with VID and PID in hex.
    """
    line = ScannerSettings(
        url=station.serial_scanner,
        baudrate=station.serial_baudrate,
        parity=station.serial_parity,
        terminator=station.serial_terminator,
        prefix=station.serial_prefix,
        suffix=station.serial_suffix,
    )
    if not station.serial_usb_id:
        return line
    parts = station.serial_usb_id.split(":")
    try:
        vid, pid = int(parts[0], 16), int(parts[1], 16)
    except (IndexError, ValueError):
        log.warning(
            "serial_usb_id %r is not VID:PID[:SERIAL] in hex; ignored",
            station.serial_usb_id,
        )
        return line
    serial = parts[2] if len(parts) > 2 and parts[2] else None
    return replace(line, usb_vid=vid, usb_pid=pid, usb_serial=serial)


class ScanSources(QObject):
    """Gathers the station's scanners into one `scanned` signal on the GUI thread."""

    scanned = Signal(str, str)  # the code, and where it came from
    scanner_status = Signal(str, str)

    def __init__(self, station: StationSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wedge = WedgeFilter(
            station.wedge_gap_ms, station.wedge_min_length, station.wedge_prefix, self
        )
        self.wedge.scanned.connect(self._from_wedge)
        self.station = station
        self.serial: SerialScanner | None = self._serial(station)
        self.device: EvdevScanner | None = None
        if station.scanner_device:
            self.device = EvdevScanner(
                station.scanner_device,
                lambda text: self.scanned.emit(text, "device"),
                self.scanner_status.emit,
            )

    def _serial(self, station: StationSettings) -> SerialScanner | None:
        if not station.serial_scanner:
            return None
        # The reader thread calls emit; Qt queues it to the GUI thread.
        return SerialScanner(
            station.serial_scanner,
            scanner_settings(station),
            self._from_serial_thread,
            self.scanner_status.emit,
        )

    def reconfigure(self, station: StationSettings) -> None:
        """Take new settings at once; changed serial settings reopen the port."""
        self.wedge.max_gap_ms = station.wedge_gap_ms
        self.wedge.min_length = station.wedge_min_length
        self.wedge.prefix = station.wedge_prefix
        if scanner_settings(station) != scanner_settings(self.station):
            if self.serial is not None:
                self.serial.stop()
            self.serial = self._serial(station)
            if self.serial is not None:
                self.serial.start()
        self.station = station

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
