"""The shop's view of orders and stock, turned into the API's shapes."""

from __future__ import annotations

from datetime import datetime

from warehouse_app.domain.money import shop_price
from warehouse_app.services.order_progress import ShopOrder
from warehouse_app.services.shop_orders import Receipt as ServiceReceipt
from warehouse_app.services.web_stock import WebStock
from webservice import schemas


def local(at: datetime) -> datetime:
    """Times are kept in the warehouse's local time; the API says the offset."""
    return at.astimezone()


def receipt_out(receipt: ServiceReceipt) -> schemas.Receipt:
    return schemas.Receipt(
        shop_order_no=receipt.shop_order_no,
        advice_note=receipt.advice_note,
        status=receipt.status,
        received_at=local(receipt.received_at),
        replayed=receipt.replayed,
        lines=[
            schemas.ReceiptLine(
                shop_line=line.shop_line,
                part_number=line.part_number,
                quantity=line.quantity,
                allocated=line.allocated,
                backordered=line.backordered,
            )
            for line in receipt.lines
        ],
    )


def order_out(order: ShopOrder) -> schemas.OrderOut:
    return schemas.OrderOut(
        shop_order_no=order.shop_order_no,
        advice_note=order.advice_note,
        status=order.status,
        ordered_at=local(order.ordered_at),
        received_at=local(order.received_at),
        updated_at=local(order.updated_at),
        lines=[
            schemas.OrderLineOut(
                line_no=line.line_no,
                shop_line=line.shop_line,
                part_number=line.part_number,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                status=line.status,
                allocated=line.qty_allocated,
                backordered=line.qty_backordered,
                picked=line.qty_picked,
                packed=line.qty_packed,
                invoice_number=line.invoice_number,
            )
            for line in order.lines
        ],
        parcels=[
            schemas.ParcelOut(
                number=parcel.number,
                tracking_number=parcel.tracking_number,
                weight_kg=parcel.weight_kg,
                closed_at=local(parcel.closed_at) if parcel.closed_at else None,
            )
            for parcel in order.parcels
        ],
        invoice_numbers=list(order.invoice_numbers),
        history=[
            schemas.StatusChangeOut(status=change.status, at=local(change.at))
            for change in order.history
        ],
    )


def stock_out(stock: WebStock) -> schemas.StockOut:
    return schemas.StockOut(
        part_number=stock.part_number,
        description=stock.description,
        group_code=stock.group_code,
        price=shop_price(stock.price),
        status=stock.status,
        free=stock.free,
    )
