"""Orders: send one, read one, list the changed ones, cancel one."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from warehouse_app.persistence.tables import OrderEvent, WebOrder
from warehouse_app.services.cancelling import CancelRefused, cancel
from warehouse_app.services.change_feed import changed_orders
from warehouse_app.services.order_progress import find_order, progress_of
from warehouse_app.services.shop_orders import (
    Delivery,
    IdempotencyConflict,
    OrderedLine,
    OrderRefused,
    ShopOrderRequest,
    receive_order,
)
from webservice.auth import ReadOrders, Service, WriteOrders, scope_doc
from webservice.context import ServiceContext
from webservice.errors import ApiError, field_path
from webservice.routers import COMMON_ERRORS
from webservice.schemas import (
    SHOP_ORDER_NO,
    Cancellation,
    ErrorBody,
    OrderIn,
    OrderOut,
    OrderPage,
    Receipt,
)
from webservice.views import order_out, receipt_out

log = logging.getLogger("warehouse.web")

router = APIRouter(prefix="/api/v1/orders", tags=["orders"], responses=COMMON_ERRORS)

ShopOrderNo = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        pattern=SHOP_ORDER_NO,
        description="The shop's own order number.",
    ),
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such order in this shop."}
}


@router.post(
    "",
    status_code=201,
    response_model=Receipt,
    summary="Send an order",
    responses={
        200: {"model": Receipt, "description": "Received before; the same receipt."},
        409: {
            "model": ErrorBody,
            "description": "Key or number used for another order.",
        },
    },
    openapi_extra=scope_doc("orders:write"),
)
def send_order(
    order: OrderIn,
    holder: WriteOrders,
    service: Service,
    response: Response,
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            pattern=r"^[\x21-\x7e]+$",
            description="A key the shop makes once per order and sends again"
            " with every retry of it, e.g. a UUID.",
        ),
    ],
) -> Receipt:
    """Receive the order; a retry under the same key or order number is safe."""
    try:
        receipt = receive_order(
            service.database,
            service.station,
            holder.channel,
            idempotency_key,
            _request(order),
            service.part_ship(holder.channel),
        )
    except OrderRefused as refusal:
        log.info(
            "order %s from %s refused: %s", order.shop_order_no, holder.channel, refusal
        )
        fields = [
            (field_path(("body", *path)), text) for path, text in refusal.problems
        ]
        raise ApiError(
            422,
            f"The order was not received: {refusal}",
            fields=fields,
        ) from refusal
    except IdempotencyConflict as conflict:
        log.info("order %s from %s: %s", order.shop_order_no, holder.channel, conflict)
        raise ApiError(409, str(conflict), code="idempotency_conflict") from conflict
    if receipt.replayed:
        response.status_code = 200
    return receipt_out(receipt)


def _request(order: OrderIn) -> ShopOrderRequest:
    ordered_at = order.ordered_at
    if ordered_at.tzinfo is not None:
        ordered_at = ordered_at.astimezone().replace(tzinfo=None)
    delivery = order.delivery
    return ShopOrderRequest(
        shop_order_no=order.shop_order_no,
        ordered_at=ordered_at,
        account=order.customer.account,
        email=order.customer.email,
        delivery=Delivery(
            method=delivery.method,
            name=delivery.name,
            address1=delivery.address1,
            address2=delivery.address2,
            town=delivery.town,
            postcode=delivery.postcode,
            country=delivery.country,
        ),
        lines=tuple(
            OrderedLine(line.part_number, line.quantity, line.unit_price)
            for line in order.lines
        ),
    )


@router.get(
    "",
    response_model=OrderPage,
    summary="List the orders changed since a cursor",
    openapi_extra=scope_doc("orders:read"),
)
def changed(
    holder: ReadOrders,
    service: Service,
    since: Annotated[int, Query(ge=0, le=2**62, description="0 at first")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> OrderPage:
    """The shop's orders with a change after `since`, oldest change first."""
    with service.database.reading() as session:
        order_ids, last = changed_orders(session, holder.channel, since, limit)
        orders = progress_of(session, order_ids)
        more = bool(
            session.scalar(
                select(
                    exists().where(
                        OrderEvent.channel == holder.channel, OrderEvent.seq > last
                    )
                )
            )
        )
    return OrderPage(
        orders=[order_out(order) for order in orders], next_cursor=last, more=more
    )


@router.get(
    "/{shop_order_no}",
    response_model=OrderOut,
    summary="Read an order",
    responses={
        **NOT_FOUND,
        409: {"model": ErrorBody, "description": "Changed while read: ask again."},
    },
    openapi_extra=scope_doc("orders:read"),
)
async def read_order(
    shop_order_no: ShopOrderNo, holder: ReadOrders, service: Service
) -> Response:
    """How far the order has got: lines, parcels, invoices, times."""
    # The version is one indexed read, done on the event loop; building a
    # view that is not kept yet takes milliseconds, so it goes to a thread.
    found = service.views.version(holder.channel, shop_order_no)
    if found is None:
        # 403 or 404, unless the order was received since the version was read.
        await run_in_threadpool(_owned, service, holder.channel, shop_order_no)
        found = service.views.version(holder.channel, shop_order_no)
    if found is None:
        log.warning(
            "order %s of %s found, then gone on reading it again",
            shop_order_no,
            holder.channel,
        )
        raise ApiError(
            409,
            f"Order {shop_order_no} changed while it was being read. Ask for it again.",
        )
    kept = service.views.kept(found)
    if kept is None:
        kept = await run_in_threadpool(service.views.view, found)
    return Response(kept, media_type="application/json")


def _owned(service: ServiceContext, channel: str, shop_order_no: str) -> int:
    with service.database.reading() as session:
        return owned_order(session, channel, shop_order_no)


@router.post(
    "/{shop_order_no}/cancel",
    response_model=Cancellation,
    summary="Cancel an order that is not picked yet",
    responses={
        **NOT_FOUND,
        409: {"model": ErrorBody, "description": "Picking has begun: too late."},
    },
    openapi_extra=scope_doc("orders:write"),
)
def cancel_order(
    shop_order_no: ShopOrderNo, holder: WriteOrders, service: Service
) -> Cancellation:
    """Cancel the whole order; refused, with the reason, once picking began."""
    with service.database.unit_of_work() as uow:
        order_id = owned_order(uow.session, holder.channel, shop_order_no)
        try:
            outcome = cancel(uow.session, order_id, service.station)
        except CancelRefused as refusal:
            log.info("cancel of %s by %s refused", shop_order_no, holder.channel)
            raise ApiError(409, str(refusal), code="too_late_to_cancel") from refusal
        uow.commit()
    with service.database.reading() as session:
        (order,) = progress_of(session, [order_id])
    return Cancellation(
        shop_order_no=order.shop_order_no,
        advice_note=order.advice_note,
        already_cancelled=outcome.already,
        order=order_out(order),
    )


def owned_order(session: Session, channel: str, shop_order_no: str) -> int:
    """The order's id in the caller's shop; 403 if it is another shop's."""
    order_id = find_order(session, channel, shop_order_no)
    if order_id is not None:
        return order_id
    elsewhere = session.scalar(
        select(WebOrder.id).where(WebOrder.shop_order_no == shop_order_no).limit(1)
    )
    if elsewhere is not None:
        raise ApiError(
            403,
            f"Order {shop_order_no} belongs to another shop; this key may see only"
            f" the orders of shop {channel}.",
        )
    raise ApiError(
        404,
        f"Shop {channel} has sent no order {shop_order_no}. Check the number,"
        " or send the order first.",
    )
