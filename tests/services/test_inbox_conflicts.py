"""Orders sent again in a later file: the same, or changed and flagged for a person."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import func, select

from station.cli import main
from tests.integrations.order_files import (
    an_order,
    channel_in,
    native_file,
)
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    OrderConflict,
    OrderLine,
    WebOrder,
)
from warehouse_app.services.inbox import take_inbox
from warehouse_app.services.order_changes import settle
from warehouse_app.services.station import Station


def _orders(database: Database) -> dict[str, WebOrder]:
    with database.reading() as session:
        return {o.shop_order_no: o for o in session.scalars(select(WebOrder))}


def _archived(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "archive").glob("*/*"))


def test_a_changed_order_in_a_later_file_is_flagged_not_applied(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    native_file(tmp_path / "in" / "a.txt", [an_order("W5001", [("85123A", 2, "2.55")])])
    take_inbox(masters_db, station, "shop", channel)
    native_file(
        tmp_path / "in" / "b.txt",
        [
            an_order("W5001", [("85123A", 5, "2.55")], postcode="CA12 4AA"),
            an_order("W5002", [("71053", 1, "3.39")]),
        ],
    )

    [later] = take_inbox(masters_db, station, "shop", channel)

    assert later.status == "imported"
    assert (later.orders_created, later.orders_flagged) == (1, 1)
    with masters_db.reading() as session:
        [conflict] = session.scalars(select(OrderConflict)).all()
        quantity = session.scalar(
            select(func.sum(OrderLine.quantity))
            .join(WebOrder)
            .where(WebOrder.shop_order_no == "W5001")
        )
    assert conflict.shop_order_no == "W5001" and conflict.file_name == "b.txt"
    assert "part 85123A at 2.55: 2 in the order, 5 in the file" in conflict.differences
    assert "postcode: 'CA11 9XX' in the order, 'CA12 4AA' in the file" in (
        conflict.differences
    )
    assert conflict.resolved_at is None
    assert quantity == 2
    assert _orders(masters_db)["W5001"].ship_postcode == "CA11 9XX"


def test_the_same_order_in_a_later_file_unchanged_is_already_imported(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    order = an_order("W6001", [("85123A", 2, "2.55")])
    native_file(tmp_path / "in" / "a.txt", [order])
    take_inbox(masters_db, station, "shop", channel)
    native_file(
        tmp_path / "in" / "b.txt", [order, an_order("W6002", [("71053", 1, "3.39")])]
    )

    [later] = take_inbox(masters_db, station, "shop", channel)

    assert (later.orders_created, later.orders_known, later.orders_flagged) == (1, 1, 0)
    with masters_db.reading() as session:
        assert session.scalar(select(func.count(OrderConflict.id))) == 0


def test_a_flagged_change_settled_by_a_person_leaves_the_list(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    native_file(tmp_path / "in" / "a.txt", [an_order("W9001", [("85123A", 2, "2.55")])])
    take_inbox(masters_db, station, "shop", channel)
    native_file(tmp_path / "in" / "b.txt", [an_order("W9001", [("85123A", 1, "2.55")])])
    take_inbox(masters_db, station, "shop", channel)
    with masters_db.reading() as session:
        conflict_id = session.scalar(select(OrderConflict.id))
    assert conflict_id is not None

    settle(masters_db, conflict_id, "supervisor")

    with masters_db.reading() as session:
        conflict = session.get(OrderConflict, conflict_id)
    assert conflict is not None and conflict.resolved_by == "supervisor"
    assert conflict.resolved_at is not None


def test_a_changed_order_is_listed_and_settled_from_the_command_line(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = channel_in(tmp_path)
    native_file(tmp_path / "in" / "a.txt", [an_order("W9101", [("85123A", 2, "2.55")])])
    take_inbox(masters_db, station, "shop", channel)
    native_file(
        tmp_path / "in" / "b.txt",
        [an_order("W9101", [("85123A", 3, "2.55")], postcode="CA12 4AA")],
    )
    take_inbox(masters_db, station, "shop", channel)
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    def run(*words: str) -> Result:
        return CliRunner().invoke(
            main, ["--db", masters_db.url, "shop", *words], env=env
        )

    listed = run("conflicts")
    with masters_db.reading() as session:
        conflict_id = session.scalar(select(OrderConflict.id))
    settled = run("settle", str(conflict_id), "--by", "supervisor")
    again = run("settle", str(conflict_id), "--by", "someone else")
    after = run("conflicts", "shop")
    unknown = run("settle", "999")

    assert listed.exit_code == 0, listed.output
    assert f"#{conflict_id}  shop shop  order W9101 (advice note " in listed.stdout
    assert "b.txt" in listed.stdout
    assert "part 85123A at 2.55: 2 in the order, 3 in the file" in listed.stdout
    assert "postcode: 'CA11 9XX' in the order, 'CA12 4AA' in the file" in (
        listed.stdout
    )
    assert settled.exit_code == 0, settled.output
    assert "W9101" in settled.stdout and "by supervisor" in settled.stdout
    assert "The order itself was not changed" in settled.stderr
    assert "by supervisor" in again.stdout  # the first to settle it stays
    assert after.stdout.strip() == "No changed orders are waiting for a person."
    assert unknown.exit_code == 1
    assert "no flagged order change #999" in unknown.output
    with masters_db.reading() as session:
        conflict = session.get(OrderConflict, conflict_id)
    assert conflict is not None and conflict.resolved_by == "supervisor"
    assert _orders(masters_db)["W9101"].ship_postcode == "CA11 9XX"
