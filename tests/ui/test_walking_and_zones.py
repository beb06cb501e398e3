"""Serpentine walking and one pick document per zone, set at the station."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from station.compose import build
from tests.services.helpers import order_for, set_on_hand
from warehouse_app.persistence.database import Database
from warehouse_app.settings import Settings, StationSettings

# Bins at MAIN: 71053 A-2-4-B, 84029G B-24-8-C, 22752 C-11-2-A, 21730 C-6-3-B.
PARTS = ("71053", "84029G", "22752", "21730")


def station_with(tmp_path: Path, **changes: object) -> Settings:
    station = replace(StationSettings(), print_folder=str(tmp_path), **changes)
    for kind in ("pick_document", "parcel_label", "invoice", "packing_list"):
        (tmp_path / kind).mkdir(exist_ok=True)
    return Settings(station=station)


def test_serpentine_walks_odd_aisles_up_and_even_aisles_down(
    masters_db: Database, tmp_path: Path
) -> None:
    # Aisle C-6 (even, walked down): 17091A C-6-2-D, 21111 C-6-8-C;
    # aisle C-11 (odd, walked up): 21000 C-11-5-A, 21157 C-11-9-D.
    parts = ("17091A", "21111", "21000", "21157")
    application = build(
        masters_db.url, station_with(tmp_path, walking_order="serpentine")
    )
    for part in parts:
        set_on_hand(masters_db, "MAIN", part, 10)
    order_id = order_for(masters_db, application.station, [(p, 1) for p in parts])

    bins = [task.bin for task in application.picking.view(order_id).tasks]

    assert bins == ["C-6-8-C", "C-6-2-D", "C-11-5-A", "C-11-9-D"]


def test_a_depot_with_zones_gets_one_pick_document_per_zone(
    masters_db: Database, tmp_path: Path
) -> None:
    application = build(masters_db.url, station_with(tmp_path, pick_by_zone=True))
    for part in PARTS:
        set_on_hand(masters_db, "MAIN", part, 10)
    order_for(masters_db, application.station, [(p, 1) for p in PARTS])

    application.printer.run_once()

    names = sorted(path.name for path in (tmp_path / "pick_document").iterdir())
    assert names == [
        "pick_document-AN000001-A.pdf",
        "pick_document-AN000001-B.pdf",
        "pick_document-AN000001-C.pdf",
    ]
