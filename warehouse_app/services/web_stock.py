"""Free stock as the web shop sees it.

Free for the web is on hand minus allocated, summed over the depots that
serve the web (`depot.serves_web`), less a safety quantity held back per part
or per product group, never below nothing. The stock files and the web
service both answer from here, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import Depot, Part, Stock

# Rows asked for in one IN (...) list; SQLite allows 32,766 parameters.
CHUNK = 5000


@dataclass(frozen=True)
class SafetyHold:
    """Stock kept back from the web: by part number first, then by group."""

    by_part: Mapping[str, int] = field(default_factory=dict)
    by_group: Mapping[str, int] = field(default_factory=dict)

    def for_part(self, part_number: str, group_code: str) -> int:
        held = self.by_part.get(part_number)
        if held is None:
            held = self.by_group.get(group_code, 0)
        return held


@dataclass(frozen=True)
class WebStock:
    part_number: str
    description: str
    group_code: str
    price: Decimal
    status: str
    free: int


def part_status(stock_item: bool, superseded_by: str | None) -> str:
    if superseded_by:
        return "superseded"
    return "active" if stock_item else "non-stock"


def _query() -> Select[str, str, str, Decimal, bool, str | None, int]:
    free = func.sum(Stock.on_hand - Stock.allocated)
    return (
        select(
            Part.part_number,
            Part.description,
            Part.group_code,
            Part.retail_price,
            Part.stock_item,
            Part.superseded_by,
            free,
        )
        .select_from(Part)
        .outerjoin(
            Stock,
            and_(
                Stock.part_number == Part.part_number,
                Stock.depot.in_(select(Depot.code).where(Depot.serves_web)),
            ),
        )
        .group_by(Part.part_number)
    )


def _rows(
    rows: Iterable[Any],
    hold: SafetyHold,
) -> Iterator[WebStock]:
    for number, description, group, price, stock_item, successor, free in rows:
        available = max(free or 0, 0) if stock_item else 0
        held = hold.for_part(number, group) if available else 0
        yield WebStock(
            part_number=number,
            description=description,
            group_code=group,
            price=price,
            status=part_status(stock_item, successor),
            free=max(available - held, 0),
        )


def web_stock(
    session: Session, part_numbers: Sequence[str], hold: SafetyHold | None = None
) -> dict[str, WebStock]:
    """Web stock of the named parts; a part that does not exist is left out."""
    hold = hold or SafetyHold()
    found: dict[str, WebStock] = {}
    for start in range(0, len(part_numbers), CHUNK):
        chunk = part_numbers[start : start + CHUNK]
        query = _query().where(Part.part_number.in_(chunk))
        for row in _rows(session.execute(query), hold):
            found[row.part_number] = row
    return found


def all_web_stock(
    session: Session, hold: SafetyHold | None = None
) -> Iterator[WebStock]:
    """Every part's web stock in part-number order, streamed, not loaded whole."""
    query = _query().order_by(Part.part_number)
    result = session.execute(query, execution_options={"yield_per": 10_000})
    yield from _rows(result, hold or SafetyHold())
