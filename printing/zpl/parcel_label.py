"""The parcel label in ZPL: 4 x 6 inches, the same content as the PDF label."""

from __future__ import annotations

from printing.zpl.label import ZplLabel
from printing.zpl.text import ZplText, fit_text
from warehouse_app.domain.documents import ParcelLabel

WIDTH = 4.0
LENGTH = 6.0
MARGIN = 0.12
GAP = 0.03
RULE = 0.015
# Tops of the blocks, in inches from the top edge of the label.
SENDER_RULE = 0.42
CAPTION_TOP = 0.48
ADDRESS_TOP = 0.64
ADDRESS_BOTTOM = 3.55
REFERENCES_TOP = 3.72
PARCEL_TOP = 4.3
BARCODE_RULE = 4.72
BARCODE_TOP = 4.85
BARCODE_HEIGHT = 0.8
READABLE_TOP = 5.7


def zpl_parcel_label(doc: ParcelLabel, dpi: int = 203) -> bytes:
    """The label as one ZPL format for a `dpi` print head, UTF-8 encoded."""
    label = ZplLabel(WIDTH, LENGTH, dpi)
    left = label.dots(MARGIN)
    content = label.width - 2 * left
    half = content // 2

    sender = fit_text(
        f"From: {doc.sender}", content, label.points(9), label.points(6), max_lines=2
    )
    label.text(sender, left, label.dots(MARGIN))
    label.rule(left, label.dots(SENDER_RULE), content, label.dots(RULE))

    label.text(_caption(label, "DELIVER TO"), left, label.dots(CAPTION_TOP))
    room = label.dots(ADDRESS_BOTTOM - ADDRESS_TOP)
    label.text(_address(label, doc, content, room), left, label.dots(ADDRESS_TOP))

    label.rule(left, label.dots(ADDRESS_BOTTOM + GAP), content, label.dots(RULE))
    gap = label.dots(GAP)
    for x, caption, value in (
        (left, "Order", doc.order_number),
        (left + half, "Advice note", doc.advice_note),
    ):
        below = label.text(_caption(label, caption), x, label.dots(REFERENCES_TOP))
        value_text = fit_text(value, half - gap, label.points(14), label.points(7))
        label.text(value_text, x, below + gap)

    parcel = f"Parcel {doc.parcel_number} of {doc.parcel_count}"
    top = label.dots(PARCEL_TOP)
    box = round(content * 0.6)
    label.text(fit_text(parcel, box, label.points(20), label.points(10)), left, top)
    weight = f"{doc.weight_kg:.2f} kg"
    weight_box = content - box - gap
    fitted = fit_text(weight, weight_box, label.points(20), label.points(10))
    label.text(fitted, left + box + gap, top, weight_box, align="right")

    label.rule(left, label.dots(BARCODE_RULE), content, label.dots(RULE))
    label.code128(doc.barcode, label.dots(BARCODE_TOP), label.dots(BARCODE_HEIGHT))
    readable = fit_text(doc.barcode, content, label.points(10), label.points(6))
    label.text(readable, left, label.dots(READABLE_TOP), content, align="centre")
    return label.to_bytes()


def _address(label: ZplLabel, doc: ParcelLabel, width: int, room: int) -> ZplText:
    """As large as the room allows; shrunk further to keep lines whole if it can."""
    lines = doc.deliver_to.as_lines()
    largest, smallest = label.points(22), label.points(14)
    whole = fit_text(lines, width, largest, smallest, len(lines), max_block=room)
    if not whole.cut:
        return whole
    return fit_text(lines, width, largest, label.points(7), 99, max_block=room)


def _caption(label: ZplLabel, caption: str) -> ZplText:
    return fit_text(caption, label.width, label.points(8), label.points(8))
