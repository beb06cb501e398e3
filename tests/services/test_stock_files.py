"""Stock files for the web shop: the full file, deltas, and how they are written."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.services.helpers import order_for, set_on_hand, set_price
from warehouse_app.domain.money import shop_price
from warehouse_app.integrations import out_files
from warehouse_app.integrations.out_files import (
    OutFileError,
    OutFormat,
    write_file,
)
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Depot, Part, Stock
from warehouse_app.services.change_feed import note_stock_change
from warehouse_app.services.station import Station
from warehouse_app.services.stock_files import (
    STOCK_COLUMNS,
    hold_of,
    write_delta,
    write_full,
)
from warehouse_app.services.stock_service import StockService
from warehouse_app.services.web_stock import all_web_stock

AT = datetime(2026, 12, 4, 2, 0)
LATER = datetime(2026, 12, 4, 2, 15)


def channel(outbox: Path, **changes: object) -> ChannelSettings:
    return replace(ChannelSettings(outbox=str(outbox)), **changes)  # type: ignore[arg-type]


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    # tmp_path holds the database too.
    return tmp_path / "outbox"


def read(path: Path, encoding: str = "utf-8", delimiter: str = "\t") -> list[dict]:
    with path.open(encoding=encoding, newline="") as file:
        return list(csv.DictReader(file, delimiter=delimiter))


def by_part(rows: list[dict]) -> dict[str, dict]:
    return {row["part_number"]: row for row in rows}


def rename_part(database: Database, part_number: str, description: str) -> None:
    with database.unit_of_work() as uow:
        part = uow.session.get(Part, part_number)
        assert part is not None
        part.description = description
        note_stock_change(uow.session, part_number)
        uow.commit()


def test_the_full_file_has_every_part_with_its_web_stock(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 12)
    order_for(masters_db, station, [("71053", 2)])

    result = write_full(masters_db, "webshop", channel(outbox), AT)

    assert result.file is not None
    assert result.file.path == outbox / "stock-full-20261204T020000.txt"
    rows = read(result.file.path)
    assert tuple(rows[0]) == STOCK_COLUMNS
    assert len(rows) == result.parts == 3848
    parts = by_part(rows)
    assert parts["71053"]["free_stock"] == "10"
    # Superseded by 10080, still sold from stock until it runs out.
    assert parts["10002"]["status"] == "superseded"
    assert parts["10002"]["price"] == "0.85"
    assert parts["10080"]["status"] == "active"
    assert [row["part_number"] for row in rows] == sorted(parts)


def test_the_safety_hold_keeps_stock_back_from_the_web(
    masters_db: Database, outbox: Path
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 12)
    set_on_hand(masters_db, "MAIN", "10080", 3)
    held = channel(outbox, safety_by_part={"71053": 5}, safety_by_group={"GENERAL": 10})

    result = write_full(masters_db, "webshop", held, AT)

    assert result.file is not None
    parts = by_part(read(result.file.path))
    assert parts["71053"]["free_stock"] == "7"
    assert parts["10080"]["free_stock"] == "0"  # 3 on hand, 10 held: never below 0


def test_a_delta_carries_only_the_parts_that_changed(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    write_full(masters_db, "webshop", channel(outbox), AT)
    StockService(masters_db, station).receive_goods("71053", 5)
    rename_part(masters_db, "10080", "GROOVY CACTUS, INFLATABLE")

    result = write_delta(masters_db, "webshop", channel(outbox), LATER)

    assert result.file is not None
    assert result.file.path.name == "stock-delta-20261204T021500.txt"
    rows = read(result.file.path)
    assert [row["part_number"] for row in rows] == ["10080", "71053"]
    assert rows[0]["description"] == "GROOVY CACTUS, INFLATABLE"


def test_a_delta_after_a_failed_run_still_has_both_changes(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    write_full(masters_db, "webshop", channel(outbox), AT)
    stock = StockService(masters_db, station)
    stock.receive_goods("71053", 5)
    blocked = outbox.parent / "not-a-folder"
    blocked.write_text("a file where the outbox should be")

    with pytest.raises(OutFileError):
        write_delta(masters_db, "webshop", channel(blocked), LATER)
    stock.receive_goods("16010", 2)
    result = write_delta(masters_db, "webshop", channel(outbox), LATER)

    assert result.file is not None
    assert [row["part_number"] for row in read(result.file.path)] == [
        "16010",
        "71053",
    ]


def test_a_delta_with_no_changes_writes_no_file(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    write_full(masters_db, "webshop", channel(outbox), AT)
    StockService(masters_db, station).receive_goods("71053", 5)
    write_delta(masters_db, "webshop", channel(outbox), LATER)

    again = write_delta(masters_db, "webshop", channel(outbox), LATER)

    assert again.file is None
    assert sorted(p.name for p in outbox.iterdir()) == [
        "stock-delta-20261204T021500.txt",
        "stock-full-20261204T020000.txt",
    ]


def test_a_full_file_moves_the_delta_on_past_what_it_carried(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    StockService(masters_db, station).receive_goods("71053", 5)

    write_full(masters_db, "webshop", channel(outbox), AT)

    assert write_delta(masters_db, "webshop", channel(outbox), LATER).file is None


def test_the_pound_sign_arrives_in_windows_1252(
    masters_db: Database, outbox: Path
) -> None:
    write_full(masters_db, "webshop", channel(outbox), AT)
    rename_part(masters_db, "10080", "CACTUS £5 OFF")
    shop = channel(outbox, out_encoding="cp1252", delimiter=";", line_ending="\n")

    result = write_delta(masters_db, "webshop", shop, LATER)

    assert result.file is not None
    raw = result.file.path.read_bytes()
    assert b"CACTUS \xa35 OFF" in raw
    assert b"\r" not in raw
    rows = read(result.file.path, encoding="cp1252", delimiter=";")
    assert rows[0]["description"] == "CACTUS £5 OFF"


def test_line_endings_and_header_follow_the_channel(tmp_path: Path) -> None:
    layout = OutFormat(delimiter="|", header=False, line_ending="\r")

    written = write_file(tmp_path, "stock-delta", AT, ("a", "b"), [("1", 2)], layout)

    assert written.path.read_bytes() == b"1|2\r"


def test_the_shop_never_sees_a_half_written_file(tmp_path: Path) -> None:
    seen: list[list[str]] = []

    def rows():  # type: ignore[no-untyped-def]
        for number in range(3):
            # Mid-write, only the temporary name exists.
            seen.append(sorted(p.name for p in tmp_path.iterdir()))
            yield (str(number),)
        raise OSError(28, "No space left on device")

    with pytest.raises(OutFileError, match="No space left"):
        write_file(tmp_path, "stock-full", AT, ("n",), rows(), OutFormat())

    assert seen[-1] == ["stock-full-20261204T020000.txt.tmp"]
    assert list(tmp_path.iterdir()) == []


def test_a_done_marker_follows_the_file(tmp_path: Path) -> None:
    order: list[str] = []
    real_replace = os.replace

    def watch(source: str | os.PathLike, target: str | os.PathLike) -> None:  # type: ignore[type-arg]
        order.append("rename")
        assert not Path(f"{target}.done").exists()
        real_replace(source, target)

    layout = OutFormat(done_marker=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(out_files.os, "replace", watch)
        written = write_file(tmp_path, "status", AT, ("n",), [("1",)], layout)

    assert order == ["rename"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "status-20261204T020000.txt",
        "status-20261204T020000.txt.done",
    ]
    assert written.records == 1


def test_two_files_in_one_second_both_keep_their_rows(tmp_path: Path) -> None:
    first = write_file(tmp_path, "stock-delta", AT, ("n",), [("1",)], OutFormat())
    second = write_file(tmp_path, "stock-delta", AT, ("n",), [("2",)], OutFormat())

    assert first.path.name == "stock-delta-20261204T020000.txt"
    assert second.path.name == "stock-delta-20261204T020000-2.txt"


def test_a_description_with_the_delimiter_is_quoted(tmp_path: Path) -> None:
    written = write_file(
        tmp_path, "stock-full", AT, ("a", "b"), [("00123", "A\tB")], OutFormat()
    )

    text = written.path.read_bytes().decode("utf-8")
    assert text == 'a\tb\r\n00123\t"A\tB"\r\n'
    assert next(csv.reader(io.StringIO(text.splitlines()[1]), delimiter="\t")) == [
        "00123",
        "A\tB",
    ]


def test_the_full_file_agrees_with_the_web_stock_of_every_part(
    masters_db: Database, station: Station, outbox: Path
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 12)
    order_for(masters_db, station, [("71053", 4), ("16010", 1)])
    held = channel(outbox, safety_by_part={"71053": 3}, safety_by_group={"GENERAL": 2})

    result = write_full(masters_db, "webshop", held, AT)

    assert result.file is not None
    rows = read(result.file.path)
    with masters_db.reading() as session:
        expected = [
            (s.part_number, s.description, str(s.free), shop_price(s.price), s.status)
            for s in all_web_stock(session, hold_of(held))
        ]
    assert [tuple(row.values()) for row in rows] == expected


def test_stock_files_on_postgresql(
    pg_database: Database, station: Station, tmp_path: Path
) -> None:
    with pg_database.unit_of_work() as uow:
        uow.session.add_all(
            [
                Depot(code="MAIN", name="Main", serves_web=True),
                Depot(code="NORTH", name="North", serves_web=False),
            ]
        )
        uow.session.flush()
        for number, text, price, successor in (
            ("00123", "GREASE NIPPLE £ OFFER", "12.5", None),
            ("A-7", "BLADE", "3.1999", "A-8"),
            ("A-8", "BLADE, NEW", "3.20", None),
        ):
            uow.session.add(
                Part(
                    part_number=number,
                    description=text,
                    group_code="MOWER",
                    retail_price=Decimal(price),
                    vat_code="S",
                    stock_item=True,
                    superseded_by=successor,
                )
            )
        uow.session.flush()
        uow.session.add_all(
            [
                Stock(depot="MAIN", part_number="00123", on_hand=7, allocated=2),
                Stock(depot="NORTH", part_number="00123", on_hand=50, allocated=0),
                Stock(
                    depot="MAIN",
                    part_number="A-8",
                    bin="A-1-1-A",
                    on_hand=1,
                    allocated=0,
                ),
            ]
        )
        uow.commit()
    shop = channel(tmp_path / "pg-out", safety_by_part={"A-8": 1})

    full = write_full(pg_database, "pg", shop, AT)
    StockService(pg_database, station).receive_goods("A-8", 4)
    delta = write_delta(pg_database, "pg", shop, LATER)

    assert full.file is not None and delta.file is not None
    assert [tuple(row.values()) for row in read(full.file.path)] == [
        ("00123", "GREASE NIPPLE £ OFFER", "5", "12.50", "active"),
        ("A-7", "BLADE", "0", "3.20", "superseded"),
        ("A-8", "BLADE, NEW", "0", "3.20", "active"),
    ]
    assert [tuple(row.values()) for row in read(delta.file.path)] == [
        ("A-8", "BLADE, NEW", "4", "3.20", "active"),
    ]


def test_a_temporary_file_left_by_a_power_cut_is_cleared_later(
    tmp_path: Path,
) -> None:
    left = tmp_path / "stock-delta-20261203T235959.txt.tmp"
    left.write_text("half a fi")
    os.utime(left, (AT.timestamp() - 7200, AT.timestamp() - 7200))
    fresh = tmp_path / "stock-delta-20261204T015959.txt.tmp"
    fresh.write_text("another run, still writing")
    os.utime(fresh, (AT.timestamp() - 60, AT.timestamp() - 60))

    write_file(tmp_path, "stock-delta", AT, ("n",), [("1",)], OutFormat())

    assert not left.exists()
    assert fresh.exists()


def test_both_files_round_a_four_place_price_half_up_to_the_penny(
    masters_db: Database, outbox: Path
) -> None:
    prices = {
        "10080": "1.2350",
        "71053": "1.2349",
        "10002": "1.0050",
        "16010": "2.6750",
    }
    shown = {"10080": "1.24", "71053": "1.23", "10002": "1.01", "16010": "2.68"}
    write_full(masters_db, "webshop", channel(outbox), AT)
    set_price(masters_db, prices)

    full = write_full(masters_db, "webshop", channel(outbox), LATER)
    set_price(masters_db, prices)
    delta = write_delta(masters_db, "webshop", channel(outbox), LATER)

    assert full.file is not None and delta.file is not None
    in_full = by_part(read(full.file.path))
    in_delta = by_part(read(delta.file.path))
    assert {part: in_full[part]["price"] for part in prices} == shown
    assert {part: in_delta[part]["price"] for part in prices} == shown
