"""The shape of the shipped sample data, read once: what the generator draws from.

Every distribution the generator uses comes from these files, so the big
warehouse looks like the small one: the same groups, prices, descriptions,
bins, quantities on hand, lines per order and quantities per line.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from warehouse_app import sample_data


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@dataclass(frozen=True)
class SampleShape:
    parts: list[dict[str, str]]
    stock_parts: list[dict[str, str]]
    charge_parts: list[dict[str, str]]
    stock: list[dict[str, str]]
    barcodes: list[dict[str, str]]
    customers: list[dict[str, str]]
    # Drawn from with random.choice: each value as often as the sample has it.
    lines_per_order: list[int]
    quantities: list[int]
    on_hand: dict[str, list[int]]
    min_max: dict[str, tuple[int, int]]
    pack_sizes: list[int]
    countries: list[str]
    name_words: tuple[list[str], list[str]]
    lettered_share: float
    suffixes: list[str]
    north_share: float
    second_bin_share: float
    no_barcode_share: float
    pack_barcode_share: float
    guest_share: float
    charge_line_share: float
    superseded_share: float


def read_sample() -> SampleShape:
    parts = _rows(sample_data.PARTS)
    stock = _rows(sample_data.STOCK)
    barcodes = _rows(sample_data.BARCODES)
    customers = _rows(sample_data.CUSTOMERS)
    orders = [
        row
        for row in _rows(sample_data.ORDERS)
        if row["InvoiceNo"][:1].isdigit() and int(row["Quantity"]) > 0
    ]
    stock_parts = [p for p in parts if p["stock_item"] == "Y"]
    charge_parts = [p for p in parts if p["stock_item"] == "N"]
    charges = {p["part_number"] for p in charge_parts}

    per_order = Counter(row["InvoiceNo"] for row in orders)
    main = [s for s in stock if s["depot"] == "MAIN"]
    north = [s for s in stock if s["depot"] == "NORTH"]
    units = {b["part_number"] for b in barcodes if b["qty_per_scan"] == "1"}
    packs = [b for b in barcodes if b["qty_per_scan"] != "1"]
    guests = {row["InvoiceNo"] for row in orders if row["CustomerID"] in ("", "0.0")}
    names = [c["name"].split(" ", 1) for c in customers if " " in c["name"]]

    def min_max(rows: list[dict[str, str]]) -> tuple[int, int]:
        pair = Counter((r["min_qty"], r["max_qty"]) for r in rows).most_common(1)[0]
        return int(pair[0][0]), int(pair[0][1])

    return SampleShape(
        parts=parts,
        stock_parts=stock_parts,
        charge_parts=charge_parts,
        stock=stock,
        barcodes=barcodes,
        customers=customers,
        lines_per_order=list(per_order.values()),
        quantities=[int(row["Quantity"]) for row in orders],
        on_hand={
            "MAIN": [int(s["on_hand"]) for s in main],
            "NORTH": [int(s["on_hand"]) for s in north],
        },
        min_max={"MAIN": min_max(main), "NORTH": min_max(north)},
        pack_sizes=[int(b["qty_per_scan"]) for b in packs] or [6],
        countries=[c["country"] for c in customers],
        name_words=([n[0] for n in names], [n[1] for n in names]),
        lettered_share=sum(
            1 for p in stock_parts if re.fullmatch(r"\d+[A-Z]+", p["part_number"])
        )
        / len(stock_parts),
        suffixes=[
            re.sub(r"^\d+", "", p["part_number"])
            for p in stock_parts
            if re.fullmatch(r"\d+[A-Z]+", p["part_number"])
        ],
        north_share=len(north) / len(main),
        second_bin_share=sum(1 for s in main if s["second_bin"]) / len(main),
        no_barcode_share=1 - len(units) / len(stock_parts),
        pack_barcode_share=len(packs) / max(len(units), 1),
        guest_share=len(guests) / len(per_order),
        charge_line_share=sum(1 for r in orders if r["StockCode"] in charges)
        / len(orders),
        superseded_share=sum(1 for p in parts if p["superseded_by"]) / len(parts),
    )
