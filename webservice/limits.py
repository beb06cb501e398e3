"""Limits that keep one shop from swamping the service: body size and rate."""

from __future__ import annotations

import json
import math
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webservice.errors import ApiError, error_body


class RequestRate:
    """Requests per key per minute, as a bucket that refills steadily.

    A key may burst up to the minute's allowance, then gets one request for
    each 1/rate of a minute that passes. Kept in this process only: one
    `serve` process is one limit.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    # FIXME:web: only requests with a valid key are counted, and only in this
    # process: a caller guessing keys is not slowed down here, and two serve
    # processes would each allow the full rate. Put a reverse proxy's limit
    # per address in front when the service faces the internet.
    def take(self, who: str) -> float:
        """0 when the request may go on, else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        per_second = self.per_minute / 60
        at = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(who, (float(self.per_minute), at))
            tokens = min(float(self.per_minute), tokens + (at - then) * per_second)
            if tokens >= 1:
                self._buckets[who] = (tokens - 1, at)
                return 0.0
            self._buckets[who] = (tokens, at)
            return (1 - tokens) / per_second

    def check(self, who: str) -> None:
        wait = self.take(who)
        if wait:
            seconds = max(1, math.ceil(wait))
            raise ApiError(
                429,
                f"This key made more than {self.per_minute} requests in a minute."
                f" Wait {seconds} s (see Retry-After) and go on; ask the parts"
                " department if the shop needs a higher limit.",
                headers={"Retry-After": str(seconds)},
            )


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"The request body is larger than {limit:,} bytes. Send fewer lines"
            " or parts in one request.",
        )


class BodyLimit:
    """Refuse a request body over `limit` bytes, however it is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            too_long = value.isdigit() and int(value) > self.limit
            if name == b"content-length" and too_long:
                await self._refuse(send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, send: Send) -> None:
        error = BodyTooLarge(self.limit)
        body = error_body(413, error.code, str(error.detail))

        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
