from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from printing.pdf.invoice import render_invoice
from printing.pdf.parcel_label import render_parcel_label
from printing.pdf.pick_document import render_pick_document
from printing.render import file_name, render
from printing.targets import FolderPrinter, PrinterUnavailable, PrintTarget
from warehouse_app.domain.documents import Invoice, ParcelLabel, PickDocument

PDF = b"%PDF-1.4 not really a document\n"


def test_a_folder_printer_leaves_the_whole_file_and_says_where(tmp_path: Path) -> None:
    printer: PrintTarget = FolderPrinter("PICK-1", tmp_path)

    where = printer.send("pick_document-AN000123.pdf", PDF)

    assert where == str(tmp_path / "pick_document-AN000123.pdf")
    assert Path(where).read_bytes() == PDF
    assert [path.name for path in tmp_path.iterdir()] == ["pick_document-AN000123.pdf"]


def test_printing_the_same_document_again_replaces_the_file(tmp_path: Path) -> None:
    printer = FolderPrinter("PICK-1", tmp_path)
    printer.send("invoice-INV1.pdf", b"first")

    where = printer.send("invoice-INV1.pdf", PDF)

    assert Path(where).read_bytes() == PDF
    assert len(list(tmp_path.iterdir())) == 1


def test_a_missing_folder_says_which_printer_and_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "not-mounted"
    printer = FolderPrinter("PICK-1", folder)

    with pytest.raises(PrinterUnavailable) as raised:
        printer.send("invoice-INV1.pdf", PDF)

    assert str(raised.value) == (
        f"Printer PICK-1: cannot write to folder {folder}: the folder does not "
        "exist. Create it, or reconnect the drive it is on; the job is kept and "
        "will print."
    )


def test_a_file_where_the_folder_should_be_is_reported_as_such(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "labels"
    not_a_folder.write_text("oops")

    with pytest.raises(PrinterUnavailable, match="LABEL-1: .* not a folder"):
        FolderPrinter("LABEL-1", not_a_folder).send("parcel_label-AN1-1.pdf", PDF)


def test_a_full_disk_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)

    with pytest.raises(PrinterUnavailable, match="disk full. Free some space on it;"):
        FolderPrinter("PICK-1", tmp_path).send("invoice-INV1.pdf", PDF)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.pdf", "sub/dir.pdf", ""])
def test_a_file_name_with_a_folder_in_it_is_a_bug(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a plain file name"):
        FolderPrinter("PICK-1", tmp_path).send(name, PDF)


def test_file_names_carry_the_type_and_reference_and_nothing_unsafe() -> None:
    assert file_name("invoice", "INV000045") == "invoice-INV000045.pdf"
    assert file_name("parcel_label", "AN000123/2") == "parcel_label-AN000123_2.pdf"
    assert file_name("pick_document", "../../etc") == "pick_document-etc.pdf"
    assert file_name("invoice", "") == "invoice-unnamed.pdf"


def test_only_the_three_documents_can_be_rendered() -> None:
    with pytest.raises(TypeError, match="no printed form of a str"):
        render("AN000123")


def test_each_document_renders_through_its_own_drawing(
    pick_document_of: Callable[[int], PickDocument],
    parcel_label_for: Callable[..., ParcelLabel],
    invoice_of: Callable[[int], Invoice],
) -> None:
    pick, label, invoice = pick_document_of(2), parcel_label_for(), invoice_of(2)

    assert render(pick) == render_pick_document(pick)
    assert render(label) == render_parcel_label(label)
    assert render(invoice) == render_invoice(invoice)
