"""Document numbers from sequences that never repeat or skip."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from warehouse_app.persistence.tables import NumberSequence
from warehouse_app.services.ledger import needs_row_locks

HELD = "number_sequences_held"
SEQUENCES = {
    "advice_note": ("AN", 1, 6),
    "invoice": ("INV", 1, 6),
}


def next_number(session: Session, name: str) -> str:
    """Take the next number of `name` inside the caller's transaction.

    The row is locked until the transaction ends (SELECT ... FOR UPDATE on
    PostgreSQL, the write lock taken at BEGIN IMMEDIATE on SQLite), so two
    stations never get the same number, and a rollback gives it back.
    """
    # Held for the transaction: the session keeps only weak references to
    # clean rows, and reading the row again would flush everything pending.
    held: dict[str, NumberSequence] = session.info.setdefault(HELD, {})
    sequence = held.get(name)
    if sequence is None:
        sequence = session.get(
            NumberSequence, name, with_for_update=needs_row_locks(session)
        )
    if sequence is None:
        prefix, start, width = SEQUENCES[name]
        sequence = NumberSequence(
            name=name, prefix=prefix, next_value=start, width=width
        )
        session.add(sequence)
        session.flush()
    held[name] = sequence
    value = sequence.next_value
    sequence.next_value = value + 1
    return f"{sequence.prefix}{value:0{sequence.width}d}"


@event.listens_for(Session, "after_transaction_end")
def _let_go(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(HELD, None)
