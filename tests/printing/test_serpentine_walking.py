"""Serpentine walking order: warehouse_app/domain/walking.py (stdlib only)."""

from __future__ import annotations

import random

from warehouse_app.domain.walking import serpentine_key, zone_of


def test_odd_aisles_are_walked_up_and_even_aisles_down() -> None:
    bins = [
        "B-1-1-A",
        "B-1-1-B",
        "B-1-2-A",
        "B-1-12-A",
        "B-2-12-A",
        "B-2-2-A",
        "B-2-1-A",
        "B-2-1-C",
        "B-3-1-A",
        "B-3-10-A",
        "B-10-9-A",
        "B-10-2-A",
    ]
    shuffled = random.Random(4).sample(bins, len(bins))

    assert sorted(shuffled, key=serpentine_key) == bins


def test_zones_are_walked_one_after_another() -> None:
    bins = ["C-2-5-A", "A-1-3-A", "B-12-3-C", "A-2-9-A", "A10-1-1-A", "A2-1-1-A"]

    assert sorted(bins, key=serpentine_key) == [
        "A-1-3-A",
        "A-2-9-A",
        "A2-1-1-A",
        "A10-1-1-A",
        "B-12-3-C",
        "C-2-5-A",
    ]


def test_odd_bins_come_after_the_walk_and_lines_without_a_bin_last() -> None:
    bins = ["", "ROOF SPACE", "A-1-1-A", "b-2-3-c", "N2-24", "OFFICE"]

    assert sorted(bins, key=serpentine_key) == [
        "A-1-1-A",
        "b-2-3-c",
        "N2-24",
        "OFFICE",
        "ROOF SPACE",
        "",
    ]


def test_padded_and_unpadded_numbers_walk_the_same() -> None:
    assert serpentine_key("A-01-02-D") == serpentine_key("A-1-2-D")
    assert serpentine_key(None) == serpentine_key("  ")


def test_the_zone_is_what_comes_before_the_first_hyphen() -> None:
    assert zone_of("B-12-3-C") == "B"
    assert zone_of("n2-24") == "N2"
    assert zone_of("OFFICE") == ""
    assert zone_of(None) == ""
