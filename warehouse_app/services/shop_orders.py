"""Orders sent by a shop through the web service, received once however often.

A shop that lost the answer sends the same order again. The Idempotency-Key
it sends with the order, and the shop's own order number, make that safe:
the order becomes one advice note, and every repeat is answered with the
same receipt, marked as a replay. The same key with a different order is
refused, because one of the two is a mistake the shop must look at.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Customer,
    IdempotencyRecord,
    Part,
    WebOrder,
)
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.ledger import now
from warehouse_app.services.order_masters import ensure_guest_account
from warehouse_app.services.order_progress import find_order, progress_of
from warehouse_app.services.orders import receive
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.web")

# A race with another request for the same order is tried again this often.
ATTEMPTS = 3


@dataclass(frozen=True)
class Delivery:
    method: str = "deliver"
    name: str = ""
    address1: str = ""
    address2: str = ""
    town: str = ""
    postcode: str = ""
    country: str = ""


@dataclass(frozen=True)
class OrderedLine:
    part_number: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class ShopOrderRequest:
    """An order as the shop sent it; the account is None for a guest."""

    shop_order_no: str
    ordered_at: datetime
    account: str | None
    email: str
    delivery: Delivery
    lines: tuple[OrderedLine, ...]

    def fingerprint(self) -> str:
        """The same order always gives the same fingerprint: 2.5 is 2.50."""

        def plain(value: object) -> str:
            if isinstance(value, Decimal):
                return format(value.normalize(), "f")
            return str(value)

        text = json.dumps(asdict(self), default=plain, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReceiptLine:
    shop_line: int
    part_number: str
    quantity: int
    allocated: int
    backordered: int


@dataclass(frozen=True)
class Receipt:
    shop_order_no: str
    advice_note: str
    status: str
    received_at: datetime
    lines: tuple[ReceiptLine, ...]
    replayed: bool = False

    def as_json(self) -> str:
        return json.dumps(asdict(self), default=str)

    @classmethod
    def from_json(cls, text: str) -> Receipt:
        data = json.loads(text)
        return cls(
            shop_order_no=data["shop_order_no"],
            advice_note=data["advice_note"],
            status=data["status"],
            received_at=datetime.fromisoformat(data["received_at"]),
            lines=tuple(ReceiptLine(**line) for line in data["lines"]),
            replayed=data["replayed"],
        )


class OrderRefused(WarehouseError):
    """The order names things we do not know; `problems` are (path, message)."""

    def __init__(self, problems: Sequence[tuple[tuple[str | int, ...], str]]) -> None:
        super().__init__("; ".join(message for _path, message in problems))
        self.problems = list(problems)


class IdempotencyConflict(WarehouseError):
    """A key or order number already used for a different order."""


# FIXME:web: idempotency records are kept for ever, one row per order sent;
# nothing prunes them yet, which costs a little disk per order, no speed.
def receive_order(
    database: Database,
    station: Station,
    channel: str,
    idempotency_key: str,
    request: ShopOrderRequest,
    part_ship: bool = True,
) -> Receipt:
    """Receive the order once; a repeat gets the first receipt, marked replayed."""
    fingerprint = request.fingerprint()
    if request.account is None:
        ensure_guest_account(database)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with database.unit_of_work() as uow:
                receipt = _receive(
                    uow.session,
                    station,
                    channel,
                    idempotency_key,
                    request,
                    fingerprint,
                    part_ship,
                )
                uow.commit()
            return receipt
        except IntegrityError:
            # Another request took the key or the order number meanwhile;
            # the next attempt finds it and answers with its receipt.
            if attempt == ATTEMPTS:
                raise
            log.info(
                "order %s from %s raced another request; looking again",
                request.shop_order_no,
                channel,
            )
    raise AssertionError("unreachable")


def _receive(
    session: Session,
    station: Station,
    channel: str,
    key: str,
    request: ShopOrderRequest,
    fingerprint: str,
    part_ship: bool,
) -> Receipt:
    known = session.get(IdempotencyRecord, (channel, key))
    if known is not None:
        if known.request_hash != fingerprint:
            raise IdempotencyConflict(
                f"Idempotency-Key {key!r} was already used for a different order"
                f" (advice note {Receipt.from_json(known.response).advice_note})."
                " Send a new key with a new order, and the same key only to"
                " repeat exactly the same order."
            )
        return replace(Receipt.from_json(known.response), replayed=True)

    order_id = find_order(session, channel, request.shop_order_no)
    if order_id is not None:
        return _already_received(session, channel, key, request, fingerprint, order_id)

    parts = _parts(session, request)
    if request.account is not None and session.get(Customer, request.account) is None:
        raise OrderRefused(
            [
                (
                    ("customer", "account"),
                    f"There is no customer account {request.account!r}. Send the"
                    " account number the dealer gave the customer, or null for"
                    " a guest.",
                )
            ]
        )
    order = receive(
        session, station, _incoming(request, parts), channel, parts, part_ship
    )
    _deliver_to(order, request)
    session.flush()
    receipt = _receipt(session, order.id)
    session.add(
        IdempotencyRecord(
            channel=channel,
            key=key,
            request_hash=fingerprint,
            order_id=order.id,
            response=receipt.as_json(),
            created_at=now(),
        )
    )
    log.info(
        "order %s from %s received as advice note %s (%s)",
        request.shop_order_no,
        channel,
        receipt.advice_note,
        receipt.status,
    )
    return receipt


def _already_received(
    session: Session,
    channel: str,
    key: str,
    request: ShopOrderRequest,
    fingerprint: str,
    order_id: int,
) -> Receipt:
    first = session.scalars(
        select(IdempotencyRecord)
        .where(IdempotencyRecord.order_id == order_id)
        .order_by(IdempotencyRecord.created_at)
        .limit(1)
    ).first()
    if first is not None and first.request_hash != fingerprint:
        advice_note = Receipt.from_json(first.response).advice_note
        raise IdempotencyConflict(
            f"Order {request.shop_order_no} was already received, with different"
            f" contents, as advice note {advice_note}. A received order cannot be"
            " changed: cancel it and send the new one under a new order number."
        )
    # An order that came in a file before has no record: describe it as it is.
    receipt = (
        Receipt.from_json(first.response)
        if first is not None
        else _receipt(session, order_id)
    )
    session.add(
        IdempotencyRecord(
            channel=channel,
            key=key,
            request_hash=fingerprint,
            order_id=order_id,
            response=receipt.as_json(),
            created_at=now(),
        )
    )
    return replace(receipt, replayed=True)


def _parts(session: Session, request: ShopOrderRequest) -> dict[str, Part]:
    wanted = {line.part_number for line in request.lines}
    wanted |= {number.upper() for number in wanted}
    found = {
        part.part_number: part
        for part in session.scalars(select(Part).where(Part.part_number.in_(wanted)))
    }
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, line in enumerate(request.lines):
        if line.part_number not in found and line.part_number.upper() not in found:
            problems.append(
                (
                    ("lines", index, "part_number"),
                    f"There is no part {line.part_number!r}. Check the part number"
                    " against the stock the web service lists.",
                )
            )
    if problems:
        raise OrderRefused(problems)
    return found


def _incoming(request: ShopOrderRequest, parts: dict[str, Part]) -> IncomingOrder:
    def number(text: str) -> str:
        return text if text in parts else text.upper()

    return IncomingOrder(
        shop_order_no=request.shop_order_no,
        ordered_at=request.ordered_at,
        customer_account=request.account,
        country=request.delivery.country,
        lines=[
            IncomingLine(
                index, number(line.part_number), "", line.quantity, line.unit_price
            )
            for index, line in enumerate(request.lines, start=1)
        ],
        delivery_method=request.delivery.method,
    )


def _deliver_to(order: WebOrder, request: ShopOrderRequest) -> None:
    delivery = request.delivery
    order.ship_name = delivery.name
    order.ship_address1 = delivery.address1
    order.ship_address2 = delivery.address2
    order.ship_town = delivery.town
    order.ship_postcode = delivery.postcode
    order.email = request.email


def _receipt(session: Session, order_id: int) -> Receipt:
    (shop_order,) = progress_of(session, [order_id])
    by_shop_line: dict[int, ReceiptLine] = {}
    for line in shop_order.lines:
        seen = by_shop_line.get(line.shop_line)
        by_shop_line[line.shop_line] = ReceiptLine(
            shop_line=line.shop_line,
            part_number=line.part_number,
            quantity=line.quantity + (seen.quantity if seen else 0),
            allocated=line.qty_allocated + (seen.allocated if seen else 0),
            backordered=line.qty_backordered + (seen.backordered if seen else 0),
        )
    return Receipt(
        shop_order_no=shop_order.shop_order_no,
        advice_note=shop_order.advice_note,
        status=shop_order.status,
        received_at=shop_order.received_at,
        lines=tuple(by_shop_line[number] for number in sorted(by_shop_line)),
    )
