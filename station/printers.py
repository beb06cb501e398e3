"""Which printer each document type goes to, from the station's settings."""

from __future__ import annotations

from pathlib import Path

from printing.target_factory import printer_from_address
from printing.targets import FolderPrinter, PrintTarget
from warehouse_app.domain.documents import DocumentType
from warehouse_app.settings import Settings


def printers_for(settings: Settings) -> dict[str, PrintTarget]:
    """A printer per document type; a type with no address prints to a folder.

    Raises ValueError naming the setting when an address cannot be used.
    """
    folder = settings.station.print_folder_path()
    targets: dict[str, PrintTarget] = {}
    for kind in DocumentType:
        address = str(getattr(settings.printers, kind.value, "") or "")
        if address:
            try:
                targets[kind.value] = printer_from_address(kind.value, address)
            except ValueError as error:
                raise ValueError(
                    f"[printers] {kind.value} = {address!r}: {error}"
                ) from error
        else:
            targets[kind.value] = FolderPrinter(
                f"{kind.value} folder", Path(folder) / kind.value
            )
    return targets
