"""What loading one master file took, rejected and noted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from warehouse_app.integrations.incoming import Rejection

SHOWN = 20


@dataclass
class MasterReport:
    """Counts of one load; `rows read = rows taken + rows rejected` holds.

    `notes` counts things taken that the person should know of; `warnings`
    says, one sentence each, what they should go and check.
    """

    kind: str
    file_name: str
    rows_read: int = 0
    rows_taken: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> dict[str, int]:
        return dict(sorted(Counter(r.reason for r in self.rejections).items()))

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "file": self.file_name,
            "rows_read": self.rows_read,
            "rows_taken": self.rows_taken,
            "rows_rejected": len(self.rejections),
            "rejected": self.rejected,
            "notes": dict(sorted(self.notes.items())),
            "warnings": list(self.warnings),
        }

    def as_text(self) -> str:
        out = [
            f"Import of {self.kind} from {self.file_name}",
            f"  rows read      {self.rows_read:>7}",
            f"  rows taken     {self.rows_taken:>7}",
            f"  rows rejected  {len(self.rejections):>7}",
        ]
        out += [
            f"    {reason:<24} {count:>7}" for reason, count in self.rejected.items()
        ]
        if self.notes:
            out.append("  with a note:")
            out += [
                f"    {note:<32} {count:>7}"
                for note, count in sorted(self.notes.items())
            ]
        out += _first(f"  {r.message}" for r in self.rejections)
        out += _first(f"  Warning: {warning}" for warning in self.warnings)
        return "\n".join(out)


def _first(lines: Iterable[str]) -> list[str]:
    listed = list(lines)
    if len(listed) <= SHOWN:
        return listed
    return listed[:SHOWN] + [f"  ... and {len(listed) - SHOWN} more"]
