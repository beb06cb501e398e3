"""Indexes for finding an order by the shop's number and listing by status.

Scanning an advice note or keying a shop order number searched the whole
order table (the shop number was only the second column of a unique index),
and the order list filtered by status sorted every matching order by date.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_order_shop_number", "web_order", ["shop_order_no"])
    op.create_index("ix_order_status_ordered", "web_order", ["status", "ordered_at"])


def downgrade() -> None:
    op.drop_index("ix_order_status_ordered", "web_order")
    op.drop_index("ix_order_shop_number", "web_order")
