"""Cut the byte stream from a scanner into frames, one frame per scan.

The serial line delivers bytes in whatever pieces the driver hands over; a
scan may arrive in three reads and two scans may arrive in one. The splitter
keeps what it has not yet seen the end of and hands back whole frames only.
It knows nothing of ports, threads or Qt, so it can be fed from anywhere.
"""

from __future__ import annotations

from typing import Literal

Terminator = Literal["CR", "LF", "CRLF", "TAB", "ANY"]
TERMINATORS: tuple[Terminator, ...] = ("CR", "LF", "CRLF", "TAB", "ANY")

_FIXED: dict[str, bytes] = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t"}
# Line-ending bytes left at either end of a frame by a scanner whose
# terminator differs from the configured one; never part of a barcode.
_STRAY_ENDINGS = "\r\n\t"


class FrameSplitter:
    """Whole frames out of a stream of bytes fed in arbitrary pieces.

    `terminator` is one of CR, LF, CRLF, TAB, or ANY (CR, LF or CRLF all end a
    frame, and the LF of a CRLF never makes an empty frame of its own).
    `prefix` and `suffix` are stripped from a frame when present. The group
    separator (0x1D) of GS1 codes is kept in the text.
    """

    def __init__(
        self,
        terminator: str = "ANY",
        prefix: str = "",
        suffix: str = "",
        partial_timeout: float = 0.5,
        encoding: str = "utf-8",
    ) -> None:
        if terminator not in TERMINATORS:
            raise ValueError(
                f"Unknown scanner terminator {terminator!r}; use one of"
                f" {', '.join(TERMINATORS)}."
            )
        self.terminator = terminator
        self.prefix = prefix
        self.suffix = suffix
        self.partial_timeout = partial_timeout
        self.encoding = encoding
        self._held = bytearray()
        self._held_since: float | None = None

    def feed(self, data: bytes, now: float) -> list[str]:
        """Take the next bytes; return the frames they completed, in order."""
        was_empty = not self._held
        self._held.extend(data)
        before = len(self._held)

        frames: list[str] = []
        while True:
            end, width = self._find_end()
            if end < 0:
                break
            text = self._clean(bytes(self._held[:end]))
            del self._held[: end + width]
            if text:
                frames.append(text)
        stray = len(self._held) - len(self._held.lstrip(_STRAY_ENDINGS.encode()))
        del self._held[:stray]

        # Whatever is still held started arriving in this read, unless it
        # is the same partial frame as before with more bytes on its end.
        if not self._held:
            self._held_since = None
        elif was_empty or len(self._held) < before:
            self._held_since = now
        return frames

    def expire(self, now: float) -> str | None:
        """Drop and return a partial frame held longer than the timeout.

        Returns None when nothing is held, the partial frame is still young,
        or it holds nothing but line endings.
        """
        if self._held_since is None:
            return None
        if now - self._held_since < self.partial_timeout:
            return None
        return self.reset()

    def reset(self) -> str | None:
        """Forget whatever is held (the port went away); return it if any."""
        text = self._clean(bytes(self._held))
        self._held.clear()
        self._held_since = None
        return text or None

    def _find_end(self) -> tuple[int, int]:
        """Index and width of the first terminator held, or (-1, 0)."""
        if self.terminator == "ANY":
            found = (self._held.find(b"\r"), self._held.find(b"\n"))
            ends = [index for index in found if index >= 0]
            return (min(ends), 1) if ends else (-1, 0)
        marker = _FIXED[self.terminator]
        return self._held.find(marker), len(marker)

    def _clean(self, raw: bytes) -> str:
        text = raw.decode(self.encoding, errors="replace").strip(_STRAY_ENDINGS)
        if self.prefix and text.startswith(self.prefix):
            text = text[len(self.prefix) :]
        if self.suffix and text.endswith(self.suffix):
            text = text[: -len(self.suffix)]
        return text.strip(_STRAY_ENDINGS)
