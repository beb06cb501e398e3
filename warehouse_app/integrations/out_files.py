"""Delimited text files for the web shop, written so it never reads half of one.

A file is written under a temporary name (the final name plus `.tmp`),
flushed to disk, and only then renamed to its final name, which carries the
kind and a timestamp: `stock-full-20261204T020000.txt`. With a `.done`
marker configured, an empty `<name>.done` appears after the rename, for
shops that wait for a marker. The delimiter, header line, encoding and line
ending are the channel's (docs/stock-and-status-files.md).
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warehouse_app.link_settings import ChannelSettings

log = logging.getLogger("warehouse.shop_files")

TEMPORARY = ".tmp"
# A temporary file older than this was left by a run that died.
STALE_SECONDS = 3600
# Rows handed to the csv writer at a time.
CHUNK = 5000
DONE = ".done"
LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n", "cr": "\r"}
ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
}


class OutFileError(Exception):
    """A file could not be written; the message names the file and the reason."""


@dataclass(frozen=True)
class OutFormat:
    delimiter: str = "\t"
    header: bool = True
    encoding: str = "utf-8"
    line_ending: str = "\r\n"
    done_marker: bool = False

    @classmethod
    def of(cls, channel: ChannelSettings) -> OutFormat:
        """The channel's layout, with its settings checked and spelled out."""
        ending = LINE_ENDINGS.get(channel.line_ending.lower(), channel.line_ending)
        if ending not in LINE_ENDINGS.values():
            raise ValueError(
                f"line_ending = {channel.line_ending!r} is not a line ending: use"
                ' "\\r\\n" (Windows), "\\n" or "\\r". Correct the channel settings.'
            )
        encoding = ENCODINGS.get(channel.out_encoding.lower())
        if encoding is None:
            raise ValueError(
                f"out_encoding = {channel.out_encoding!r} is not known: use"
                ' "utf-8", "utf-8-sig" (with a byte order mark) or "cp1252".'
                " Correct the channel settings."
            )
        if len(channel.delimiter) != 1 or channel.delimiter in '\r\n"':
            raise ValueError(
                f"delimiter = {channel.delimiter!r} should be one character such"
                ' as "\\t", "," , ";" or "|". Correct the channel settings.'
            )
        return cls(
            channel.delimiter, channel.header, encoding, ending, channel.done_marker
        )


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    records: int


def stamped_name(kind: str, at: datetime) -> str:
    return f"{kind}-{at:%Y%m%dT%H%M%S}.txt"


def _free_name(folder: Path, kind: str, at: datetime) -> Path:
    """The stamped name, or with -2, -3 ... when a file of that second exists."""
    path = folder / stamped_name(kind, at)
    number = 1
    while path.exists() or path.with_name(path.name + TEMPORARY).exists():
        number += 1
        path = folder / f"{kind}-{at:%Y%m%dT%H%M%S}-{number}.txt"
    return path


def write_file(
    folder: Path,
    kind: str,
    at: datetime,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    layout: OutFormat,
) -> WrittenFile:
    """Write `rows` as `<kind>-<timestamp>.txt` in `folder`; return it when in place.

    Nothing appears under the final name unless every row was written: a
    failure part way removes the temporary file and raises OutFileError.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = _free_name(folder, kind, at)
    except OSError as error:
        raise OutFileError(f"the folder {folder} cannot be used: {error}") from error
    temporary = final.with_name(final.name + TEMPORARY)
    _remove_stale(folder, kind, at)
    try:
        records = _write(temporary, columns, rows, layout)
        os.replace(temporary, final)
        if layout.done_marker:
            final.with_name(final.name + DONE).touch()
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutFileError(f"{final} could not be written: {error}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    log.info("%s written: %d records", final, records)
    return WrittenFile(final, records)


def _remove_stale(folder: Path, kind: str, at: datetime) -> None:
    """Temporary files of `kind` left by a run that died (a power cut)."""
    cutoff = at.timestamp() - STALE_SECONDS
    for leftover in folder.glob(f"{kind}-*.txt{TEMPORARY}"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                log.warning("removed %s, left by a run that did not finish", leftover)
        except OSError:  # another run took it meanwhile, or it is not ours
            continue


def _clean(text: str, rows: int, width: int, delimiter: str) -> bool:
    """No field in these rows (joined by newlines) needs quoting."""
    return not (
        '"' in text
        or "\r" in text
        or "None" in text
        or text.count("\n") != rows - 1
        or text.count(delimiter) != rows * (width - 1)
    )


def _plain_lines(
    chunk: list[Sequence[object]], width: int, layout: OutFormat
) -> str | None:
    """The rows joined by hand, with the csv writer only for rows that need it.

    Two to three times faster than the csv writer for every row. A row with
    a delimiter, quote or line break in a field (or a None, which the csv
    writer writes as nothing) goes through the csv writer. Whether any row
    needs it is told by counting over the whole chunk at once.
    """
    delimiter = layout.delimiter
    if width < 2:  # the csv writer quotes a lone empty field
        return None
    lines = [delimiter.join(map(str, row)) for row in chunk]
    text = "\n".join(lines)
    if not _clean(text, len(lines), width, delimiter):
        marked = _marked_rows(text, lines, width, delimiter)
        if marked is None:
            lines = [
                line if _clean(line, 1, width, delimiter) else _quoted(row, layout)
                for line, row in zip(lines, chunk, strict=True)
            ]
        else:
            for index in marked:
                lines[index] = _quoted(chunk[index], layout)
    ending = layout.line_ending
    return ending.join(lines) + ending


def _marked_rows(
    text: str, lines: list[str], width: int, delimiter: str
) -> set[int] | None:
    """The rows holding a quote, a carriage return or a None, found by
    searching the chunk's text rather than each row; None when a field holds
    a delimiter or line break, which only a row at a time can place.

    A description with a quote in it is common enough that nearly every
    chunk of a catalogue has one; checking each row then cost more than
    writing the file.
    """
    rows = len(lines)
    if text.count("\n") != rows - 1 or text.count(delimiter) != rows * (width - 1):
        return None
    marked = set()
    for mark in ('"', "\r", "None"):
        # The row is the number of line breaks before the mark, counted on
        # from the mark before: one pass over the text for each kind.
        row = seen = 0
        at = text.find(mark)
        while at != -1:
            row += text.count("\n", seen, at)
            seen = at
            marked.add(row)
            at = text.find(mark, at + 1)
    return marked


def _quoted(row: Sequence[object], layout: OutFormat) -> str:
    # The line ending is given and cut off again: the csv writer quotes a
    # field holding any character of it.
    line = io.StringIO()
    ending = layout.line_ending
    csv.writer(
        line,
        delimiter=layout.delimiter,
        lineterminator=ending,
        quoting=csv.QUOTE_MINIMAL,
    ).writerow(row)
    return line.getvalue()[: -len(ending)]


def _write(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    layout: OutFormat,
) -> int:
    # A character the encoding lacks (say a Polish letter in cp1252) becomes
    # "?" rather than failing the whole file.
    with path.open(
        "w", encoding=layout.encoding, errors="replace", newline="", buffering=1 << 20
    ) as out:
        writer = csv.writer(
            out,
            delimiter=layout.delimiter,
            lineterminator=layout.line_ending,
            quoting=csv.QUOTE_MINIMAL,
        )
        if layout.header:
            writer.writerow(columns)
        records = 0
        remaining = iter(rows)
        while chunk := list(itertools.islice(remaining, CHUNK)):
            plain = _plain_lines(chunk, len(columns), layout)
            if plain is None:
                writer.writerows(chunk)
            else:
                out.write(plain)
            records += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return records
