"""An index for words inside part descriptions.

The search box looks for up to three words anywhere in a description. Without
an index a rare word read the whole part table. SQLite gets an FTS5 table
with the trigram tokenizer (it serves LIKE '%word%' for words of three or
more letters), kept in step with `part` by triggers; PostgreSQL gets a
trigram GIN index from the pg_trgm extension, when the server allows the
extension to be created (otherwise the search works as before, slower).

Revision ID: 0009
Revises: 0005
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("warehouse.db")

SQLITE = (
    "CREATE VIRTUAL TABLE part_words USING fts5(description, content='part',"
    " content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER part_words_insert AFTER INSERT ON part BEGIN"
    " INSERT INTO part_words(rowid, description)"
    " VALUES (new.rowid, new.description); END",
    "CREATE TRIGGER part_words_delete AFTER DELETE ON part BEGIN"
    " INSERT INTO part_words(part_words, rowid, description)"
    " VALUES ('delete', old.rowid, old.description); END",
    "CREATE TRIGGER part_words_update AFTER UPDATE OF description ON part BEGIN"
    " INSERT INTO part_words(part_words, rowid, description)"
    " VALUES ('delete', old.rowid, old.description);"
    " INSERT INTO part_words(rowid, description)"
    " VALUES (new.rowid, new.description); END",
    "INSERT INTO part_words(part_words) VALUES ('rebuild')",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
        return
    if bind.dialect.name == "postgresql":
        savepoint = bind.begin_nested()
        try:
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            bind.execute(
                sa.text(
                    "CREATE INDEX ix_part_description_words ON part"
                    " USING gin (description gin_trgm_ops)"
                )
            )
            savepoint.commit()
        except sa.exc.DBAPIError as error:
            savepoint.rollback()
            log.warning(
                "no trigram index on part descriptions (%s): searching for a word"
                " in descriptions reads the whole part table. Ask the database"
                " administrator to run CREATE EXTENSION pg_trgm, then upgrade.",
                str(error.orig).strip().splitlines()[0],
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS part_words_{name}")
        op.execute("DROP TABLE IF EXISTS part_words")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_part_description_words")
