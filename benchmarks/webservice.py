"""The web service under load: one order's status, beside a bare endpoint.

    .venv/bin/python -m benchmarks.webservice [--scale quick|full]

`wrk` runs as a separate process against a real uvicorn of our app (one
process, as `warehouse-app serve` runs it) on a copy of the generated
database, asking for the status of orders picked at random from it, each
request with the shop's API key. The reference is a bare FastAPI app with
one endpoint that does no database work, served and loaded the same way in
the same run. The ratio is time per request over the reference's.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from benchmarks.scales import SCALES, Scale
from benchmarks.timing import Row, median, ms, ratio, verdict
from benchmarks.workspace import WORK, url
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import WebOrder
from warehouse_app.services import api_keys

log = logging.getLogger("benchmarks.webservice")

TARGET_RPS = 1500.0
TARGET_P99 = 0.020
CONNECTIONS = 8
ORDERS_ASKED = 1000
CHANNEL = "webshop"


@dataclass(frozen=True)
class Load:
    per_second: float
    p50: float
    p99: float
    failed: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _served(kind: str, path: Path) -> Iterator[str]:
    """Our app ("app") or the bare reference ("bare") in a process of its own."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.webservice", "--serve", kind, str(path)]
        + ["--port", str(port)],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {kind} server did not start on {base}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def _wrk(
    target: str, seconds: int, headers: dict[str, str], script: Path | None
) -> Load:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, target], capture_output=True, text=True, check=True
    ).stdout
    percent = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)$", output, re.MULTILINE))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*", output)
    if errors:
        log.warning("wrk: %s", errors.group(0))
    return Load(
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50=_seconds(percent["50"]),
        p99=_seconds(percent["99"]),
        failed=int(failed.group(1)) if failed else 0,
    )


def _orders_asked(path: Path, rng: random.Random) -> list[str]:
    database = Database(url(path))
    with database.reading() as session:
        numbers = list(
            session.scalars(
                select(WebOrder.shop_order_no).where(WebOrder.channel == CHANNEL)
            )
        )
    database.dispose()
    return rng.sample(numbers, min(ORDERS_ASKED, len(numbers)))


def _order_script(chosen: list[str]) -> Path:
    script = WORK / "webservice-orders.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{number}"' for number in chosen)
    script.write_text(
        f"local numbers = {{{listed}}}\n"
        "local at = 0\n"
        "request = function()\n"
        "  at = at % #numbers + 1\n"
        '  return wrk.format("GET", "/api/v1/orders/" .. numbers[at])\n'
        "end\n",
        encoding="utf-8",
    )
    return script


def service_speed(path: Path, scale: Scale) -> list[Row]:
    """wrk against one order's status and against the bare endpoint."""
    if shutil.which("wrk") is None:
        return [Row("Web service: one order's status", "", "", "wrk is not installed")]
    seconds = 10 if scale.name == "full" else 3
    database = Database(url(path))
    key = api_keys.create(database, CHANNEL, "benchmark").key
    database.dispose()
    numbers = _orders_asked(path, random.Random(scale.seed + 7))
    script = _order_script(numbers)
    auth = {"Authorization": f"Bearer {key}"}

    with _served("app", path) as base:
        # Every order asked for once, so the run measures the steady state.
        first_asks = []
        with httpx.Client(base_url=base, headers=auth) as client:
            for number in numbers:
                started = time.perf_counter()
                client.get(f"/api/v1/orders/{number}").raise_for_status()
                first_asks.append(time.perf_counter() - started)
        _wrk(f"{base}/api/v1/orders", 2, auth, script)
        ours = _wrk(f"{base}/api/v1/orders", seconds, auth, script)
    with _served("bare", path) as base:
        _wrk(f"{base}/bare", 2, {}, None)
        bare = _wrk(f"{base}/bare", seconds, {}, None)

    passed = ours.per_second >= TARGET_RPS and ours.p99 < TARGET_P99 and not ours.failed
    notes = [
        f"wrk 1 thread, {CONNECTIONS} connections, {seconds} s, one uvicorn"
        f" process; {ORDERS_ASKED:,} orders asked for in turn; p50 {ms(ours.p50)}.",
        "Each order was asked for once before the run: the first ask builds the"
        f" order's view ({ms(median(first_asks))} median, one client), later asks"
        " read only its version.",
    ]
    if ours.failed:
        notes.append(f"{ours.failed} answers were not 2xx.")
    return [
        Row(
            workload=f"Web service: one order's status (GET /api/v1/orders/{{no}})"
            f" on {scale.orders:,} orders",
            target=f"≥ {TARGET_RPS:,.0f} req/s, p99 < {ms(TARGET_P99)}",
            measured=f"{ours.per_second:,.0f} req/s",
            p99=ms(ours.p99),
            reference=f"bare FastAPI endpoint: {bare.per_second:,.0f} req/s,"
            f" p99 {ms(bare.p99)}",
            ratio=ratio(1 / ours.per_second, 1 / bare.per_second),
            result=verdict(passed),
            notes=tuple(notes),
        )
    ]


def _serve(kind: str, path: Path, port: int) -> None:
    import uvicorn
    from fastapi import FastAPI

    if kind == "bare":
        app = FastAPI()

        @app.get("/health")
        @app.get("/bare")
        def bare() -> dict[str, bool]:
            return {"ok": True}

    else:
        from warehouse_app.link_settings import ServiceSettings
        from warehouse_app.settings import Settings
        from webservice.app import create_app

        settings = Settings(service=ServiceSettings(requests_per_minute=0))
        app = create_app(Database(url(path)), settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    parser.add_argument("--serve", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.serve:
        _serve(args.serve, args.path, args.port)
        return
    logging.getLogger("benchmarks").setLevel(logging.INFO)
    from benchmarks.generate import database_path, ensure_database
    from benchmarks.workspace import working_copy

    scale = SCALES[args.scale]
    # A cached database is copied as it is and only the copy upgraded, so a
    # run on its own never changes the file the whole suite starts from.
    cached = database_path(scale)
    copy = working_copy(
        cached if cached.exists() else ensure_database(scale), "webservice"
    )
    upgraded = Database(url(copy))
    upgraded.upgrade()
    upgraded.dispose()
    try:
        for row in service_speed(copy, scale):
            print(row)
    finally:
        # Only this run's files: another run may be using the work folder.
        for leftover in WORK.glob("webservice*"):
            leftover.unlink()


if __name__ == "__main__":
    main()
