"""The web service: shop API keys, idempotency records and callback addresses.

`api_key` keeps only a hash of each key; `idempotency_record` remembers the
answer given to an order sent under an Idempotency-Key, so a retry gets the
same answer; `shop_callback` holds each shop's callback URL and signing
secret (the delivery place is a `feed_cursor` row, feed "callback").

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("prefix", sa.String(16), primary_key=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("scopes", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_api_key_channel", "api_key", ["channel"])
    op.create_table(
        "idempotency_record",
        sa.Column("channel", sa.String(40), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column(
            "order_id", sa.Integer(), sa.ForeignKey("web_order.id"), nullable=False
        ),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_idempotency_record_order_id", "idempotency_record", ["order_id"]
    )
    op.create_table(
        "shop_callback",
        sa.Column("channel", sa.String(40), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("shop_callback")
    op.drop_index("ix_idempotency_record_order_id", "idempotency_record")
    op.drop_table("idempotency_record")
    op.drop_index("ix_api_key_channel", "api_key")
    op.drop_table("api_key")
