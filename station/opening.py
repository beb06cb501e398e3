"""Opening the database for a command or the app: which one, its schema, and
whether the station's depot is one of its depots.
"""

from __future__ import annotations

import os

from warehouse_app.persistence.database import Database, default_url
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.masters import depots
from warehouse_app.settings import Settings, settings_path


def database_url(explicit: str | None) -> str:
    return explicit or os.environ.get("WAREHOUSE_DB") or default_url()


def open_database(
    explicit: str | None,
    settings: Settings | None = None,
    background_checkpoints: bool = False,
    upgrade: bool = True,
) -> Database:
    """The database of --db, WAREHOUSE_DB or the default, its schema upgraded.

    Raises DatabaseUnusable when the URL, its folder or its file cannot be
    used, and, given the `settings` of a command that works as the station,
    WarehouseError when their depot is not one of the database's.
    """
    database = Database(
        database_url(explicit), background_checkpoints=background_checkpoints
    )
    try:
        if upgrade:
            database.upgrade()
        if settings is not None:
            check_depot(database, settings)
    except BaseException:
        database.dispose()
        raise
    return database


def check_depot(database: Database, settings: Settings) -> None:
    """Refuse a `[station] depot` that is not one of the database's depots.

    A mistyped depot would otherwise let every order fail on the database's
    foreign key. A database with no depots yet (before the masters are
    loaded) is not checked: there is nothing to check against.
    """
    known = depots(database)
    depot = settings.station.depot
    if known and depot not in known:
        raise WarehouseError(
            f"The depot {depot} in [station] depot of {settings_path()} is not one"
            f" of this database's depots: {', '.join(known)}. Correct the"
            " settings file."
        )
