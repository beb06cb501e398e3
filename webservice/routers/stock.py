"""Stock: one part, a basket of parts, the parts changed since a cursor.

Free stock is what the stock files say too (web_stock.py): on hand less
allocated at the depots that serve the web, less the shop's safety hold.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import exists, select

from warehouse_app.persistence.tables import StockChange
from warehouse_app.services.change_feed import changed_parts
from warehouse_app.services.web_stock import web_stock
from webservice.auth import ReadStock, Service, scope_doc
from webservice.errors import ApiError
from webservice.routers import COMMON_ERRORS
from webservice.schemas import (
    PLAIN,
    ErrorBody,
    StockAnswer,
    StockOut,
    StockPage,
    StockQuery,
)
from webservice.views import stock_out

router = APIRouter(prefix="/api/v1/stock", tags=["stock"], responses=COMMON_ERRORS)
SCOPE = scope_doc("stock:read")


@router.get(
    "",
    response_model=StockPage,
    summary="List the parts whose stock changed since a cursor",
    openapi_extra=SCOPE,
)
def changed(
    holder: ReadStock,
    service: Service,
    since: Annotated[int, Query(ge=0, le=2**62, description="0 at first")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> StockPage:
    """Parts with a change after `since`: free stock, price, text or status."""
    with service.database.reading() as session:
        numbers, last = changed_parts(session, since, limit)
        found = web_stock(session, numbers, service.hold_for(holder.channel))
        more = bool(session.scalar(select(exists().where(StockChange.seq > last))))
    return StockPage(
        parts=[stock_out(found[n]) for n in numbers if n in found],
        next_cursor=last,
        more=more,
    )


@router.post(
    "/query",
    response_model=StockAnswer,
    summary="Free stock of a basket of parts",
    openapi_extra=SCOPE,
)
def basket(query: StockQuery, holder: ReadStock, service: Service) -> StockAnswer:
    """Up to 500 parts in one call; unknown part numbers are listed apart."""
    wanted = list(dict.fromkeys(query.part_numbers))
    with service.database.reading() as session:
        found = web_stock(session, wanted, service.hold_for(holder.channel))
        missing = [n for n in wanted if n not in found]
        upper = web_stock(
            session,
            [n.upper() for n in missing],
            service.hold_for(holder.channel),
        )
    parts, unknown = [], []
    for number in wanted:
        stock = found.get(number) or upper.get(number.upper())
        if stock is None:
            unknown.append(number)
        else:
            parts.append(stock_out(stock))
    return StockAnswer(parts=parts, unknown=unknown)


@router.get(
    "/{part_number}",
    response_model=StockOut,
    summary="Free stock of one part",
    responses={404: {"model": ErrorBody, "description": "No such part."}},
    openapi_extra=SCOPE,
)
def one_part(
    part_number: Annotated[str, Path(min_length=1, max_length=40, pattern=PLAIN)],
    holder: ReadStock,
    service: Service,
) -> StockOut:
    hold = service.hold_for(holder.channel)
    with service.database.reading() as session:
        found = web_stock(session, [part_number], hold) or web_stock(
            session, [part_number.upper()], hold
        )
    if not found:
        raise ApiError(
            404,
            f"There is no part {part_number}. Check the number, or ask for"
            " several at once with POST /api/v1/stock/query.",
        )
    (stock,) = found.values()
    return stock_out(stock)
