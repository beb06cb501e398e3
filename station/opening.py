"""Opening the database for a command or the app: which one, and its schema."""

from __future__ import annotations

import os

from warehouse_app.persistence.database import Database, default_url


def database_url(explicit: str | None) -> str:
    return explicit or os.environ.get("WAREHOUSE_DB") or default_url()


def open_database(
    explicit: str | None,
    background_checkpoints: bool = False,
    upgrade: bool = True,
) -> Database:
    """The database of --db, WAREHOUSE_DB or the default, its schema upgraded.

    Raises DatabaseUnusable when the URL, its folder or its file cannot be
    used, with what to do.
    """
    database = Database(
        database_url(explicit), background_checkpoints=background_checkpoints
    )
    try:
        if upgrade:
            database.upgrade()
    except BaseException:
        database.dispose()
        raise
    return database
