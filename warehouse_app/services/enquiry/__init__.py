"""Parts enquiry: read-only questions about parts, stock, sales and customers.

Each service answers from the database in one short reading session and
hands back frozen rows; none of them changes anything, except the reprint
of an invoice, which queues a print job, and a lost sale recorded from the
sales history.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse_app.persistence.database import Database
from warehouse_app.services.enquiry.audit_trail import AuditTrail
from warehouse_app.services.enquiry.customer_history import CustomerHistory
from warehouse_app.services.enquiry.depot import DepotEnquiry
from warehouse_app.services.enquiry.groups import GroupEnquiry
from warehouse_app.services.enquiry.sales_history import SalesHistory
from warehouse_app.services.enquiry.search import PartSearch
from warehouse_app.services.lost_sales import LostSales
from warehouse_app.services.station import Station


@dataclass(frozen=True)
class Enquiries:
    """The enquiry services of one database, as the screens are given them."""

    search: PartSearch
    depots: DepotEnquiry
    groups: GroupEnquiry
    sales: SalesHistory
    audit: AuditTrail
    customers: CustomerHistory
    # Recording a lost sale needs to know who records it; without a station
    # the screens only read.
    lost: LostSales | None = None

    @classmethod
    def on(cls, database: Database, station: Station | None = None) -> Enquiries:
        return cls(
            PartSearch(database),
            DepotEnquiry(database),
            GroupEnquiry(database),
            SalesHistory(database),
            AuditTrail(database),
            CustomerHistory(database),
            LostSales(database, station) if station else None,
        )
