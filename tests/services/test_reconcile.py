"""`warehouse-app check`: the balances against the ledger, part by part."""

from __future__ import annotations

import click
from click.testing import CliRunner
from sqlalchemy import text

from station.check_command import check
from tests.services.helpers import order_for, set_on_hand
from warehouse_app.persistence.database import Database
from warehouse_app.services.reconcile import (
    ALLOCATED,
    CHAIN,
    GROUPS,
    HELD,
    LINE,
    ON_HAND,
    REVERSAL,
    Difference,
    part_depots,
    reconcile,
)
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService


def tamper(database: Database, sql: str) -> None:
    """Change a table behind the services' back, as a bad script would."""
    with database.write_engine.begin() as connection:
        connection.execute(text(sql))


def run_check(database: Database) -> click.testing.Result:
    return CliRunner().invoke(check, [], obj={"db": database.url})


def test_the_sample_masters_and_real_orders_reconcile(orders_db: Database) -> None:
    assert reconcile(orders_db) == []
    assert part_depots(orders_db) == 5423


def test_stock_changed_behind_the_ledgers_back_is_reported_by_part_and_depot(
    masters_db: Database,
) -> None:
    tamper(
        masters_db,
        "UPDATE stock SET on_hand = on_hand + 3 WHERE part_number = '71053' AND depot = 'NORTH'",
    )

    on_hand, *groups = reconcile(masters_db)

    assert on_hand == Difference("NORTH", "71053", ON_HAND, 25, 22)
    # The group totals kept with the ledger disagree with the stock too.
    assert {
        (d.part_number, d.depot, d.check, d.recorded - d.expected) for d in groups
    } == {
        ("group LIGHTING", "NORTH", GROUPS, -3),
        ("group LIGHTING", "NORTH", GROUPS, -3 * 58400),
    }


def test_allocated_changed_behind_the_orders_back_is_reported_twice(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_for(masters_db, station, [("71053", 4)])
    tamper(
        masters_db,
        "UPDATE stock SET allocated = 1 WHERE part_number = '71053' AND depot = 'MAIN'",
    )

    assert reconcile(masters_db) == [
        Difference("MAIN", "71053", HELD, 1, 4),
        Difference("MAIN", "71053", ALLOCATED, 1, 4),
    ]


def test_an_order_line_that_lost_its_allocation_is_named(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_for(masters_db, station, [("71053", 4)])
    tamper(masters_db, "UPDATE order_line SET qty_allocated = 3")

    differences = reconcile(masters_db)

    assert [(d.check, d.recorded, d.expected) for d in differences] == [
        (HELD, 4, 3),
        (LINE, 3, 4),
    ]
    assert differences[1].detail.endswith("line 1")


def test_a_movement_that_does_not_run_on_from_the_one_before_is_reported(
    masters_db: Database,
) -> None:
    result = StockService(masters_db, Station("TEST-1", "tester")).adjust(
        "71053", 2, "found"
    )
    seq = result.movements[0]
    tamper(
        masters_db,
        f"UPDATE stock_movement SET qty_before = 90, qty_after = 92 WHERE seq = {seq}",
    )

    assert reconcile(masters_db) == [
        Difference("MAIN", "71053", CHAIN, 1, 0, f"first at movement {seq}")
    ]


def test_a_movement_reversed_twice_is_reported(masters_db: Database) -> None:
    stock = StockService(masters_db, Station("TEST-1", "tester"))
    receipt = stock.receive_goods("71053", 5).movements[0]
    stock.reverse(receipt, "wrong part")
    # Bypass the service's once-only check, as a second station's bug might.
    tamper(
        masters_db,
        "INSERT INTO stock_movement (at, user, station, depot, part_number,"
        " movement_type, document_ref, qty_change, qty_before, qty_after, reason,"
        f" reverses_seq) VALUES ('2026-12-01', 'x', 'x', 'MAIN', '71053', 'reversal',"
        f" '', -5, 97, 92, 'again', {receipt})",
    )

    checks = {(d.check, d.detail) for d in reconcile(masters_db)}

    assert (REVERSAL, f"movement {receipt} reversed 2 times") in checks
    assert any(check == ON_HAND for check, _ in checks)


def test_check_command_says_the_ledger_reconciles(masters_db: Database) -> None:
    result = run_check(masters_db)

    assert result.exit_code == 0, result.output
    assert result.output == "Stock ledger reconciles: 5423 part-depots checked\n"


def test_check_command_prints_each_difference_and_fails(masters_db: Database) -> None:
    tamper(masters_db, "UPDATE stock SET on_hand = 0 WHERE part_number = '71053'")

    result = run_check(masters_db)

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "part",
        "depot",
        "check",
        "recorded",
        "expected",
        "detail",
    ]
    assert lines[2].split() == ["71053", "MAIN", *ON_HAND.split(), "0", "97"]
    assert lines[3].split() == ["71053", "NORTH", *ON_HAND.split(), "0", "22"]
    assert [line.split()[:3] for line in lines[4:8]] == [
        ["group", "LIGHTING", "MAIN"],
        ["group", "LIGHTING", "MAIN"],
        ["group", "LIGHTING", "NORTH"],
        ["group", "LIGHTING", "NORTH"],
    ]
    assert lines[8].startswith("6 differences in 5423 part-depots checked.")


def test_check_command_on_a_new_database_creates_it_and_finds_it_consistent(
    tmp_path: object,
) -> None:
    result = CliRunner().invoke(check, [], obj={"db": f"sqlite:///{tmp_path}/new.db"})

    assert result.exit_code == 0, result.output
    assert "Stock ledger reconciles: 0 part-depots checked" in result.output
