"""Does the stock ledger reconcile? Every check is a GROUP BY in the database.

The stock row keeps running balances so enquiries stay fast; the ledger and
the allocation events are the history that must add up to them. A dealer
group has hundreds of thousands of parts and millions of movements, so
nothing here loops over rows in Python: each check is one aggregate query,
and only the differences come back.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    Integer,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from warehouse_app.domain.lifecycle import STOCK_OPEN
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    AllocationEvent,
    OrderLine,
    Stock,
    StockMovement,
    WebOrder,
)
from warehouse_app.services import group_totals
from warehouse_app.services.errors import first_words

log = logging.getLogger("warehouse.ledger")

ON_HAND = "on hand = sum of movements"
ALLOCATED = "allocated = sum of allocation events"
HELD = "allocated = held by open order lines"
LINE = "order line = its allocation events"
CHAIN = "movements run on from each other"
REVERSAL = "reversal mirrors one movement, once"
GROUPS = "group totals = a fresh count"
SEARCH = "description words = the parts"
# What FTS5's integrity check answers for an index that differs from its
# table: SQLITE_CORRUPT_VTAB, or plain SQLITE_CORRUPT on older versions.
INDEX_DAMAGED = {sqlite3.SQLITE_CORRUPT_VTAB, sqlite3.SQLITE_CORRUPT}


@dataclass(frozen=True)
class Difference:
    """One check that does not hold for one part at one depot."""

    depot: str
    part_number: str
    check: str
    recorded: int
    expected: int
    detail: str = ""


def part_depots(database: Database) -> int:
    """How many part-depot stock rows there are to check."""
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Stock)) or 0


def reconcile(database: Database) -> list[Difference]:
    """Every difference between the balances and the history, by part and depot."""
    with database.reading() as session:
        differences = [
            *_balances(session),
            *_order_lines(session),
            *_chains(session),
            *_reversals(session),
            *_groups(session),
        ]
    differences.extend(_search_index(database))
    differences.sort(key=lambda d: (d.part_number, d.depot, d.check))
    if differences:
        log.warning("stock ledger has %d differences", len(differences))
    return differences


def _balances(session: Session) -> Iterable[Difference]:
    """On hand against movements; allocated against events and order lines."""
    zero = literal_column("0", Integer())
    move, event, line = StockMovement, AllocationEvent, OrderLine
    held = func.sum(line.qty_allocated - line.qty_picked)
    sources = union_all(
        select(
            Stock.depot,
            Stock.part_number,
            Stock.on_hand.label("on_hand"),
            Stock.allocated.label("allocated"),
            zero.label("moved"),
            zero.label("events"),
            zero.label("held"),
        ),
        select(
            move.depot,
            move.part_number,
            zero,
            zero,
            func.sum(move.qty_change),
            zero,
            zero,
        ).group_by(move.part_number, move.depot),
        select(
            event.depot,
            event.part_number,
            zero,
            zero,
            zero,
            func.sum(event.qty_change),
            zero,
        ).group_by(event.part_number, event.depot),
        select(WebOrder.depot, line.part_number, zero, zero, zero, zero, held)
        .join(WebOrder, WebOrder.id == line.order_id)
        .where(line.status.in_(STOCK_OPEN), line.is_charge.is_(false()))
        .group_by(WebOrder.depot, line.part_number),
    ).subquery()
    c = sources.c
    totals = (
        select(
            c.depot,
            c.part_number,
            func.sum(c.on_hand).label("on_hand"),
            func.sum(c.allocated).label("allocated"),
            func.sum(c.moved).label("moved"),
            func.sum(c.events).label("events"),
            func.sum(c.held).label("held"),
        )
        .group_by(c.depot, c.part_number)
        .subquery()
    )
    t = totals.c
    rows = session.execute(
        select(totals).where(
            or_(t.on_hand != t.moved, t.allocated != t.events, t.allocated != t.held)
        )
    )
    for row in rows:
        depot, part = row.depot, row.part_number
        if row.on_hand != row.moved:
            yield Difference(depot, part, ON_HAND, int(row.on_hand), int(row.moved))
        if row.allocated != row.events:
            yield Difference(
                depot, part, ALLOCATED, int(row.allocated), int(row.events)
            )
        if row.allocated != row.held:
            yield Difference(depot, part, HELD, int(row.allocated), int(row.held))


def _order_lines(session: Session) -> Iterable[Difference]:
    """Each line's allocation events add up to what it still holds.

    A line holds what was allocated to it and not yet picked; once picked,
    packed or invoiced it holds nothing, and its events must add up to zero.
    """
    events = (
        select(
            AllocationEvent.order_line_id,
            func.sum(AllocationEvent.qty_change).label("total"),
        )
        .group_by(AllocationEvent.order_line_id)
        .subquery()
    )
    holds = OrderLine.qty_allocated - OrderLine.qty_picked
    total = func.coalesce(events.c.total, 0)
    rows = session.execute(
        select(
            WebOrder.depot,
            OrderLine.part_number,
            WebOrder.advice_note,
            OrderLine.line_no,
            holds.label("holds"),
            total.label("total"),
        )
        .join(WebOrder, WebOrder.id == OrderLine.order_id)
        .outerjoin(events, events.c.order_line_id == OrderLine.id)
        .where(holds != total)
    )
    for row in rows:
        yield Difference(
            row.depot,
            row.part_number,
            LINE,
            int(row.holds),
            int(row.total),
            f"advice note {row.advice_note} line {row.line_no}",
        )


def _chains(session: Session) -> Iterable[Difference]:
    """Each movement starts where the one before it ended, and adds up."""
    move = StockMovement
    previous = func.lag(move.qty_after, 1, 0).over(
        partition_by=(move.part_number, move.depot), order_by=move.seq
    )
    steps = select(
        move.seq,
        move.depot,
        move.part_number,
        move.qty_before,
        move.qty_change,
        move.qty_after,
        previous.label("previous"),
    ).subquery()
    s = steps.c
    broken = or_(s.qty_before != s.previous, s.qty_after != s.qty_before + s.qty_change)
    rows = session.execute(
        select(s.depot, s.part_number, func.min(s.seq), func.count())
        .where(broken)
        .group_by(s.depot, s.part_number)
    )
    for depot, part, first, count in rows:
        yield Difference(
            depot, part, CHAIN, int(count), 0, f"first at movement {first}"
        )


def _reversals(session: Session) -> Iterable[Difference]:
    """A reversal takes back exactly one movement of the same part and depot."""
    rev, orig = aliased(StockMovement), aliased(StockMovement)
    twice = session.execute(
        select(rev.depot, rev.part_number, rev.reverses_seq, func.count())
        .where(rev.reverses_seq.is_not(None))
        .group_by(rev.reverses_seq, rev.depot, rev.part_number)
        .having(func.count() > 1)
    )
    for depot, part, seq, count in twice:
        yield Difference(
            depot,
            part,
            REVERSAL,
            int(count),
            1,
            f"movement {seq} reversed {count} times",
        )
    mismatched = session.execute(
        select(
            rev.depot,
            rev.part_number,
            rev.seq,
            rev.reverses_seq,
            rev.qty_change,
            orig.qty_change.label("original"),
        )
        .outerjoin(orig, orig.seq == rev.reverses_seq)
        .where(
            rev.reverses_seq.is_not(None),
            or_(
                orig.seq.is_(None),
                orig.depot != rev.depot,
                orig.part_number != rev.part_number,
                orig.qty_change != -rev.qty_change,
            ),
        )
    )
    for depot, part, seq, reversed_seq, change, original in mismatched:
        yield Difference(
            depot,
            part,
            REVERSAL,
            int(change),
            -int(original or 0),
            f"movement {seq} does not mirror movement {reversed_seq}",
        )


def _groups(session: Session) -> Iterable[Difference]:
    for found in group_totals.differences(session):
        yield Difference(
            found.depot or "-",
            f"group {found.group_code}",
            GROUPS,
            found.kept,
            found.counted,
            f"{found.what}; `warehouse-app check --repair-groups` counts again",
        )


def _search_index(database: Database) -> list[Difference]:
    """The words index of part descriptions against the parts (SQLite only).

    FTS5's integrity check is written as an INSERT, so it runs in a writing
    transaction of its own: in the reading one, a station's commit meanwhile
    would make SQLite refuse it as busy, which is no fault of the index.
    """
    if not database.is_sqlite:
        return []
    try:
        with database.unit_of_work() as uow:
            uow.session.execute(
                text(
                    "INSERT INTO part_words(part_words, rank)"
                    " VALUES ('integrity-check', 1)"
                )
            )
    except DBAPIError as error:
        code = getattr(error.orig, "sqlite_errorcode", None)
        if code not in INDEX_DAMAGED:
            raise
        return [
            Difference(
                "-",
                "search index",
                SEARCH,
                0,
                0,
                f"the index of description words does not match the parts"
                f" ({first_words(error)}); `warehouse-app check --repair-search`"
                " builds it again",
            )
        ]
    return []


def repair_search(database: Database) -> None:
    """Build the index of description words again from the parts (SQLite)."""
    with database.unit_of_work() as uow:
        if uow.session.get_bind().dialect.name == "sqlite":
            uow.session.execute(
                text("INSERT INTO part_words(part_words) VALUES ('rebuild')")
            )
        uow.commit()


def repair_groups(database: Database) -> None:
    """Count the totals per group again from the parts and stock."""
    with database.unit_of_work() as uow:
        group_totals.rebuild(uow.session)
        uow.commit()
