"""Indexes for the parts enquiry screens.

A page of a group's parts, one customer's purchases, recent invoices and a
part's sales were read by scanning whole tables at 500,000 parts; these
indexes let each start where it needs to.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_part_group_part", "part", ["group_code", "part_number"])
    op.create_index("ix_invoice_customer_at", "invoice", ["customer_account", "at"])
    op.create_index("ix_invoice_at", "invoice", ["at"])
    op.create_index("ix_line_part_invoice", "order_line", ["part_number", "invoice_number"])


def downgrade() -> None:
    op.drop_index("ix_line_part_invoice", "order_line")
    op.drop_index("ix_invoice_at", "invoice")
    op.drop_index("ix_invoice_customer_at", "invoice")
    op.drop_index("ix_part_group_part", "part")
