"""Bulk rows straight into the app's own SQLite schema, a buffer per table."""

from __future__ import annotations

import sqlite3
from datetime import datetime

# Every column of each table the generator fills, in the order rows give them.
# Checked against the schema the migrations made, so a changed table fails
# loudly here instead of loading rows into the wrong columns.
COLUMNS: dict[str, tuple[str, ...]] = {
    "depot": ("code", "name", "serves_web"),
    "part": (
        "part_number",
        "description",
        "group_code",
        "retail_price",
        "vat_code",
        "weight_kg",
        "stock_item",
        "superseded_by",
        "last_sold_at",
    ),
    "barcode": ("code", "part_number", "qty_per_scan"),
    "customer": (
        "account",
        "name",
        "address1",
        "address2",
        "town",
        "postcode",
        "country",
        "email",
        "account_type",
        "order_ref_required",
    ),
    "stock": (
        "depot",
        "part_number",
        "bin",
        "second_bin",
        "on_hand",
        "allocated",
        "min_qty",
        "max_qty",
    ),
    "stock_movement": (
        "seq",
        "at",
        "user",
        "station",
        "depot",
        "part_number",
        "movement_type",
        "document_ref",
        "qty_change",
        "qty_before",
        "qty_after",
        "bin",
        "reason",
        "reverses_seq",
    ),
    "allocation_event": (
        "id",
        "at",
        "depot",
        "part_number",
        "order_line_id",
        "qty_change",
        "reason",
    ),
    "web_order": (
        "id",
        "channel",
        "shop_order_no",
        "advice_note",
        "customer_account",
        "guest",
        "country",
        "delivery_method",
        "depot",
        "ordered_at",
        "received_at",
        "updated_at",
        "status",
        "line_count",
        "value",
        "part_ship",
        "ship_name",
        "ship_address1",
        "ship_address2",
        "ship_town",
        "ship_postcode",
        "email",
        "progress",
    ),
    "order_line": (
        "id",
        "order_id",
        "line_no",
        "part_number",
        "description",
        "quantity",
        "unit_price",
        "vat_code",
        "is_charge",
        "status",
        "qty_allocated",
        "qty_picked",
        "qty_packed",
        "backorder_of",
        "invoice_number",
        "source_row",
    ),
    "invoice": (
        "number",
        "order_id",
        "at",
        "customer_account",
        "net_total",
        "vat_total",
        "total",
    ),
    "pick_scan": (
        "id",
        "at",
        "station",
        "user",
        "order_line_id",
        "code",
        "quantity",
        "movement_seq",
        "undone",
    ),
    "parcel": ("id", "order_id", "number", "weight_kg", "closed_at", "tracking_number"),
    "parcel_item": ("id", "parcel_id", "order_line_id", "quantity"),
    "print_job": (
        "id",
        "created_at",
        "document_type",
        "document_ref",
        "order_id",
        "parcel_id",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "output_path",
        "printed_at",
    ),
}

FLUSH_AT = 50_000


def stamp(at: datetime) -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite."""
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


class BulkTables:
    """Buffers rows per table and writes them with executemany."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._buffers: dict[str, list[tuple[object, ...]]] = {}
        self._sql: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        for table, columns in COLUMNS.items():
            found = {
                row[1] for row in connection.execute(f"PRAGMA table_info({table})")
            }
            if found != set(columns):
                raise RuntimeError(
                    f"table {table} has columns {sorted(found)}, the generator"
                    f" writes {sorted(columns)}: update benchmarks/bulk.py"
                )
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            self._sql[table] = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            self._buffers[table] = []
            self.counts[table] = 0

    def add(self, table: str, row: tuple[object, ...]) -> None:
        buffer = self._buffers[table]
        buffer.append(row)
        if len(buffer) >= FLUSH_AT:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self._buffers):
            buffer = self._buffers[name]
            if buffer:
                self.connection.executemany(self._sql[name], buffer)
                self.counts[name] += len(buffer)
                buffer.clear()
