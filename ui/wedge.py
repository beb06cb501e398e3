"""Tell a keyboard-wedge scanner from a person typing.

A wedge scanner types its code as keystrokes and presses Enter, faster and
more evenly than anyone types by hand. `WedgeFilter` holds printable keys
back for a moment. If Enter follows a quick enough burst, the burst was a
scan: `scanned` is emitted and the focused field sees none of it, so a code
never lands in a quantity box. Otherwise the held keys are replayed to the
field they were meant for, in order, a few milliseconds late.

The gap is measured between any two key events of the burst, presses and
releases alike, from `time.monotonic()` at the moment each event arrives.
QTest's `delay` waits before the press and again before the release, so a
press-to-press gap would be twice the delay the site configured.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("warehouse.scan")

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
)


@dataclass(frozen=True)
class _HeldKey:
    receiver: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class WedgeFilter(QObject):
    """Application-wide event filter that turns wedge bursts into `scanned`.

    A burst is a scan when Enter ends it, no gap between its key events (or
    before the Enter) exceeds `max_gap_ms`, and it has at least `min_length`
    characters, or it starts with `prefix` when one is set (the prefix is
    not part of the code). Keys chorded with Ctrl, Alt or Meta are never
    held: they end the burst as typing and pass through unchanged.

    FIXME:scan A GS1 group separator typed as Ctrl+] ends the burst, so a
    wedge scanner must be set to send a printable stand-in for GS; without
    it GS1 codes with a batch or serial number arrive as typing.

    FIXME:scan Gaps are timed when each key reaches this filter, so a GUI
    thread busy for longer than the gap (a slow query, a first paint) splits
    a burst, and its first part lands in the focused field as typing. The
    window system's own key timestamps would not suffer this, but QTest
    leaves them at zero, so they are not used yet.
    """

    scanned = Signal(str)

    def __init__(
        self,
        max_gap_ms: int = 30,
        min_length: int = 4,
        prefix: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.prefix = prefix
        self._held: list[_HeldKey] = []
        self._last_event_at = 0.0
        self._releases_to_eat: Counter[int] = Counter()
        self._replaying = False
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setTimerType(Qt.TimerType.PreciseTimer)
        self._quiet.timeout.connect(self._on_quiet)

    def install(self) -> None:
        """Watch every key event of the running application."""
        _application().installEventFilter(self)

    def uninstall(self) -> None:
        """Stop watching, handing any held keys to their field first."""
        _application().removeEventFilter(self)
        self._replay()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if self._replaying:
            return False
        if kind == QEvent.Type.MouseButtonPress and self._held:
            self._replay()  # a click ends typing before it moves the cursor
            return False
        # Keys reach the window first and its focused widget next; only the
        # widget delivery is held, so each key is seen once.
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.KeyPress:
            return self._on_press(watched, event)
        if kind == QEvent.Type.KeyRelease:
            return self._on_release(event)
        return False

    def _on_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        now = time.monotonic()
        if self._held and self._gap_since_last(now) > self.max_gap_ms:
            self._replay()
        key = event.key()

        if key in _MODIFIER_KEYS:
            self._touch(now)
            return False
        if event.modifiers() & _CHORD_MODIFIERS or event.isAutoRepeat():
            self._replay()
            return False
        if key in _ENTER_KEYS:
            return self._on_enter(key)
        text = event.text()
        if not text or not text.isprintable():
            self._replay()
            return False

        if self._held and self._held[0].receiver is not widget:
            self._replay()
        self._held.append(_HeldKey(widget, key, event.modifiers(), text))
        self._releases_to_eat[key] += 1
        self._touch(now)
        return True

    def _on_enter(self, key: int) -> bool:
        code = self._scanned_code()
        if code is None:
            self._replay()
            return False

        self._held.clear()
        self._quiet.stop()
        self._releases_to_eat[key] += 1
        log.debug("scan %r from the keyboard wedge", code)
        self.scanned.emit(code)
        return True

    def _on_release(self, event: QKeyEvent) -> bool:
        key = event.key()
        held_key = self._releases_to_eat[key] > 0 and not event.isAutoRepeat()
        if not held_key and key not in _MODIFIER_KEYS:
            return False

        now = time.monotonic()
        if self._held and self._gap_since_last(now) > self.max_gap_ms:
            self._replay()
        self._touch(now)
        if held_key:
            self._releases_to_eat[key] -= 1
        return held_key

    def _scanned_code(self) -> str | None:
        text = "".join(held.text for held in self._held)
        if self.prefix and text.startswith(self.prefix):
            return text[len(self.prefix) :] or None
        return text if len(text) >= self.min_length else None

    def _gap_since_last(self, now: float) -> float:
        return (now - self._last_event_at) * 1000

    def _touch(self, now: float) -> None:
        if self._held:
            self._last_event_at = now
            self._quiet.start(self.max_gap_ms)

    def _on_quiet(self) -> None:
        # A timer may fire a little early; the recorded times decide.
        left = self.max_gap_ms - self._gap_since_last(time.monotonic())
        if self._held and left > 0:
            self._quiet.start(math.ceil(left))
            return
        self._replay()

    def _replay(self) -> None:
        """Hand the held keys to their field as if typed just now."""
        held, self._held = self._held, []
        self._quiet.stop()
        if not held:
            return

        self._replaying = True
        try:
            for key in held:
                if not shiboken6.isValid(key.receiver):
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    replayed = QKeyEvent(kind, key.key, key.modifiers, key.text)
                    QApplication.sendEvent(key.receiver, replayed)
        finally:
            self._replaying = False


def _application() -> QCoreApplication:
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("Create the QApplication before the scanner filter.")
    return app
