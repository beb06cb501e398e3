"""Every error the web service answers with, in one shape, never with a trace.

    {"error": {"status": 422, "code": "invalid_request", "message": "...",
               "fields": [{"path": "body.lines[0].quantity", "message": "..."}]}}

A failure we did not foresee answers 500 with a reference; the trace goes to
the log under that reference, never to the caller.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("warehouse.web")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    503: "unavailable",
}


class ApiError(HTTPException):
    """A known failure, with a message that says what to do."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        fields: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(status, message, dict(headers) if headers else None)
        self.code = code or _CODES.get(status, "error")
        self.fields = list(fields)


def error_body(
    status: int,
    code: str,
    message: str,
    fields: Sequence[tuple[str, str]] = (),
    reference: str | None = None,
) -> dict[str, Any]:
    detail: dict[str, Any] = {"status": status, "code": code, "message": message}
    detail["fields"] = [{"path": path, "message": text} for path, text in fields]
    if reference:
        detail["reference"] = reference
    return {"error": detail}


def field_path(location: Sequence[str | int]) -> str:
    """("body", "lines", 0, "quantity") -> "body.lines[0].quantity"."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _readable(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is not right"))
    if error.get("type") == "json_invalid":
        context = error.get("ctx") or {}
        return f"The body is not valid JSON: {context.get('error', message)}"
    return message.removeprefix("Value error, ")


async def _validation_failed(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [(field_path(e.get("loc", ())), _readable(e)) for e in error.errors()]
    first = f"{fields[0][0]}: {fields[0][1]}" if fields else "the request"
    more = f" (and {len(fields) - 1} more)" if len(fields) > 1 else ""
    stop = "" if f"{first}{more}".endswith(".") else "."
    message = (
        f"The request is not right at {first}{more}{stop} Correct the fields"
        " listed and send it again; see /docs for what each call takes."
    )
    return JSONResponse(error_body(422, "invalid_request", message, fields), 422)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    status = error.status_code
    if isinstance(error, ApiError):
        body = error_body(status, error.code, str(error.detail), error.fields)
    else:
        message = _plain_message(status, request, str(error.detail))
        body = error_body(status, _CODES.get(status, "error"), message)
    return JSONResponse(body, status, headers=error.headers)


def _plain_message(status: int, request: Request, detail: str) -> str:
    if status == 404:
        return (
            f"There is no {request.url.path}. See /docs for the calls the web"
            " service answers."
        )
    if status == 405:
        return (
            f"{request.method} is not answered at {request.url.path}. See /docs"
            " for the methods each path takes."
        )
    return detail


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_failed)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(CatchAll)


class CatchAll:
    """Whatever no handler knew becomes a 500 (or 503) with a reference."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            reference = uuid.uuid4().hex[:12]
            if isinstance(error, OperationalError):
                log.warning(
                    "%s %s: database not usable (reference %s): %s",
                    scope.get("method"),
                    scope.get("path"),
                    reference,
                    str(error.orig).splitlines()[0] if error.orig else error,
                )
                status, code = 503, "unavailable"
                message = (
                    "The warehouse database is busy or cannot be reached. Try"
                    f" again in a minute; if it goes on, quote reference {reference}"
                    " to the parts department."
                )
            else:
                log.exception(
                    "%s %s failed (reference %s)",
                    scope.get("method"),
                    scope.get("path"),
                    reference,
                )
                status, code = 500, "internal_error"
                message = (
                    "Something went wrong on our side. Try again (an order sent"
                    " again under the same Idempotency-Key is never received"
                    f" twice); if it goes on, quote reference {reference} to the"
                    " parts department."
                )
            if started:
                return
            headers = {"Retry-After": "60"} if status == 503 else None
            response = JSONResponse(
                error_body(status, code, message, reference=reference),
                status,
                headers=headers,
            )
            await response(scope, receive, send)
