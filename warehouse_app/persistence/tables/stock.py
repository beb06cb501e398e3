"""The parts, their stock at each depot, and the ledger that explains it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from warehouse_app.persistence.tables.base import MONEY, Base


class Depot(Base):
    __tablename__ = "depot"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    serves_web: Mapped[bool] = mapped_column(Boolean, default=False)


class Part(Base):
    __tablename__ = "part"
    part_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    description: Mapped[str] = mapped_column(String(200))
    group_code: Mapped[str] = mapped_column(String(40), index=True)
    retail_price: Mapped[Decimal] = mapped_column(MONEY)
    vat_code: Mapped[str] = mapped_column(String(2))
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    stock_item: Mapped[bool] = mapped_column(Boolean, default=True)
    superseded_by: Mapped[str | None] = mapped_column(String(40))
    # The date of the newest invoice that sold the part, set as it is invoiced.
    last_sold_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_part_group_part", "group_code", "part_number"),
        Index("ix_part_sold", "last_sold_at", "group_code", "stock_item"),
    )


class Barcode(Base):
    __tablename__ = "barcode"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    part_number: Mapped[str] = mapped_column(ForeignKey("part.part_number"), index=True)
    qty_per_scan: Mapped[int] = mapped_column(Integer, default=1)


class Stock(Base):
    """One part at one depot: bins and the running balances.

    `on_hand` is kept equal to the sum of the part's movements at the depot,
    `allocated` to the sum of its open allocations; both change only in the
    transaction that writes the movement or allocation event.
    """

    __tablename__ = "stock"
    depot: Mapped[str] = mapped_column(ForeignKey("depot.code"), primary_key=True)
    part_number: Mapped[str] = mapped_column(
        ForeignKey("part.part_number"), primary_key=True
    )
    bin: Mapped[str | None] = mapped_column(String(32))
    second_bin: Mapped[str | None] = mapped_column(String(32))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    allocated: Mapped[int] = mapped_column(Integer, default=0)
    min_qty: Mapped[int] = mapped_column(Integer, default=0)
    max_qty: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_stock_part", "part_number"),)


class StockMovement(Base):
    """The stock ledger. Rows are only ever added."""

    __tablename__ = "stock_movement"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(40))
    station: Mapped[str] = mapped_column(String(40))
    depot: Mapped[str] = mapped_column(String(16))
    part_number: Mapped[str] = mapped_column(String(40))
    movement_type: Mapped[str] = mapped_column(String(24))
    document_ref: Mapped[str] = mapped_column(String(40), default="")
    qty_change: Mapped[int] = mapped_column(Integer)
    qty_before: Mapped[int] = mapped_column(Integer)
    qty_after: Mapped[int] = mapped_column(Integer)
    bin: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200), default="")
    reverses_seq: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_movement_part", "part_number", "depot", "seq"),)


class AllocationEvent(Base):
    """Stock set aside for, or released from, an order line."""

    __tablename__ = "allocation_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    depot: Mapped[str] = mapped_column(String(16))
    part_number: Mapped[str] = mapped_column(String(40))
    order_line_id: Mapped[int] = mapped_column(Integer, index=True)
    qty_change: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_allocation_part", "part_number", "depot"),)


class GroupTotal(Base):
    """Stock parts per product group, rebuilt when the parts file is loaded."""

    __tablename__ = "group_total"
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    parts: Mapped[int] = mapped_column(Integer)


class GroupStock(Base):
    """On hand and its retail value per group and depot, kept with the ledger.

    The value is in ten-thousandths of the currency (prices carry four
    decimals), so adding and taking away never rounds.
    """

    __tablename__ = "group_stock"
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    depot: Mapped[str] = mapped_column(String(16), primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger)
    value_e4: Mapped[int] = mapped_column(BigInteger)


class LostSale(Base):
    """Demand that could not be met: a caller turned away, a backorder given up."""

    __tablename__ = "lost_sale"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    depot: Mapped[str] = mapped_column(String(16))
    part_number: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(24))
    customer_account: Mapped[str] = mapped_column(String(20), default="")
    document_ref: Mapped[str] = mapped_column(String(40), default="")
    user: Mapped[str] = mapped_column(String(40))
    station: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_lost_sale_part_at", "part_number", "at"),)
