"""Customers, web orders and their lines, picking, parcels, invoices and printing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warehouse_app.persistence.tables.base import MONEY, Base


class Customer(Base):
    __tablename__ = "customer"
    account: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address1: Mapped[str] = mapped_column(String(120), default="")
    address2: Mapped[str] = mapped_column(String(120), default="")
    town: Mapped[str] = mapped_column(String(80), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    account_type: Mapped[str] = mapped_column(String(10), default="account")
    order_ref_required: Mapped[bool] = mapped_column(Boolean, default=False)


class WebOrder(Base):
    """A web shop order and the advice note it became."""

    __tablename__ = "web_order"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40))
    shop_order_no: Mapped[str] = mapped_column(String(40))
    advice_note: Mapped[str] = mapped_column(String(20), unique=True)
    customer_account: Mapped[str] = mapped_column(ForeignKey("customer.account"))
    guest: Mapped[bool] = mapped_column(Boolean, default=False)
    country: Mapped[str] = mapped_column(String(60), default="")
    delivery_method: Mapped[str] = mapped_column(String(20), default="deliver")
    depot: Mapped[str] = mapped_column(ForeignKey("depot.code"))
    ordered_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    part_ship: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the shop asked for the parcel to go, as the shop sent it.
    ship_name: Mapped[str] = mapped_column(String(120), default="")
    ship_address1: Mapped[str] = mapped_column(String(120), default="")
    ship_address2: Mapped[str] = mapped_column(String(120), default="")
    ship_town: Mapped[str] = mapped_column(String(80), default="")
    ship_postcode: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # A digest of what the shop can see of the order; a change writes an
    # order event (see services/change_feed.py).
    progress: Mapped[str] = mapped_column(String(32), default="")

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no"
    )
    parcels: Mapped[list[Parcel]] = relationship(
        back_populates="order", order_by="Parcel.number"
    )

    __table_args__ = (
        UniqueConstraint("channel", "shop_order_no", name="uq_order_shop_number"),
        Index("ix_order_ordered", "ordered_at"),
        Index("ix_order_shop_number", "shop_order_no"),
        Index("ix_order_status_ordered", "status", "ordered_at"),
    )


class OrderLine(Base):
    __tablename__ = "order_line"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("web_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    part_number: Mapped[str] = mapped_column(ForeignKey("part.part_number"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    vat_code: Mapped[str] = mapped_column(String(2))
    is_charge: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    qty_allocated: Mapped[int] = mapped_column(Integer, default=0)
    qty_picked: Mapped[int] = mapped_column(Integer, default=0)
    qty_packed: Mapped[int] = mapped_column(Integer, default=0)
    backorder_of: Mapped[int | None] = mapped_column(Integer)
    invoice_number: Mapped[str | None] = mapped_column(String(20), index=True)
    source_row: Mapped[int | None] = mapped_column(Integer)

    order: Mapped[WebOrder] = relationship(back_populates="lines")

    __table_args__ = (
        Index("ix_line_waiting", "part_number", "status"),
        Index("ix_line_part_invoice", "part_number", "invoice_number"),
    )


class InvoiceRecord(Base):
    """An invoice as issued; its number comes from the `invoice` sequence."""

    __tablename__ = "invoice"
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("web_order.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    customer_account: Mapped[str] = mapped_column(String(20), index=True)
    net_total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    vat_total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    __table_args__ = (
        Index("ix_invoice_customer_at", "customer_account", "at"),
        Index("ix_invoice_at", "at"),
    )


class PickScan(Base):
    """One confirmed scan at the pick screen, kept so it can be undone."""

    __tablename__ = "pick_scan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    station: Mapped[str] = mapped_column(String(40))
    user: Mapped[str] = mapped_column(String(40))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    movement_seq: Mapped[int] = mapped_column(Integer)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class Parcel(Base):
    __tablename__ = "parcel"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("web_order.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    tracking_number: Mapped[str | None] = mapped_column(String(40))

    order: Mapped[WebOrder] = relationship(back_populates="parcels")
    items: Mapped[list[ParcelItem]] = relationship(back_populates="parcel")


class ParcelItem(Base):
    __tablename__ = "parcel_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcel.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"))
    quantity: Mapped[int] = mapped_column(Integer)

    parcel: Mapped[Parcel] = relationship(back_populates="items")


class NumberSequence(Base):
    """Document numbers that never repeat or skip.

    The next value is taken and bumped inside the transaction that uses it,
    so a rollback gives the number back.
    """

    __tablename__ = "number_sequence"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(8))
    next_value: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer, default=6)


class PrintJob(Base):
    """A document waiting for, or sent to, a printer; the queue survives restarts."""

    __tablename__ = "print_job"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    document_type: Mapped[str] = mapped_column(String(24))
    document_ref: Mapped[str] = mapped_column(String(40))
    order_id: Mapped[int | None] = mapped_column(Integer, index=True)
    parcel_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    output_path: Mapped[str] = mapped_column(Text, default="")
    printed_at: Mapped[datetime | None] = mapped_column(DateTime)
