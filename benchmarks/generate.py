"""A warehouse at scale, from the shipped sample data and a seed.

    .venv/bin/python -m benchmarks.generate [--scale full|quick]

The same scale and seed always give the same rows. The schema is the app's
own (made by its migrations); the rows go in with executemany, with the
secondary indexes dropped while loading and made again after, exactly as
the migrations define them. A finished database is kept under
benchmarks/.data/ and reused; building it is never part of a timing.
"""

from __future__ import annotations

import argparse
import logging
import random
import sqlite3
import time
from pathlib import Path

from benchmarks.bulk import BulkTables
from benchmarks.generate_history import write_history
from benchmarks.generate_ledger import stock_rows
from benchmarks.generate_masters import write_masters
from benchmarks.sample_shape import read_sample
from benchmarks.scales import SCALES, Scale
from warehouse_app.persistence.database import Database
from warehouse_app.services import group_totals

log = logging.getLogger("benchmarks.generate")

DATA = Path(__file__).parent / ".data"
# Each part's newest sale, as invoicing keeps it.
LAST_SOLD = (
    "UPDATE part SET last_sold_at = (SELECT max(i.at) FROM order_line l"
    " JOIN invoice i ON i.number = l.invoice_number"
    " WHERE l.part_number = part.part_number)"
)
# Bump when the generator writes different rows, so no stale file is reused.
GENERATOR = 1


def database_path(scale: Scale) -> Path:
    return DATA / f"warehouse-{scale.key}-g{GENERATOR}.sqlite3"


def ensure_database(scale: Scale) -> Path:
    """The generated database of `scale`, built first if it is not cached."""
    path = database_path(scale)
    if path.exists():
        # Tables and indexes the app gained since the file was built.
        database = Database(f"sqlite:///{path}")
        database.upgrade()
        database.dispose()
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for leftover in DATA.glob(building.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    build(building, scale)
    building.rename(path)
    log.info("built %s in %.0f s", path.name, time.perf_counter() - started)
    return path


def build(path: Path, scale: Scale) -> None:
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-1000000")
    connection.execute("BEGIN")
    indexes = _drop_indexes(connection)
    tables = BulkTables(connection)
    shape = read_sample()
    rng = random.Random(scale.seed)

    masters = write_masters(tables, shape, rng, scale)
    log.info("masters: %d parts, %d stock rows", len(masters.facts), len(masters.part))
    ledger = write_history(tables, shape, rng, scale, masters)
    for row in stock_rows(masters, ledger):
        tables.add("stock", row)
    tables.flush()
    counts = tables.counts
    connection.execute(
        "UPDATE number_sequence SET next_value = ? WHERE name = 'advice_note'",
        (counts["web_order"] + 1,),
    )
    connection.execute(
        "UPDATE number_sequence SET next_value = ? WHERE name = 'invoice'",
        (counts["invoice"] + 1,),
    )
    log.info("rows: %s; making the indexes again", tables.counts)
    for sql in indexes:
        connection.execute(sql)
    connection.execute("COMMIT")
    problems = ledger_problems(connection)
    if problems:
        raise RuntimeError(f"the generated ledger does not add up: {problems}")
    connection.execute(LAST_SOLD)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    # The totals per product group, as a parts file load leaves them.
    database = Database(f"sqlite:///{path}")
    with database.unit_of_work() as uow:
        group_totals.rebuild(uow.session)
        uow.commit()
    database.dispose()


def _drop_indexes(connection: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes and triggers; return the SQL that makes them."""
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
    ).fetchall()
    for kind, name, _ in rows:
        connection.execute(f'DROP {kind.upper()} "{name}"')
    again = [sql for _, _, sql in rows]
    # The description word index (migration 0009) is filled in one go.
    if connection.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'part_words'"
    ).fetchone():
        again.append("INSERT INTO part_words(part_words) VALUES ('rebuild')")
    return again


def ledger_problems(connection: sqlite3.Connection) -> dict[str, int]:
    """Stock rows whose balances are not the sums of their ledger rows."""
    on_hand = connection.execute(
        "SELECT count(*) FROM stock s LEFT JOIN"
        " (SELECT depot, part_number, sum(qty_change) AS total"
        "  FROM stock_movement GROUP BY depot, part_number) m"
        " ON m.depot = s.depot AND m.part_number = s.part_number"
        " WHERE s.on_hand != coalesce(m.total, 0)"
    ).fetchone()[0]
    allocated = connection.execute(
        "SELECT count(*) FROM stock s LEFT JOIN"
        " (SELECT depot, part_number, sum(qty_change) AS total"
        "  FROM allocation_event GROUP BY depot, part_number) a"
        " ON a.depot = s.depot AND a.part_number = s.part_number"
        " WHERE s.allocated != coalesce(a.total, 0)"
    ).fetchone()[0]
    negative = connection.execute(
        "SELECT count(*) FROM stock WHERE on_hand < 0 OR allocated < 0"
    ).fetchone()[0]
    found = {"on_hand": on_hand, "allocated": allocated, "negative": negative}
    return {name: count for name, count in found.items() if count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(ensure_database(SCALES[args.scale]))


if __name__ == "__main__":
    main()
