"""What goes in and out of the web service, as the OpenAPI description shows it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from warehouse_app.domain.order_limits import (
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    PRICE_PLACES,
    check_order_value,
    check_ordered_at,
)

# Printable text without control characters: every column is plain text.
PLAIN = r"^[^\x00-\x1f\x7f]*$"
SHOP_ORDER_NO = r"^[A-Za-z0-9_.-]+$"
Text120 = Annotated[str, Field(max_length=120, pattern=PLAIN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Customer(Strict):
    account: Annotated[
        str | None,
        Field(
            max_length=20,
            pattern=r"^[A-Za-z0-9_./-]+$",
            description="The customer's account with the dealer; null for a guest.",
        ),
    ] = None
    email: Annotated[str, Field(max_length=120, pattern=PLAIN)] = ""


class Delivery(Strict):
    method: Literal["deliver", "collect"] = "deliver"
    name: Text120 = ""
    address1: Text120 = ""
    address2: Text120 = ""
    town: Annotated[str, Field(max_length=80, pattern=PLAIN)] = ""
    postcode: Annotated[str, Field(max_length=20, pattern=PLAIN)] = ""
    country: Annotated[str, Field(max_length=60, pattern=PLAIN)] = ""


class OrderLineIn(Strict):
    part_number: Annotated[
        str, Field(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f]+$")
    ]
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
    unit_price: Annotated[
        Decimal,
        Field(
            ge=0,
            le=MAX_UNIT_PRICE,
            decimal_places=PRICE_PLACES,
            allow_inf_nan=False,
            description="The price of one piece before VAT, at most four decimals.",
        ),
    ]


class OrderIn(Strict):
    shop_order_no: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            pattern=SHOP_ORDER_NO,
            description="The shop's own order number; unique within the shop.",
        ),
    ]
    ordered_at: datetime = Field(
        description="When the customer ordered; with an offset, or local time."
    )
    customer: Customer = Field(default_factory=Customer)
    delivery: Delivery = Field(default_factory=Delivery)
    lines: Annotated[list[OrderLineIn], Field(min_length=1, max_length=500)]

    @field_validator("ordered_at")
    @classmethod
    def _sensible_year(cls, value: datetime) -> datetime:
        return check_ordered_at(value)

    @field_validator("lines")
    @classmethod
    def _value_fits(cls, lines: list[OrderLineIn]) -> list[OrderLineIn]:
        check_order_value((line.quantity, line.unit_price) for line in lines)
        return lines


class ReceiptLine(BaseModel):
    shop_line: int = Field(description="The position of the line in the order sent.")
    part_number: str
    quantity: int
    allocated: int = Field(description="Set aside from stock for this order.")
    backordered: int = Field(description="Waiting for stock to arrive.")


class Receipt(BaseModel):
    shop_order_no: str
    advice_note: str = Field(description="The dealer's number for the order.")
    status: str
    received_at: datetime
    replayed: bool = Field(
        description="True when the order had been received before; nothing new"
        " was created."
    )
    lines: list[ReceiptLine]


class OrderLineOut(BaseModel):
    line_no: int
    shop_line: int
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    status: str
    allocated: int
    backordered: int
    picked: int
    packed: int
    invoice_number: str | None


class ParcelOut(BaseModel):
    number: int
    tracking_number: str | None
    weight_kg: Decimal | None
    closed_at: datetime | None


class StatusChangeOut(BaseModel):
    status: str
    at: datetime


class OrderOut(BaseModel):
    shop_order_no: str
    advice_note: str
    status: str = Field(
        description="allocated, backordered, picking, picked, packed, invoiced,"
        " dispatched or cancelled"
    )
    ordered_at: datetime
    received_at: datetime
    updated_at: datetime
    lines: list[OrderLineOut]
    parcels: list[ParcelOut]
    invoice_numbers: list[str]
    history: list[StatusChangeOut]


class OrderPage(BaseModel):
    orders: list[OrderOut]
    next_cursor: int = Field(description="Send as `since` to read on from here.")
    more: bool = Field(description="True when more changes wait after next_cursor.")


class Cancellation(BaseModel):
    shop_order_no: str
    advice_note: str
    already_cancelled: bool
    order: OrderOut


class StockOut(BaseModel):
    part_number: str
    description: str
    group_code: str
    price: str = Field(
        description="The retail price to the penny, rounded half up, as the"
        " stock files give it.",
        examples=["1.66"],
    )
    status: str = Field(description="active, non-stock or superseded")
    free: int = Field(description="What can be promised to the shop now.")


class StockQuery(Strict):
    part_numbers: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=40, pattern=PLAIN)]],
        Field(min_length=1, max_length=500),
    ]


class StockAnswer(BaseModel):
    parts: list[StockOut]
    unknown: list[str] = Field(description="Part numbers asked for that do not exist.")


class StockPage(BaseModel):
    parts: list[StockOut]
    next_cursor: int
    more: bool


class OutboxState(BaseModel):
    shop: str
    waiting: int
    attempts: int
    next_attempt_at: datetime | None


class Health(BaseModel):
    status: Literal["ok", "failing"]
    database: str
    outbox: list[OutboxState]


class FieldProblem(BaseModel):
    path: str = Field(description="Where in the request, e.g. body.lines[0].quantity")
    message: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    fields: list[FieldProblem] = []
    reference: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail
