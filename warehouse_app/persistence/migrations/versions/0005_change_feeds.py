"""Change feeds for the web shop link, and the shop's delivery address.

`order_event` and `stock_change` are written in the same transaction as the
change they record, so the batch files and the web service read forward from
a cursor and never miss one; `feed_cursor` keeps each consumer's place.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADDRESS = (
    ("ship_name", 120),
    ("ship_address1", 120),
    ("ship_address2", 120),
    ("ship_town", 80),
    ("ship_postcode", 20),
    ("email", 120),
    ("progress", 32),
)


def upgrade() -> None:
    with op.batch_alter_table("web_order") as batch:
        for name, length in ADDRESS:
            batch.add_column(
                sa.Column(name, sa.String(length), nullable=False, server_default="")
            )
    op.create_table(
        "order_event",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_index("ix_order_event_order_id", "order_event", ["order_id"])
    op.create_index("ix_order_event_channel_seq", "order_event", ["channel", "seq"])
    op.create_table(
        "stock_change",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("part_number", sa.String(40), nullable=False),
    )
    op.create_table(
        "feed_cursor",
        sa.Column("channel", sa.String(40), primary_key=True),
        sa.Column("feed", sa.String(24), primary_key=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_cursor")
    op.drop_table("stock_change")
    op.drop_index("ix_order_event_channel_seq", "order_event")
    op.drop_index("ix_order_event_order_id", "order_event")
    op.drop_table("order_event")
    with op.batch_alter_table("web_order") as batch:
        for name, _length in reversed(ADDRESS):
            batch.drop_column(name)
