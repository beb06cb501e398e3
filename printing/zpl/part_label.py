"""The part and bin label in ZPL: 2 x 1 inches, part number, description, barcode."""

from __future__ import annotations

import logging

from printing.pdf.barcodes import BarcodeNotPrintable
from printing.zpl.label import ZplLabel
from printing.zpl.text import fit_text
from warehouse_app.domain.labels import PartLabel, PartLabelRun

log = logging.getLogger("warehouse.print")

WIDTH = 2.0
LENGTH = 1.0
MARGIN = 0.06
GAP = 0.03
TOP = 0.05
PART_SHARE = 0.62
DESCRIPTION_TOP = 0.28
BARCODE_TOP = 0.62
BARCODE_HEIGHT = 0.32
NO_BARCODE = "No barcode: key the part number in."


def zpl_part_label(doc: PartLabel, dpi: int = 203) -> bytes:
    """One label as one ZPL format for a `dpi` print head, UTF-8 encoded."""
    label = ZplLabel(WIDTH, LENGTH, dpi)
    left = label.dots(MARGIN)
    content = label.width - 2 * left
    part_box = round(content * PART_SHARE)
    top = label.dots(TOP)
    gap = label.dots(GAP)

    part = fit_text(doc.part_number, part_box, label.points(14), label.points(7))
    label.text(part, left, top)
    bin_box = content - part_box - gap
    bin_code = fit_text(doc.bin, bin_box, label.points(10), label.points(6))
    label.text(bin_code, left + part_box + gap, top, bin_box, align="right")

    barcode_top = label.dots(BARCODE_TOP)
    description_top = label.dots(DESCRIPTION_TOP)
    description = fit_text(
        doc.description,
        content,
        label.points(8),
        label.points(5.5),
        max_lines=3,
        max_block=barcode_top - description_top - gap,
    )
    label.text(description, left, description_top)

    try:
        label.code128(doc.barcode, barcode_top, label.dots(BARCODE_HEIGHT))
    except BarcodeNotPrintable as error:
        log.warning(
            "part label %s printed without its barcode: %s", doc.part_number, error
        )
        note = fit_text(NO_BARCODE, content, label.points(7), label.points(5))
        label.text(note, left, barcode_top + gap)
    return label.to_bytes()


def zpl_part_labels(run: PartLabelRun, dpi: int = 203) -> bytes:
    """One format per label, in the order given, sent as one job."""
    return b"".join(zpl_part_label(doc, dpi) for doc in run.labels)
