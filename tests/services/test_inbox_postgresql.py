"""The inbox on PostgreSQL: the same files, the same outcome as on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integrations.order_files import an_order, channel_in, native_file
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile, OrderConflict, WebOrder
from warehouse_app.services.demo import load_masters
from warehouse_app.services.inbox import retry_quarantined, take_inbox
from warehouse_app.services.station import Station

pytestmark = pytest.mark.postgres


def test_files_quarantined_retried_and_changed_on_postgresql(
    pg_database: Database, station: Station, tmp_path: Path
) -> None:
    load_masters(pg_database, station)
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "a.txt",
        [
            an_order("P1", [("85123A", 2, "2.55")]),
            an_order("P2", [("NOPE-9", 1, "1.00")]),
        ],
    )
    [first] = take_inbox(pg_database, station, "shop", channel)
    copy = Path(first.errors_path)
    copy.write_text(copy.read_text().replace("NOPE-9", "71053"))
    retried = retry_quarantined(pg_database, station, "shop", channel, copy)
    native_file(tmp_path / "in" / "b.txt", [an_order("P1", [("85123A", 3, "2.55")])])

    [later] = take_inbox(pg_database, station, "shop", channel)

    assert (first.status, first.orders_created) == ("quarantined", 1)
    assert (retried.status, retried.orders_created, retried.orders_known) == (
        "imported",
        1,
        1,
    )
    assert (later.orders_created, later.orders_flagged) == (0, 1)
    with pg_database.reading() as session:
        assert session.scalar(select(func.count(WebOrder.id))) == 2
        assert session.scalar(select(func.count(OrderConflict.id))) == 1
        statuses = list(
            session.scalars(select(BatchFile.status).order_by(BatchFile.id))
        )
    assert statuses == ["retried", "imported", "imported"]
