"""The batch link's cycle and schedule: what runs when, and what is recorded."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from tests.integrations.order_files import (
    add_part_with_leading_zeros,
    an_order,
    channel_in,
    hosted_shop_text,
    native_file,
    ten_hosted_orders,
)
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import SyncRun
from warehouse_app.services import inbox as inbox_module
from warehouse_app.services import sync_cycle
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.schedule import (
    STATUS,
    STOCK_DELTA,
    STOCK_FULL,
    History,
    due_at,
    due_kinds,
)
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService
from warehouse_app.services.sync_cycle import run_cycle, run_due
from warehouse_app.services.sync_loop import SyncLoop
from warehouse_app.settings import Settings

CHANNEL = ChannelSettings(stock_full_at="02:00", stock_delta_minutes=15)
DAY = datetime(2026, 12, 4)


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 12, day, hour, minute)


def test_the_first_run_of_every_kind_is_due_at_once() -> None:
    assert due_kinds(CHANNEL, History(), at(14)) == [STOCK_FULL, STATUS]


def test_the_full_file_is_due_once_a_day_at_its_time() -> None:
    wrote_full = History(last_ok={STOCK_FULL: at(2, 0), STATUS: at(14)})

    assert STOCK_FULL not in due_kinds(CHANNEL, wrote_full, at(23, 59))
    assert due_at(STOCK_FULL, CHANNEL, wrote_full) == at(2, 0, day=5)
    assert STOCK_FULL in due_kinds(CHANNEL, wrote_full, at(2, 0, day=5))


def test_a_machine_that_was_off_at_full_time_catches_up_when_it_starts() -> None:
    # Off from Thursday evening until Saturday 08:10.
    history = History(
        last_ok={STOCK_FULL: at(2, 0, day=3), STOCK_DELTA: at(18, 0, day=3)}
    )

    due = due_kinds(CHANNEL, history, at(8, 10, day=5))

    assert due == [STOCK_FULL, STATUS]  # one full file, which carries the deltas
    caught_up = History(last_ok={STOCK_FULL: at(8, 10, day=5)})
    assert due_at(STOCK_FULL, CHANNEL, caught_up) == at(2, 0, day=6)


def test_a_delta_is_due_every_n_minutes_after_the_last_stock_file() -> None:
    history = History(last_ok={STOCK_FULL: at(2), STOCK_DELTA: at(9, 0)})

    assert due_at(STOCK_DELTA, CHANNEL, history) == at(9, 15)
    assert STOCK_DELTA not in due_kinds(CHANNEL, history, at(9, 14))
    assert STOCK_DELTA in due_kinds(CHANNEL, history, at(9, 15))


def test_a_failed_run_is_tried_again_after_a_pause_not_at_once() -> None:
    history = History(
        last_ok={STOCK_FULL: at(2), STOCK_DELTA: at(9, 0)},
        last_failed={STOCK_DELTA: at(9, 15)},
    )

    assert due_at(STOCK_DELTA, CHANNEL, history) == at(9, 20)


def test_a_time_of_day_that_is_not_one_is_explained() -> None:
    with pytest.raises(ValueError, match='write it like "02:00"'):
        due_at(STOCK_FULL, replace(CHANNEL, stock_full_at="2am"), History())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    (tmp_path / "in").mkdir()
    shop = ChannelSettings(
        outbox=str(tmp_path / "out"),
        inbox=str(tmp_path / "in"),
        errors=str(tmp_path / "errors"),
        archive=str(tmp_path / "archive"),
    )
    return Settings(channels={"webshop": shop})


def runs(database: Database) -> list[tuple[str, str, bool]]:
    with database.reading() as session:
        rows = session.scalars(select(SyncRun).order_by(SyncRun.id))
        return [(r.channel, r.kind, r.ok) for r in rows]


def test_one_cycle_writes_the_files_and_records_each_run(
    orders_db: Database, station: Station, settings: Settings, tmp_path: Path
) -> None:
    reports = run_cycle(orders_db, station, settings, at(10))

    assert [(r.kind, r.ok) for r in reports if r.kind != "import"] == [
        (STOCK_FULL, True),
        (STATUS, True),
    ]
    assert runs(orders_db) == [("webshop", r.kind, r.ok) for r in reports]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["status-20261204T100000.txt", "stock-full-20261204T100000.txt"]


def test_the_next_cycle_writes_a_delta_with_what_changed(
    orders_db: Database, station: Station, settings: Settings
) -> None:
    run_cycle(orders_db, station, settings, at(10))
    StockService(orders_db, station).receive_goods("71053", 5)

    reports = run_cycle(orders_db, station, settings, at(10, 1))

    delta = next(r for r in reports if r.kind == STOCK_DELTA)
    assert delta.ok and delta.records == 1
    assert delta.file_name == "stock-delta-20261204T100100.txt"


def test_a_failed_run_is_recorded_in_words_and_the_others_still_run(
    orders_db: Database, station: Station, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "blocked").write_text("a file, not a folder")
    blocked = replace(settings.channels["webshop"], outbox=str(tmp_path / "blocked"))
    broken = replace(settings, channels={"webshop": blocked, "trade": blocked})

    reports = run_cycle(orders_db, station, broken, at(10))

    assert [(r.channel, r.kind, r.ok) for r in reports if r.kind != "import"] == [
        ("webshop", STOCK_FULL, False),
        ("webshop", STATUS, False),
        ("trade", STOCK_FULL, False),
        ("trade", STATUS, True),  # no orders came through it: nothing to write
    ]
    assert "Check that the outbox folder exists" in reports[0].message
    assert "Nothing is lost" in reports[0].message


def test_run_due_writes_only_what_the_schedule_says(
    orders_db: Database, station: Station, settings: Settings
) -> None:
    run_due(orders_db, station, settings, at(10))
    StockService(orders_db, station).receive_goods("71053", 5)

    soon = run_due(orders_db, station, settings, at(10, 5))
    later = run_due(orders_db, station, settings, at(10, 15))

    assert [r.kind for r in soon] == [STATUS]
    assert [r.kind for r in later] == [STOCK_DELTA, STATUS]
    assert later[0].records == 1


def test_an_unknown_channel_is_named_with_the_ones_there_are(
    orders_db: Database, station: Station, settings: Settings
) -> None:
    with pytest.raises(WarehouseError, match=r"channels: webshop\)"):
        run_cycle(orders_db, station, settings, at(10), channel="trade")


def test_without_channels_the_stations_own_channel_runs() -> None:
    channels = sync_cycle.channels_of(Settings())

    assert list(channels) == ["webshop"]


def test_the_loop_runs_a_pass_and_stops_when_told(
    orders_db: Database, station: Station, settings: Settings
) -> None:
    seen: list[str] = []
    first_pass = threading.Event()

    def report(run: sync_cycle.RunReport) -> None:
        seen.append(run.kind)
        if run.kind == STATUS:
            first_pass.set()

    loop = SyncLoop(orders_db, station, settings, report, clock=lambda: at(10))
    loop.start()
    assert first_pass.wait(60)
    loop.stop()

    assert seen[:2] == [STOCK_FULL, STATUS]
    assert loop.pause() == pytest.approx(5.0)  # the inbox poll
    assert timedelta(seconds=loop.pause()) <= timedelta(minutes=5)


def test_a_cycle_takes_the_order_files_from_the_inbox_first(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    shop = channel_in(tmp_path, outbox=str(tmp_path / "out"))
    native_file(
        tmp_path / "in" / "orders-0001.txt",
        [an_order("W7001", [("85123A", 2, "2.55")])],
    )

    reports = run_cycle(
        masters_db, station, Settings(channels={"webshop": shop}), at(10)
    )

    taken = reports[0]
    assert (taken.kind, taken.ok, taken.files, taken.records) == ("import", True, 1, 1)
    assert taken.file_name == "orders-0001.txt"
    status = next(r for r in reports if r.kind == STATUS)
    assert status.records == 1  # the new order, told to the shop at once


def test_an_empty_inbox_is_not_recorded_as_a_run(
    masters_db: Database, station: Station, settings: Settings
) -> None:
    reports = run_cycle(masters_db, station, settings, at(10))

    assert "import" not in [r.kind for r in reports]


def test_an_inbox_that_cannot_be_read_is_tried_again_after_a_pause(
    masters_db: Database, station: Station, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "share-down").write_text("a file where the inbox should be")
    down = replace(settings.channels["webshop"], inbox=str(tmp_path / "share-down"))
    broken = replace(settings, channels={"webshop": down})

    first = run_due(masters_db, station, broken, at(10))
    soon = run_due(masters_db, station, broken, at(10, 1))
    later = run_due(masters_db, station, broken, at(10, 5))

    assert [(r.kind, r.ok) for r in first][0] == ("import", False)
    assert "import" not in [r.kind for r in soon]
    assert [r.kind for r in later][0] == "import"


def test_a_quarantined_file_does_not_hold_up_the_next_files(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    shop = Settings(channels={"webshop": channel_in(tmp_path)})
    native_file(tmp_path / "in" / "a.txt", [an_order("W8001", [("NOPE-1", 1, "1.00")])])
    run_due(masters_db, station, shop, at(10))
    native_file(tmp_path / "in" / "b.txt", [an_order("W8002", [("85123A", 1, "2.55")])])

    reports = run_due(masters_db, station, shop, at(10, 0))

    assert (reports[0].kind, reports[0].ok, reports[0].file_name) == (
        "import",
        True,
        "b.txt",
    )


class FakeClock:
    """The inbox's idea of now, moved on by the test."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


