"""The database tables, in SQLAlchemy 2 typed style.

Column types are kept portable: the same schema and migrations run on the
embedded SQLite file and on a shared PostgreSQL server.
"""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

MONEY = Numeric(14, 4, asdecimal=True)


class Base(DeclarativeBase):
    pass


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


class ImportRun(Base):
    """One import of an input file, with the counts it reported."""

    __tablename__ = "import_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))
    profile: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(Text)
    rows_read: Mapped[int] = mapped_column(Integer)
    orders_created: Mapped[int] = mapped_column(Integer)
    lines_created: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)


class RejectedRow(Base):
    """An input row that was not taken, and why."""

    __tablename__ = "rejected_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    import_run_id: Mapped[int] = mapped_column(ForeignKey("import_run.id"), index=True)
    line_number: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)


class OrderEvent(Base):
    """A change the shop can see in one of its orders, in commit order.

    Written in the transaction that made the change; the status files, the
    web service's change list and its callbacks all read forward from a
    cursor on `seq`.
    """

    __tablename__ = "order_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str] = mapped_column(String(40))
    order_id: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(20))

    __table_args__ = (Index("ix_order_event_channel_seq", "channel", "seq"),)


class StockChange(Base):
    """A part whose web stock, price, description or status may have changed."""

    __tablename__ = "stock_change"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    part_number: Mapped[str] = mapped_column(String(40))


class FeedCursor(Base):
    """How far one consumer of a change feed has got, per channel."""

    __tablename__ = "feed_cursor"
    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    feed: Mapped[str] = mapped_column(String(24), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


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


class ApiKey(Base):
    """A shop's key to the web service; only a hash of the key is kept.

    The key itself is shown once, when it is made. `prefix` is the part of
    it that may be shown and typed to revoke it; `scopes` are the kinds of
    call it may make, separated by spaces.
    """

    __tablename__ = "api_key"
    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(40), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(80), default="")
    scopes: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class IdempotencyRecord(Base):
    """An order a shop sent under an Idempotency-Key, and what it was told."""

    __tablename__ = "idempotency_record"
    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[int] = mapped_column(ForeignKey("web_order.id"), index=True)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ShopCallback(Base):
    """Where a shop wants its order progress pushed, and the secret to sign it."""

    __tablename__ = "shop_callback"
    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(128))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SyncRun(Base):
    """One run of the web shop batch link: an import, a stock or a status file."""

    __tablename__ = "sync_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40))
    # import | stock_full | stock_delta | status
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    files: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_sync_run_channel_kind", "channel", "kind", "started_at"),
    )


class BatchFile(Base):
    """One file taken from a shop channel's inbox, and what became of it.

    `status` is imported, duplicate (the same content was taken before),
    quarantined (some orders went to the errors folder), refused (the whole
    file went there) or retried (a quarantined or refused file taken again
    after it was fixed; the retry has a row of its own).
    """

    __tablename__ = "batch_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    orders_created: Mapped[int] = mapped_column(Integer, default=0)
    orders_known: Mapped[int] = mapped_column(Integer, default=0)
    orders_flagged: Mapped[int] = mapped_column(Integer, default=0)
    orders_quarantined: Mapped[int] = mapped_column(Integer, default=0)
    import_run_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    archive_path: Mapped[str] = mapped_column(Text, default="")
    errors_path: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_batch_file_channel_sha", "channel", "sha256"),
        Index("ix_batch_file_channel_received", "channel", "received_at"),
    )


class OrderConflict(Base):
    """An order a later file sent again with different content: for a person."""

    __tablename__ = "order_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40))
    shop_order_no: Mapped[str] = mapped_column(String(40))
    order_id: Mapped[int] = mapped_column(ForeignKey("web_order.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(200))
    differences: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (
        Index("ix_order_conflict_channel_order", "channel", "shop_order_no"),
    )
