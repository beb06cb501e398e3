"""What the goods-in and stock screens ask of the back office.

Each method is one unit of work: it commits everything it did, movements,
allocations and queued pick documents together, or, when refused, nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from sqlalchemy.orm import Session

from warehouse_app.persistence.database import Database
from warehouse_app.services import corrections, goods_receipt, transfers
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import StockResult

log = logging.getLogger("warehouse.ledger")

P = ParamSpec("P")


class StockService:
    """Stock operations at the station's depot, signed with the station's user."""

    def __init__(self, database: Database, station: Station) -> None:
        self.database = database
        self.station = station

    def suggested_bin(self, part_text: str) -> str | None:
        with self.database.reading() as session:
            return goods_receipt.suggested_bin(session, self.station.depot, part_text)

    def receive_goods(
        self,
        part_text: str,
        quantity: int,
        bin_code: str | None = None,
        document_ref: str = "",
    ) -> StockResult:
        return self._run(
            goods_receipt.receive_goods, part_text, quantity, bin_code, document_ref
        )

    def customer_return(
        self,
        part_text: str,
        quantity: int,
        document_ref: str,
        reason: str = "",
        bin_code: str | None = None,
    ) -> StockResult:
        return self._run(
            goods_receipt.customer_return,
            part_text,
            quantity,
            document_ref,
            reason,
            bin_code,
        )

    def adjust(
        self, part_text: str, qty_change: int, reason: str, document_ref: str = ""
    ) -> StockResult:
        return self._run(
            corrections.adjust, part_text, qty_change, reason, document_ref
        )

    def stock_check(
        self, part_text: str, counted: int, document_ref: str = "", reason: str = ""
    ) -> StockResult:
        return self._run(
            corrections.stock_check, part_text, counted, document_ref, reason
        )

    def reverse(self, seq: int, reason: str) -> StockResult:
        return self._run(corrections.reverse, seq, reason)

    def transfer(
        self,
        part_text: str,
        quantity: int,
        to_depot: str,
        document_ref: str,
        to_bin: str | None = None,
    ) -> StockResult:
        return self._run(
            transfers.transfer, part_text, quantity, to_depot, document_ref, to_bin
        )

    def supersede(
        self, old_text: str, document_ref: str = "", bin_code: str | None = None
    ) -> StockResult:
        return self._run(transfers.supersede, old_text, document_ref, bin_code)

    def move_bin(self, part_text: str, new_bin: str) -> StockResult:
        return self._run(transfers.move_bin, part_text, new_bin)

    def _run(
        self,
        operation: Callable[Concatenate[Session, Station, P], StockResult],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> StockResult:
        try:
            with self.database.unit_of_work() as uow:
                result = operation(uow.session, self.station, *args, **kwargs)
                uow.commit()
        except WarehouseError as refusal:
            log.info(
                "%s refused at %s: %s", operation.__name__, self.station.depot, refusal
            )
            raise
        return result
