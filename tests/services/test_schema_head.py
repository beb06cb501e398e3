"""A database at the newest migration opens without Alembic; others upgrade."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from warehouse_app.persistence.database import MIGRATIONS, SCHEMA_HEAD, Database


def test_the_head_the_app_knows_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_HEAD]


def test_a_database_at_the_head_is_opened_without_running_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    database.upgrade()
    assert database.schema_versions() == {SCHEMA_HEAD}
    # Alembic cannot be imported now: a second open must not need it.
    monkeypatch.setitem(sys.modules, "alembic", None)

    database.upgrade()
    database.dispose()


def test_a_database_behind_the_head_is_upgraded(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    database.upgrade()
    # As a database made before the order files came in (migration 0006).
    with database.write_engine.begin() as connection:
        connection.execute(text("DROP TABLE order_conflict"))
        connection.execute(text("DROP TABLE batch_file"))
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(
            text("INSERT INTO alembic_version VALUES ('0007'), ('0008'), ('0011')")
        )

    database.upgrade()

    assert database.schema_versions() == {SCHEMA_HEAD}
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM batch_file")).scalar() == 0
    database.dispose()
