"""PostgreSQL for the service tests: a database of their own, dropped after.

Without a server the tests that ask for it are skipped, except under CI
(CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from warehouse_app.persistence.database import Database

SERVER = os.environ.get(
    "WAREHOUSE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432"
)


@pytest.fixture(scope="module")
def pg_database() -> Iterator[Database]:
    """A new, upgraded PostgreSQL database for the tests of one module."""
    name = f"warehouse_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server here
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL at {SERVER} is not reachable: {error}")
    database = Database(f"{SERVER}/{name}")
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
