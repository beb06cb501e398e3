"""Reading delimited text files row by row, with the line number of each row."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


class InputFileError(ValueError):
    """The file as a whole cannot be read; the message names it and says what to do."""


def read_rows(
    path: Path,
    required: tuple[str, ...],
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """Yield (line number, row by column name, raw fields) for every data row.

    The line number is the file's own (header is line 1), so a message can
    send a person to the right place. A row with the wrong number of fields
    comes out with an empty dict and its raw fields, for the caller to reject.
    """
    try:
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as error:
        raise InputFileError(
            f"{path}: cannot open the file ({error.strerror})."
        ) from error
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise InputFileError(
                f"{path}: the file is empty; expected a header line."
            ) from None
        except UnicodeDecodeError as error:
            raise InputFileError(
                f"{path}: not {encoding} text ({error.reason}). Save it as UTF-8,"
                " or set the channel's encoding to the one the shop uses."
            ) from error
        header = [name.strip() for name in header]
        missing = [name for name in required if name not in header]
        if missing:
            raise InputFileError(
                f"{path} line 1: the header lacks {', '.join(missing)}. The file does"
                f" not match this layout; expected columns {', '.join(required)}."
            )
        try:
            for fields in reader:
                line = reader.line_num
                if not fields or all(not f.strip() for f in fields):
                    yield line, {}, fields
                    continue
                if len(fields) != len(header):
                    yield line, {}, fields
                    continue
                yield line, dict(zip(header, fields, strict=True)), fields
        except UnicodeDecodeError as error:
            raise InputFileError(
                f"{path} after line {reader.line_num}: not {encoding} text"
                f" ({error.reason}). Nothing from this file was imported; set the"
                " right encoding and import it again."
            ) from error
        except csv.Error as error:
            raise InputFileError(f"{path} line {reader.line_num}: {error}.") from error
