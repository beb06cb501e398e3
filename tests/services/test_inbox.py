"""Order files taken from a channel's inbox: counted, recorded, archived."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from station.cli import main
from tests.integrations.order_files import (
    add_part_with_leading_zeros,
    an_order,
    channel_in,
    hosted_shop_text,
    native_file,
    ten_hosted_orders,
)
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    BatchFile,
    OrderLine,
    WebOrder,
)
from warehouse_app.services import order_file as order_file_module
from warehouse_app.services import order_import
from warehouse_app.services.inbox import retry_quarantined, take_inbox
from warehouse_app.services.station import Station


def _orders(database: Database) -> dict[str, WebOrder]:
    with database.reading() as session:
        return {o.shop_order_no: o for o in session.scalars(select(WebOrder))}


def _archived(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "archive").glob("*/*"))


def test_a_native_file_is_taken_recorded_and_archived(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    add_part_with_leading_zeros(masters_db)
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "orders-0001.txt",
        [
            an_order("W1001", [("85123A", 2, "2.55"), ("00123", 1, "12.50")]),
            an_order("W1002", [("71053", 1, "3.39")], account=None),
        ],
    )

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.ok and outcome.status == "imported"
    assert (outcome.rows_read, outcome.orders_created) == (3, 2)
    orders = _orders(masters_db)
    assert set(orders) == {"W1001", "W1002"}
    assert orders["W1001"].ship_postcode == "CA11 9XX"
    assert orders["W1001"].email == "buyer@example.com"
    assert orders["W1002"].guest
    with masters_db.reading() as session:
        parts = set(session.scalars(select(OrderLine.part_number)))
        row = session.get(BatchFile, outcome.batch_file_id)
    assert "00123" in parts
    assert row is not None and row.status == "imported" and row.import_run_id
    assert list((tmp_path / "in").iterdir()) == []
    assert Path(outcome.archive_path).is_file()
    assert Path(outcome.archive_path).parent.parent == tmp_path / "archive"


def test_the_same_file_twice_creates_nothing_the_second_time(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    orders = [an_order("W2001", [("85123A", 2, "2.55")])]
    native_file(tmp_path / "in" / "orders.txt", orders)
    take_inbox(masters_db, station, "shop", channel)
    native_file(tmp_path / "in" / "orders.txt", orders)

    [again] = take_inbox(masters_db, station, "shop", channel)

    assert again.status == "duplicate" and again.ok
    assert again.orders_created == 0
    assert len(_orders(masters_db)) == 1
    assert _archived(tmp_path) == ["orders-2.txt", "orders.txt"]


def test_a_bad_order_is_quarantined_and_the_good_ones_go_in(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "batch.txt",
        [
            an_order("W3001", [("85123A", 1, "2.55")]),
            an_order("W3002", [("22423", 1, "10.95"), ("NOPE-9", 2, "1.00")]),
            an_order("W3003", [("21730", 1, "4.25")]),
        ],
    )

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.status == "quarantined" and not outcome.ok
    assert (outcome.orders_created, outcome.orders_quarantined) == (2, 1)
    assert set(_orders(masters_db)) == {"W3001", "W3003"}
    report = outcome.report
    assert report is not None and report.balanced
    assert report.rows_read == 4 == report.lines_created + report.rows_rejected
    copy = tmp_path / "errors" / "batch.txt"
    reason = (tmp_path / "errors" / "batch.txt.reason.txt").read_text()
    assert copy.is_file()
    assert "Order W3002:\n  line 5, field part_number, value 'NOPE-9'" in reason
    assert "not in the parts master" in reason and "Retry" in reason
    assert "held with it: line 4\n" in reason
    assert _archived(tmp_path) == ["batch.txt"]
    with masters_db.reading() as session:
        row = session.get(BatchFile, outcome.batch_file_id)
    assert row is not None and row.reason == reason
    assert row.errors_path == str(copy)


def test_a_fixed_file_retried_brings_in_only_the_fixed_order(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "batch.txt",
        [
            an_order("W4001", [("85123A", 1, "2.55")]),
            an_order("W4002", [("NOPE-9", 2, "1.00")]),
        ],
    )
    [first] = take_inbox(masters_db, station, "shop", channel)
    copy = Path(first.errors_path)
    copy.write_text(copy.read_text().replace("NOPE-9", "21730"))

    retried = retry_quarantined(
        masters_db, station, "shop", channel, first.batch_file_id
    )

    assert retried.status == "imported"
    assert (retried.orders_created, retried.orders_known) == (1, 1)
    assert set(_orders(masters_db)) == {"W4001", "W4002"}
    assert list((tmp_path / "errors").iterdir()) == []
    with masters_db.reading() as session:
        earlier = session.get(BatchFile, first.batch_file_id)
    assert earlier is not None and earlier.status == "retried"
    assert f"#{retried.batch_file_id}" in earlier.reason
    assert _archived(tmp_path) == ["batch-2.txt", "batch.txt"]


def test_a_truncated_native_file_is_refused_whole_to_the_errors_folder(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=0.0)
    native_file(
        tmp_path / "in" / "cut.txt",
        [an_order("W7001", [("85123A", 2, "2.55")])],
        trailer=False,
    )

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.status == "refused"
    assert _orders(masters_db) == {}
    assert (tmp_path / "errors" / "cut.txt").is_file()
    reason = (tmp_path / "errors" / "cut.txt.reason.txt").read_text()
    assert "Nothing from this file was taken" in reason
    assert "no trailer record" in reason
    assert list((tmp_path / "in").iterdir()) == []


def test_the_hosted_shop_export_through_the_inbox_with_a_bom(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    add_part_with_leading_zeros(masters_db)
    channel = channel_in(tmp_path, profile="hosted-shop")
    path = tmp_path / "in" / "orders_export_1.csv"
    path.write_bytes(b"\xef\xbb\xbf" + hosted_shop_text(ten_hosted_orders()).encode())

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.status == "imported", outcome.reason
    assert (outcome.rows_read, outcome.orders_created) == (19, 10)
    orders = _orders(masters_db)
    assert orders["#1001"].customer_account == "17850" and not orders["#1001"].guest
    assert orders["#1002"].guest
    assert orders["#1003"].delivery_method == "collect"
    assert orders["#1009"].ship_address2 == "Main Street"
    assert orders["#1009"].ship_postcode == "CA10 3NG"


def test_a_windows_1252_channel_keeps_the_pound_sign(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, profile="hosted-shop", encoding="cp1252")
    orders = ten_hosted_orders()[:1]
    orders[0]["lines"] = [("71053", 1, "3.39", "LANTERN £1 OFF")]
    path = tmp_path / "in" / "export.csv"
    path.write_bytes(hosted_shop_text(orders).encode("cp1252"))
    assert b"\xa3" in path.read_bytes()

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.status == "imported"
    with masters_db.reading() as session:
        assert session.scalar(select(OrderLine.description)) == "LANTERN £1 OFF"


def test_the_command_line_imports_a_hosted_shop_file_and_says_what_to_fix(
    masters_db: Database, tmp_path: Path
) -> None:
    orders = ten_hosted_orders()[:3]
    orders[2]["lines"][0] = ("NOT-A-PART", 1, "10.95", "MYSTERY £5")  # type: ignore[index]
    path = tmp_path / "export.csv"
    path.write_bytes(hosted_shop_text(orders).encode("cp1252"))
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    arguments = ["--db", masters_db.url, "import", "orders", str(path)]
    arguments += ["--profile", "hosted-shop", "--encoding", "cp1252", "--no-print"]

    result = CliRunner().invoke(main, arguments, env=env)

    assert result.exit_code == 0, result.output
    assert "orders created         1" in result.stdout
    assert (
        "export.csv line 5: part 'NOT-A-PART' is not in the parts master"
        in result.stdout
    )
    assert "export.csv line 4: part '00123'" in result.stdout


def test_a_price_beyond_four_places_holds_its_order_and_says_to_round_it(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    order = an_order("W9101", [("85123A", 2, "2.55555")])
    native_file(tmp_path / "in" / "a.txt", [order])

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.status == "quarantined"
    assert (outcome.orders_created, outcome.orders_quarantined) == (0, 1)
    reason = (tmp_path / "errors" / "a.txt.reason.txt").read_text()
    assert "unit_price 2.55555 has more than 4 decimal places" in reason


def test_a_refused_file_retried_by_its_path_and_still_bad_stays_with_a_new_reason(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=0.0)
    orders = [an_order("W9201", [("85123A", 2, "2.55")])]
    native_file(tmp_path / "in" / "cut.txt", orders, trailer=False)
    [first] = take_inbox(masters_db, station, "shop", channel)
    copy = Path(first.errors_path)

    again = retry_quarantined(masters_db, station, "shop", channel, copy)

    assert again.status == "refused" and again.errors_path == str(copy)
    assert sorted(p.name for p in (tmp_path / "errors").iterdir()) == [
        "cut.txt",
        "cut.txt.reason.txt",
    ]
    native_file(copy, orders)
    fixed = retry_quarantined(masters_db, station, "shop", channel, copy)
    assert (fixed.status, fixed.orders_created) == ("imported", 1)
    assert list((tmp_path / "errors").iterdir()) == []


def test_a_file_this_user_may_not_read_does_not_stop_the_others(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    channel = channel_in(tmp_path)
    native_file(tmp_path / "in" / "a.txt", [an_order("W9301", [("85123A", 1, "2.55")])])
    native_file(tmp_path / "in" / "b.txt", [an_order("W9302", [("71053", 1, "3.39")])])
    real_sha256_of = order_file_module.sha256_of

    def locked_a(path: Path) -> tuple[str, int]:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_sha256_of(path)

    monkeypatch.setattr(order_file_module, "sha256_of", locked_a)

    outcomes = take_inbox(masters_db, station, "shop", channel)

    assert [(o.file_name, o.status) for o in outcomes] == [
        ("a.txt", "unreadable"),
        ("b.txt", "imported"),
    ]
    assert "Permission denied" in outcomes[0].reason
    assert "stays in the inbox" in outcomes[0].reason
    assert (tmp_path / "in" / "a.txt").is_file()


def test_a_channel_writes_as_many_orders_per_transaction_as_it_says(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    batches: list[list[str]] = []
    real_receive = order_import.receive_in_bulk

    def noting_each_batch(*args: Any, **kwargs: Any) -> list[int]:
        batches.append([order.shop_order_no for order in args[2]])
        return real_receive(*args, **kwargs)

    monkeypatch.setattr(order_import, "receive_in_bulk", noting_each_batch)
    channel = channel_in(tmp_path, orders_per_transaction=2)
    native_file(
        tmp_path / "in" / "orders-0001.txt",
        [an_order(f"W{n}", [("71053", 1, "3.39")]) for n in range(1001, 1006)],
    )

    [outcome] = take_inbox(masters_db, station, "shop", channel)

    assert outcome.ok and outcome.orders_created == 5
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert sorted(_orders(masters_db)) == ["W1001", "W1002", "W1003", "W1004", "W1005"]
