"""Health for monitoring: is the database there, is the outbox keeping up."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from warehouse_app.services.callbacks import backlogs
from webservice.auth import Service
from webservice.schemas import Health, OutboxState
from webservice.views import local

log = logging.getLogger("warehouse.web")

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    summary="Health for monitoring (no key needed)",
    responses={503: {"model": Health, "description": "The database is not usable."}},
)
@router.get("/api/v1/health", response_model=Health, include_in_schema=False)
def health(service: Service, response: Response) -> Health:
    try:
        with service.database.reading() as session:
            session.execute(text("SELECT 1"))
            waiting = backlogs(session)
    except SQLAlchemyError as error:
        log.warning("health: the database cannot be used: %s", error)
        response.status_code = 503
        return Health(status="failing", database="cannot be reached", outbox=[])
    return Health(
        status="ok",
        database="reachable",
        outbox=[
            OutboxState(
                shop=backlog.channel,
                waiting=backlog.waiting,
                attempts=backlog.attempts,
                next_attempt_at=local(backlog.next_attempt_at)
                if backlog.next_attempt_at
                else None,
            )
            for backlog in waiting
        ],
    )
