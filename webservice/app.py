"""The app factory: `create_app(database, settings)` gives the ASGI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from warehouse_app.persistence.database import Database
from warehouse_app.services.station import Station
from warehouse_app.settings import Settings
from webservice.context import ServiceContext
from webservice.errors import install_error_handlers
from webservice.limits import BodyLimit, RequestRate
from webservice.order_views import OrderViews
from webservice.outbox import OutboxSender, OutboxTiming
from webservice.routers import health, orders, stock

log = logging.getLogger("warehouse.web")

DESCRIPTION = """\
Stock and orders for a web shop, in real time: send orders, read their
progress, cancel them before they are picked, and read free stock.

Every call under `/api/v1` needs the shop's API key as
`Authorization: Bearer whk_...`. Errors come back as
`{"error": {"status", "code", "message", "fields"}}`.
The guide with worked examples is docs/web-service.md.
"""


def create_app(
    database: Database,
    settings: Settings,
    *,
    station: Station | None = None,
    outbox: OutboxTiming | None = None,
    send_callbacks: bool = True,
) -> FastAPI:
    """The web service on `database`; the callback sender runs while it serves."""
    context = ServiceContext(
        database=database,
        settings=settings,
        station=station or Station("web-service", "web-shop", settings.station.depot),
        rate=RequestRate(settings.service.requests_per_minute),
        views=OrderViews(database),
    )
    sender = OutboxSender(database, outbox) if send_callbacks else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if sender is not None:
            sender.start()
        try:
            yield
        finally:
            if sender is not None:
                sender.stop()

    app = FastAPI(
        title="Warehouse web service",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = context
    app.state.outbox = sender
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.service.max_body_bytes)
    app.include_router(health.router)
    app.include_router(orders.router)
    app.include_router(stock.router)
    log.info("web service on %s", database.safe_url)
    return app
