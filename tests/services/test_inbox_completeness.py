"""A file is taken only when it is complete, by the rule its channel uses."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.integrations.order_files import (
    add_part_with_leading_zeros,
    an_order,
    channel_in,
    hosted_shop_text,
    native_file,
    ten_hosted_orders,
)
from warehouse_app.integrations.profiles import profile
from warehouse_app.persistence.database import Database
from warehouse_app.services.batch_files import READY, WAITING, Sizes, readiness
from warehouse_app.services.inbox import next_look, take_inbox
from warehouse_app.services.station import Station


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_delimited_file_waits_until_it_has_settled(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    add_part_with_leading_zeros(masters_db)
    channel = channel_in(tmp_path, profile="hosted-shop", settle_seconds=60.0)
    path = tmp_path / "in" / "export.csv"
    path.write_text(hosted_shop_text(ten_hosted_orders()[:2]))

    assert take_inbox(masters_db, station, "shop", channel) == []
    wait = next_look("shop", channel)
    assert wait is not None and 55 < wait <= 60

    _age(path, 61)
    [outcome] = take_inbox(masters_db, station, "shop", channel)
    assert outcome.status == "imported"


def test_temporary_names_are_never_read_until_renamed(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    orders = [an_order("W1", [("85123A", 1, "2.55")])]
    for name in ("orders.txt.tmp", "orders.txt.part", ".orders.txt"):
        native_file(tmp_path / "in" / name, orders)

    assert take_inbox(masters_db, station, "shop", channel) == []

    (tmp_path / "in" / "orders.txt.part").rename(tmp_path / "in" / "orders.txt")
    [outcome] = take_inbox(masters_db, station, "shop", channel)
    assert (outcome.file_name, outcome.orders_created) == ("orders.txt", 1)


def test_with_the_marker_convention_a_file_waits_for_its_done_marker(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    add_part_with_leading_zeros(masters_db)
    channel = channel_in(tmp_path, profile="hosted-shop", inbox_done_marker=True)
    path = tmp_path / "in" / "export.csv"
    path.write_text(hosted_shop_text(ten_hosted_orders()[:3]))
    _age(path, 3600)

    assert take_inbox(masters_db, station, "shop", channel) == []

    (tmp_path / "in" / "export.csv.done").write_text("")
    [outcome] = take_inbox(masters_db, station, "shop", channel)
    assert outcome.orders_created == 3
    assert list((tmp_path / "in").iterdir()) == []


def test_a_native_file_without_its_trailer_waits_for_it(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=30.0)
    orders = [an_order("W1", [("85123A", 1, "2.55"), ("71053", 2, "3.39")])]
    path = native_file(tmp_path / "in" / "orders.txt", orders, trailer=False)
    _age(path, 600)

    assert take_inbox(masters_db, station, "shop", channel) == []
    wait = next_look("shop", channel)
    assert wait is not None and 1190 < wait <= 1200

    native_file(path, orders)
    [outcome] = take_inbox(masters_db, station, "shop", channel)
    assert (outcome.status, outcome.orders_created) == ("imported", 1)


def test_a_native_file_whose_trailer_line_has_not_ended_is_not_taken(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=30.0)
    orders = [an_order("W1", [("85123A", 1, "2.55"), ("71053", 12, "3.39")])]
    path = native_file(tmp_path / "in" / "orders.txt", orders)
    whole = path.read_bytes()
    path.write_bytes(whole[: -len(b"3\r\n")])  # "T 3 1" of "T 3 13"
    _age(path, 600)

    assert take_inbox(masters_db, station, "shop", channel) == []
    assert path.exists()

    path.write_bytes(whole)
    [outcome] = take_inbox(masters_db, station, "shop", channel)
    assert (outcome.status, outcome.orders_created) == ("imported", 1)


def test_a_trailer_cut_short_is_refused_in_the_end_saying_so(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=30.0)
    orders = [an_order("W1", [("85123A", 1, "2.55"), ("71053", 12, "3.39")])]
    path = native_file(tmp_path / "in" / "orders.txt", orders)
    path.write_bytes(path.read_bytes()[: -len(b"3\r\n")])  # "T 3 1" of "T 3 13"
    _age(path, 31 * 60)

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert (outcome.status, outcome.orders_created) == ("refused", 0)
    assert "no line ending" in outcome.reason
    assert "line break after the trailer" in outcome.reason


def test_a_whole_trailer_without_its_line_break_is_taken_once_settled(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    # Many writers end the last line without a break.
    channel = channel_in(tmp_path, abandoned_minutes=30.0, settle_seconds=60.0)
    orders = [an_order("W1", [("85123A", 1, "2.55")])]
    path = native_file(tmp_path / "in" / "orders.txt", orders)
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    _age(path, 1)

    assert take_inbox(masters_db, station, "shop", channel) == []  # settling

    _age(path, channel.settle_seconds + 1)
    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert (outcome.status, outcome.orders_created) == ("imported", 1)


def test_a_file_whose_size_changed_since_the_last_look_is_still_being_written(
    tmp_path: Path,
) -> None:
    channel = channel_in(tmp_path, profile="hosted-shop", settle_seconds=60.0)
    chosen = profile("hosted-shop")
    path = tmp_path / "in" / "export.csv"
    path.write_text(hosted_shop_text(ten_hosted_orders()[:1]))
    sizes = Sizes()
    now = time.time()
    assert readiness(path, chosen, channel, now, sizes).state == WAITING

    # A writer that leaves the modification time alone until it closes.
    with path.open("a") as handle:
        handle.write(hosted_shop_text(ten_hosted_orders()[1:2]).split("\r\n", 1)[1])
    _age(path, 600)

    assert readiness(path, chosen, channel, now + 30).state == READY
    assert readiness(path, chosen, channel, now + 30, sizes).state == WAITING
    assert readiness(path, chosen, channel, now + 89, sizes).state == WAITING
    assert readiness(path, chosen, channel, now + 91, sizes).state == READY
