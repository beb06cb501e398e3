"""The sample masters and real orders shipped with the app (see ATTRIBUTION.md)."""

from pathlib import Path

FOLDER = Path(__file__).parent
PARTS = FOLDER / "parts.csv"
BARCODES = FOLDER / "barcodes.csv"
STOCK = FOLDER / "stock.csv"
CUSTOMERS = FOLDER / "customers.csv"
ORDERS = FOLDER / "orders_online_retail.csv"
