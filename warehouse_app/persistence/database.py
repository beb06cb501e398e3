"""Where the data lives: engines, schema upgrades and units of work."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from warehouse_app.persistence import row_ids  # noqa: F401  (numbers new rows)
from warehouse_app.persistence.checkpoints import Checkpointer

log = logging.getLogger("warehouse.db")

APP_NAME = "warehouse-app"
MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration; a test holds it equal to Alembic's head. A database
# already there is opened without loading Alembic and its scripts, which is
# a tenth of a second of every start.
SCHEMA_HEAD = "0012"
BACKENDS = ("sqlite", "postgresql")
# SQLite's answers for a file that is something else, or a database gone bad.
NOT_A_DATABASE = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


class DatabaseUnusable(Exception):
    """A database the app cannot open; the message says what to do."""


def default_url() -> str:
    """The embedded database in the user's data folder, made if it is missing.

    Only this folder is made: a folder the user names (--db) must be there,
    or a share that is not mounted would leave a station on a database of
    its own.
    """
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'warehouse.sqlite3'}"


def _usable(parsed: URL) -> None:
    """Refuse a URL of a kind the app does not run on, or a missing folder."""
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseUnusable(
            f"The database URL {parsed.render_as_string(hide_password=True)} is not"
            " one the app can use: only sqlite:/// and postgresql:// URLs are"
            " supported. Give --db (or WAREHOUSE_DB) like"
            " sqlite:////full/path.sqlite3 or"
            " postgresql+psycopg://user@server/warehouse."
        )
    if parsed.get_backend_name() != "sqlite" or parsed.database in (
        None,
        "",
        ":memory:",
    ):
        return
    folder = Path(parsed.database).absolute().parent
    if not folder.is_dir():
        raise DatabaseUnusable(
            f"The folder {folder} for the database does not exist. Check the path"
            " in --db or WAREHOUSE_DB (a share that is not mounted?), or create"
            " the folder."
        )


def _sqlite_pragmas(dbapi_connection: Any, own_checkpoints: bool) -> None:
    # Python's sqlite3 opens transactions on its own; hand that to SQLAlchemy
    # so BEGIN IMMEDIATE below is the only BEGIN sent.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    if own_checkpoints:
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def make_engine(
    url: str, immediate: bool = False, background_checkpoints: bool = False
) -> Engine:
    """An engine for `url`; on SQLite, `immediate` makes every transaction a writer.

    Writers on SQLite take the write lock at BEGIN, so two stations that
    read-then-write (a document number, a stock balance) queue up instead of
    failing half way with "database is locked".
    """
    parsed = make_url(url)
    _usable(parsed)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True)
        except ImportError as error:
            raise DatabaseUnusable(
                f"The database driver {parsed.get_driver_name()} is not installed"
                f" ({error}). Give the URL as postgresql+psycopg://user@server/db."
            ) from error
    engine = create_engine(url, connect_args={"timeout": 15})
    event.listen(
        engine,
        "connect",
        lambda dbapi_connection, _record: _sqlite_pragmas(
            dbapi_connection, background_checkpoints
        ),
    )

    def begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    event.listen(engine, "begin", begin)
    return engine


class Database:
    """The database of one installation, shared by every service."""

    def __init__(self, url: str, background_checkpoints: bool = False) -> None:
        """`background_checkpoints`: on an SQLite file, copy the write-ahead log
        back on a thread of its own instead of inside a commit (see
        checkpoints.py). The app and the commands that work through its
        services (`import`, `print-queue`, `sync`, `serve`) ask for it; the
        short commands such as `check` do not.
        """
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        on_file = self.is_sqlite and parsed.database not in (None, "", ":memory:")
        own = background_checkpoints and on_file
        self.engine = make_engine(url, background_checkpoints=own)
        self.write_engine = (
            make_engine(url, immediate=True, background_checkpoints=own)
            if self.is_sqlite
            else self.engine
        )
        self.checkpointer: Checkpointer | None = None
        if own and parsed.database:
            self.checkpointer = Checkpointer(Path(parsed.database))
            self.checkpointer.start()
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(self.write_engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration.

        Raises DatabaseUnusable for an SQLite file that is not a database.
        """
        try:
            if self.schema_versions() == {SCHEMA_HEAD}:
                log.info("schema of %s is at the newest version", self.safe_url)
                return
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            with self.write_engine.connect() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
        except DatabaseError as error:
            code = getattr(error.orig, "sqlite_errorcode", None)
            if code not in NOT_A_DATABASE:
                raise
            raise DatabaseUnusable(
                f"{self.safe_url} is not a warehouse database (SQLite says:"
                f" {error.orig}). Check the path in --db or WAREHOUSE_DB."
            ) from error
        log.info("schema of %s is at the newest version", self.safe_url)

    def schema_versions(self) -> set[str]:
        """The migrations the database says it is at; none for a new one."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return set()
            return set(
                connection.execute(text("SELECT version_num FROM alembic_version"))
                .scalars()
                .all()
            )

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for looking only; it never commits.

        Closing it ends the transaction but leaves what was loaded readable,
        so a caller may hand the objects on.
        """
        session = self._readers()
        try:
            yield session
        finally:
            session.close()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._writers)

    def dispose(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


class UnitOfWork:
    """One business transaction: commit it explicitly or it is rolled back."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(self, *exc: object) -> None:
        # Closing rolls back whatever was not committed; unlike rollback() it
        # leaves committed objects readable for the caller.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
