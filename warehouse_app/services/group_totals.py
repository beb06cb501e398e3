"""Totals per product group, kept in step with the ledger.

Adding up every part of every group on each visit to the group tab read the
whole part table (about a second at 500,000 parts). Instead, on hand and its
retail value per group and depot are changed in the transaction of each
stock movement, and the parts per group are counted again whenever the
parts or stock file is loaded. `warehouse-app check` compares them with a
fresh count.

The changes of one transaction are added up per group and depot and written
at commit, in group and depot order, so two stations never wait on each
other's group rows in opposite orders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Table,
    bindparam,
    cast,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from warehouse_app.persistence.bulk_rows import execute_many
from warehouse_app.persistence.tables import (
    GroupStock,
    GroupTotal,
    InvoiceRecord,
    OrderLine,
    Part,
    Stock,
)

log = logging.getLogger("warehouse.ledger")

ON_HAND_DELTAS = "group_on_hand_deltas"
_part: Table = Part.__table__  # type: ignore[assignment]
# Built once: they run in the commit of every stock movement, each pick scan.
# One part (a scan) needs no list: a list is spelled out on every run.
_FACTS = select(_part.c.part_number, _part.c.group_code, _part.c.retail_price).where(
    _part.c.part_number.in_(bindparam("parts", expanding=True)),
    _part.c.stock_item.is_(True),
)
_FACTS_OF_ONE = select(
    _part.c.part_number, _part.c.group_code, _part.c.retail_price
).where(_part.c.part_number == bindparam("part"), _part.c.stock_item.is_(True))


def note_on_hand(session: Session, depot: str, part_number: str, change: int) -> None:
    """Count a change of on hand, to be added to its group's totals at commit."""
    deltas: dict[tuple[str, str], int] = session.info.setdefault(ON_HAND_DELTAS, {})
    key = (depot, part_number)
    deltas[key] = deltas.get(key, 0) + change


def write_noted(session: Session) -> None:
    """Add the transaction's on-hand changes to the group rows (at commit)."""
    deltas: dict[tuple[str, str], int] = session.info.pop(ON_HAND_DELTAS, {})
    moved = {key: change for key, change in deltas.items() if change}
    if not moved:
        return
    parts = sorted({part for _depot, part in moved})
    # Parts added in this transaction must be rows before their group is read.
    session.flush()
    connection = session.connection()
    found = (
        connection.execute(_FACTS_OF_ONE, {"part": parts[0]})
        if len(parts) == 1
        else connection.execute(_FACTS, {"parts": parts})
    )
    facts = {part: (group, int(round(price * 10000))) for part, group, price in found}
    totals: dict[tuple[str, str], list[int]] = {}
    for (depot, part), change in moved.items():
        if part not in facts:
            continue
        group, price = facts[part]
        units_value = totals.setdefault((group, depot), [0, 0])
        units_value[0] += change
        units_value[1] += change * price
    if not totals:
        return  # only parts that are not stock items moved
    # One statement a row, so two stations adding to a group row that does
    # not exist yet never both insert it; rows in order, so they never wait
    # on each other's rows the other way round.
    execute_many(
        session,
        _adding(connection.dialect.name),
        [
            {"group_code": group, "depot": depot, "units": units, "value_e4": value}
            for (group, depot), (units, value) in sorted(totals.items())
        ],
    )


@cache
def _adding(dialect: str) -> Any:
    """INSERT ... ON CONFLICT that adds to a group's row, built once."""
    table: Table = GroupStock.__table__  # type: ignore[assignment]
    add = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    return add.on_conflict_do_update(
        index_elements=[table.c.group_code, table.c.depot],
        set_={
            "units": table.c.units + add.excluded.units,
            "value_e4": table.c.value_e4 + add.excluded.value_e4,
        },
    )


