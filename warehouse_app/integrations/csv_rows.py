"""Reading delimited text files row by row, with the line number of each row.

A row is one physical line of the file unless the layout allows line breaks
inside quoted fields. Where it does not, a quote that opens a field and is
never closed would make the csv module swallow the lines after it into one
field; each swallowed line comes out as its own `unbalanced quote` record, so
the person learns which lines were not read and the counts stay honest.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MALFORMED = "malformed row"
UNBALANCED_QUOTE = "unbalanced quote"


class InputFileError(ValueError):
    """The file as a whole cannot be read; the message names it and says what to do."""


@dataclass(frozen=True)
class Record:
    """One physical line (or one row, where line breaks are allowed).

    `row` maps column names to fields; it is empty when the line cannot be a
    row, and then `problem` is the reason and `advice` says what is wrong and
    what to do. A blank line comes out with `blank` set, to be skipped.
    """

    line: int
    fields: list[str]
    row: dict[str, str]
    problem: str = ""
    advice: str = ""
    blank: bool = False


def read_rows(
    path: Path,
    required: tuple[str, ...],
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    allow_line_breaks: bool = False,
    other_encoding: str | None = None,
) -> Iterator[Record]:
    """Yield a record for every line after the header.

    The line number is the file's own (header is line 1), so a message can
    send a person to the right place. `other_encoding` is the one the caller
    could read the file in instead (--encoding), for the message of a file
    that is not in `encoding`.
    """
    try:
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as error:
        raise InputFileError(
            f"{path}: cannot open the file ({error.strerror})."
        ) from error
    with handle:
        consumed: list[str] = []

        def physical_lines() -> Iterator[str]:
            for text in handle:
                consumed.append(text)
                yield text

        reader = csv.reader(physical_lines(), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise InputFileError(
                f"{path}: the file is empty; expected a header line."
            ) from None
        except UnicodeDecodeError as error:
            raise _not_decodable(path, encoding, other_encoding) from error
        except csv.Error as error:
            raise InputFileError(f"{path} line 1: {error}.") from error
        header = [name.strip() for name in header]
        missing = [name for name in required if name not in header]
        if missing:
            raise InputFileError(
                f"{path} line 1: the header lacks {', '.join(missing)}. The file does"
                f" not match this layout; expected columns {', '.join(required)}."
            )
        consumed.clear()
        try:
            for fields in reader:
                lines = consumed[:]
                consumed.clear()
                first = reader.line_num - len(lines) + 1
                if len(lines) > 1 and not allow_line_breaks and _holds_break(fields):
                    yield from _swallowed(lines, first, delimiter)
                    continue
                yield _record(first, fields, header)
        except UnicodeDecodeError as error:
            raise _not_decodable(path, encoding, other_encoding) from error
        except csv.Error as error:
            raise InputFileError(f"{path} line {reader.line_num}: {error}.") from error


def _named(encoding: str) -> str:
    if encoding.lower() in ("utf-8", "utf-8-sig", "utf8"):
        return "UTF-8"
    return "Windows-1252" if encoding.lower() == "cp1252" else encoding


def _not_decodable(path: Path, encoding: str, other: str | None) -> InputFileError:
    """Which line holds the first byte that is not `encoding`, and what to do."""
    data = path.read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        start, byte = error.start, f"byte {data[error.start]:#04x}"
    else:  # the reader saw a byte the whole file does not have: say no more
        start, byte = len(data), "a byte"
    breaks = b"\n" if b"\n" in data[:start] else b"\r"
    line = data.count(breaks, 0, start) + 1
    shown = _named(encoding)
    bom = " (with or without BOM)" if shown == "UTF-8" else ""
    advice = f"Save the file as {shown}{bom} and import it again."
    if other is not None:
        advice = (
            f"If it is {_named(other)} text (a spreadsheet's plain CSV often"
            f" is), import it with --encoding {other}, or set encoding ="
            f' "{other}" in the shop channel\'s settings; otherwise save the'
            f" file as {shown}{bom} and import it again."
        )
    return InputFileError(
        f"{path} line {line}: {byte} is not {shown} text, so nothing from this"
        f" file was imported. {advice}"
    )


def _holds_break(fields: list[str]) -> bool:
    return any("\n" in field or "\r" in field for field in fields)


def _record(line: int, fields: list[str], header: list[str]) -> Record:
    # One joined string to look at: a file of 30,000 rows asks this 30,000 times.
    text = "".join(fields)
    if not text.strip():
        return Record(line, fields, {}, blank=True)
    if "\x00" in text:
        return Record(
            line,
            [field.replace("\x00", "") for field in fields],
            {},
            MALFORMED,
            "the line holds a NUL character (byte 0), which no field may hold."
            " Export the file again as plain text, or delete the character.",
        )
    if len(fields) != len(header):
        return Record(
            line,
            fields,
            {},
            MALFORMED,
            f"expected {len(header)} fields, found {len(fields)}. Check the line"
            " for a missing or stray comma, or a line broken in two.",
        )
    return Record(line, fields, dict(zip(header, fields, strict=True)))


def _swallowed(lines: list[str], first: int, delimiter: str) -> Iterator[Record]:
    # Each line is read again on its own, so the caller can tell from its
    # first field which order (or part) the lost line belonged to.
    last = first + len(lines) - 1
    for offset, text in enumerate(lines):
        plain = text.rstrip("\r\n").replace("\x00", "")
        fields = next(csv.reader([plain], delimiter=delimiter), [])
        yield Record(
            first + offset,
            fields,
            {},
            UNBALANCED_QUOTE,
            f'a quote (") opens a field on line {first} and runs on past the'
            f" end of the line, so lines {first} to {last} ran together and none"
            f" of them was read. Remove the stray quote on line {first} (a field"
            " may not hold a line break) and import the file again.",
        )
