"""Lost sales: demand the department could not meet, kept for the sales history.

Two ways a sale is lost: counter staff turn a caller away because there is
no stock and the caller will not wait (recorded by hand from the enquiry),
and a backorder is cancelled while it still waits for stock (recorded by the
cancellation itself).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from sqlalchemy.orm import Session

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import LostSale
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.ledger import now
from warehouse_app.services.lookup import find_customer, find_part
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.enquiry")

MOST = 99_999


class LostReason(StrEnum):
    TURNED_AWAY = "turned_away"
    BACKORDER_CANCELLED = "backorder_cancelled"


def record_lost_sale(
    session: Session,
    station: Station,
    depot: str,
    part_number: str,
    quantity: int,
    reason: LostReason,
    customer_account: str = "",
    document_ref: str = "",
) -> LostSale:
    """Write one lost sale in the caller's transaction."""
    lost = LostSale(
        at=now(),
        depot=depot,
        part_number=part_number,
        quantity=quantity,
        reason=reason.value,
        customer_account=customer_account,
        document_ref=document_ref,
        user=station.user,
        station=station.name,
    )
    session.add(lost)
    log.info(
        "lost sale of %d x %s at %s (%s) %s",
        quantity,
        part_number,
        depot,
        reason.value,
        document_ref or customer_account,
    )
    return lost


class LostSales:
    """Counter staff recording a caller who went without."""

    def __init__(self, database: Database, station: Station) -> None:
        self.database = database
        self.station = station

    def turned_away(self, part_text: str, quantity: int, customer: str = "") -> str:
        """Record that a caller wanted `quantity` and went elsewhere."""
        if not 1 <= quantity <= MOST:
            raise WarehouseError(
                f"A lost sale is 1 to {MOST:,} units; {quantity} was given."
                " Type the quantity the caller asked for."
            )
        with self.database.unit_of_work() as uow:
            session = uow.session
            part = find_part(session, part_text)
            if part is None:
                raise WarehouseError(
                    f"There is no part {part_text.strip()}. Search for the part"
                    " first, then record the lost sale from its sales history."
                )
            account = ""
            if customer.strip():
                known = find_customer(session, customer)
                if known is None:
                    raise WarehouseError(
                        f"There is no customer account {customer.strip()}. Check"
                        " the account, or leave it empty for a caller without one."
                    )
                account = known.account
            record_lost_sale(
                session,
                self.station,
                self.station.depot,
                part.part_number,
                quantity,
                LostReason.TURNED_AWAY,
                account,
            )
            uow.commit()
            number = part.part_number
        return f"Lost sale of {quantity} x {number} recorded at {self.station.depot}."
