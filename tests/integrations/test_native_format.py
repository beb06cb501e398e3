"""The native order file read on its own, without a database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.integrations.order_files import an_order, fake_masters, native_file
from warehouse_app.integrations.csv_rows import InputFileError
from warehouse_app.integrations.native_format import (
    TruncatedFile,
    has_trailer,
    read_native,
    trailer_unended,
)


def test_a_native_file_becomes_whole_orders_with_their_delivery_address(
    tmp_path: Path,
) -> None:
    path = native_file(
        tmp_path / "orders.txt",
        [
            an_order("W1001", [("85123A", 6, "2.55"), ("71053", 2, "3.39")]),
            an_order("W1002", [("22423", 1, "10.95")], account=None),
        ],
    )

    result = read_native(path, fake_masters())

    assert [o.shop_order_no for o in result.orders] == ["W1001", "W1002"]
    first = result.orders[0]
    assert [(line.part_number, line.quantity) for line in first.lines] == [
        ("85123A", 6),
        ("71053", 2),
    ]
    assert first.ship_postcode == "CA11 9XX"
    assert first.email == "buyer@example.com"
    assert result.orders[1].customer_account is None
    assert result.rows_read == 3
    assert result.rejections == []


def test_part_numbers_are_text_and_keep_their_leading_zeros(tmp_path: Path) -> None:
    path = native_file(tmp_path / "o.txt", [an_order("W1", [("00123", 2, "12.50")])])

    result = read_native(path, fake_masters())

    assert result.orders[0].lines[0].part_number == "00123"


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_record(
    tmp_path: Path,
) -> None:
    path = native_file(tmp_path / "o.txt", [an_order("W1", [("71053", 1, "3.39")])])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert has_trailer(path)
    result = read_native(path, fake_masters(), "utf-8")

    assert [o.shop_order_no for o in result.orders] == ["W1"]


def test_a_windows_1252_pound_sign_arrives_as_a_pound_sign(tmp_path: Path) -> None:
    order = an_order("W1", [("71053", 1, "3.39")], description="LANTERN £3.39 OFFER")
    path = native_file(tmp_path / "o.txt", [order], encoding="cp1252")
    assert b"\xa3" in path.read_bytes()

    result = read_native(path, fake_masters(), "cp1252")

    assert result.orders[0].lines[0].description == "LANTERN £3.39 OFFER"


def test_a_windows_1252_file_read_as_utf8_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    order = an_order("W1", [("71053", 1, "3.39")], description="£ OFFER")
    path = native_file(tmp_path / "o.txt", [order], encoding="cp1252")

    with pytest.raises(InputFileError, match=r"o.txt line 2: byte 0xa3.*cp1252"):
        read_native(path, fake_masters(), "utf-8")


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_lines_may_end_in_crlf_lf_or_a_bare_cr(tmp_path: Path, line_end: str) -> None:
    orders = [
        an_order("W1", [("71053", 1, "3.39"), ("22423", 2, "10.95")]),
        an_order("W2", [("21730", 3, "4.25")]),
    ]
    path = native_file(tmp_path / "o.txt", orders, line_end=line_end)

    result = read_native(path, fake_masters())

    assert has_trailer(path)
    assert [len(o.lines) for o in result.orders] == [2, 1]
    assert result.orders[1].lines[0].unit_price == Decimal("4.25")


def test_a_file_without_its_trailer_is_refused_whole(tmp_path: Path) -> None:
    path = native_file(
        tmp_path / "o.txt",
        [an_order("W1", [("71053", 1, "3.39")])],
        trailer=False,
    )

    assert not has_trailer(path)
    with pytest.raises(TruncatedFile, match="does not end with a trailer"):
        read_native(path, fake_masters())


def test_a_trailer_without_its_line_ending_may_be_half_written(
    tmp_path: Path,
) -> None:
    whole = native_file(tmp_path / "o.txt", [an_order("W1", [("71053", 12, "3.39")])])
    text = whole.read_bytes()
    assert text.endswith(b"T\t2\t12\r\n")

    # The writer got as far as "T<tab>2<tab>1" of "T<tab>2<tab>12".
    whole.write_bytes(text[: -len(b"2\r\n")])
    assert not has_trailer(whole)
    assert trailer_unended(whole)

    whole.write_bytes(text[:-2])
    assert not has_trailer(whole)
    for ending in (b"\r\n", b"\n", b"\r", b"\r\n\r\n"):
        whole.write_bytes(text[:-2] + ending)
        assert has_trailer(whole) and not trailer_unended(whole)


def test_a_trailer_that_does_not_agree_is_refused_with_what_it_found(
    tmp_path: Path,
) -> None:
    path = native_file(
        tmp_path / "o.txt",
        [an_order("W1", [("71053", 1, "3.39"), ("22423", 2, "10.95")])],
    )
    text = path.read_text()
    lines = text.splitlines()
    del lines[2]  # a line record lost in transit
    path.write_text("\r\n".join(lines) + "\r\n")

    with pytest.raises(TruncatedFile, match=r"says 3 / 3.*holds 2 / 1"):
        read_native(path, fake_masters())


def test_an_unknown_part_holds_its_own_order_and_names_line_field_and_value(
    tmp_path: Path,
) -> None:
    path = native_file(
        tmp_path / "o.txt",
        [
            an_order("W1", [("71053", 1, "3.39")]),
            an_order("W2", [("22423", 1, "10.95"), ("NOPE-9", 2, "1.00")]),
            an_order("W3", [("21730", 1, "4.25")]),
        ],
    )

    result = read_native(path, fake_masters())

    assert [o.shop_order_no for o in result.orders] == ["W1", "W3"]
    cause = result.held["W2"]
    assert (cause.line_number, cause.field, cause.value) == (5, "part_number", "NOPE-9")
    assert [(r.line_number, r.reason) for r in result.rejections] == [
        (4, "order held"),
        (5, "unknown part"),
    ]
    assert result.rows_read == 4 == 2 + len(result.rejections)


def test_a_bad_header_holds_every_line_of_its_order(tmp_path: Path) -> None:
    path = native_file(
        tmp_path / "o.txt",
        [an_order("W1", [("71053", 1, "3.39"), ("22423", 1, "10.95")])],
    )
    text = path.read_text().replace("2026-12-04T", "04/12/2026 ")
    path.write_text(text)

    result = read_native(path, fake_masters())

    assert result.orders == []
    assert result.held["W1"].field == "ordered_at"
    assert [r.reason for r in result.rejections] == ["order held", "order held"]
    assert "ordered_at" in result.rejections[0].message


def test_an_order_worth_more_than_an_order_may_be_is_held_at_its_largest_line(
    tmp_path: Path,
) -> None:
    path = native_file(
        tmp_path / "o.txt",
        [
            an_order("W1", [("71053", 1, "3.39")]),
            an_order("W2", [("22423", 1, "10.95"), ("21730", 100_000, "99999999")]),
        ],
    )

    result = read_native(path, fake_masters())

    assert [o.shop_order_no for o in result.orders] == ["W1"]
    cause = result.held["W2"]
    assert (cause.line_number, cause.field, cause.reason) == (
        5,
        "order value",
        "order too large",
    )
    assert [(r.line_number, r.reason) for r in result.rejections] == [
        (4, "order held"),
        (5, "order too large"),
    ]
    assert result.rows_read == 3 == 1 + len(result.rejections)


def test_an_order_dated_before_2000_is_held_whole(tmp_path: Path) -> None:
    path = native_file(tmp_path / "o.txt", [an_order("W1", [("71053", 1, "3.39")])])
    path.write_text(path.read_text().replace("2026-12-04T", "1899-12-04T"))

    result = read_native(path, fake_masters())

    assert result.orders == []
    assert result.held["W1"].field == "ordered_at"
    assert "between the years 2000 and 2100" in result.rejections[0].message


@pytest.mark.parametrize(
    ("quantity", "words"),
    [
        ("-6", "quantity '-6' is not a whole number of 1 or more."),
        ("0", "quantity 0 is less than 1: this field holds 1 to 100,000."),
    ],
)
def test_a_quantity_below_1_is_refused_in_words_that_match_the_rule(
    tmp_path: Path, quantity: str, words: str
) -> None:
    path = native_file(tmp_path / "o.txt", [an_order("W1", [("71053", 1, "3.39")])])
    text = path.read_text().replace("\t71053\t1\t", f"\t71053\t{quantity}\t")
    path.write_text(text.replace("T\t2\t1", "T\t2\t0"))  # the sum skips "-6"

    result = read_native(path, fake_masters())

    [rejection] = result.rejections
    assert rejection.field == "quantity"
    assert words in rejection.message
