"""Part numbers asked of the master one by one for a small file, all at once
for a large one."""

from __future__ import annotations

import pytest

from warehouse_app.persistence.database import Database
from warehouse_app.services import order_masters
from warehouse_app.services.order_masters import PartNumbers


def test_a_small_file_asks_for_its_parts_one_by_one(masters_db: Database) -> None:
    parts = PartNumbers(masters_db)

    assert parts("71053") == "71053"
    assert parts("85123A") == "85123A"
    assert parts("71053") == "71053"

    assert parts.every is None  # the master was not read whole
    assert sorted(parts.asked) == ["71053", "85123A"]


def test_a_part_not_found_as_written_is_found_in_another_case(
    masters_db: Database,
) -> None:
    parts = PartNumbers(masters_db)

    assert parts("85123a") == "85123A"
    assert parts("NOSUCHPART") is None
    assert parts.every is not None


def test_past_so_many_parts_the_master_is_read_whole(
    masters_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(order_masters, "ASK_ONE_BY_ONE", 2)
    parts = PartNumbers(masters_db)

    assert parts("71053") == "71053"
    assert parts("85123A") == "85123A"
    assert parts.every is None
    assert parts("22633") == "22633"

    assert parts.every is not None
    assert parts("71053") == "71053"
