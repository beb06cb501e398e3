"""The outbox sender: each shop's order events, in order, to its callback URL.

Each event is one signed POST. The shop acknowledges with any 2xx; only then
does the shop's cursor move past the event. Anything else (no answer, a
refusal, a 5xx, a 4xx, a redirect) is a failed try: the sender waits, twice
as long each time up to a cap, and sends the same event again. A later event
never overtakes an earlier one. See docs/web-service.md, "Callbacks".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warehouse_app.persistence.database import Database
from warehouse_app.services import callbacks
from warehouse_app.services.callbacks import Callback, PendingEvent
from warehouse_app.services.order_progress import progress_of, shop_order_status
from webservice.views import local, order_out

log = logging.getLogger("warehouse.callback")

USER_AGENT = "warehouse-app-callbacks/1"


@dataclass(frozen=True)
class OutboxTiming:
    poll_seconds: float = 1.0
    first_wait: float = 2.0
    longest_wait: float = 300.0
    timeout: float = 10.0


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over `timestamp + "." + body`, in hex."""
    message = timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class OutboxSender:
    """Runs in a thread of the serve process; `stop()` ends it between sends."""

    def __init__(self, database: Database, timing: OutboxTiming | None = None) -> None:
        self.database = database
        self.timing = timing or OutboxTiming()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._opener = urllib.request.build_opener(_NoRedirect)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        self._thread.start()
        log.info("outbox sender started")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timing.timeout + 5)
            self._thread = None
        log.info("outbox sender stopped")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                # A database that went away comes back; the events wait for it.
                log.exception("outbox round failed; trying again shortly")
                busy = False
            if not busy:
                self._stop.wait(self.timing.poll_seconds)

    # FIXME:callback: one POST per event, one after the other; after a long
    # outage a shop's backlog drains at one round trip per event (a few
    # hundred a second on a near network, fewer on a far one).
    def run_once(self) -> bool:
        """Send what is due to every shop; True when something was delivered."""
        at = datetime.now()
        with self.database.reading() as session:
            work = [
                (callback, callbacks.pending(session, callback.channel))
                for callback in callbacks.enabled_callbacks(session)
                if callbacks.due(session, callback.channel, at)
            ]
        delivered = False
        for callback, events in work:
            for event in events:
                if self._stop.is_set():
                    return delivered
                error = self._send(callback, event)
                if error:
                    callbacks.failed(
                        self.database,
                        callback.channel,
                        event.seq,
                        error,
                        self.timing.first_wait,
                        self.timing.longest_wait,
                    )
                    break
                callbacks.acknowledged(self.database, callback.channel, event.seq)
                delivered = True
        return delivered

    def body_of(self, callback: Callback, event: PendingEvent) -> bytes:
        with self.database.reading() as session:
            orders = progress_of(session, [event.order_id])
        payload = {
            "event_id": f"{callback.channel}-{event.seq}",
            "seq": event.seq,
            "type": "order.progress",
            "shop": callback.channel,
            "at": local(event.at).isoformat(),
            "status": shop_order_status(event.status),
            "order": order_out(orders[0]).model_dump(mode="json") if orders else None,
        }
        return json.dumps(payload, separators=(",", ":")).encode("utf-8")

    def _send(self, callback: Callback, event: PendingEvent) -> str:
        """Deliver one event; '' when the shop acknowledged it, else what failed."""
        body = self.body_of(callback, event)
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            callback.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Warehouse-Event-Id": f"{callback.channel}-{event.seq}",
                "X-Warehouse-Timestamp": timestamp,
                "X-Warehouse-Signature": "sha256="
                + signature(callback.secret, timestamp, body),
            },
        )
        try:
            with self._opener.open(request, timeout=self.timing.timeout) as answer:
                status = answer.status
        except urllib.error.HTTPError as refusal:
            refusal.close()
            return f"the shop answered {refusal.code} {refusal.reason}"
        except (urllib.error.URLError, OSError) as failure:
            reason = getattr(failure, "reason", failure)
            return f"the shop could not be reached at {callback.url}: {reason}"
        if not 200 <= status < 300:
            return f"the shop answered {status}, not 2xx"
        log.debug("event %d delivered to shop %s", event.seq, callback.channel)
        return ""
