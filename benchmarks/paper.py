"""Paper: pick document, invoice and parcel labels rendered from real rows.

The documents are filled by the app's own loaders from a 50-line order that
went through import, pick, pack and invoice on the big database; only
`printing.render.render(document, form)` is timed.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from benchmarks import paper_plain
from benchmarks.floor import Floor, advice_notes, import_file
from benchmarks.order_files import orders_of, parts_to_pick, write_order_file
from benchmarks.scales import Scale
from benchmarks.timing import Row, median, ms, ratio, repeat, verdict
from printing.forms import PDF, zpl
from printing.render import render
from warehouse_app.domain.documents import Invoice, ParcelLabel, PickDocument
from warehouse_app.services.documents import invoice, parcel_label, pick_document
from warehouse_app.settings import DealerSettings

LINES = 50
ZPL_REPEATS = 50
TARGETS = {"pick": 0.040, "invoice": 0.040, "label": 0.005, "zpl": 0.0002}
_PAGE = re.compile(rb"/Type /Page[^s]")


def pages(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def _customer_with_address(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(
            connection.execute(
                "SELECT account FROM customer WHERE town != '' AND postcode != ''"
                " AND account != 'WEBGUEST' ORDER BY account LIMIT 1"
            ).fetchone()[0]
        )


def documents(path: Path, folder: Path) -> tuple[PickDocument, Invoice, ParcelLabel]:
    """A 50-line order's pick document, then, once packed, its invoice and label."""
    rng = random.Random(50)
    parts = parts_to_pick(path, rng, LINES * 2, 5)
    orders = orders_of(
        rng,
        950_000_000,
        1,
        parts,
        [_customer_with_address(path)],
        [LINES],
        [1],
        in_stock=True,
    )
    file = folder / "fifty-lines.csv"
    write_order_file(file, orders)
    floor = Floor(path)
    import_file(floor.database, file)
    advice_note = advice_notes(path, orders)[0]
    with floor.database.reading() as session:
        pick = pick_document(session, advice_note)
    floor.pick_pack_invoice(advice_note)
    order_id = floor.picking.find_order(advice_note)
    packed = floor.packing.view(order_id)
    with sqlite3.connect(path) as connection:
        parcel_id = connection.execute(
            "SELECT id FROM parcel WHERE order_id = ?", (order_id,)
        ).fetchone()[0]
    dealer = DealerSettings()
    with floor.database.reading() as session:
        bill = invoice(session, packed.invoice_number or "", dealer)
        label = parcel_label(session, parcel_id, dealer)
    floor.close()
    return pick, bill, label


def _row(
    workload: str,
    key: str,
    app: Callable[[], bytes],
    plain: Callable[[], bytes],
    repeats: int,
    reference_words: str,
    notes: tuple[str, ...] = (),
) -> Row:
    taken = median(repeat(app, repeats, warm_up=2))
    reference = median(repeat(plain, repeats, warm_up=2))
    return Row(
        workload=workload,
        target=f"< {ms(TARGETS[key])}",
        measured=ms(taken),
        reference=f"{reference_words}: {ms(reference)}",
        ratio=ratio(taken, reference),
        result=verdict(taken < TARGETS[key]),
        notes=(f"Median of {repeats} renders.", *notes),
    )


def rendering(path: Path, scale: Scale, folder: Path) -> list[Row]:
    pick, bill, label = documents(path, folder)
    pick_pages = pages(render(pick))
    bill_pages = pages(render(bill))
    repeats = scale.render_repeats
    alone = "reportlab alone, same page"
    plain = (
        "The reference draws the same strings, barcodes, boxes and rules at"
        " fixed places on the same number of pages with the same canvas options"
        " (benchmarks/paper_plain.py): no measuring, wrapping or pagination.",
    )
    return [
        _row(
            f"{LINES}-line pick document, PDF ({pick_pages} pages)",
            "pick",
            lambda: render(pick, PDF),
            lambda: paper_plain.pick_document(pick, pick_pages),
            repeats,
            alone,
            (
                "The document comes from the app's loader for an imported 50-line"
                " order; only render(document, PDF) is timed.",
                *plain,
            ),
        ),
        _row(
            f"{LINES}-line invoice, PDF ({bill_pages} pages)",
            "invoice",
            lambda: render(bill, PDF),
            lambda: paper_plain.invoice(bill, bill_pages),
            repeats,
            alone,
            plain,
        ),
        _row(
            "Parcel label, PDF 4x6 in",
            "label",
            lambda: render(label, PDF),
            lambda: paper_plain.parcel_label(label),
            repeats * 5,
            alone,
            plain,
        ),
        _row(
            "Parcel label, ZPL at 203 dpi",
            "zpl",
            lambda: render(label, zpl(203)),
            lambda: paper_plain.zpl_parcel_label(label),
            repeats * ZPL_REPEATS,
            "the same ZPL fields by plain string formatting",
            (
                "reportlab has no part in ZPL; the reference writes the same"
                " text fields, rules and barcode with f-strings, no fitting.",
            ),
        ),
    ]
