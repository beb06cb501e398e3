"""How one serial scanner is wired to this station."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScannerSettings:
    """Port, line settings and framing of a serial (or virtual COM) scanner.

    `url` is a port name (`/dev/ttyACM0`, `COM3`) or a pyserial URL
    (`socket://host:port`, `loop://`, `spy://...`). When `usb_vid` and
    `usb_pid` are set, the port is looked up by USB identity on every
    (re)connect instead, because a scanner plugged back in often comes back
    under another port name.
    """

    url: str = ""
    baudrate: int = 9600
    parity: str = "N"
    terminator: str = "ANY"
    prefix: str = ""
    suffix: str = ""
    partial_timeout: float = 0.5
    usb_vid: int | None = None
    usb_pid: int | None = None
    usb_serial: str | None = None
