"""Any printable document to PDF or ZPL, and the name its file is given."""

from __future__ import annotations

import re

from printing.forms import PDF, Form
from printing.pdf.command_sheet import render_command_sheet
from printing.pdf.invoice import render_invoice
from printing.pdf.layout_test_sheet import render_layout_test_sheet
from printing.pdf.packing_list import render_packing_list
from printing.pdf.parcel_label import render_parcel_label
from printing.pdf.part_label import render_part_label, render_part_labels
from printing.pdf.pick_document import render_pick_document
from printing.zpl.parcel_label import zpl_parcel_label
from printing.zpl.part_label import zpl_part_label, zpl_part_labels
from warehouse_app.domain.documents import (
    CommandSheet,
    Invoice,
    LayoutTestSheet,
    ParcelLabel,
    PickDocument,
)
from warehouse_app.domain.labels import PackingList, PartLabel, PartLabelRun
from warehouse_app.services.errors import WarehouseError

_NOT_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._-]+")
_PAGE_DOCUMENTS = {
    PickDocument: "pick document",
    Invoice: "invoice",
    PackingList: "packing list",
    CommandSheet: "command sheet",
    LayoutTestSheet: "keyboard layout test sheet",
}
PRINTABLE = (
    "a PickDocument, Invoice, PackingList, ParcelLabel, PartLabel, PartLabelRun, "
    "CommandSheet or LayoutTestSheet"
)


class NoLabelForm(WarehouseError):  # noqa: N818
    """A page document was sent to a label printer, which cannot print it."""


def render(document: object, form: Form = PDF) -> bytes:
    """The document in the printer's language: PDF, or ZPL for labels."""
    if form.language == "zpl":
        return _render_zpl(document, form.dpi)
    match document:
        case PickDocument():
            return render_pick_document(document)
        case ParcelLabel():
            return render_parcel_label(document)
        case Invoice():
            return render_invoice(document)
        case PackingList():
            return render_packing_list(document)
        case PartLabel():
            return render_part_label(document)
        case PartLabelRun():
            return render_part_labels(document)
        case CommandSheet():
            return render_command_sheet(document)
        case LayoutTestSheet():
            return render_layout_test_sheet(document)
    raise TypeError(
        f"There is no printed form of a {type(document).__name__}; pass {PRINTABLE}."
    )


def _render_zpl(document: object, dpi: int) -> bytes:
    match document:
        case ParcelLabel():
            return zpl_parcel_label(document, dpi)
        case PartLabel():
            return zpl_part_label(document, dpi)
        case PartLabelRun():
            return zpl_part_labels(document, dpi)
    words = _PAGE_DOCUMENTS.get(type(document))
    if words is None:
        raise TypeError(
            f"There is no printed form of a {type(document).__name__}; "
            f"pass {PRINTABLE}."
        )
    article = "An" if words[0] in "aeiou" else "A"
    raise NoLabelForm(
        f"{article} {words} is a page of A4 and cannot go to a ZPL label "
        f"printer. Choose a page printer for the {words}s in the printer "
        "settings; the job is kept and will print."
    )


def type_and_reference(document: object) -> tuple[str, str]:
    """The document type and reference a file of `document` is named by."""
    match document:
        case PickDocument():
            return "pick_document", document.advice_note
        case ParcelLabel():
            return "parcel_label", f"{document.advice_note}-{document.parcel_number}"
        case Invoice():
            return "invoice", document.invoice_number
        case PackingList():
            return "packing_list", document.advice_note
        case PartLabel():
            return "part_label", document.part_number
        case PartLabelRun():
            return "part_labels", document.title
        case CommandSheet():
            return "command_sheet", document.title
        case LayoutTestSheet():
            return "layout_test_sheet", document.code
    raise TypeError(f"{type(document).__name__} is not {PRINTABLE}.")


def file_name_for(document: object, form: Form = PDF) -> str:
    """The file name of a document printed from a screen, outside the queue."""
    return file_name(*type_and_reference(document), form)


def file_name(document_type: str, document_ref: str, form: Form = PDF) -> str:
    """The file's name, e.g. "invoice-INV000045.pdf" or "parcel_label-AN1-1.zpl".

    Anything a file system might refuse (slashes, colons, spaces) becomes
    "_", so a reference can never name a file outside the printer's folder.
    """
    kind = _safe(document_type) or "document"
    ref = _safe(document_ref) or "unnamed"
    return f"{kind}-{ref}.{form.extension}"


def _safe(text: str) -> str:
    return _NOT_IN_FILE_NAMES.sub("_", text).strip("._")[:80]