@event.listens_for(Session, "before_commit")
def _write_at_commit(session: Session) -> None:
    write_noted(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        forget_noted(session)


def forget_noted(session: Session) -> None:
    session.info.pop(ON_HAND_DELTAS, None)


def _value_e4() -> ColumnElement[int]:
    return cast(func.round(Stock.on_hand * Part.retail_price * 10000), BigInteger)


def rebuild(session: Session) -> None:
    """Count every group again from the parts and stock (after a file load)."""
    forget_noted(session)
    session.flush()
    session.execute(delete(GroupTotal))
    session.execute(delete(GroupStock))
    session.execute(
        insert(GroupTotal).from_select(
            ["group_code", "parts"],
            select(Part.group_code, func.count())
            .where(Part.stock_item.is_(True))
            .group_by(Part.group_code),
        )
    )
    session.execute(
        insert(GroupStock).from_select(
            ["group_code", "depot", "units", "value_e4"],
            select(
                Part.group_code,
                Stock.depot,
                func.sum(Stock.on_hand),
                func.sum(_value_e4()),
            )
            .join(Stock, Stock.part_number == Part.part_number)
            .where(Part.stock_item.is_(True))
            .group_by(Part.group_code, Stock.depot),
        )
    )
    log.info("group totals counted again from the parts and stock")


def mark_sold(session: Session, invoice: InvoiceRecord, lines: list[OrderLine]) -> None:
    """The parts of an invoice were sold on its date (for 'no sale in 12 months')."""
    sold = sorted({line.part_number for line in lines if not line.is_charge})
    if not sold:
        return
    session.execute(
        update(Part)
        .where(
            Part.part_number.in_(sold),
            (Part.last_sold_at.is_(None)) | (Part.last_sold_at < invoice.at),
        )
        .values(last_sold_at=invoice.at)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class GroupDifference:
    group_code: str
    depot: str
    what: str
    kept: int
    counted: int

    @property
    def text(self) -> str:
        where = f"group {self.group_code}" + (f" at {self.depot}" if self.depot else "")
        return (
            f"{where}: {self.what} kept as {self.kept}, counted {self.counted}."
            " Run `warehouse-app check --repair-groups` to count them again."
        )


def differences(session: Session) -> list[GroupDifference]:
    """Where the kept group totals differ from a fresh count."""
    found: list[GroupDifference] = []
    kept_parts = dict(
        session.execute(select(GroupTotal.group_code, GroupTotal.parts)).all()
    )
    counted_parts = dict(
        session.execute(
            select(Part.group_code, func.count())
            .where(Part.stock_item.is_(True))
            .group_by(Part.group_code)
        ).all()
    )
    for group in sorted(set(kept_parts) | set(counted_parts)):
        kept, counted = kept_parts.get(group, 0), counted_parts.get(group, 0)
        if kept != counted:
            found.append(GroupDifference(group, "", "parts", kept, counted))
    kept_stock = {
        (group, depot): (units, value)
        for group, depot, units, value in session.execute(
            select(
                GroupStock.group_code,
                GroupStock.depot,
                GroupStock.units,
                GroupStock.value_e4,
            )
        )
    }
    counted_stock = {
        (group, depot): (int(units or 0), int(value or 0))
        for group, depot, units, value in session.execute(
            select(
                Part.group_code,
                Stock.depot,
                func.sum(Stock.on_hand),
                func.sum(_value_e4()),
            )
            .join(Stock, Stock.part_number == Part.part_number)
            .where(Part.stock_item.is_(True))
            .group_by(Part.group_code, Stock.depot)
        )
    }
    for key in sorted(set(kept_stock) | set(counted_stock)):
        kept_units, kept_value = kept_stock.get(key, (0, 0))
        units, value = counted_stock.get(key, (0, 0))
        if kept_units != units:
            found.append(GroupDifference(*key, "units on hand", kept_units, units))
        if kept_value != value:
            found.append(
                GroupDifference(*key, "retail value (1/10000)", kept_value, value)
            )
    return found
