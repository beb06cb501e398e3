"""Reading a scan: the kinds of fault behind the field cases, beyond their rows."""

from __future__ import annotations

from datetime import date

import pytest

from warehouse_app.domain.scans import (
    GS,
    ScanKind,
    ScanRefused,
    gtin14,
    looks_like_truncated_gtin,
    plausible_quantity,
    read_scan,
    visible,
)

GTIN = "0109501101530003"


@pytest.mark.parametrize(
    ("code", "ai"),
    [
        (GTIN + "10ABC17211231", "10"),  # an expiry inside the batch
        (GTIN + "10ABC1721123130000012", "10"),  # an expiry and a count after it
        (GTIN + "10ABC15220630", "10"),  # a best-before date
        (GTIN + "10ABC11200101", "10"),  # a production date
        (GTIN + "21SN9917211231", "21"),  # a serial number swallowing the expiry
        (GTIN + "10X7" + "0109501101530003", "10"),  # a GTIN with its check digit
        (GTIN + "10ABC17211231" + GS + "30000012", "10"),  # one separator lost
        ("10ABC17211231" + GS + GTIN, "10"),  # the batch first
    ],
)
def test_a_field_swallowed_by_a_batch_or_serial_is_refused(code: str, ai: str) -> None:
    with pytest.raises(ScanRefused, match=f"separator after AI {ai} is missing"):
        read_scan(code)


@pytest.mark.parametrize(
    ("code", "batch"),
    [
        (GTIN + "10ABC" + GS + "17211231", "ABC"),
        (GTIN + "10LOT17991399", "LOT17991399"),  # month 99: no date
        (GTIN + "10LOT17210230", "LOT17210230"),  # 30 February: no date
        (GTIN + "10ABC0109501101530004", "ABC0109501101530004"),  # bad check digit
        (GTIN + "10A1234567", "A1234567"),
        (GTIN + "17211231" + "10ABC", "ABC"),
    ],
)
def test_a_batch_that_holds_no_whole_field_is_read_as_it_is(
    code: str, batch: str
) -> None:
    assert read_scan(code).batch == batch


def test_the_expiry_is_read_when_the_separator_is_there() -> None:
    reading = read_scan(GTIN + "10ABC" + GS + "17211231")

    assert reading.expiry == date(2021, 12, 31)


@pytest.mark.parametrize("code", [GTIN + GS, GS + GTIN + GS, GS + GS + GTIN])
def test_separators_at_either_end_change_nothing(code: str) -> None:
    reading = read_scan(code)

    assert (reading.kind, reading.value) == (ScanKind.GS1, "09501101530003")


@pytest.mark.parametrize("frame", ["", "\r\n", GS, GS + GS, "]C1", "]C1" + GS])
def test_a_scan_with_nothing_in_it_is_refused_as_empty(frame: str) -> None:
    with pytest.raises(ScanRefused, match="The scan was empty"):
        read_scan(frame)


@pytest.mark.parametrize(
    "frame",
    [
        "\u0662\u0667\u0664\u0668\u0667\u0660\u0668\u0661\u0664\u0668\u0668\u0664\u0663",
        "PN0001\u00dfB",
        "CMDSHORT\u00e9",
    ],
)
def test_letters_no_barcode_carries_point_at_the_keyboard_layout(frame: str) -> None:
    with pytest.raises(ScanRefused, match="keyboard layout test sheet"):
        read_scan(frame)


@pytest.mark.parametrize(
    "frame", ["\x0285123A", "85123A\x03", "851\r23A", "STAFF\x00", "A\u200bB"]
)
def test_control_characters_point_at_the_scanner_settings(frame: str) -> None:
    with pytest.raises(ScanRefused, match="prefix, suffix or terminator"):
        read_scan(frame)


@pytest.mark.parametrize("code", ["\u00b2" * 13, "\u0663" * 13, "12345678901\u0662"])
def test_only_the_digits_0_to_9_make_a_gtin(code: str) -> None:
    with pytest.raises(ScanRefused, match="digits 0-9 only"):
        gtin14(code)


def test_other_digits_are_no_incomplete_gtin() -> None:
    assert not looks_like_truncated_gtin("\u0663" * 11)
    assert looks_like_truncated_gtin("0" * 11)


@pytest.mark.parametrize("text", ["\u00b2", "\u0663", "1\u00b2"])
def test_a_quantity_in_other_digits_is_refused_not_a_crash(text: str) -> None:
    with pytest.raises(ScanRefused, match="Key a whole number"):
        plausible_quantity(text)


def test_control_characters_are_spelled_out() -> None:
    assert visible(f"10ABC{GS}30012\r\n\t\x00") == "10ABC<GS>30012<CR><LF><TAB><U+0000>"


def test_a_part_number_with_a_space_is_still_a_part_number() -> None:
    reading = read_scan("bank charges")

    assert (reading.kind, reading.value) == (ScanKind.PART_NUMBER, "BANK CHARGES")


def test_the_biip_reason_ends_in_one_full_stop() -> None:
    with pytest.raises(ScanRefused) as refusal:
        read_scan("]C1" + "99")

    assert ".." not in str(refusal.value)
