"""Counts in words a person reads: "1 line", "2 lines", "1,072 orders"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`count` and the noun, singular for exactly one: plural(3, "parcel")."""
    word = noun if count == 1 else nouns or f"{noun}s"
    return f"{count:,} {word}"


def numbered(noun: str, numbers: list[int]) -> str:
    """The noun and its numbers: "line 4", "lines 4, 5 and 9"."""
    if len(numbers) == 1:
        return f"{noun} {numbers[0]}"
    listed = ", ".join(map(str, numbers[:-1]))
    return f"{noun}s {listed} and {numbers[-1]}"
