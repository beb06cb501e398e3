"""Part and bin labels: for one part, every part of a group, or a bin range.

What to label is written as the print job's reference, so a run of labels
waits on the print queue like any document and can be printed again:

    PART:71053                      one part
    GROUP:LIGHTING                  every stock part of a product group
    BINS:MAIN:A-2-1-A..A-2-9-Z      every part whose bin at MAIN lies in the
                                    range, in floor-walking order
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.bins import walking_key
from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.labels import PartLabel, PartLabelRun
from warehouse_app.domain.words import plural
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Barcode, Part, Stock
from warehouse_app.services import print_queue
from warehouse_app.services.errors import NotFound, WarehouseError
from warehouse_app.services.lookup import find_part

MOST_LABELS = 5000


def selection_for(text: str, depot: str) -> str:
    """The job reference for what a person typed: a part, `group X`, `bins A to B`."""
    words = text.strip().split()
    if len(words) >= 2 and words[0].lower() == "group":
        return f"GROUP:{' '.join(words[1:]).upper()}"
    if len(words) == 4 and words[0].lower() == "bins" and words[2].lower() == "to":
        return f"BINS:{depot}:{words[1].upper()}..{words[3].upper()}"
    if len(words) == 1:
        return f"PART:{words[0].upper()}"
    raise WarehouseError(
        f"{text!r} is not something to label. Type a part number, 'group NAME'"
        " or 'bins FROM to TO'."
    )


def part_labels(session: Session, reference: str, depot: str) -> PartLabelRun:
    """The labels a reference stands for, with each part's bin at `depot`."""
    kind, _, what = reference.partition(":")
    if kind == "PART":
        part = find_part(session, what)
        if part is None:
            raise NotFound(f"Part {what} is not known. Check the number.")
        parts = [part]
        title = f"part {part.part_number}"
    elif kind == "GROUP":
        parts = list(
            session.scalars(
                select(Part)
                .where(Part.group_code == what, Part.stock_item.is_(True))
                .order_by(Part.part_number)
                .limit(MOST_LABELS)
            )
        )
        title = f"group {what}"
    elif kind == "BINS":
        depot, _, span = what.partition(":")
        low, _, high = span.partition("..")
        parts = _parts_in_bins(session, depot, low, high)
        title = f"bins {low} to {high} at {depot}"
    else:
        raise NotFound(f"Label job {reference!r} is not understood.")
    if not parts:
        raise NotFound(f"Nothing to label for {title}.")
    return PartLabelRun(title, tuple(_label(session, part, depot) for part in parts))


def _parts_in_bins(session: Session, depot: str, low: str, high: str) -> list[Part]:
    first, last = walking_key(low), walking_key(high)
    rows = session.execute(
        select(Part, Stock.bin)
        .join(Stock, Stock.part_number == Part.part_number)
        .where(Stock.depot == depot, Stock.bin.is_not(None))
    ).all()
    inside = [
        (walking_key(bin_), part)
        for part, bin_ in rows
        if first <= walking_key(bin_) <= last
    ]
    inside.sort(key=lambda pair: (pair[0], pair[1].part_number))
    return [part for _, part in inside[:MOST_LABELS]]


def _label(session: Session, part: Part, depot: str) -> PartLabel:
    stock = session.get(Stock, (depot, part.part_number))
    barcode = session.scalars(
        select(Barcode.code)
        .where(Barcode.part_number == part.part_number, Barcode.qty_per_scan == 1)
        .order_by(Barcode.code)
    ).first()
    return PartLabel(
        part.part_number,
        part.description,
        (stock.bin if stock else None) or "",
        barcode.lstrip("0").zfill(13) if barcode else part.part_number,
    )


class PartLabels:
    """Queue a run of part or bin labels for the label printer."""

    def __init__(self, database: Database, depot: str) -> None:
        self.database = database
        self.depot = depot

    def queue(self, text: str) -> str:
        reference = selection_for(text, self.depot)
        with self.database.unit_of_work() as uow:
            run = part_labels(uow.session, reference, self.depot)
            print_queue.enqueue(uow.session, DocumentType.PART_LABELS, reference)
            uow.commit()
        labels = plural(len(run.labels), "label")
        return f"{labels} for {run.title} sent to the label printer"
