"""A keyboard-wedge scanner read as its own Linux input device, exclusively.

With the device grabbed, its keystrokes reach no window at all: not the
focused field, not another program. Needs python-evdev and read access to
`/dev/input/event*` (the `input` group). Where either is missing, `available`
says why and the station uses the ordinary keyboard-wedge filter instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from devices.keycodes import KeyTranslator

log = logging.getLogger("warehouse.scan")
EV_KEY = 1


def available(path: str) -> str:
    """Empty when `path` can be read with evdev; otherwise why not, in words."""
    try:
        import evdev  # noqa: F401
    except ImportError:
        return "python-evdev is not installed (pip install evdev, Linux only)"
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return (
            f"cannot open {path}: {error.strerror}; check the device name and"
            " that this user is in the input group"
        )
    return ""


class EvdevScanner:
    """Reads one input device on a thread; `on_frame` gets each whole scan."""

    def __init__(
        self,
        path: str,
        on_frame: Callable[[str], None],
        on_status: Callable[[str, str], None],
        grab: bool = True,
    ) -> None:
        self.path = path
        self.grab = grab
        self._on_frame = on_frame
        self._on_status = on_status
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._device: Any = None

    def start(self) -> None:
        reason = available(self.path)
        if reason:
            self._on_status("disconnected", f"Scanner device not used: {reason}.")
            return
        self._thread = threading.Thread(
            target=self._run, name="evdev-scanner", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        device = self._device
        if device is not None:
            device.close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        import evdev

        translator = KeyTranslator()
        try:
            self._device = evdev.InputDevice(self.path)
            if self.grab:
                self._device.grab()
            self._on_status("connected", f"Scanner {self._device.name} read directly.")
            for event in self._device.read_loop():
                if self._stopping.is_set():
                    break
                if event.type != EV_KEY:
                    continue
                frame = translator.feed(event.code, event.value)
                if frame:
                    log.info("device scan %r from %s", frame, self.path)
                    self._on_frame(frame)
        except OSError as error:
            if not self._stopping.is_set():
                log.warning("scanner device %s lost: %s", self.path, error)
                self._on_status(
                    "disconnected",
                    f"Scanner device {self.path} is gone ({error.strerror}). Plug it"
                    " back in and restart the station.",
                )