def test_the_loop_leaves_a_file_that_grew_since_the_last_pass_for_the_next(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_part_with_leading_zeros(masters_db)
    shop = channel_in(
        tmp_path,
        profile="hosted-shop",
        settle_seconds=60.0,
        outbox=str(tmp_path / "out"),
    )
    clock = FakeClock(time.time())
    monkeypatch.setattr(inbox_module, "time", clock)
    loop = SyncLoop(masters_db, station, Settings(channels={"webshop": shop}))
    path = tmp_path / "in" / "export.csv"
    orders = ten_hosted_orders()[:2]
    path.write_text(hosted_shop_text(orders[:1]))
    os.utime(path, (clock.now, clock.now))

    first = loop.run_pass()
    # The writer adds the second order but leaves the modification time alone.
    with path.open("a") as handle:
        handle.write(hosted_shop_text(orders[1:]).split("\r\n", 1)[1])
    os.utime(path, (clock.now, clock.now))
    clock.now += 61
    second = loop.run_pass()
    still_there = path.exists()
    clock.now += 61
    third = loop.run_pass()

    assert "import" not in [r.kind for r in first]
    assert "import" not in [r.kind for r in second] and still_there
    taken = next(r for r in third if r.kind == "import")
    assert (taken.ok, taken.files, taken.records) == (True, 1, 2)


def test_old_runs_that_cannot_be_cleared_leave_the_full_file_written_and_say_so(
    orders_db: Database, station: Station, settings: Settings, tmp_path: Path
) -> None:
    def locked(
        connection: object, cursor: object, statement: str, *rest: object
    ) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM SYNC_RUN"):
            raise sqlite3.OperationalError("database is locked")

    event.listen(orders_db.write_engine, "before_cursor_execute", locked)
    try:
        reports = run_cycle(orders_db, station, settings, at(10))
    finally:
        event.remove(orders_db.write_engine, "before_cursor_execute", locked)

    full = next(r for r in reports if r.kind == STOCK_FULL)
    assert full.ok and full.files == 1
    assert "could not be cleared (database is locked)" in full.message
    assert "the next full file tries again" in full.message
    assert [r.kind for r in reports][-1] == STATUS
    with orders_db.reading() as session:
        recorded = session.scalars(
            select(SyncRun).where(SyncRun.kind == STOCK_FULL)
        ).one()
    assert recorded.ok and recorded.message == full.message
    assert (tmp_path / "out" / "stock-full-20261204T100000.txt").is_file()
