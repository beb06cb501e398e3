"""Brings the migrations of the web shop link and the enquiry back to one line.

The batch files (0006), the sync runs (0007), the web service (0008) and the
enquiry's word index, group totals and lost sales (0009 to 0011) were made
side by side from 0005; this revision depends on all of them and changes
nothing, so the next migration has one parent again.

Revision ID: 0012
Revises: 0006, 0007, 0008, 0011
"""

from collections.abc import Sequence

revision: str = "0012"
down_revision: str | Sequence[str] | None = ("0006", "0007", "0008", "0011")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
