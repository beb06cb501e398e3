from __future__ import annotations

from pathlib import Path

import pytest

from printing.forms import PDF, zpl
from printing.target_factory import printer_from_address
from printing.targets import FolderPrinter
from printing.targets_cups import CupsPrinter
from printing.targets_raw import RawTcpPrinter
from printing.targets_serial import SerialPrinter


def test_a_network_label_printer_from_its_address() -> None:
    printer = printer_from_address("LBL-1", "tcp://10.0.0.5:9100?dpi=300&status=off")

    assert isinstance(printer, RawTcpPrinter)
    assert (printer.host, printer.port, printer.form) == ("10.0.0.5", 9100, zpl(300))
    assert printer.check_status is False


def test_the_other_printers_from_their_addresses(tmp_path: Path) -> None:
    cups = printer_from_address("PICK-1", "cups:PICK_LASER?server=print1:631")
    serial = printer_from_address("LBL-2", "serial:/dev/ttyUSB0?baud=19200")
    folder = printer_from_address("FILES", f"folder:{tmp_path}")
    zpl_folder = printer_from_address("ZPL", f"folder:{tmp_path}?zpl=203")

    assert isinstance(cups, CupsPrinter)
    assert (cups.queue, cups.server, cups.form) == ("PICK_LASER", "print1:631", PDF)
    assert isinstance(serial, SerialPrinter)
    assert (serial.url, serial.baudrate, serial.form) == (
        "/dev/ttyUSB0",
        19200,
        zpl(203),
    )
    assert isinstance(folder, FolderPrinter) and folder.folder == tmp_path
    assert zpl_folder.form == zpl(203)


@pytest.mark.parametrize("address", ["lpt1:", "windows:Office Laser", "tcp://:9100"])
def test_an_address_the_station_cannot_use_says_how_to_write_one(address: str) -> None:
    with pytest.raises(ValueError, match="PICK-1: "):
        printer_from_address("PICK-1", address)
