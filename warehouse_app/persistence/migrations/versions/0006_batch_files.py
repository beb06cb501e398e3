"""Order files taken from a shop channel's inbox, and orders a later file changed.

`batch_file` records every file taken from an inbox: its content hash (so the
same file delivered twice creates nothing), what became of it and where it
went. `order_conflict` holds an order a later file sent again with different
content, for a person to settle; it is never applied by itself.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batch_file",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("orders_created", sa.Integer(), nullable=False),
        sa.Column("orders_known", sa.Integer(), nullable=False),
        sa.Column("orders_flagged", sa.Integer(), nullable=False),
        sa.Column("orders_quarantined", sa.Integer(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("archive_path", sa.Text(), nullable=False),
        sa.Column("errors_path", sa.Text(), nullable=False),
    )
    op.create_index("ix_batch_file_channel_sha", "batch_file", ["channel", "sha256"])
    op.create_index(
        "ix_batch_file_channel_received", "batch_file", ["channel", "received_at"]
    )
    op.create_table(
        "order_conflict",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("shop_order_no", sa.String(40), nullable=False),
        sa.Column(
            "order_id", sa.Integer(), sa.ForeignKey("web_order.id"), nullable=False
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(40), nullable=False),
    )
    op.create_index(
        "ix_order_conflict_channel_order",
        "order_conflict",
        ["channel", "shop_order_no"],
    )


def downgrade() -> None:
    op.drop_index("ix_order_conflict_channel_order", table_name="order_conflict")
    op.drop_table("order_conflict")
    op.drop_index("ix_batch_file_channel_received", table_name="batch_file")
    op.drop_index("ix_batch_file_channel_sha", table_name="batch_file")
    op.drop_table("batch_file")
