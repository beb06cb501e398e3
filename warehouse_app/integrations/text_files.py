"""Text as the shops write it: UTF-8 with or without BOM, or Windows-1252,
with lines ended by CRLF, LF or a bare CR.

The encoding is chosen per channel (`encoding` in the channel's settings),
never guessed: a guess that reads Windows-1252 `£` (byte A3) as something
else puts a wrong character on an invoice without anyone noticing.
"""

from __future__ import annotations

import re
from pathlib import Path

from warehouse_app.integrations.csv_rows import InputFileError

# The names a channel may give, and the codec Python reads them with.
ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
}

_LINE_END = re.compile(r"\r\n|\r|\n")


def codec(encoding: str) -> str:
    """The Python codec for a channel's `encoding` setting."""
    try:
        return ENCODINGS[encoding.strip().lower()]
    except KeyError:
        raise InputFileError(
            f"The encoding {encoding!r} is not one the shop link reads. Set the"
            ' channel\'s encoding to "utf-8" or "cp1252" (Windows-1252).'
        ) from None


def decode(path: Path, data: bytes, encoding: str) -> str:
    """The file's text; an undecodable byte names its line and what to do."""
    name = codec(encoding)
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if b"\n" not in data[: error.start]:
            line = data.count(b"\r", 0, error.start) + 1
        shown = "UTF-8" if name == "utf-8-sig" else "Windows-1252"
        other = "cp1252" if name == "utf-8-sig" else "utf-8"
        raise InputFileError(
            f"{path.name} line {line}: byte {data[error.start]:#04x} is not"
            f" {shown} text, so nothing from this file was taken. If the shop"
            f" writes {other}, set the channel's encoding (or --encoding) to"
            f' "{other}"; otherwise ask the shop to send the file again.'
        ) from error


def read_lines(path: Path, encoding: str) -> list[str]:
    """The file's lines without their line ends, whichever ends it uses."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputFileError(
            f"{path}: cannot read the file ({error.strerror})."
        ) from error
    text = decode(path, data, encoding)
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
