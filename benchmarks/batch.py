"""Back-office batches: an order file imported, stock files for the web shop.

The stock files (full and delta) are measured beside a reference: the
`sqlite3` command line exporting the same columns.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import event

from benchmarks.floor import STATION, import_file
from benchmarks.order_files import accounts, orders_of, parts_to_sell, write_order_file
from benchmarks.sample_shape import SampleShape
from benchmarks.scales import Scale
from benchmarks.timing import Row, median, ms, ratio, secs, verdict
from benchmarks.workspace import PlainInsert, url
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.stock_files import write_delta, write_full

IMPORT_RATIO = 5.0
FULL_TARGET = 2.0
DELTA_TARGET = 0.05
DELTA_CHANGES = 100
# The web's free stock per part: on hand less allocated at the depots that
# serve the web, with the part's price and description (issue 6).
STOCK_FILE_SQL = (
    "SELECT p.part_number, p.description, p.retail_price,"
    " coalesce(sum(s.on_hand - s.allocated), 0) AS free_stock"
    " FROM part p LEFT JOIN stock s ON s.part_number = p.part_number"
    " AND s.depot IN (SELECT code FROM depot WHERE serves_web)"
    " {where} GROUP BY p.part_number ORDER BY p.part_number"
)
CHANGED_SINCE = (
    "WHERE p.part_number IN (SELECT part_number FROM stock_movement WHERE seq > {seq})"
)


def order_import(path: Path, scale: Scale, shape: SampleShape, folder: Path) -> Row:
    rng = random.Random(scale.seed + 3)
    count = scale.import_orders
    parts = parts_to_sell(path, rng, 50_000)
    customers = accounts(path, rng, 5_000)
    imports: list[float] = []
    references: list[float] = []
    in_sql: list[float] = []
    rows = 0
    statements: list[float] = []
    for run in range(scale.batch_repeats):
        orders = orders_of(
            rng,
            930_000_000 + run * 1_000_000,
            count,
            parts,
            customers,
            shape.lines_per_order,
            shape.quantities,
            shape.guest_share,
        )
        file = folder / f"import-{run}.csv"
        rows = write_order_file(file, orders)

        # Opened as the import command opens it: SQLite's log is copied back
        # on a thread, and what is left to copy when it closes is timed too.
        database = Database(url(path), background_checkpoints=True)
        with SqlClock(database) as clock:
            started = time.perf_counter()
            import_file(database, file)
            database.dispose()
            imports.append(time.perf_counter() - started)
        in_sql.append(clock.spent)
        statements.append(clock.statements)

        reference = PlainInsert(path, orders, f"reference-import-{run}")
        started = time.perf_counter()
        reference()
        references.append(time.perf_counter() - started)
    taken, reference_time = median(imports), median(references)
    return Row(
        workload=f"Import of a {count:,}-order file ({rows:,} rows, online-retail)",
        target=f"≤ {IMPORT_RATIO:.0f}x the reference",
        measured=secs(taken),
        reference=f"executemany of the same orders and lines: {ms(reference_time)}",
        ratio=ratio(taken, reference_time),
        result=verdict(taken <= IMPORT_RATIO * reference_time),
        notes=(
            f"Median of {scale.batch_repeats} file(s); lines per order and"
            " quantities drawn from the sample orders. The import also allocates"
            " stock and queues pick documents; the reference only inserts."
            f" Where the time goes: {median(in_sql) * 1000:,.0f} ms of it was"
            f" spent in {int(median(statements)):,} SQL statements (executemany"
            " counted once); the rest is Python: reading and checking the file,"
            " working out each order's allocation, and building the rows. Timed"
            " as the import command runs: SQLite's log copied back on a thread,"
            " the database closed at the end.",
        ),
    )


class SqlClock:
    """Time spent inside the database's statements while it is running."""

    def __init__(self, database: Database) -> None:
        self.engine = database.write_engine
        self.spent = 0.0
        self.statements = 0
        self._started = 0.0

    def __enter__(self) -> SqlClock:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, *_args: object) -> None:
        self._started = time.perf_counter()

    def _after(self, *_args: object) -> None:
        self.spent += time.perf_counter() - self._started
        self.statements += 1


