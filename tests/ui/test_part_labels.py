"""Part and bin labels for one part, a group or a bin range, through the queue."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow
from ui.station_menu import print_part_labels
from warehouse_app.persistence.database import Database


@pytest.fixture
def window(masters_db: Database, station_window: WindowFactory) -> MainWindow:
    return station_window(masters_db)


def label_for(window: MainWindow, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(window, "ask_text", lambda _question: text)
    print_part_labels(window)
    while window.printer.print_now():
        pass


def test_a_label_for_one_part_carries_its_barcode(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    label_for(window, monkeypatch, "71053")

    assert "1 label for part 71053" in window.band.text()
    pdf = tmp_path / "part_labels" / "part_labels-PART_71053.pdf"
    page = pypdfium2.PdfDocument(pdf.read_bytes())[0]
    image = page.render(scale=300 / 72).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == ["2748708148843"]


def test_labels_for_a_bin_range_come_in_walking_order(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    label_for(window, monkeypatch, "bins C-6-1-A to C-6-9-Z")

    assert window.band.tone is not None and window.band.tone.name == "GOOD"
    files = list((tmp_path / "part_labels").iterdir())
    assert len(files) == 1
    pages = len(pypdfium2.PdfDocument(files[0].read_bytes()))
    # stock.csv has 26 parts at MAIN in bins C-6-1-A to C-6-8-E.
    assert pages == 26
    assert "26 labels for bins C-6-1-A to C-6-9-Z at MAIN" in window.band.text()


def test_something_that_is_not_a_label_selection_is_refused(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    label_for(window, monkeypatch, "all the things please")

    assert window.band.tone is not None and window.band.tone.name == "BAD"
    assert "'group NAME'" in window.band.text()
