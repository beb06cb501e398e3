"""Writing the shop's files: each row as the csv writer would, quickly."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest

from warehouse_app.integrations.out_files import OutFormat, _marked_rows, write_file

AT = datetime(2026, 12, 4, 2, 0)


@pytest.mark.parametrize("delimiter", ["\t", ",", ";"])
@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_plain_rows_are_written_as_the_csv_writer_would(
    tmp_path: Path, delimiter: str, ending: str
) -> None:
    rows = [
        ("00123", "GREASE NIPPLE £", 5, "12.50", "active"),
        ("A-7", 'BLADE 18" MOWER', 0, "3.20", "superseded"),
        ("A-8", "BLADE, NEW; LONG", 1, "3.20", "active"),
        ("A-9", "TWO\nLINES\tAND TAB", 2, "1.00", "non-stock"),
        ("B-1", None, 3, "2.00", "active"),
    ]
    expected = io.StringIO()
    csv.writer(expected, delimiter=delimiter, lineterminator=ending).writerows(
        [("a", "b", "c", "d", "e"), *rows]
    )
    layout = OutFormat(delimiter=delimiter, line_ending=ending)

    for n, row in enumerate(rows):
        # Each row alone (a plain chunk) and all together (a chunk to quote).
        alone = write_file(tmp_path, f"one-{n}", AT, "abcde", [row], layout)
        single = io.StringIO()
        csv.writer(single, delimiter=delimiter, lineterminator=ending).writerows(
            [tuple("abcde"), row]
        )
        assert alone.path.read_bytes().decode() == single.getvalue()
    together = write_file(tmp_path, "all", AT, ("a", "b", "c", "d", "e"), rows, layout)
    assert together.path.read_bytes().decode() == expected.getvalue()


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_a_chunk_with_a_few_quotes_is_written_as_the_csv_writer_would(
    tmp_path: Path, ending: str
) -> None:
    # Quotes, a carriage return and a None, but no delimiter or line break in
    # a field: the rows to quote are found in the chunk's text as a whole.
    odd = [
        ("A-7", 'BLADE 18" MOWER', 0, "3.20", "superseded"),
        ("A-8", "CR\rINSIDE", 1, "3.20", "active"),
        ("B-1", None, 3, "2.00", "active"),
        ('"Q"', "QUOTED NUMBER", 4, "1.00", "active"),
        ("C-1", "NONE LEFT", 5, "None", "active"),
    ]
    rows: list[tuple[object, ...]] = []
    for n in range(2000):
        rows.append((f"P{n:05}", f"PLAIN PART {n}", n % 7, "1.50", "active"))
        if n % 397 == 0:
            rows.append(odd[(n // 397) % len(odd)])
    rows.append(odd[-1])
    expected = io.StringIO()
    csv.writer(expected, delimiter="\t", lineterminator=ending).writerows(
        [tuple("abcde"), *rows]
    )
    layout = OutFormat(delimiter="\t", line_ending=ending)

    written = write_file(tmp_path, "many", AT, "abcde", rows, layout)

    assert written.path.read_bytes().decode() == expected.getvalue()


def test_the_rows_to_quote_are_found_in_the_chunks_text() -> None:
    lines = ["A\tPLAIN", 'B\t18" BLADE', "C\tPLAIN", "D\tNone", "E\tCR\rIN"]

    assert _marked_rows("\n".join(lines), lines, 2, "\t") == {1, 3, 4}
    # A delimiter inside a field: only a row at a time can tell which.
    assert _marked_rows("A\tB\tC\nD\tE", ["A\tB\tC", "D\tE"], 2, "\t") is None
