"""Orders as a shop sends them, before they become advice notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from warehouse_app.domain.money import line_net
from warehouse_app.domain.order_limits import OutOfLimits, check_order_value
from warehouse_app.integrations.fields import BadRow


@dataclass
class IncomingLine:
    source_row: int
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    # What the report notes about the line once it is taken, e.g. that its
    # part number was written in lower case.
    notes: tuple[str, ...] = ()


@dataclass
class IncomingOrder:
    shop_order_no: str
    ordered_at: datetime
    customer_account: str | None
    country: str
    lines: list[IncomingLine] = field(default_factory=list)
    delivery_method: str = "deliver"
    # Where the parcel goes and whom to tell, as the shop sent it (batch files).
    email: str = ""
    ship_name: str = ""
    ship_address1: str = ""
    ship_address2: str = ""
    ship_town: str = ""
    ship_postcode: str = ""


@dataclass(frozen=True)
class Rejection:
    """One input row that was not taken: where, which field, why, what to do."""

    line_number: int
    field: str
    value: str
    reason: str
    message: str


def too_large(order: IncomingOrder) -> tuple[int, BadRow] | None:
    """The order's largest line and its refusal, if the order is worth more
    than one order may be (domain/order_limits.py)."""
    try:
        check_order_value((line.quantity, line.unit_price) for line in order.lines)
    except OutOfLimits as error:
        largest = max(
            order.lines, key=lambda line: line_net(line.quantity, line.unit_price)
        )
        net = line_net(largest.quantity, largest.unit_price)
        return largest.source_row, BadRow(
            "order value",
            str(net),
            "order too large",
            f"order {order.shop_order_no} is not taken: {error} Its largest line"
            f" is this one, {largest.quantity:,} at {largest.unit_price}.",
        )
    return None


@dataclass
class ImportReport:
    file_name: str
    profile: str
    rows_read: int = 0
    orders_created: int = 0
    lines_created: int = 0
    orders_already_known: int = 0
    # Orders sent again with different content: flagged, never applied.
    orders_flagged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    # The ImportRun it was recorded as, which keeps every rejected row.
    import_run_id: int | None = None

    @property
    def rejected(self) -> dict[str, int]:
        return dict(sorted(Counter(r.reason for r in self.rejections).items()))

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.lines_created + self.rows_rejected

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "profile": self.profile,
            "rows_read": self.rows_read,
            "orders_created": self.orders_created,
            "lines_created": self.lines_created,
            "orders_already_known": self.orders_already_known,
            "orders_flagged": self.orders_flagged,
            "rows_rejected": self.rows_rejected,
            "rejected": self.rejected,
            "notes": dict(sorted(self.notes.items())),
            "balanced": self.balanced,
            "import_run": self.import_run_id,
        }

    def as_text(self) -> str:
        out = [
            f"Import of {self.file_name} (profile {self.profile})",
            f"  rows read        {self.rows_read:>7}",
            f"  orders created   {self.orders_created:>7}",
            f"  lines created    {self.lines_created:>7}",
            f"  rows rejected    {self.rows_rejected:>7}",
        ]
        if self.orders_already_known:
            out.append(
                f"  orders already imported, skipped: {self.orders_already_known}"
            )
        if self.orders_flagged:
            out.append(
                f"  orders changed since imported, flagged: {self.orders_flagged}"
            )
        for reason, count in self.rejected.items():
            out.append(f"    {reason:<28} {count:>7}")
        if self.notes:
            out.append("  taken, with a note:")
            for note, count in sorted(self.notes.items()):
                out.append(f"    {note:<28} {count:>7}")
        check = "balances" if self.balanced else "DOES NOT BALANCE"
        out.append(
            f"  rows read = lines created + rows rejected: {self.rows_read} ="
            f" {self.lines_created} + {self.rows_rejected} ({check})"
        )
        return "\n".join(out)
