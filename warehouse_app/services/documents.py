"""Fill the paper documents from the database."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import (
    Address,
    DocumentType,
    Invoice,
    InvoiceLine,
    ParcelLabel,
    PickDocument,
    PickLine,
)
from warehouse_app.domain.labels import PackedParcel, PackingList, PartLabelRun
from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.domain.money import line_net, vat_bands
from warehouse_app.persistence.tables import (
    Customer,
    InvoiceRecord,
    Parcel,
    PrintJob,
    WebOrder,
)
from warehouse_app.services.errors import NotFound
from warehouse_app.services.ledger import now
from warehouse_app.services.part_labels import part_labels
from warehouse_app.services.pick_view import pick_tasks
from warehouse_app.settings import DealerSettings

Document = PickDocument | ParcelLabel | Invoice | PackingList | PartLabelRun


def _address(customer: Customer | None, order: WebOrder) -> Address:
    if customer is None or order.guest:
        # The shop's export carries no address for a guest checkout.
        return Address(
            "Web shop customer (guest checkout)",
            ("ADDRESS NOT SENT BY THE WEB SHOP:", "look the order up in the shop"),
            order.country,
        )
    return Address(
        customer.name,
        (customer.address1, customer.address2, customer.town, customer.postcode),
        customer.country or order.country,
    )


def _order_by_ref(session: Session, advice_note: str) -> WebOrder:
    order = session.scalars(
        select(WebOrder).where(WebOrder.advice_note == advice_note)
    ).first()
    if order is None:
        raise NotFound(f"Advice note {advice_note} does not exist.")
    return order


def pick_document(
    session: Session, advice_note: str, serpentine: bool = False
) -> PickDocument:
    order = _order_by_ref(session, advice_note)
    customer = session.get(Customer, order.customer_account)
    tasks = pick_tasks(session, order, serpentine)
    return PickDocument(
        advice_note=order.advice_note,
        order_number=order.shop_order_no,
        customer=_address(customer, order).name,
        delivery_method=order.delivery_method,
        depot=order.depot,
        ordered_at=order.ordered_at,
        printed_at=now(),
        lines=tuple(
            PickLine(
                task.bin,
                task.part_number,
                task.description,
                task.remaining,
                task.barcode,
                task.second_bin,
            )
            for task in tasks
        ),
        charge_lines=tuple(
            f"{line.part_number} {line.description} x {line.quantity}"
            for line in order.lines
            if line.is_charge
        ),
    )


def parcel_label(
    session: Session, parcel_id: int, dealer: DealerSettings
) -> ParcelLabel:
    parcel = session.get(Parcel, parcel_id)
    if parcel is None:
        raise NotFound(f"Parcel {parcel_id} does not exist.")
    order = parcel.order
    customer = session.get(Customer, order.customer_account)
    return ParcelLabel(
        advice_note=order.advice_note,
        order_number=order.shop_order_no,
        parcel_number=parcel.number,
        parcel_count=len(order.parcels),
        weight_kg=parcel.weight_kg or Decimal("0"),
        deliver_to=_address(customer, order),
        sender=dealer.name,
        barcode=parcel.tracking_number or f"{order.advice_note}-{parcel.number}",
    )


def invoice(session: Session, number: str, dealer: DealerSettings) -> Invoice:
    record = session.get(InvoiceRecord, number)
    if record is None:
        raise NotFound(f"Invoice {number} does not exist.")
    order = session.get(WebOrder, record.order_id)
    assert order is not None
    customer = session.get(Customer, order.customer_account)
    lines = [line for line in order.lines if line.invoice_number == number]
    invoice_lines = tuple(
        InvoiceLine(
            line.part_number,
            line.description,
            line.quantity,
            line.unit_price,
            line.vat_code,
            line_net(line.quantity, line.unit_price),
        )
        for line in lines
    )
    bands = vat_bands((line.vat_code, line.net) for line in invoice_lines)
    address = _address(customer, order)
    return Invoice(
        invoice_number=number,
        advice_note=order.advice_note,
        order_number=order.shop_order_no,
        invoiced_at=record.at,
        customer_account=order.customer_account,
        invoice_to=address,
        deliver_to=address,
        dealer_name=dealer.name,
        dealer_address=dealer.address,
        dealer_vat_number=dealer.vat_number,
        lines=invoice_lines,
        vat_bands=tuple(bands),
        net_total=record.net_total,
        vat_total=record.vat_total,
        total=record.total,
        notes=tuple(
            f"To follow when in stock: {line.quantity} x {line.part_number}"
            f" {line.description}"
            for line in order.lines
            if line.status == LineStatus.AWAITING_STOCK
        ),
    )


def packing_list(session: Session, advice_note: str) -> PackingList:
    """What went into each parcel of the order, parcel by parcel."""
    order = _order_by_ref(session, advice_note)
    customer = session.get(Customer, order.customer_account)
    lines = {line.id: line for line in order.lines}
    parcels = tuple(
        PackedParcel(
            parcel.number,
            parcel.weight_kg or Decimal("0"),
            tuple(
                (
                    lines[item.order_line_id].part_number,
                    lines[item.order_line_id].description,
                    item.quantity,
                )
                for item in parcel.items
            ),
        )
        for parcel in order.parcels
        if parcel.closed_at is not None
    )
    address = _address(customer, order)
    return PackingList(
        order.advice_note, order.shop_order_no, address.name, address, parcels
    )


def load_document(
    session: Session,
    job: PrintJob,
    dealer: DealerSettings,
    serpentine: bool = False,
    depot: str = "MAIN",
) -> Document:
    """The document a print job stands for, as it is now."""
    kind = DocumentType(job.document_type)
    if kind is DocumentType.PICK_DOCUMENT:
        return pick_document(session, job.document_ref, serpentine)
    if kind is DocumentType.PART_LABELS:
        return part_labels(session, job.document_ref, depot)
    if kind is DocumentType.PACKING_LIST:
        return packing_list(session, job.document_ref)
    if kind is DocumentType.PARCEL_LABEL:
        if job.parcel_id is None:
            raise NotFound(f"Print job {job.id} names no parcel.")
        return parcel_label(session, job.parcel_id, dealer)
    return invoice(session, job.document_ref, dealer)
