"""The scanner cases from the field (shared/cases/scans.md), row by row.

Decoding is tested where it happens: `read_scan` for what a frame means,
`lookup.identify` on a real database for which part and how many.

Where each row is covered:

- row 1: tests/devices/test_framing.py::test_a_code_with_any_line_ending_is_one_scan
  and tests/services/test_pick_and_pack.py::test_each_scan_confirms_one_unit_and_issues_it_from_stock
- row 2: tests/devices/test_framing.py::test_a_code_with_any_line_ending_is_one_scan
  and tests/devices/test_framing.py::test_the_lf_of_a_crlf_arriving_later_is_no_empty_second_scan
- row 3: tests/devices/test_framing.py::test_a_code_with_any_line_ending_is_one_scan
- row 4: tests/devices/test_framing.py::test_aim_prefix_passes_through_to_the_reading_of_the_code
  and tests/services/test_pick_and_pack.py::test_each_scan_confirms_one_unit_and_issues_it_from_stock
- row 5: tests/domain/test_scan_cases.py::test_a_wrong_last_digit_is_refused_for_its_check_digit
  and tests/services/test_pick_and_pack.py::test_a_wrong_part_is_refused_and_changes_nothing
- row 6: tests/devices/test_framing.py::test_a_partial_code_is_dropped_after_the_timeout_and_not_before
  and tests/devices/test_serial_scanner.py::test_a_code_that_never_ends_is_dropped_with_a_warning
- row 7: tests/domain/test_scan_cases.py::test_a_pack_barcode_counts_six_units_of_part_16010
- row 8: tests/domain/test_scan_cases.py::test_upc_a_and_ean_13_with_a_leading_zero_are_one_gtin
  and tests/domain/test_scan_cases.py::test_upc_a_finds_the_part_whose_barcode_is_stored_as_ean_13
- row 9: tests/domain/test_scan_cases.py::test_eleven_digits_are_no_gtin
  and tests/domain/test_scan_cases.py::test_eleven_digits_are_refused_as_an_incomplete_barcode
- row 10: tests/domain/test_scan_cases.py::test_a_gs1_128_code_gives_gtin_expiry_batch_and_count
- row 11: tests/domain/test_scan_cases.py::test_a_printable_separator_reads_as_the_group_separator
  and tests/domain/test_scan_cases.py::test_a_printable_separator_the_station_was_not_told_of_is_named
- row 12: tests/domain/test_scan_cases.py::test_a_separator_sent_first_stands_for_fnc1
- row 13: tests/domain/test_scan_cases.py::test_a_batch_that_would_swallow_the_date_is_refused
- row 14: tests/domain/test_scan_cases.py::test_a_part_number_barcode_is_a_scan_of_that_part
- row 15: tests/ui/test_wedge.py::test_a_fast_burst_ending_in_enter_is_one_scan
- row 16: tests/ui/test_wedge.py::test_a_slow_bluetooth_scanner_is_a_scan_when_the_gap_allows
- row 17: tests/ui/test_wedge.py::test_a_person_typing_the_digits_fills_the_field
- row 18: tests/ui/test_wedge.py::test_a_scan_in_the_quantity_field_leaves_the_quantity_alone
- row 19: tests/ui/test_wedge.py::test_five_scans_of_one_barcode_are_five_scans
- row 20: tests/domain/test_scan_cases.py::test_a_barcode_in_the_quantity_box_is_refused
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from warehouse_app.domain.scans import (
    GS,
    ScanKind,
    ScanRefused,
    looks_like_truncated_gtin,
    plausible_quantity,
    read_scan,
)
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Barcode
from warehouse_app.services.errors import ScanNotAccepted
from warehouse_app.services.lookup import barcode_key, find_part, identify

ROOT = Path(__file__).resolve().parents[2]
LANTERN = "2748708148843"  # part 71053
SCISSOR_PACK = "2479949159359"  # part 16010, six to a pack
ROW_10 = f"]C101095011015300031721123110ABC123{GS}30000012"


def test_every_row_names_a_test_that_exists() -> None:
    rows = re.findall(r"^- row (\d+):", __doc__ or "", re.MULTILINE)
    named = re.findall(r"(tests/[\w/]+\.py)::(\w+)", __doc__ or "")

    assert rows == [str(number) for number in range(1, 21)]
    for path, test in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"{path} has no {test}"


def test_a_wrong_last_digit_is_refused_for_its_check_digit() -> None:
    with pytest.raises(ScanRefused, match="check digit does not match"):
        read_scan("2748708148844\r")


def test_a_pack_barcode_counts_six_units_of_part_16010(masters_db: Database) -> None:
    reading = read_scan(f"{SCISSOR_PACK}\r")

    with masters_db.reading() as session:
        found = identify(session, reading)

    assert (found.part_number, found.quantity) == ("16010", 6)


def test_upc_a_and_ean_13_with_a_leading_zero_are_one_gtin() -> None:
    upc_a = read_scan("036000291452\r")
    ean_13 = read_scan("0036000291452\r")

    assert upc_a.kind is ean_13.kind is ScanKind.GTIN
    assert upc_a.value == ean_13.value == "00036000291452"


@pytest.mark.parametrize(
    ("stored", "scanned"),
    [("0036000291452", "036000291452"), ("036000291452", "0036000291452")],
)
def test_upc_a_finds_the_part_whose_barcode_is_stored_as_ean_13(
    masters_db: Database, stored: str, scanned: str
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.add(Barcode(code=barcode_key(stored), part_number="71053"))
        uow.commit()

    with masters_db.reading() as session:
        found = identify(session, read_scan(f"{scanned}\r"))

    assert (found.part_number, found.quantity) == ("71053", 1)


def test_eleven_digits_are_no_gtin() -> None:
    reading = read_scan("03600029145\r")

    assert reading.kind is ScanKind.PART_NUMBER
    assert looks_like_truncated_gtin(reading.value)


def test_eleven_digits_are_refused_as_an_incomplete_barcode(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.add(Barcode(code=barcode_key("0036000291452"), part_number="71053"))
        uow.commit()

    with masters_db.reading() as session:
        with pytest.raises(ScanNotAccepted, match="incomplete barcode"):
            identify(session, read_scan("03600029145\r"))
        assert find_part(session, "03600029145") is None


def test_a_gs1_128_code_gives_gtin_expiry_batch_and_count() -> None:
    reading = read_scan(f"{ROW_10}\r")

    assert reading.kind is ScanKind.GS1
    assert reading.symbology == "]C1"
    assert reading.value == "09501101530003"
    assert reading.expiry == date(2021, 12, 31)
    assert reading.batch == "ABC123"
    assert reading.count == 12


def test_a_printable_separator_reads_as_the_group_separator() -> None:
    with_gs = read_scan(f"{ROW_10}\r")

    with_bar = read_scan(f"{ROW_10.replace(GS, '|')}\r", gs_substitute="|")

    assert (with_bar.value, with_bar.expiry, with_bar.batch, with_bar.count) == (
        with_gs.value,
        with_gs.expiry,
        with_gs.batch,
        with_gs.count,
    )


def test_a_printable_separator_the_station_was_not_told_of_is_named() -> None:
    with pytest.raises(ScanRefused, match=r"set the station's GS substitute to '\|'"):
        read_scan(f"{ROW_10.replace(GS, '|')}\r")


def test_a_separator_sent_first_stands_for_fnc1() -> None:
    reading = read_scan(f"{GS}0109501101530003\r")

    assert reading.kind is ScanKind.GS1
    assert reading.value == "09501101530003"


def test_a_batch_that_would_swallow_the_date_is_refused() -> None:
    with pytest.raises(ScanRefused, match="separator after AI 10 is missing"):
        read_scan("0109501101530003" + "10ABC" + "17211231" + "\r")


def test_a_part_number_barcode_is_a_scan_of_that_part(masters_db: Database) -> None:
    reading = read_scan("85123A\r")

    with masters_db.reading() as session:
        found = identify(session, reading)

    assert reading.kind is ScanKind.PART_NUMBER
    assert (found.part_number, found.quantity) == ("85123A", 1)


def test_a_barcode_in_the_quantity_box_is_refused() -> None:
    with pytest.raises(ScanRefused, match="not a plausible quantity"):
        plausible_quantity(LANTERN)
