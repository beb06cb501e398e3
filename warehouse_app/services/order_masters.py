"""What an order import checks rows against: part numbers, accounts, emails.

And the account guest checkouts are booked to, made on first use.
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from warehouse_app.integrations.order_reading import Masters
from warehouse_app.persistence.bulk_rows import column_values
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Customer
from warehouse_app.services.intake_rows import GUEST_ACCOUNT, PARTS

log = logging.getLogger("warehouse.import")


def ensure_guest_account(database: Database) -> None:
    """The account guest checkouts are booked to, made on first use.

    Two imports or web orders may both find it missing and both make it;
    the one that commits second finds it made, which is all it wanted.
    """
    with database.unit_of_work() as uow:
        if uow.session.get(Customer, GUEST_ACCOUNT) is not None:
            return
        uow.session.add(
            Customer(
                account=GUEST_ACCOUNT,
                name="Web shop guest checkout",
                country="",
                account_type="cash",
                order_ref_required=False,
            )
        )
        try:
            uow.commit()
        except IntegrityError:
            log.info("guest account %s made by another run meanwhile", GUEST_ACCOUNT)


# Distinct part numbers asked one at a time before all of them are read.
ASK_ONE_BY_ONE = 300
_ONE_PART = select(PARTS.c.part_number).where(PARTS.c.part_number == bindparam("code"))


class PartNumbers:
    """The part number as the parts master writes it, or None if unknown.

    A file of a few dozen orders asks for a few dozen parts: each is looked
    up on its own, which costs a few milliseconds, where reading all of a
    half-million-part master costs a third of a second on SQLite and more
    over a network to PostgreSQL. Once a file has asked for ASK_ONE_BY_ONE
    distinct parts, or for one not found as written (it may be in another
    case), every part number is read at once and asked from memory.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.asked: dict[str, str] = {}
        self.every: set[str] | None = None
        self.by_upper: dict[str, str] = {}

    def __call__(self, code: str) -> str | None:
        if self.every is None:
            known = self.asked.get(code)
            if known is not None:
                return known
            if len(self.asked) < ASK_ONE_BY_ONE and self._one(code):
                self.asked[code] = code
                return code
            self._read_all()
        assert self.every is not None
        if code in self.every:
            return code
        if not self.by_upper:
            self.by_upper.update(
                (number.upper(), number) for number in sorted(self.every)
            )
        return self.by_upper.get(code.upper())

    def _one(self, code: str) -> bool:
        with self.database.engine.connect() as connection:
            return connection.execute(_ONE_PART, {"code": code}).first() is not None

    def _read_all(self) -> None:
        with self.database.reading() as session:
            # Straight from the driver: building half a million result rows
            # cost more than the rest of reading the file.
            self.every = set(column_values(session, PARTS.c.part_number))


def masters_of(database: Database) -> Masters:
    """Part numbers, accounts and account emails, for a reader to check rows.

    A part number is looked up as written first; only a file that writes one
    in another case pays for the map of every part number by its capitals.
    """
    with database.reading() as session:
        by_email: dict[str, str] = {}
        accounts = set()
        for account, email in session.execute(select(Customer.account, Customer.email)):
            accounts.add(account)
            if email and account != GUEST_ACCOUNT:
                by_email.setdefault(email.strip().lower(), account)
    return Masters(
        part=PartNumbers(database),
        customer=accounts.__contains__,
        account_by_email=lambda email: by_email.get(email.strip().lower()),
    )
