"""One pick document per zone, for a depot whose pickers each keep to a zone."""

from __future__ import annotations

from dataclasses import replace

from printing.pdf.pick_document import render_pick_document
from warehouse_app.domain.bins import walking_key
from warehouse_app.domain.documents import PickDocument, PickLine
from warehouse_app.domain.walking import zone_of


def split_by_zone(doc: PickDocument) -> list[tuple[str, PickDocument]]:
    """(zone, document) for each zone the lines are in, zones in walking order.

    Lines keep the order they were given in. Lines whose bin names no zone
    come last under the zone "". The charge lines (carriage and the like)
    go on the first document only, so they are read once. An order with no
    lines gives one document, under "".
    """
    by_zone: dict[str, list[PickLine]] = {}
    for line in doc.lines:
        by_zone.setdefault(zone_of(line.bin), []).append(line)
    if not by_zone:
        return [("", doc)]

    zones = sorted(by_zone, key=lambda zone: (zone == "", walking_key(zone)))
    return [
        (
            zone,
            replace(
                doc,
                lines=tuple(by_zone[zone]),
                charge_lines=doc.charge_lines if index == 0 else (),
            ),
        )
        for index, zone in enumerate(zones)
    ]


def render_pick_documents_by_zone(doc: PickDocument) -> list[tuple[str, bytes]]:
    """(zone, PDF) for each zone, each titled with its zone."""
    return [
        (zone, render_pick_document(part, zone=zone))
        for zone, part in split_by_zone(doc)
    ]
