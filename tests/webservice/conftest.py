"""A real uvicorn server of the web service on 127.0.0.1, on a real SQLite file.

The server runs in a thread of the test process on a port the system picks;
a test waits for it by asking /health, never by sleeping.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.services.conftest import pg_database  # noqa: F401  (a fixture)
from warehouse_app.link_settings import ChannelSettings, ServiceSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part
from warehouse_app.services import api_keys
from warehouse_app.services.demo import load_masters
from warehouse_app.services.station import Station
from warehouse_app.settings import Settings
from webservice.app import create_app
from webservice.outbox import OutboxTiming

SHOP = "webshop"  # the channel the sample orders were imported under
OTHER_SHOP = "othershop"
FAST_OUTBOX = OutboxTiming(
    poll_seconds=0.05, first_wait=0.1, longest_wait=0.4, timeout=2
)


def wait_until(condition: Callable[[], object], seconds: float = 20.0) -> None:
    """Ask `condition` until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {seconds} s: {condition}")
        time.sleep(0.02)


@dataclass
class Running:
    url: str
    database: Database
    app: FastAPI
    keys: dict[str, str] = field(default_factory=dict)

    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def settings_for(
    requests_per_minute: int = 0, max_body_bytes: int = 200_000
) -> Settings:
    return Settings(
        service=ServiceSettings(
            requests_per_minute=requests_per_minute, max_body_bytes=max_body_bytes
        ),
        channels={SHOP: ChannelSettings(safety_by_part={"22423": 2})},
    )


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def serving(
    database: Database,
    settings: Settings | None = None,
    prepare: Callable[[FastAPI], None] | None = None,
) -> Iterator[Running]:
    """Serve the app on a port of its own until the block ends."""
    app = create_app(database, settings or settings_for(), outbox=FAST_OUTBOX)
    if prepare is not None:
        prepare(app)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(url))
        yield Running(url, database, app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def make_keys(database: Database) -> dict[str, str]:
    """A key of every kind the tests need, by name."""
    revoked = api_keys.create(database, SHOP, "revoked")
    api_keys.revoke(database, revoked.prefix)
    return {
        "shop": api_keys.create(database, SHOP, "test shop").key,
        "other": api_keys.create(database, OTHER_SHOP, "the other shop").key,
        "revoked": revoked.key,
        "stock only": api_keys.create(database, SHOP, "", ["stock:read"]).key,
        "orders only": api_keys.create(
            database, SHOP, "", ["orders:read", "orders:write"]
        ).key,
    }


def copy_of(template: Path, folder: Path) -> Database:
    target = folder / "warehouse.sqlite3"
    shutil.copyfile(template, target)
    database = Database(f"sqlite:///{target}")
    database.upgrade()
    return database


@pytest.fixture(scope="module")
def web(
    orders_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    """One server for a test module, on its own copy of the orders database."""
    database = copy_of(orders_template, tmp_path_factory.mktemp("web"))
    keys = make_keys(database)
    with serving(database) as running:
        running.keys = keys
        yield running
    database.dispose()


@pytest.fixture
def shop(web: Running) -> Iterator[httpx.Client]:
    with web.client(web.keys["shop"]) as client:
        yield client


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def on_both(request: pytest.FixtureRequest, masters_db: Database) -> Iterator[Running]:
    """The service on the SQLite file, then on a PostgreSQL server."""
    if request.param == "sqlite":
        database = masters_db
    else:
        database = request.getfixturevalue("pg_database")
        with database.reading() as session:
            loaded = session.scalar(select(func.count(Part.part_number)))
        if not loaded:
            load_masters(database, Station("TEST-1", "tester", "MAIN"))
    keys = make_keys(database)
    with serving(database) as running:
        running.keys = keys
        yield running
