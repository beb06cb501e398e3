"""The parts enquiry at scale: the search box and each tab (issue 5).

Every query runs through the app's own enquiry services on the generated
database, on parts picked from it by the seed: some with years of movements,
some rare words of the description, a busy customer account.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

from benchmarks.scales import Scale
from benchmarks.timing import Row, median, ms, repeat, verdict
from benchmarks.workspace import url
from warehouse_app.persistence.database import Database
from warehouse_app.services.enquiry import Enquiries

SEARCH_TARGET = 0.050
TAB_TARGET = 0.100
DEPOT = "MAIN"


def _samples(path: Path, rng: random.Random) -> dict[str, str]:
    """A busy part, its barcode, a rare and a common word, a busy account."""
    with sqlite3.connect(path) as connection:
        busy_part = connection.execute(
            "SELECT part_number FROM stock_movement WHERE seq > (SELECT max(seq)"
            " FROM stock_movement) - 20000 GROUP BY part_number"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        barcode = connection.execute(
            "SELECT code FROM barcode WHERE part_number = ? LIMIT 1", (busy_part,)
        ).fetchone()
        offset = rng.randrange(1000)
        description = connection.execute(
            "SELECT description FROM part LIMIT 1 OFFSET ?", (offset,)
        ).fetchone()[0]
        words = [word for word in description.split() if len(word) >= 4]
        account = connection.execute(
            "SELECT customer_account FROM invoice WHERE customer_account <>"
            " 'WEBGUEST' GROUP BY customer_account ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        group = connection.execute(
            "SELECT group_code FROM part WHERE part_number = ?", (busy_part,)
        ).fetchone()[0]
    return {
        "part": busy_part,
        "prefix": busy_part[:3],
        "barcode": barcode[0] if barcode else busy_part,
        "word": min(words, key=len) if words else "LANTERN",
        "words": " ".join(words[:3]) if words else "WHITE METAL LANTERN",
        "account": account,
        "group": group,
    }


def _row(workload: str, target: float, seconds: list[float], note: str = "") -> Row:
    taken = median(seconds)
    return Row(
        workload=workload,
        target=f"< {ms(target)}",
        measured=ms(taken),
        result=verdict(taken < target),
        notes=(note,) if note else (),
    )


def enquiries(path: Path, scale: Scale) -> list[Row]:
    rng = random.Random(scale.seed + 5)
    sample = _samples(path, rng)
    database = Database(url(path))
    screens = Enquiries.on(database)
    times = scale.screen_repeats
    searches: list[tuple[str, str]] = [
        ("exact part number", sample["part"]),
        ("part-number prefix", sample["prefix"]),
        ("scanned barcode", sample["barcode"]),
        ("one word of a description", sample["word"]),
        ("three words of a description", sample["words"]),
        ("a word in no description", "ZQXWV"),
    ]
    rows = [
        _row(
            f"Search box, {kind} ({text!r}), first page of 100",
            SEARCH_TARGET,
            repeat(lambda text=text: screens.search.search(text, DEPOT), times),
        )
        for kind, text in searches
    ]
    part, account, group = sample["part"], sample["account"], sample["group"]
    tabs: list[tuple[str, Callable[[], object], str]] = [
        ("Depot tab", lambda: screens.depots.stock_by_depot(part), ""),
        (
            "Group tab: per-group totals of every group",
            lambda: screens.groups.totals(DEPOT),
            "Totals kept with the ledger; parts sold in 12 months off an index.",
        ),
        ("Group tab: first page of one group", lambda: screens.groups.parts(group), ""),
        ("Sales history tab, 36 months", lambda: screens.sales.monthly(part), ""),
        ("Audit trail tab, first page", lambda: screens.audit.page(part), ""),
        (
            "History by customer, first page",
            lambda: screens.customers.purchases(account),
            "",
        ),
        ("Customers who bought the part", lambda: screens.customers.buyers(part), ""),
    ]
    rows += [
        _row(f"{name} (part {part})", TAB_TARGET, repeat(work, times), note)
        for name, work, note in tabs
    ]
    database.dispose()
    return rows
