"""A fresh demo database from the shipped sample data."""

from __future__ import annotations

import logging

from warehouse_app import sample_data
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.persistence.database import Database
from warehouse_app.services.masters import (
    MasterReport,
    import_barcodes,
    import_customers,
    import_parts,
    import_stock,
)
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.import")


def load_masters(database: Database, station: Station) -> list[MasterReport]:
    return [
        import_parts(database, sample_data.PARTS),
        import_barcodes(database, sample_data.BARCODES),
        import_stock(database, sample_data.STOCK, station),
        import_customers(database, sample_data.CUSTOMERS),
    ]


def build_demo(
    database: Database, station: Station, with_orders: bool = True
) -> tuple[list[MasterReport], ImportReport | None]:
    """Load the sample masters and, unless told not to, the real orders."""
    database.upgrade()
    masters = load_masters(database, station)
    orders = (
        import_orders(database, station, sample_data.ORDERS) if with_orders else None
    )
    return masters, orders
