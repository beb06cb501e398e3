"""History by customer: what an account bought, who bought a part, invoices.

Bought means invoiced; the price paid is the line's net unit price. Charge
lines (carriage, postage) are on the invoice but are not parts bought.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, select

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.money import line_net
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Customer,
    InvoiceRecord,
    OrderLine,
    WebOrder,
)
from warehouse_app.services.errors import NotFound
from warehouse_app.services.lookup import find_customer
from warehouse_app.services.print_queue import enqueue

log = logging.getLogger("warehouse.enquiry")


@dataclass(frozen=True)
class Purchase:
    invoice_number: str
    at: datetime
    account: str
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    net: Decimal


@dataclass(frozen=True)
class Buyer:
    account: str
    name: str
    quantity: int
    invoices: int
    last_bought: datetime


@dataclass(frozen=True)
class InvoiceSummary:
    number: str
    at: datetime
    account: str
    name: str
    advice_note: str
    order_id: int
    net_total: Decimal
    vat_total: Decimal
    total: Decimal
    lines: tuple[Purchase, ...]  # charge lines included


def _purchases() -> Select[str, datetime, str, str, str, int, Decimal]:
    return (
        select(
            InvoiceRecord.number,
            InvoiceRecord.at,
            InvoiceRecord.customer_account,
            OrderLine.part_number,
            OrderLine.description,
            OrderLine.quantity,
            OrderLine.unit_price,
        )
        .join(OrderLine, OrderLine.invoice_number == InvoiceRecord.number)
        .order_by(
            InvoiceRecord.at.desc(), InvoiceRecord.number.desc(), OrderLine.line_no
        )
    )


def _purchase(row: tuple[str, datetime, str, str, str, int, Decimal]) -> Purchase:
    number, at, account, part, description, quantity, price = row
    net = line_net(quantity, price)
    return Purchase(number, at, account, part, description, quantity, price, net)


class CustomerHistory:
    def __init__(self, database: Database) -> None:
        self.database = database

    def customer_name(self, account: str) -> str:
        with self.database.reading() as session:
            customer = find_customer(session, account)
        if customer is None:
            raise NotFound(
                f"There is no customer account {account.strip()}. Check the"
                " account number on the customer's invoice."
            )
        return customer.name

    def purchases(
        self,
        account: str,
        part_number: str = "",
        limit: int = 200,
        offset: int = 0,
    ) -> list[Purchase]:
        """Parts the account bought, newest invoice first; one part if given."""
        with self.database.reading() as session:
            customer = find_customer(session, account)
            query = _purchases().where(
                InvoiceRecord.customer_account
                == (customer.account if customer else account.strip()),
                OrderLine.is_charge.is_(False),
            )
            if part_number:
                query = query.where(OrderLine.part_number == part_number)
            rows = session.execute(query.limit(limit).offset(offset)).all()
        return [_purchase(row) for row in rows]

    def buyers(
        self, part_number: str, limit: int = 200, offset: int = 0
    ) -> list[Buyer]:
        """The customers who bought the part, the latest buyer first."""
        last = func.max(InvoiceRecord.at).label("last")
        query = (
            select(
                InvoiceRecord.customer_account,
                Customer.name,
                func.sum(OrderLine.quantity),
                func.count(func.distinct(InvoiceRecord.number)),
                last,
            )
            .join(OrderLine, OrderLine.invoice_number == InvoiceRecord.number)
            .join(Customer, Customer.account == InvoiceRecord.customer_account)
            .where(OrderLine.part_number == part_number)
            .group_by(InvoiceRecord.customer_account, Customer.name)
            .order_by(last.desc(), InvoiceRecord.customer_account)
            .limit(limit)
            .offset(offset)
        )
        with self.database.reading() as session:
            rows = session.execute(query).all()
        return [Buyer(a, n, int(q), int(i), at) for a, n, q, i, at in rows]

    def invoice(self, number: str) -> InvoiceSummary:
        key = number.strip().upper()
        with self.database.reading() as session:
            found = session.execute(
                select(InvoiceRecord, WebOrder.advice_note, Customer.name)
                .join(WebOrder, WebOrder.id == InvoiceRecord.order_id)
                .outerjoin(Customer, Customer.account == InvoiceRecord.customer_account)
                .where(InvoiceRecord.number == key)
            ).first()
            if found is None:
                raise NotFound(
                    f"There is no invoice {key}. Check the number on the invoice."
                )
            record, advice_note, name = found
            rows = session.execute(_purchases().where(InvoiceRecord.number == key))
            lines = tuple(_purchase(row) for row in rows)
        return InvoiceSummary(
            record.number,
            record.at,
            record.customer_account,
            name or "",
            advice_note,
            record.order_id,
            record.net_total,
            record.vat_total,
            record.total,
            lines,
        )

    def reprint_invoice(self, number: str) -> str:
        """Queue the invoice to print again; return what to tell the person."""
        key = number.strip().upper()
        with self.database.unit_of_work() as uow:
            record = uow.session.get(InvoiceRecord, key)
            if record is None:
                raise NotFound(
                    f"There is no invoice {key} to reprint. Check the number."
                )
            enqueue(uow.session, DocumentType.INVOICE, record.number, record.order_id)
            uow.commit()
        log.info("invoice %s queued for reprint from the enquiry", key)
        return f"Invoice {key} queued to print again."
