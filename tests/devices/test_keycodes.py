"""Key codes from a scanner's own input device become the code it scanned."""

from __future__ import annotations

import pytest

from devices.evdev_scanner import available
from devices.keycodes import KeyTranslator

SHIFT, ENTER, CTRL = 42, 28, 29
CODES = {"8": 9, "5": 6, "1": 2, "2": 3, "3": 4, "A": 30}


def press(translator: KeyTranslator, code: int) -> str | None:
    down = translator.feed(code, 1)
    translator.feed(code, 0)
    return down


def test_digits_and_a_shifted_letter_then_enter_make_one_frame() -> None:
    translator = KeyTranslator()
    for char in "85123":
        assert press(translator, CODES[char]) is None
    translator.feed(SHIFT, 1)
    press(translator, CODES["A"])
    translator.feed(SHIFT, 0)

    assert press(translator, ENTER) == "85123A"


def test_ctrl_right_bracket_is_the_gs1_separator() -> None:
    translator = KeyTranslator()
    press(translator, CODES["1"])
    translator.feed(CTRL, 1)
    press(translator, 27)
    translator.feed(CTRL, 0)
    press(translator, CODES["2"])

    assert press(translator, ENTER) == "1\x1d2"


def test_enter_alone_is_no_scan() -> None:
    assert press(KeyTranslator(), ENTER) is None


def test_a_missing_device_is_reported_in_words() -> None:
    reason = available("/dev/input/no-such-scanner")

    assert reason
    assert "no-such-scanner" in reason or "evdev" in reason


@pytest.mark.skipif(
    available("/dev/uinput") != "", reason="no /dev/uinput on this machine"
)
def test_a_virtual_scanner_device_is_read_exclusively() -> None:  # pragma: no cover
    import time

    from evdev import UInput, ecodes

    from devices.evdev_scanner import EvdevScanner

    frames: list[str] = []
    with UInput(name="test-scanner") as device:
        scanner = EvdevScanner(device.device.path, frames.append, lambda *_: None)
        scanner.start()
        time.sleep(0.3)
        for code in (ecodes.KEY_7, ecodes.KEY_1, ecodes.KEY_ENTER):
            device.write(ecodes.EV_KEY, code, 1)
            device.write(ecodes.EV_KEY, code, 0)
            device.syn()
        deadline = time.monotonic() + 3
        while not frames and time.monotonic() < deadline:
            time.sleep(0.02)
        scanner.stop()
    assert frames == ["71"]
