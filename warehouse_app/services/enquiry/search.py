"""The one search box of the parts enquiry, and supersession chains.

A search is a part number, the start of one, a barcode, or up to three words
of the description. Results come a page at a time: the part a barcode names,
then the parts whose number starts with what was typed; a word that starts no
part number, and several words, find the parts whose description holds them
all.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part, Stock
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.lookup import find_part

MAX_WORDS = 3
LONGEST_CHAIN = 50
# Sorts after any character a part number holds, so that on SQLite the
# range [prefix, prefix + TOP) is every number starting with prefix, read
# off the primary key index (SQLite uses no index for a case-insensitive LIKE).
TOP = "\U0010ffff"
# Characters LIKE reads as wildcards or escapes: such a word is matched
# literally, without the index.
WILD = frozenset("%_\\/")
# Descriptions a set of words may be found in before reading the part table
# in order beats the word index.
COMMON = 2000

# part, description, group, price, on hand, allocated, bin, replaced by, stock item
HitRow = Row[str, str, str, Decimal, int, int, str | None, str | None, bool]
HitQuery = Select[str, str, str, Decimal, int, int, str | None, str | None, bool]


class SearchRefused(WarehouseError):
    """A search the box cannot run; the message says what to type instead."""


@dataclass(frozen=True)
class PartHit:
    """One line of the search results, with stock at the asking depot."""

    part_number: str
    description: str
    group_code: str
    price: Decimal
    on_hand: int | None  # None: the part has no stock record at the depot
    allocated: int | None
    bin: str | None
    superseded_by: str | None
    stock_item: bool

    @property
    def free(self) -> int | None:
        if self.on_hand is None or self.allocated is None:
            return None
        return self.on_hand - self.allocated


@dataclass(frozen=True)
class Supersession:
    """The chain from an old part number to the one that replaces it now."""

    chain: tuple[str, ...]  # old -> ... -> newest
    replacement: PartHit | None  # the last part of the chain, when it exists
    problem: str = ""  # a loop or a missing part, in words

    @property
    def text(self) -> str:
        return " -> ".join(self.chain)


def _hits(depot: str) -> HitQuery:
    return select(
        Part.part_number,
        Part.description,
        Part.group_code,
        Part.retail_price,
        Stock.on_hand,
        Stock.allocated,
        Stock.bin,
        Part.superseded_by,
        Part.stock_item,
    ).outerjoin(
        Stock, and_(Stock.part_number == Part.part_number, Stock.depot == depot)
    )


def _starts_with(prefix: str, ranged: bool) -> ColumnElement[bool]:
    """Part numbers starting with `prefix`.

    On SQLite the range lets the primary key index find them. PostgreSQL
    compares text by the database's collation, where the range may not hold
    the prefix's numbers; there LIKE 'prefix%' uses the index by itself in
    the C collation, or with an index in text_pattern_ops.
    """
    starts = Part.part_number.startswith(prefix, autoescape=True)
    if not ranged:
        return starts
    return and_(Part.part_number >= prefix, Part.part_number < prefix + TOP, starts)


def _holds_words(
    session: Session, words: list[str], sqlite: bool
) -> ColumnElement[bool]:
    """Every word somewhere in the description, in any case.

    Words of three letters or more are looked up in the trigram index
    (migration 0009): on SQLite the FTS5 table `part_words`, on PostgreSQL
    the GIN index that ILIKE uses. A shorter word, or one holding a LIKE
    wildcard, is checked on the rows the other words found. Words found in
    thousands of descriptions are cheaper read off the part table in part
    number order, which fills a page after a few hundred rows; the index
    is for the rare ones, which would otherwise read the whole table.
    """
    indexed = [word for word in words if len(word) >= 3 and not WILD & set(word)]
    wanted: list[ColumnElement[bool]] = [
        Part.description.icontains(word, autoescape=True)
        for word in words
        if word not in indexed
    ]
    if sqlite and indexed:
        found: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(table("part_words"))
            .where(
                *(literal_column("description").like(f"%{word}%") for word in indexed)
            )
        )
        matches = session.scalar(
            select(func.count()).select_from(found.limit(COMMON).subquery())
        )
        if (matches or 0) < COMMON:
            wanted.append(literal_column("part.rowid").in_(found))
        else:
            wanted.extend(Part.description.icontains(word) for word in indexed)
    elif indexed:
        wanted.extend(Part.description.ilike(f"%{word}%") for word in indexed)
    return and_(*wanted)


class PartSearch:
    def __init__(self, database: Database) -> None:
        self.database = database

    def search(
        self, text: str, depot: str, limit: int = 100, offset: int = 0
    ) -> list[PartHit]:
        """One page of what `text` finds, with free stock and bin at `depot`."""
        words = text.split()
        if not words:
            return []
        if len(words) > MAX_WORDS:
            raise SearchRefused(
                f"Search with at most {MAX_WORDS} words of the description;"
                f" {len(words)} were given. Leave out the commonest words."
            )
        with self.database.reading() as session:
            phases = self._phases(session, words, depot)
            rows = _page(session, phases, limit, offset)
        return [PartHit(*row) for row in rows]

    def hit(self, part_number: str, depot: str) -> PartHit | None:
        """One part as a search result, or None when there is no such part."""
        with self.database.reading() as session:
            row = session.execute(
                _hits(depot).where(Part.part_number == part_number)
            ).first()
        return PartHit(*row) if row else None

    def supersession(self, part_number: str, depot: str) -> Supersession | None:
        """The chain old -> new when the part is superseded, else None.

        A chain that loops back on itself, or names a part that is not in the
        parts list, is shown as far as it goes, with the problem in words.
        """
        with self.database.reading() as session:
            part = session.get(Part, part_number)
            if part is None or not part.superseded_by:
                return None
            chain = [part.part_number]
            problem = ""
            while part is not None and part.superseded_by:
                following = part.superseded_by
                if following in chain or len(chain) >= LONGEST_CHAIN:
                    problem = (
                        f"The supersession chain of {chain[0]} loops back to"
                        f" {following}. Correct the replacing part of"
                        f" {part.part_number} in the parts list."
                    )
                    break
                chain.append(following)
                part = session.get(Part, following)
                if part is None:
                    problem = (
                        f"{chain[-2]} is replaced by {following}, which is not"
                        " in the parts list. Import the part, or correct the"
                        " replacing part."
                    )
        replacement = None if problem else self.hit(chain[-1], depot)
        return Supersession(tuple(chain), replacement, problem)

    def _phases(self, session: Session, words: list[str], depot: str) -> list[HitQuery]:
        """The queries whose results, end to end, answer the search box.

        One word is first a part number: the part a barcode names, then the
        parts whose number starts with it. Only a word that is no part
        number's start, and not all digits, is looked for in descriptions.
        """
        base = _hits(depot).order_by(Part.part_number)
        if len(words) > 1:
            return [base.where(_holds_words(session, words, self.database.is_sqlite))]
        typed = words[0]
        prefix = typed.upper()
        found = find_part(session, typed)
        phases = []
        if found is not None and not found.part_number.startswith(prefix):
            phases.append(base.where(Part.part_number == found.part_number))
        numbers = base.where(_starts_with(prefix, self.database.is_sqlite))
        phases.append(numbers)
        if found is None and not typed.isdigit():
            starts_a_number = session.execute(numbers.limit(1)).first() is not None
            if not starts_a_number:
                phases.append(
                    base.where(_holds_words(session, [typed], self.database.is_sqlite))
                )
        return phases


def _page(
    session: Session,
    phases: list[HitQuery],
    limit: int,
    offset: int,
) -> list[HitRow]:
    """`limit` rows from `offset` of the phases' results laid end to end.

    A phase is counted only when the page starts beyond it.
    """
    rows: list[HitRow] = []
    for phase in phases:
        if len(rows) >= limit:
            break
        got = session.execute(phase.limit(limit - len(rows)).offset(offset)).all()
        rows.extend(got)
        if got or offset == 0:
            offset = 0
            continue
        size = session.scalar(
            select(func.count()).select_from(phase.order_by(None).subquery())
        )
        offset = max(offset - (size or 0), 0)
    return rows
