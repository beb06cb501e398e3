"""The shop's view of an order, kept ready while the order stands still.

Building the view (order_progress.progress_of) reads the order, its lines,
parcels and events through the ORM: milliseconds. Shops ask for the same
orders over and over while nothing happens to them, so the finished JSON is
kept, under the order's version: its `updated_at` and `progress` (changed
with every line change, see order_status.refresh) and its parcels' count
and newest close (a parcel closes without a line changing). Each request
reads the version in one small query, so an answer is never older than the
database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import Row, bindparam, func, select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Parcel, WebOrder
from warehouse_app.services.order_progress import progress_of
from webservice.views import order_out

_PARCELS = (
    select(func.count(Parcel.id))
    .where(Parcel.order_id == WebOrder.id)
    .scalar_subquery()
)
_CLOSED = (
    select(func.max(Parcel.closed_at))
    .where(Parcel.order_id == WebOrder.id)
    .scalar_subquery()
)
# Built once, with the shop and number bound at each request: building a
# statement costs more than running it.
VERSION = select(
    WebOrder.id, WebOrder.updated_at, WebOrder.progress, _PARCELS, _CLOSED
).where(
    WebOrder.channel == bindparam("channel"),
    WebOrder.shop_order_no == bindparam("number"),
)


class OrderViews:
    """Finished order views by order id, the least recently asked dropped first."""

    def __init__(self, database: Database, size: int = 20_000) -> None:
        self.database = database
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[int, tuple[tuple[Any, ...], bytes]] = OrderedDict()

    def version(self, channel: str, shop_order_no: str) -> Row[Any] | None:
        """(id, version...) of the shop's order, or None when it has none."""
        with self.database.engine.connect() as connection:
            return connection.execute(
                VERSION, {"channel": channel, "number": shop_order_no}
            ).first()

    def kept(self, found: Row[Any]) -> bytes | None:
        """The order's view as JSON if it is kept at this version, else None."""
        order_id: int = found[0]
        version: tuple[Any, ...] = tuple(found[1:])
        with self._lock:
            kept = self._kept.get(order_id)
            if kept is not None and kept[0] == version:
                self._kept.move_to_end(order_id)
                return kept[1]
        return None

    def view(self, found: Row[Any]) -> bytes:
        """The order's view as JSON, built again only when the order changed."""
        kept = self.kept(found)
        if kept is not None:
            return kept
        order_id: int = found[0]
        version: tuple[Any, ...] = tuple(found[1:])
        with self.database.reading() as session:
            (order,) = progress_of(session, [order_id])
        built = order_out(order).model_dump_json().encode("utf-8")
        with self._lock:
            self._kept[order_id] = (version, built)
            self._kept.move_to_end(order_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return built
