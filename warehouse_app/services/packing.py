"""Packing: picked goods go into parcels; the last parcel closed invoices the order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus, check_step
from warehouse_app.domain.scans import ScanKind, ScanRefused, read_scan
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import OrderLine, Parcel, ParcelItem, WebOrder
from warehouse_app.services import print_queue
from warehouse_app.services.errors import NotFound, ScanNotAccepted, WarehouseError
from warehouse_app.services.invoicing import invoice_order
from warehouse_app.services.ledger import now
from warehouse_app.services.lookup import identify
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.pack")

MAX_PARCEL_KG = Decimal("1000")


@dataclass(frozen=True)
class PackLine:
    line_id: int
    part_number: str
    description: str
    picked: int
    packed: int

    @property
    def to_pack(self) -> int:
        return self.picked - self.packed


@dataclass(frozen=True)
class PackView:
    order_id: int
    advice_note: str
    status: str
    lines: tuple[PackLine, ...]
    open_parcel: int | None
    open_parcel_items: int
    closed_parcels: int
    invoice_number: str | None

    @property
    def all_packed(self) -> bool:
        return all(line.to_pack == 0 for line in self.lines)


def parse_weight(text: str) -> Decimal:
    """A parcel weight in kg as the packer keyed it, or a refusal."""
    if not text.strip():
        raise WarehouseError(
            "The weight is empty. Weigh the parcel, key its weight in kg (for"
            " example 2.5) in the Weight box, and close the parcel again."
        )
    try:
        weight = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise WarehouseError(
            f"{text!r} is not a weight. Key the weight in kg, e.g. 2.5."
        ) from None
    if not weight.is_finite() or weight < Decimal("0.001") or weight > MAX_PARCEL_KG:
        raise WarehouseError(
            f"{text} kg is not a plausible parcel weight. Weigh the parcel and key"
            f" a weight between 0.001 and {MAX_PARCEL_KG} kg."
        )
    return weight.quantize(Decimal("0.001"))


class PackingService:
    def __init__(
        self, database: Database, station: Station, gs_substitute: str = ""
    ) -> None:
        self.database = database
        self.station = station
        self.gs_substitute = gs_substitute

    def view(self, order_id: int) -> PackView:
        with self.database.reading() as session:
            return self._view(session, self._order(session, order_id))

    def pack_scan(self, order_id: int, frame: str) -> PackView:
        """Put what one scan stands for into the open parcel."""
        try:
            reading = read_scan(frame, self.gs_substitute)
        except ScanRefused as refusal:
            raise ScanNotAccepted(str(refusal)) from refusal
        if reading.kind not in (ScanKind.GTIN, ScanKind.GS1, ScanKind.PART_NUMBER):
            raise ScanNotAccepted(
                f"{reading.value} is not a part barcode. Scan the part."
            )
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = self._order(session, order_id, lock=True)
            found = identify(session, reading)
            line = next(
                (
                    ln
                    for ln in self._packable(order)
                    if ln.part_number == found.part_number
                    and ln.qty_picked - ln.qty_packed >= found.quantity
                ),
                None,
            )
            if line is None:
                raise ScanNotAccepted(
                    f"{found.quantity} x {found.part_number} is not waiting to be"
                    " packed"
                    " on this order. Put it aside and tell the supervisor."
                )
            self._put(session, order, line, found.quantity)
            view = self._view(session, order)
            uow.commit()
            return view

    def pack_everything(self, order_id: int) -> PackView:
        """Put every picked unit not yet packed into the open parcel."""
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = self._order(session, order_id, lock=True)
            for line in self._packable(order):
                if line.qty_picked > line.qty_packed:
                    self._put(session, order, line, line.qty_picked - line.qty_packed)
            view = self._view(session, order)
            uow.commit()
            return view

    def close_parcel(self, order_id: int, weight_text: str) -> PackView:
        """Close the open parcel; the last one closed prints labels and invoices."""
        weight = parse_weight(weight_text)
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = self._order(session, order_id, lock=True)
            parcel = self._open_parcel(order)
            if parcel is None or not parcel.items:
                raise WarehouseError(
                    "The parcel is empty. Scan the items into it first."
                )
            parcel.weight_kg = weight
            parcel.closed_at = now()
            log.info(
                "parcel %d of %s closed at %s kg",
                parcel.number,
                order.advice_note,
                weight,
            )
            if all(ln.qty_packed == ln.qty_picked for ln in self._packable(order)):
                self._finish(session, order)
            view = self._view(session, order)
            uow.commit()
            return view

    def _finish(self, session: Session, order: WebOrder) -> None:
        new_parcels = [
            parcel
            for parcel in order.parcels
            if parcel.closed_at is not None and parcel.tracking_number is None
        ]
        for parcel in new_parcels:
            parcel.tracking_number = f"{order.advice_note}-{parcel.number}"
            print_queue.enqueue(
                session,
                DocumentType.PARCEL_LABEL,
                parcel.tracking_number,
                order.id,
                parcel.id,
            )
        print_queue.enqueue(
            session, DocumentType.PACKING_LIST, order.advice_note, order.id
        )
        for line in self._packable(order):
            line.status = check_step("pack", LineStatus(line.status), LineStatus.PACKED)
        refresh(order)
        invoice_order(session, order)

    def _put(
        self, session: Session, order: WebOrder, line: OrderLine, quantity: int
    ) -> None:
        parcel = self._open_parcel(order)
        if parcel is None:
            parcel = Parcel(number=len(order.parcels) + 1)
            order.parcels.append(parcel)
            session.flush()
        item = next((it for it in parcel.items if it.order_line_id == line.id), None)
        if item is None:
            parcel.items.append(ParcelItem(order_line_id=line.id, quantity=quantity))
        else:
            item.quantity += quantity
        line.qty_packed += quantity
        log.info(
            "packed %d x %s of %s into parcel %d",
            quantity,
            line.part_number,
            order.advice_note,
            parcel.number,
        )

    @staticmethod
    def _packable(order: WebOrder) -> list[OrderLine]:
        return [line for line in order.lines if line.status == LineStatus.PICKED]

    @staticmethod
    def _open_parcel(order: WebOrder) -> Parcel | None:
        return next((p for p in order.parcels if p.closed_at is None), None)

    def _view(self, session: Session, order: WebOrder) -> PackView:
        parcel = self._open_parcel(order)
        invoices = sorted(
            {ln.invoice_number for ln in order.lines if ln.invoice_number}
        )
        return PackView(
            order_id=order.id,
            advice_note=order.advice_note,
            status=order.status,
            lines=tuple(
                PackLine(
                    ln.id, ln.part_number, ln.description, ln.qty_picked, ln.qty_packed
                )
                for ln in self._packable(order)
            ),
            open_parcel=parcel.number if parcel else None,
            open_parcel_items=sum(it.quantity for it in parcel.items) if parcel else 0,
            closed_parcels=sum(1 for p in order.parcels if p.closed_at is not None),
            invoice_number=invoices[-1] if invoices else None,
        )

    def _order(self, session: Session, order_id: int, lock: bool = False) -> WebOrder:
        query = select(WebOrder).where(WebOrder.id == order_id)
        if lock:
            query = query.with_for_update()
        order = session.scalars(query).one_or_none()
        if order is None:
            raise NotFound(f"Order {order_id} no longer exists. Refresh the list.")
        return order
