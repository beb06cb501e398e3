"""Lost sales: demand that could not be met, for the sales history.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lost_sale",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("depot", sa.String(16), nullable=False),
        sa.Column("part_number", sa.String(40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("customer_account", sa.String(20), nullable=False),
        sa.Column("document_ref", sa.String(40), nullable=False),
        sa.Column("user", sa.String(40), nullable=False),
        sa.Column("station", sa.String(40), nullable=False),
    )
    op.create_index("ix_lost_sale_part_at", "lost_sale", ["part_number", "at"])


def downgrade() -> None:
    op.drop_index("ix_lost_sale_part_at", "lost_sale")
    op.drop_table("lost_sale")
