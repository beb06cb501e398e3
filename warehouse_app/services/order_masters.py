"""What an order import checks rows against: part numbers, accounts, emails.

And the account guest checkouts are booked to, made on first use.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
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


def masters_of(database: Database) -> Masters:
    """Part numbers, accounts and account emails, for a reader to check rows.

    A part number is looked up as written first; only a file that writes one
    in another case pays for the map of every part number by its capitals.
    """
    with database.reading() as session:
        # Straight from the driver: building half a million result rows cost
        # more than the rest of reading the file.
        exact = set(column_values(session, PARTS.c.part_number))
        by_email: dict[str, str] = {}
        accounts = set()
        for account, email in session.execute(select(Customer.account, Customer.email)):
            accounts.add(account)
            if email and account != GUEST_ACCOUNT:
                by_email.setdefault(email.strip().lower(), account)
    by_upper: dict[str, str] = {}

    def part(code: str) -> str | None:
        if code in exact:
            return code
        if not by_upper:
            by_upper.update((number.upper(), number) for number in sorted(exact))
        return by_upper.get(code.upper())

    return Masters(
        part=part,
        customer=accounts.__contains__,
        account_by_email=lambda email: by_email.get(email.strip().lower()),
    )
