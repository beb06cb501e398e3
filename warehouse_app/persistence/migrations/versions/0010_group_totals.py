"""Totals per product group kept with the ledger, and each part's last sale.

The group tab added up every part on each visit; now `group_total` and
`group_stock` hold the sums (see services/group_totals.py), and
`part.last_sold_at` lets the parts with no sale in 12 months be counted
from an index. The new columns and tables are filled from what is there.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

FILL = (
    "UPDATE part SET last_sold_at = (SELECT max(i.at) FROM order_line l"
    " JOIN invoice i ON i.number = l.invoice_number"
    " WHERE l.part_number = part.part_number)",
    "INSERT INTO group_total (group_code, parts) SELECT group_code, count(*)"
    " FROM part WHERE stock_item GROUP BY group_code",
    "INSERT INTO group_stock (group_code, depot, units, value_e4)"
    " SELECT p.group_code, s.depot, sum(s.on_hand),"
    " sum(CAST(round(s.on_hand * p.retail_price * 10000) AS BIGINT))"
    " FROM part p JOIN stock s ON s.part_number = p.part_number"
    " WHERE p.stock_item GROUP BY p.group_code, s.depot",
)

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("part") as batch:
        batch.add_column(sa.Column("last_sold_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_part_sold", "part", ["last_sold_at", "group_code", "stock_item"]
    )
    op.create_index("ix_stock_part", "stock", ["part_number"])
    op.create_table(
        "group_total",
        sa.Column("group_code", sa.String(40), primary_key=True),
        sa.Column("parts", sa.Integer(), nullable=False),
    )
    op.create_table(
        "group_stock",
        sa.Column("group_code", sa.String(40), primary_key=True),
        sa.Column("depot", sa.String(16), primary_key=True),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("value_e4", sa.BigInteger(), nullable=False),
    )
    for statement in FILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("group_stock")
    op.drop_table("group_total")
    op.drop_index("ix_stock_part", "stock")
    op.drop_index("ix_part_sold", "part")
    with op.batch_alter_table("part") as batch:
        batch.drop_column("last_sold_at")
