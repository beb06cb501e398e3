"""Seed the document number sequences.

Two stations taking the very first advice note number at the same moment
would otherwise both try to create the sequence row; one would fail.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCES = (("advice_note", "AN"), ("invoice", "INV"))


def upgrade() -> None:
    connection = op.get_bind()
    for name, prefix in SEQUENCES:
        connection.execute(
            sa.text(
                "INSERT INTO number_sequence (name, prefix, next_value, width)"
                " SELECT CAST(:name AS VARCHAR(32)), CAST(:prefix AS VARCHAR(8)), 1, 6"
                " WHERE NOT EXISTS (SELECT 1 FROM number_sequence"
                " WHERE name = CAST(:name AS VARCHAR(32)))"
            ),
            {"name": name, "prefix": prefix},
        )


def downgrade() -> None:
    """Nothing to undo: the rows carry numbers already used."""
