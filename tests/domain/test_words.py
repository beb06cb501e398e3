"""Counts in words: one line, two lines."""

from __future__ import annotations

from warehouse_app.domain.words import numbered, plural


def test_one_of_a_thing_is_singular_and_any_other_count_plural() -> None:
    assert plural(1, "line") == "1 line"
    assert plural(0, "parcel") == "0 parcels"
    assert plural(3574, "more row") == "3,574 more rows"
    assert plural(2, "kind", "kinds") == "2 kinds"


def test_numbers_after_a_noun_read_as_a_list() -> None:
    assert numbered("line", [2]) == "line 2"
    assert numbered("line", [2, 3]) == "lines 2 and 3"
    assert numbered("line", [4, 5, 9]) == "lines 4, 5 and 9"