def _cli_export(path: Path, sql: str, out: Path) -> float:
    command = [_sqlite3(), "-csv", "-header", str(path), sql]
    with out.open("wb") as file:
        started = time.perf_counter()
        subprocess.run(command, stdout=file, check=True)
        return time.perf_counter() - started


def _sqlite3() -> str:
    found = shutil.which("sqlite3")
    if found is None:
        raise RuntimeError(
            "The sqlite3 command is missing: install it (apt-get install sqlite3)."
        )
    return found


def stock_files(path: Path, scale: Scale, folder: Path) -> list[Row]:
    full_sql = STOCK_FILE_SQL.format(where="")
    out = folder / "stock-full.csv"
    full = [_cli_export(path, full_sql, out) for _ in range(scale.screen_repeats)]
    parts = sum(1 for _ in out.open(encoding="utf-8")) - 1

    database = Database(url(path))
    channel = ChannelSettings(outbox=str(folder / "stock-files"))
    written = []
    for _ in range(scale.screen_repeats):
        started = time.perf_counter()
        write_full(database, "benchmark", channel, datetime.now())
        written.append(time.perf_counter() - started)

    rng = random.Random(scale.seed + 4)
    deltas, references, changed, records = [], [], 0, 0
    for _ in range(scale.screen_repeats):
        mark = _last_seq(path)
        _change_stock(path, rng, DELTA_CHANGES)
        delta_sql = STOCK_FILE_SQL.format(where=CHANGED_SINCE.format(seq=mark))
        out = folder / "stock-delta.csv"
        references.append(_cli_export(path, delta_sql, out))
        changed = sum(1 for _ in out.open(encoding="utf-8")) - 1
        started = time.perf_counter()
        records = write_delta(database, "benchmark", channel, datetime.now()).parts
        deltas.append(time.perf_counter() - started)
    database.dispose()
    cli = "sqlite3 -csv export of part, description, price, free stock"
    taken, delta_taken = median(written), median(deltas)
    return [
        Row(
            workload=f"Full stock file, {parts:,} parts",
            target=f"< {FULL_TARGET:.0f} s",
            measured=secs(taken),
            reference=f"{cli}: {ms(median(full))}",
            ratio=ratio(taken, median(full)),
            result=verdict(taken < FULL_TARGET),
            notes=(
                "The app's full file (services/stock_files.py): every part with"
                " its web free stock, price and status, written through a"
                " temporary name and renamed. The reference is the sqlite3"
                " command line writing one CSV row per part: number, description,"
                " price and free stock (on hand less allocated at the depots that"
                f" serve the web); median of {scale.screen_repeats}.",
            ),
        ),
        Row(
            workload=(f"Stock delta, {DELTA_CHANGES} changes in {parts:,} parts"),
            target=f"< {DELTA_TARGET * 1000:.0f} ms",
            measured=ms(delta_taken),
            reference=f"{cli}, {changed} changed parts: {ms(median(references))}",
            ratio=ratio(delta_taken, median(references)),
            result=verdict(delta_taken < DELTA_TARGET),
            notes=(
                f"Before each delta, {DELTA_CHANGES} goods receipts go through the"
                f" app's ledger; the delta read them from the change feed and wrote"
                f" {records} parts. The reference exports the same columns for the"
                " parts with a movement since then.",
            ),
        ),
    ]


def _last_seq(path: Path) -> int:
    database = Database(url(path))
    with database.engine.connect() as connection:
        seq = connection.exec_driver_sql(
            "SELECT coalesce(max(seq), 0) FROM stock_movement"
        ).scalar_one()
    database.dispose()
    return int(seq)


def _change_stock(path: Path, rng: random.Random, changes: int) -> None:
    """`changes` goods receipts through the app's own ledger, one transaction."""
    database = Database(url(path))
    with database.engine.connect() as connection:
        parts = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT part_number FROM stock WHERE depot = 'MAIN'"
            )
        ]
    with database.unit_of_work() as uow:
        for part in rng.sample(parts, changes):
            stock = stock_row(uow.session, "MAIN", part)
            move(uow.session, STATION, stock, MovementType.GOODS_RECEIPT, 5, "PO")
        uow.commit()
    database.dispose()
