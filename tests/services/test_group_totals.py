"""The totals per product group stay in step with every stock movement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from station.cli import main
from tests.services.helpers import order_for
from tests.services.test_enquiry_sales_history import sell
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import GroupStock, InvoiceRecord, Part
from warehouse_app.services.enquiry.groups import GroupEnquiry
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.picking import PickingService
from warehouse_app.services.reconcile import reconcile, repair_groups
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService

LANTERN = "2748708148843"  # part 71053, LIGHTING, 5.84 each


def lighting(database: Database, depot: str | None = "MAIN") -> tuple[int, Decimal]:
    totals = {g.group_code: g for g in GroupEnquiry(database).totals(depot)}
    return totals["LIGHTING"].units, totals["LIGHTING"].retail_value


def test_a_receipt_adds_units_and_their_retail_value_to_the_group(
    masters_db: Database, station: Station
) -> None:
    units, value = lighting(masters_db)

    StockService(masters_db, station).receive_goods("71053", 5)

    assert lighting(masters_db) == (units + 5, value + Decimal("29.20"))
    assert reconcile(masters_db) == []


def test_a_pick_takes_units_off_and_a_transfer_moves_them_between_depots(
    masters_db: Database, station: Station
) -> None:
    order_id = order_for(masters_db, station, [("71053", 1)])
    main_before, north_before = lighting(masters_db), lighting(masters_db, "NORTH")
    everywhere = lighting(masters_db, None)

    PickingService(masters_db, station, "|").scan(order_id, LANTERN)
    StockService(masters_db, station).transfer("71053", 2, "NORTH", "TR-7")

    assert lighting(masters_db)[0] == main_before[0] - 3
    assert lighting(masters_db, "NORTH")[0] == north_before[0] + 2
    assert lighting(masters_db, None)[0] == everywhere[0] - 1
    assert reconcile(masters_db) == []


def test_a_movement_rolled_back_leaves_the_group_as_it_was(
    masters_db: Database, station: Station
) -> None:
    before = lighting(masters_db)
    with pytest.raises(RuntimeError), masters_db.unit_of_work() as uow:
        stock = stock_row(uow.session, "MAIN", "71053")
        move(uow.session, station, stock, MovementType.ADJUSTMENT, 4, "", "count")
        uow.session.flush()
        raise RuntimeError("power cut")

    assert lighting(masters_db) == before
    assert reconcile(masters_db) == []


def test_a_sale_is_the_parts_last_sale(masters_db: Database, station: Station) -> None:
    order_id = sell(masters_db, station, "71053", 1)

    listed = GroupEnquiry(masters_db).parts("LIGHTING", "MAIN", limit=1000)
    [lantern] = [part for part in listed if part.part_number == "71053"]
    with masters_db.unit_of_work() as uow:
        invoiced_at = uow.session.scalars(
            select(InvoiceRecord.at).where(InvoiceRecord.order_id == order_id)
        ).one()
    assert lantern.last_sold == invoiced_at


def test_the_first_units_of_a_group_at_a_depot_make_its_row(
    masters_db: Database, station: Station
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.execute(delete(GroupStock).where(GroupStock.depot == "MAIN"))
        uow.commit()

    StockService(masters_db, station).receive_goods("71053", 5)
    StockService(masters_db, station).receive_goods("71053", 2)

    assert lighting(masters_db) == (7, Decimal("40.88"))


def test_check_finds_a_group_total_gone_wrong_and_repair_counts_it_again(
    masters_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.execute(
            update(GroupStock)
            .where(GroupStock.group_code == "LIGHTING", GroupStock.depot == "MAIN")
            .values(units=GroupStock.units + 7)
        )
        uow.commit()
    [wrong] = reconcile(masters_db)
    assert (wrong.part_number, wrong.depot, wrong.recorded - wrong.expected) == (
        "group LIGHTING",
        "MAIN",
        7,
    )
    monkeypatch.setenv("WAREHOUSE_DB", masters_db.url)

    refused = CliRunner().invoke(main, ["check"])
    repaired = CliRunner().invoke(main, ["check", "--repair-groups"])

    assert refused.exit_code == 1 and "group LIGHTING" in refused.output
    assert repaired.exit_code == 0, repaired.output
    assert "counted again" in repaired.output
    repair_groups(masters_db)
    assert reconcile(masters_db) == []


def test_a_part_no_longer_a_stock_item_still_moves_and_commits(
    masters_db: Database, station: Station
) -> None:
    with masters_db.unit_of_work() as uow:
        part = uow.session.get(Part, "71053")
        assert part is not None
        part.stock_item = False
        uow.commit()
    before = lighting(masters_db)

    with masters_db.unit_of_work() as uow:
        stock = stock_row(uow.session, "MAIN", "71053")
        move(uow.session, station, stock, MovementType.ADJUSTMENT, -1, "", "count")
        uow.commit()

    assert lighting(masters_db) == before
