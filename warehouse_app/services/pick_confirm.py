"""The rows one pick scan reads and writes, as plain values.

A picker scans every unit, and the next scan comes within a second. Loading
the order into the ORM, flushing it and working out what changed took ten
times as long as the SQL itself, so the scan reads its order, lines and bins
in one statement, changes them in Python and writes each changed row back
with a statement built once. Everything else that changes an order still
goes through the mapped classes; the two share the rules (`summary`,
`progress_digest`, the ledger's checks, `check_step` in picking.py), so
they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import OrderLine, PickScan, Stock, WebOrder
from warehouse_app.services.change_feed import note_order_event, progress_digest
from warehouse_app.services.ledger import now
from warehouse_app.services.order_status import summary
from warehouse_app.services.pick_view import BIN_COLUMNS, BinRow
from warehouse_app.services.station import Station

_order: Table = WebOrder.__table__  # type: ignore[assignment]
_line: Table = OrderLine.__table__  # type: ignore[assignment]
_stock: Table = Stock.__table__  # type: ignore[assignment]

_ORDER_COLUMNS = (
    _order.c.id,
    _order.c.advice_note,
    _order.c.shop_order_no,
    _order.c.customer_account,
    _order.c.channel,
    _order.c.depot,
    _order.c.status,
    _order.c.line_count,
    _order.c.value,
    _order.c.progress,
)
_LINE_COLUMNS = (
    _line.c.id,
    _line.c.line_no,
    _line.c.part_number,
    _line.c.description,
    _line.c.quantity,
    _line.c.unit_price,
    _line.c.status,
    _line.c.qty_picked,
    _line.c.invoice_number,
)
# The order, its lines and their stock rows at the order's depot in one
# statement, the lines in line number order as `WebOrder.lines` loads them
# (the progress digest depends on it). Only the order row is locked, and only
# on PostgreSQL: on SQLite the scan's transaction already holds the write
# lock (BEGIN IMMEDIATE).
_ORDER_LINES_AND_BINS = (
    select(*_ORDER_COLUMNS, *_LINE_COLUMNS, *BIN_COLUMNS)
    .select_from(
        _order.outerjoin(_line, _line.c.order_id == _order.c.id).outerjoin(
            _stock,
            and_(
                _stock.c.depot == _order.c.depot,
                _stock.c.part_number == _line.c.part_number,
            ),
        )
    )
    .where(_order.c.id == bindparam("order_id"))
    .order_by(_line.c.line_no)
    .with_for_update(of=_order)
)
# Only the columns that changed are written, as the ORM writes them: an indexed
# column written again costs a page of the log even when its value stays.
_SET_LINE_COUNT = (
    update(_line)
    .where(_line.c.id == bindparam("line_id"))
    .values(qty_picked=bindparam("qty_picked"))
)
_SET_LINE = _SET_LINE_COUNT.values(status=bindparam("status"))
_ADD_PICK_SCAN = insert(PickScan.__table__)  # type: ignore[arg-type]
_SET_ORDER_TIME = (
    update(_order)
    .where(_order.c.id == bindparam("order_id"))
    .values(updated_at=bindparam("updated_at"), progress=bindparam("progress"))
)
_SET_ORDER = _SET_ORDER_TIME.values(
    status=bindparam("status"),
    line_count=bindparam("line_count"),
    value=bindparam("value"),
)


@dataclass
class ScanLine:
    id: int
    line_no: int
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    status: str
    qty_picked: int
    invoice_number: str | None


@dataclass
class ScanOrder:
    id: int
    advice_note: str
    shop_order_no: str
    customer_account: str
    channel: str
    depot: str
    status: str
    line_count: int
    value: Decimal
    progress: str
    lines: list[ScanLine] = field(default_factory=list)
    # The stock rows of the lines' parts at the order's depot.
    bins: list[BinRow] = field(default_factory=list)


_LINE_STARTS = len(_ORDER_COLUMNS)
_BIN_STARTS = _LINE_STARTS + len(_LINE_COLUMNS)


def order_to_scan(session: Session, order_id: int) -> ScanOrder | None:
    """The order with its lines and their bins, the order row locked for this
    transaction."""
    rows = session.connection().execute(_ORDER_LINES_AND_BINS, {"order_id": order_id})
    order: ScanOrder | None = None
    for row in rows:
        values: tuple[Any, ...] = tuple(row)
        if order is None:
            order = ScanOrder(*values[:_LINE_STARTS])
        if values[_LINE_STARTS] is None:
            continue  # an order without lines
        order.lines.append(ScanLine(*values[_LINE_STARTS:_BIN_STARTS]))
        if values[_BIN_STARTS] is not None:
            order.bins.append(BinRow(*values[_BIN_STARTS:]))
    return order


def record_pick(
    session: Session,
    station: Station,
    line: ScanLine,
    status_before: str,
    quantity: int,
    code: str,
    movement_seq: int,
) -> None:
    """Write the line's new count (and status, if it moved on), and the scan
    that changed them."""
    connection = session.connection()
    if line.status == status_before:
        connection.execute(
            _SET_LINE_COUNT, {"line_id": line.id, "qty_picked": line.qty_picked}
        )
    else:
        connection.execute(
            _SET_LINE,
            {"line_id": line.id, "qty_picked": line.qty_picked, "status": line.status},
        )
    connection.execute(
        _ADD_PICK_SCAN,
        {
            "at": now(),
            "station": station.name,
            "user": station.user,
            "order_line_id": line.id,
            "code": code,
            "quantity": quantity,
            "movement_seq": movement_seq,
            "undone": False,
        },
    )


def refresh_scanned(session: Session, order: ScanOrder) -> None:
    """What `order_status.refresh` does for a mapped order, for the scan's rows.

    The order's status, line count, value and time are written again, and an
    order event is noted when what the shop can see changed. Parcels are not
    part of the digest here, as they are not when a mapped order's parcels
    were never loaded: a scan never changes a parcel.
    """
    summed = summary(order.lines)
    moved_on = summed != (order.status, order.line_count, order.value)
    order.status, order.line_count, order.value = summed
    digest = progress_digest(order.status, order.lines)
    if digest != order.progress:
        order.progress = digest
        note_order_event(session, order.channel, order.id, order.status)
    values: dict[str, Any] = {
        "order_id": order.id,
        # Full precision: the order list notices a change by the newest time.
        "updated_at": datetime.now(),
        "progress": order.progress,
    }
    if moved_on:
        values.update(status=order.status, line_count=order.line_count)
        values.update(value=order.value)
        session.connection().execute(_SET_ORDER, values)
    else:
        session.connection().execute(_SET_ORDER_TIME, values)
