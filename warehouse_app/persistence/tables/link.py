"""The link to the web shop: imports, feeds, the web service and batch files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from warehouse_app.persistence.tables.base import Base


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
