"""Parts enquiry by depot and by product group, on the sample data."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from tests.services.helpers import order_for, set_on_hand
from tests.services.test_enquiry_sales_history import sell
from warehouse_app import sample_data
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part
from warehouse_app.services.enquiry.depot import DepotEnquiry
from warehouse_app.services.enquiry.groups import GroupEnquiry
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService


def test_part_71053_shows_stock_at_main_and_north(orders_db: Database) -> None:
    part = DepotEnquiry(orders_db).stock_by_depot("71053")

    main, north = part.at("MAIN"), part.at("NORTH")
    # The stock file: MAIN 97 in A-2-4-B (min 2, max 50), NORTH 22 in N5-1.
    # The imported orders hold 6 of MAIN's.
    assert [d.depot for d in part.depots] == ["MAIN", "NORTH"]
    assert (main.on_hand, main.allocated, main.free) == (97, 6, 91)
    assert (main.bin, main.min_qty, main.max_qty) == ("A-2-4-B", 2, 50)
    assert (north.on_hand, north.allocated, north.free) == (22, 0, 22)
    assert (north.bin, north.min_qty, north.max_qty) == ("N5-1", 0, 20)
    assert not main.below_min and main.on_backorder == 0


def test_on_backorder_counts_what_waiting_lines_still_need_at_that_depot(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 1)
    order_for(masters_db, station, [("22423", 3)])  # 1 allocated, 2 split off
    order_for(masters_db, station, [("22423", 4)])

    part = DepotEnquiry(masters_db).stock_by_depot("22423")

    assert part.at("MAIN").on_backorder == 6
    assert part.at("NORTH").on_backorder == 0
    assert (part.at("MAIN").free, part.at("MAIN").below_min) == (0, True)


def test_a_new_part_received_at_one_depot_is_not_stocked_at_the_other(
    masters_db: Database, station: Station
) -> None:
    with masters_db.unit_of_work() as uow:
        uow.session.add(
            Part(
                part_number="NEW-1",
                description="NEW LANTERN HOOK",
                group_code="LIGHTING",
                retail_price=Decimal("1.20"),
                vat_code="S",
                stock_item=True,
            )
        )
        uow.commit()
    StockService(masters_db, station).receive_goods("NEW-1", 4, "Z-1-1-A")

    part = DepotEnquiry(masters_db).stock_by_depot("NEW-1")

    assert (part.at("MAIN").stocked, part.at("MAIN").on_hand) == (True, 4)
    north = part.at("NORTH")
    assert (north.stocked, north.on_hand, north.bin) == (False, 0, None)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected_lighting_at_main() -> tuple[int, int, Decimal]:
    prices = {
        row["part_number"]: Decimal(row["retail_price"])
        for row in _rows(sample_data.PARTS)
        if row["group"] == "LIGHTING" and row["stock_item"] == "Y"
    }
    stock = {
        row["part_number"]: int(row["on_hand"])
        for row in _rows(sample_data.STOCK)
        if row["depot"] == "MAIN" and row["part_number"] in prices
    }
    value = sum((stock.get(p, 0) * price for p, price in prices.items()), Decimal(0))
    return len(prices), sum(stock.values()), value.quantize(Decimal("0.01"))


def test_group_totals_add_up_parts_units_and_value_at_retail(
    masters_db: Database,
) -> None:
    totals = {g.group_code: g for g in GroupEnquiry(masters_db).totals("MAIN")}

    lighting = totals["LIGHTING"]
    assert (lighting.parts, lighting.units, lighting.retail_value) == (
        _expected_lighting_at_main()
    )
    assert lighting.unsold == lighting.parts  # nothing invoiced yet
    assert "CHARGES" not in totals  # charge codes hold no stock


def test_a_sale_takes_the_part_off_the_no_sale_count(
    masters_db: Database, station: Station
) -> None:
    groups = GroupEnquiry(masters_db)
    before = {g.group_code: g.unsold for g in groups.totals("MAIN")}

    sell(masters_db, station, "71053", 2)

    after = {g.group_code: g.unsold for g in groups.totals("MAIN")}
    assert after["LIGHTING"] == before["LIGHTING"] - 1
    assert after["BAGS"] == before["BAGS"]
    unsold = groups.parts("LIGHTING", "MAIN", unsold_only=True, limit=1000)
    assert "71053" not in [p.part_number for p in unsold]
    listed = {p.part_number: p for p in groups.parts("LIGHTING", "MAIN", limit=1000)}
    assert listed["71053"].last_sold is not None
    assert listed["71053"].on_hand == 98  # 100 set for the sale, 2 sold


def test_groups_are_filtered_by_code_and_sorted_by_any_total(
    masters_db: Database,
) -> None:
    groups = GroupEnquiry(masters_db)

    assert [g.group_code for g in groups.totals("MAIN", contains="light")] == [
        "LIGHTING"
    ]
    by_parts = groups.totals("MAIN", sort="parts", descending=True)
    assert by_parts[0].group_code == "GENERAL"
    assert [g.parts for g in by_parts] == sorted(
        (g.parts for g in by_parts), reverse=True
    )
    everywhere = {g.group_code: g.units for g in groups.totals(None)}
    at_main = {g.group_code: g.units for g in groups.totals("MAIN")}
    assert everywhere["LIGHTING"] > at_main["LIGHTING"]


def test_the_parts_of_a_group_come_a_page_at_a_time(masters_db: Database) -> None:
    groups = GroupEnquiry(masters_db)

    whole = groups.parts("TOYS", "MAIN", limit=1000)
    paged = [
        p
        for start in range(0, 60, 10)
        for p in groups.parts("TOYS", "MAIN", limit=10, offset=start)
    ]

    assert len(whole) == 47 and paged == whole
