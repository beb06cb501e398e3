"""Order progress pushed to a shop that is down for a while, then up.

The receiver is a small real HTTP server, and it checks each signature the
way docs/web-service.md tells a shop to.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from sqlalchemy import select

from tests.webservice.conftest import SHOP, copy_of, make_keys, serving, wait_until
from tests.webservice.test_orders_api import an_order, send
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import OrderEvent
from warehouse_app.services import callbacks
from warehouse_app.services.callbacks import set_callback
from warehouse_app.services.cancelling import cancel
from warehouse_app.services.change_feed import cursor
from warehouse_app.services.order_progress import find_order

SECRET = "a-secret-the-shop-and-warehouse-share"


def signature_is_right(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a shop does with each callback before trusting it (see the docs)."""
    timestamp = headers.get("X-Warehouse-Timestamp", "")
    sent = headers.get("X-Warehouse-Signature", "")
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(f"sha256={expected}", sent):
        return False
    return timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300


@dataclass
class Receiver:
    """The shop's end: refuses with 503 a few times, then acknowledges."""

    secret: str
    unavailable_for: int = 0
    calls: list[tuple[int, str, int]] = field(default_factory=list)
    bodies: dict[str, dict[str, object]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            if not signature_is_right(self.secret, headers, body):
                status = 401
            elif self.unavailable_for > 0:
                self.unavailable_for -= 1
                status = 503
            else:
                status = 204
            event = json.loads(body)
            self.calls.append(
                (int(event["seq"]), headers["X-Warehouse-Event-Id"], status)
            )
            if status == 204:
                self.bodies[headers["X-Warehouse-Event-Id"]] = event
            return status

    def acknowledged(self) -> list[int]:
        with self.lock:
            return [seq for seq, _id, status in self.calls if status == 204]


@contextmanager
def receiving(receiver: Receiver, port: int) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = receiver.answer(dict(self.headers), body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/hooks/warehouse"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def events_after(database: Database, seq: int) -> list[int]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(OrderEvent.seq)
                .where(OrderEvent.channel == SHOP, OrderEvent.seq > seq)
                .order_by(OrderEvent.seq)
            )
        )


def attempts(url: str) -> int:
    outbox = httpx.get(f"{url}/health").json()["outbox"]
    return sum(shop["attempts"] for shop in outbox)


def test_events_reach_a_shop_that_was_down_in_order_and_once(
    orders_template: Path, tmp_path: Path
) -> None:
    database = copy_of(orders_template, tmp_path)
    keys = make_keys(database)
    # A port nobody listens on yet: the shop is down, connections are refused.
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    set_callback(database, SHOP, f"http://127.0.0.1:{port}/hooks/warehouse", SECRET)
    start = max(events_after(database, 0), default=0)
    receiver = Receiver(SECRET, unavailable_for=3)

    with serving(database) as running:
        with running.client(keys["shop"]) as shop:
            orders = [an_order([("85123A", 1)]) for _ in range(3)]
            for order in orders:
                assert send(shop, order).status_code == 201
            shop.post(f"/api/v1/orders/{orders[0]['shop_order_no']}/cancel")
        wait_until(lambda: attempts(running.url) >= 2)
        closed.close()
        with receiving(receiver, port):
            wanted = events_after(database, start)
            wait_until(lambda: receiver.acknowledged() == wanted)
            # The service goes down; the warehouse works on; nothing is lost.
    with database.unit_of_work() as uow:
        order_id = find_order(uow.session, SHOP, orders[1]["shop_order_no"])
        assert order_id is not None
        cancel(uow.session, order_id)
        uow.commit()
    with serving(database) as running, receiving(receiver, port):
        wanted = events_after(database, start)
        wait_until(lambda: receiver.acknowledged() == wanted)
        health = httpx.get(f"{running.url}/health").json()

    assert len(wanted) >= 5
    assert [status for _seq, _id, status in receiver.calls].count(503) == 3
    acknowledged = receiver.acknowledged()
    assert acknowledged == sorted(set(acknowledged))  # in order, none twice
    assert health["outbox"] == [
        {"shop": SHOP, "waiting": 0, "attempts": 0, "next_attempt_at": None}
    ]
    last = receiver.bodies[f"{SHOP}-{wanted[-1]}"]
    assert last["type"] == "order.progress"
    assert last["order"]["shop_order_no"] == orders[1]["shop_order_no"]  # type: ignore[index]
    assert last["status"] == "cancelled"
    database.dispose()


def test_a_callback_with_a_wrong_signature_is_rejected_by_the_shop() -> None:
    receiver = Receiver(SECRET)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = json.dumps({"event_id": "webshop-1", "seq": 1}).encode()
    timestamp = str(int(time.time()))
    forged = hmac.new(b"not-the-secret", timestamp.encode() + b"." + body, "sha256")

    with receiving(receiver, port) as url:
        answer = httpx.post(
            url,
            content=body,
            headers={
                "X-Warehouse-Event-Id": "webshop-1",
                "X-Warehouse-Timestamp": timestamp,
                "X-Warehouse-Signature": f"sha256={forged.hexdigest()}",
            },
        )

    assert answer.status_code == 401
    assert receiver.acknowledged() == []


def test_the_sender_signs_as_the_docs_say() -> None:
    from webservice.outbox import signature

    body = b'{"seq":1}'
    made = signature(SECRET, "1733300000", body)

    expected = hmac.new(SECRET.encode(), b"1733300000." + body, "sha256").hexdigest()
    assert made == expected


def test_a_shop_down_for_ten_thousand_tries_waits_an_hour_not_forever(
    orders_template: Path, tmp_path: Path
) -> None:
    database = copy_of(orders_template, tmp_path)
    set_callback(database, SHOP, "http://127.0.0.1:9/hooks/warehouse", SECRET)
    with database.unit_of_work() as uow:
        cursor(uow.session, SHOP, callbacks.FEED).attempts = 9_999
        uow.commit()

    wait = callbacks.failed(
        database, SHOP, 1, "the shop could not be reached", 2.0, 10**12
    )

    assert wait == timedelta(hours=1)
    assert callbacks.backoff(10_000, 2.0, 300.0) == timedelta(seconds=300)
    assert callbacks.backoff(1, 2.0, 300.0) == timedelta(seconds=2)
    assert callbacks.backoff(3, 2.0, 300.0) == timedelta(seconds=8)
    database.dispose()
