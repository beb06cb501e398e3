"""The band across the top of the station that says how the last scan went.

A good scan and a bad scan look and sound different. An error stays on the
band until the next scan or a press of Esc, so it cannot be missed.
"""

from __future__ import annotations

import logging
import math
import struct
import tempfile
import wave
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QWidget

log = logging.getLogger("warehouse.ui")


class Tone(Enum):
    GOOD = (1320.0, 0.08, 1)
    BAD = (330.0, 0.18, 3)
    NOTICE = (880.0, 0.1, 1)


STYLES = {
    Tone.GOOD: "background:#1b7f2a; color:white;",
    Tone.BAD: "background:#c62828; color:white;",
    Tone.NOTICE: "background:#1f4e8c; color:white;",
}


def _write_tone(path: Path, frequency: float, seconds: float, repeats: int) -> None:
    rate = 22050
    frames = bytearray()
    for _ in range(repeats):
        for i in range(int(rate * seconds)):
            frames += struct.pack(
                "<h", int(12000 * math.sin(2 * math.pi * frequency * i / rate))
            )
        frames += b"\x00\x00" * int(rate * 0.06)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


class Sounds(QObject):
    """Distinct sounds through QtMultimedia where installed, else the system bell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[Tone, object] = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            log.info("QtMultimedia is not installed; scans sound the system bell")
            return
        folder = Path(tempfile.mkdtemp(prefix="warehouse-tones-"))
        for tone in Tone:
            path = folder / f"{tone.name.lower()}.wav"
            _write_tone(path, *tone.value)
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[tone] = effect

    def play(self, tone: Tone) -> None:
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
        elif tone is Tone.BAD:
            QApplication.beep()


class FeedbackBand(QLabel):
    """Full-width coloured band with large text."""

    def __init__(self, sounds: Sounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sounds = sounds
        self.tone: Tone | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(64)
        self.setObjectName("feedback")
        font = self.font()
        font.setPointSize(18)
        font.setBold(True)
        self.setFont(font)
        self.clear_message()

    def show_message(self, tone: Tone, text: str) -> None:
        self.tone = tone
        self.setText(text)
        self.setStyleSheet(STYLES[tone] + "padding:8px;")
        self.sounds.play(tone)
        log.debug("band %s: %s", tone.name, text)

    def good(self, text: str) -> None:
        self.show_message(Tone.GOOD, text)

    def bad(self, text: str) -> None:
        self.show_message(Tone.BAD, text + "   (Esc or the next scan clears this)")

    def notice(self, text: str) -> None:
        self.show_message(Tone.NOTICE, text)

    def acknowledge(self) -> None:
        if self.tone is Tone.BAD:
            self.clear_message()

    def clear_message(self) -> None:
        self.tone = None
        self.setText("Ready: scan an advice note to open an order")
        self.setStyleSheet("background:#e8e8e8; color:#333; padding:8px;")
