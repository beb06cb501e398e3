"""Shared fixtures: real SQLite files built from the shipped sample data.

Loading the masters and the real orders takes seconds, so each is built once
per test session into a template file, and every test gets its own copy.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from warehouse_app import sample_data  # noqa: E402
from warehouse_app.persistence.database import Database  # noqa: E402
from warehouse_app.services.demo import load_masters  # noqa: E402
from warehouse_app.services.order_import import import_orders  # noqa: E402
from warehouse_app.services.station import Station  # noqa: E402

STATION = Station("TEST-1", "tester", "MAIN")


def _template(folder: Path, with_orders: bool) -> Path:
    path = folder / ("orders.sqlite3" if with_orders else "masters.sqlite3")
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    load_masters(database, STATION)
    if with_orders:
        import_orders(database, STATION, sample_data.ORDERS)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def masters_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("templates"), with_orders=False)


@pytest.fixture(scope="session")
def orders_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("templates"), with_orders=True)


def _copy(template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "warehouse.sqlite3"
    shutil.copyfile(template, target)
    database = Database(f"sqlite:///{target}")
    yield database
    database.dispose()


@pytest.fixture
def station() -> Station:
    return STATION


@pytest.fixture
def masters_db(masters_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database with the sample masters and no orders."""
    yield from _copy(masters_template, tmp_path)


@pytest.fixture
def orders_db(orders_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database with the sample masters and the real orders imported."""
    yield from _copy(orders_template, tmp_path)
