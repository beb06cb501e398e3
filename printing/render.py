"""Any printable document to PDF, and the name its file is given."""

from __future__ import annotations

import re

from printing.pdf.command_sheet import render_command_sheet
from printing.pdf.invoice import render_invoice
from printing.pdf.layout_test_sheet import render_layout_test_sheet
from printing.pdf.parcel_label import render_parcel_label
from printing.pdf.pick_document import render_pick_document
from warehouse_app.domain.documents import (
    CommandSheet,
    Invoice,
    LayoutTestSheet,
    ParcelLabel,
    PickDocument,
)

_NOT_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._-]+")


def render(document: object) -> bytes:
    """The PDF of a PickDocument, ParcelLabel, Invoice or one of the sheets."""
    match document:
        case PickDocument():
            return render_pick_document(document)
        case ParcelLabel():
            return render_parcel_label(document)
        case Invoice():
            return render_invoice(document)
        case CommandSheet():
            return render_command_sheet(document)
        case LayoutTestSheet():
            return render_layout_test_sheet(document)
    raise TypeError(
        f"There is no printed form of a {type(document).__name__}; pass a"
        " PickDocument, ParcelLabel, Invoice, CommandSheet or LayoutTestSheet."
    )


def file_name(document_type: str, document_ref: str) -> str:
    """The PDF's file name, e.g. "invoice-INV000045.pdf".

    Anything a file system might refuse (slashes, colons, spaces) becomes
    "_", so a reference can never name a file outside the printer's folder.
    """
    kind = _safe(document_type) or "document"
    ref = _safe(document_ref) or "unnamed"
    return f"{kind}-{ref}.pdf"


def _safe(text: str) -> str:
    return _NOT_IN_FILE_NAMES.sub("_", text).strip("._")[:80]
