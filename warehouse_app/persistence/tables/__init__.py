"""The database tables, in SQLAlchemy 2 typed style, grouped by subject.

Column types are kept portable: the same schema and migrations run on the
embedded SQLite file and on a shared PostgreSQL server.
"""

from warehouse_app.persistence.tables.base import MONEY, Base
from warehouse_app.persistence.tables.link import (
    ApiKey,
    BatchFile,
    FeedCursor,
    IdempotencyRecord,
    ImportRun,
    OrderConflict,
    OrderEvent,
    RejectedRow,
    ShopCallback,
    StockChange,
    SyncRun,
)
from warehouse_app.persistence.tables.orders import (
    Customer,
    InvoiceRecord,
    NumberSequence,
    OrderLine,
    Parcel,
    ParcelItem,
    PickScan,
    PrintJob,
    WebOrder,
)
from warehouse_app.persistence.tables.stock import (
    AllocationEvent,
    Barcode,
    Depot,
    GroupStock,
    GroupTotal,
    LostSale,
    Part,
    Stock,
    StockMovement,
)

__all__ = [
    "MONEY",
    "Base",
    "Depot",
    "Part",
    "Barcode",
    "Stock",
    "StockMovement",
    "AllocationEvent",
    "GroupTotal",
    "GroupStock",
    "LostSale",
    "Customer",
    "WebOrder",
    "OrderLine",
    "InvoiceRecord",
    "PickScan",
    "Parcel",
    "ParcelItem",
    "NumberSequence",
    "PrintJob",
    "ImportRun",
    "RejectedRow",
    "OrderEvent",
    "StockChange",
    "FeedCursor",
    "ApiKey",
    "IdempotencyRecord",
    "ShopCallback",
    "SyncRun",
    "BatchFile",
    "OrderConflict",
]
