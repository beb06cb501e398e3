from __future__ import annotations

from collections.abc import Callable

import pytest

from printing.forms import PDF, Form, zpl
from printing.pdf.part_label import render_part_label
from printing.render import NoLabelForm, file_name, file_name_for, render
from printing.zpl.parcel_label import zpl_parcel_label
from printing.zpl.part_label import zpl_part_labels
from warehouse_app.domain.documents import Invoice, ParcelLabel, PickDocument
from warehouse_app.domain.labels import PartLabel, PartLabelRun

PART = PartLabel("PART-001", "DOGGY RUBBER", "A-01-1-D", "PN0001-B")


def test_labels_render_as_zpl_for_a_thermal_printer_and_pdf_for_any_other(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    label = parcel_label_for()
    run = PartLabelRun("group RUBBER", (PART, PART))

    assert render(label, zpl(300)) == zpl_parcel_label(label, 300)
    assert render(run, zpl(203)) == zpl_part_labels(run, 203)
    assert render(PART) == render_part_label(PART)
    assert render(PART, PDF).startswith(b"%PDF")


def test_a_page_document_sent_to_a_label_printer_says_to_choose_another(
    pick_document_of: Callable[[int], PickDocument],
    invoice_of: Callable[[int], Invoice],
) -> None:
    with pytest.raises(NoLabelForm) as raised:
        render(pick_document_of(1), zpl(203))

    assert str(raised.value) == (
        "A pick document is a page of A4 and cannot go to a ZPL label printer. "
        "Choose a page printer for the pick documents in the printer settings; "
        "the job is kept and will print."
    )
    with pytest.raises(NoLabelForm, match="^An invoice is a page of A4"):
        render(invoice_of(1), zpl(203))


def test_a_zpl_printer_has_a_203_or_300_dpi_head() -> None:
    with pytest.raises(ValueError, match="203 or 300 dots per inch, not 600"):
        Form("zpl", 600)


def test_file_names_end_in_the_printer_language(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    assert file_name("parcel_label", "AN000123-2", zpl(203)) == (
        "parcel_label-AN000123-2.zpl"
    )
    assert file_name_for(parcel_label_for()) == "parcel_label-AN000123-2.pdf"
    assert file_name_for(PART, zpl(300)) == "part_label-PART-001.zpl"
    run = PartLabelRun("bins A-01 to A-04", (PART,))
    assert file_name_for(run) == "part_labels-bins_A-01_to_A-04.pdf"
