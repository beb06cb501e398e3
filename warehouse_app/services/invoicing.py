"""Invoices: made when an order's goods are packed, numbered without gaps."""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus, check_step
from warehouse_app.domain.money import line_net, vat_bands
from warehouse_app.persistence.tables import InvoiceRecord, WebOrder
from warehouse_app.services import print_queue
from warehouse_app.services.group_totals import mark_sold
from warehouse_app.services.ledger import now
from warehouse_app.services.numbers import next_number
from warehouse_app.services.order_status import refresh

log = logging.getLogger("warehouse.invoice")


def invoice_order(session: Session, order: WebOrder) -> InvoiceRecord | None:
    """Invoice the packed lines, with the charges that go with them.

    Charge lines (carriage, discount) ride on the first invoice of the order;
    an order made only of charges is invoiced as soon as it arrives.
    """
    packed = [line for line in order.lines if line.status == LineStatus.PACKED]
    charges = [line for line in order.lines if line.status == LineStatus.CHARGE]
    goods_to_come = any(
        line.status
        not in (LineStatus.CANCELLED, LineStatus.INVOICED, LineStatus.DISPATCHED)
        for line in order.lines
        if not line.is_charge
    )
    if not packed and (goods_to_come or not charges):
        return None
    lines = packed + charges
    number = next_number(session, "invoice")
    for line in lines:
        line.status = check_step(
            "invoice", LineStatus(line.status), LineStatus.INVOICED
        )
        line.invoice_number = number
    nets = [(line.vat_code, line_net(line.quantity, line.unit_price)) for line in lines]
    bands = vat_bands(nets)
    net_total = sum((band.net for band in bands), Decimal("0"))
    vat_total = sum((band.vat for band in bands), Decimal("0"))
    record = InvoiceRecord(
        number=number,
        order_id=order.id,
        at=now(),
        customer_account=order.customer_account,
        net_total=net_total,
        vat_total=vat_total,
        total=net_total + vat_total,
    )
    session.add(record)
    mark_sold(session, record, lines)
    refresh(order)
    session.flush()
    print_queue.enqueue(session, DocumentType.INVOICE, number, order.id)
    log.info(
        "invoice %s for advice note %s: %d lines, total %s",
        number,
        order.advice_note,
        len(lines),
        record.total,
    )
    return record
