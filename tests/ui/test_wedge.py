from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QSpinBox, QVBoxLayout, QWidget  # noqa: E402

from ui.wedge import WedgeFilter  # noqa: E402

EAN = "2748708148843"


class KeysSeen(QObject):
    """Counts the key events that reach one widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            self.count += 1
        return False


@pytest.fixture
def scans(qapp) -> Iterator[tuple[WedgeFilter, list[str]]]:
    wedge = WedgeFilter(max_gap_ms=50)
    received: list[str] = []
    wedge.scanned.connect(received.append)
    wedge.install()
    yield wedge, received
    wedge.uninstall()


class PickForm(QWidget):
    """A part field and a quantity box, as on the picking screen."""

    def __init__(self) -> None:
        super().__init__()
        self.part = QLineEdit(self)
        self.quantity = QSpinBox(self)
        self.quantity.setRange(0, 9999)
        self.quantity.setValue(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.part)
        layout.addWidget(self.quantity)


@pytest.fixture
def steady_cursor(qapp) -> Iterator[None]:
    """No cursor blink: its first repaint stalls the offscreen platform ~20 ms,
    which is enough to split a 40 ms burst when the gap allowed is 50 ms."""
    flash_time = qapp.cursorFlashTime()
    qapp.setCursorFlashTime(0)
    yield
    qapp.setCursorFlashTime(flash_time)


@pytest.fixture
def pick_form(qtbot, steady_cursor) -> PickForm:
    window = PickForm()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def scan(qtbot, widget: QWidget, code: str = EAN, delay: int = -1) -> None:
    qtbot.keyClicks(widget, code, delay=delay)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_fast_burst_ending_in_enter_is_one_scan(qtbot, scans, pick_form) -> None:
    wedge, received = scans
    part = pick_form.part
    seen = KeysSeen(part)

    with qtbot.waitSignal(wedge.scanned) as blocker:
        scan(qtbot, part)

    assert blocker.args == [EAN]
    assert received == [EAN]
    assert part.text() == ""
    assert seen.count == 0


def test_a_slow_bluetooth_scanner_is_a_scan_when_the_gap_allows(
    qtbot, scans, pick_form
) -> None:
    _, received = scans
    part = pick_form.part

    scan(qtbot, part, delay=40)

    assert received == [EAN]
    assert part.text() == ""


def test_a_person_typing_the_digits_fills_the_field(qtbot, scans, pick_form) -> None:
    _, received = scans
    part = pick_form.part

    with qtbot.waitSignal(part.returnPressed):
        scan(qtbot, part, delay=150)

    assert part.text() == EAN
    assert received == []


def test_a_scan_in_the_quantity_field_leaves_the_quantity_alone(
    qtbot, scans, pick_form
) -> None:
    _, received = scans
    quantity = pick_form.quantity
    quantity.setFocus()
    seen = KeysSeen(quantity)

    with qtbot.assertNotEmitted(quantity.valueChanged):
        scan(qtbot, quantity)

    assert received == [EAN]
    assert quantity.value() == 1
    assert quantity.text() == "1"
    assert seen.count == 0


def test_a_quantity_typed_by_hand_reaches_the_quantity_field(
    qtbot, scans, pick_form
) -> None:
    _, received = scans
    quantity = pick_form.quantity
    quantity.clear()

    qtbot.keyClicks(quantity, "12", delay=60)

    qtbot.waitUntil(lambda: quantity.value() == 12)
    assert received == []


def test_five_scans_of_one_barcode_are_five_scans(qtbot, scans, pick_form) -> None:
    _, received = scans
    part = pick_form.part

    for _ in range(5):
        scan(qtbot, part)

    assert received == [EAN] * 5
    assert part.text() == ""


def test_a_short_fast_burst_is_typing(qtbot, scans, pick_form) -> None:
    _, received = scans
    part = pick_form.part

    with qtbot.waitSignal(part.returnPressed):
        scan(qtbot, part, "12")

    assert part.text() == "12"
    assert received == []


def test_keys_typed_without_enter_reach_the_field_once_the_burst_is_over(
    qtbot, scans, pick_form
) -> None:
    _, received = scans
    part = pick_form.part

    qtbot.keyClicks(part, "85123A")

    qtbot.waitUntil(lambda: part.text() == "85123A")
    assert received == []


def test_a_configured_prefix_marks_even_a_short_code_as_a_scan(
    qtbot, scans, pick_form
) -> None:
    wedge, received = scans
    wedge.prefix = "~"
    part = pick_form.part

    scan(qtbot, part, "~A1")

    assert received == ["A1"]
    assert part.text() == ""


def test_a_control_chord_passes_straight_to_the_field(qtbot, scans, pick_form) -> None:
    _, received = scans
    part = pick_form.part
    part.setText("85123A")

    qtbot.keyClick(part, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    assert part.selectedText() == "85123A"
    assert received == []


def test_a_scan_right_after_typing_keeps_the_two_apart(qtbot, scans, pick_form) -> None:
    _, received = scans
    part = pick_form.part

    qtbot.keyClicks(part, "5")
    qtbot.waitUntil(lambda: part.text() == "5")
    scan(qtbot, part)

    assert part.text() == "5"
    assert received == [EAN]


def test_keys_from_the_window_system_are_judged_once(qtbot, scans, pick_form) -> None:
    _, received = scans
    quantity = pick_form.quantity
    pick_form.activateWindow()
    qtbot.waitActive(pick_form)
    quantity.setFocus()
    window = pick_form.windowHandle()

    for digit in EAN:
        qtbot.keyClick(window, Qt.Key.Key_0 + int(digit))
    qtbot.keyClick(window, Qt.Key.Key_Return)

    assert received == [EAN]
    assert quantity.value() == 1
