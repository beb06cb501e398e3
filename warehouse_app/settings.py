"""Settings of one installation and one station, kept in a TOML file.

Where the file lives follows the platform (platformdirs): on Linux
`~/.config/warehouse-app/settings.toml`, on Windows under `%APPDATA%`.
A missing file means the defaults below; a key the file does not name keeps
its default, so an older file keeps working after an upgrade.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w
from platformdirs import user_config_dir, user_data_dir

from warehouse_app.link_settings import ChannelSettings, ServiceSettings
from warehouse_app.persistence.database import APP_NAME

log = logging.getLogger("warehouse.settings")


@dataclass(frozen=True)
class DealerSettings:
    name: str = "Northfield Machinery Ltd — Parts Department"
    address: tuple[str, ...] = (
        "Unit 4, Mill Lane",
        "Penrith",
        "CA11 9XX",
        "United Kingdom",
    )
    vat_number: str = "GB 123 4567 89"


@dataclass(frozen=True)
class StationSettings:
    depot: str = "MAIN"
    # "natural" walks every aisle the same way; "serpentine" goes up odd
    # aisles and down even ones.
    walking_order: str = "natural"
    pick_by_zone: bool = False
    channel: str = "webshop"
    part_ship: bool = True
    print_folder: str = ""
    serial_scanner: str = ""
    serial_baudrate: int = 9600
    serial_parity: str = "N"
    serial_terminator: str = "ANY"
    serial_prefix: str = ""
    serial_suffix: str = ""
    serial_usb_id: str = ""
    scanner_device: str = ""
    wedge_gap_ms: int = 30
    wedge_min_length: int = 4
    wedge_prefix: str = ""
    gs_substitute: str = "|"
    refresh_seconds: float = 1.0

    def print_folder_path(self) -> Path:
        if self.print_folder:
            return Path(self.print_folder).expanduser()
        return Path(user_data_dir(APP_NAME, appauthor=False)) / "printed"


@dataclass(frozen=True)
class PrinterSettings:
    """Which printer each document goes to, as addresses (see docs/printing.md).

    Empty means a folder of that name under the station's print folder.
    `ask_first` names the document types that wait on the print queue screen
    for a person to press Print instead of printing by themselves.
    """

    pick_document: str = ""
    parcel_label: str = ""
    invoice: str = ""
    packing_list: str = ""
    part_labels: str = ""
    ask_first: tuple[str, ...] = ()
    runs_print_queue: bool = True


@dataclass(frozen=True)
class Settings:
    dealer: DealerSettings = field(default_factory=DealerSettings)
    station: StationSettings = field(default_factory=StationSettings)
    printers: PrinterSettings = field(default_factory=PrinterSettings)
    channels: dict[str, ChannelSettings] = field(default_factory=dict)
    service: ServiceSettings = field(default_factory=ServiceSettings)


def settings_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


_KINDS: dict[type, str] = {
    int: "a whole number",
    float: "a number",
    str: "text in quotes",
    bool: "true or false",
    tuple: "a list",
    dict: "a table of names and whole numbers",
}


def _merge(default: Any, table: dict[str, Any], where: str, section: str) -> Any:
    values: dict[str, Any] = {}
    for item in fields(default):
        if item.name not in table:
            continue
        value = table[item.name]
        wanted = getattr(default, item.name)
        if isinstance(wanted, tuple) and isinstance(value, list):
            value = tuple(str(v) for v in value)
        elif isinstance(wanted, float) and isinstance(value, int):
            value = float(value)
        elif isinstance(wanted, dict) and isinstance(value, dict):
            value = _whole_numbers(value, where, f"{section}.{item.name}")
        if type(value) is not type(wanted):
            raise ValueError(
                f"Settings file {where}: [{section}] {item.name} = {value!r} should be"
                f" {_KINDS.get(type(wanted), 'a value')}, like {wanted!r}."
                " Correct it and start again."
            )
        values[item.name] = value
    for key in table:
        if key not in values:
            log.warning("%s: unknown setting [%s] %s is ignored", where, section, key)
    return replace(default, **values)


def _whole_numbers(table: dict[str, Any], where: str, section: str) -> dict[str, int]:
    for key, value in table.items():
        if type(value) is not int or value < 0:
            raise ValueError(
                f"Settings file {where}: [{section}] {key} = {value!r} should be a"
                " whole number of 0 or more. Correct it and start again."
            )
    return dict(table)


def _channels(data: dict[str, Any], where: str) -> dict[str, ChannelSettings]:
    tables = data.get("channels", {})
    if not isinstance(tables, dict):
        raise ValueError(
            f"Settings file {where}: channels should be tables like"
            " [channels.webshop]. Correct it and start again."
        )
    return {
        name: _merge(ChannelSettings(), table, where, f"channels.{name}")
        for name, table in tables.items()
    }


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(
            f"Settings file {path} cannot be read: {error}. Correct it or move it"
            " away to start with the defaults."
        ) from error
    return Settings(
        dealer=_merge(DealerSettings(), data.get("dealer", {}), str(path), "dealer"),
        station=_merge(
            StationSettings(), data.get("station", {}), str(path), "station"
        ),
        printers=_merge(
            PrinterSettings(), data.get("printers", {}), str(path), "printers"
        ),
        channels=_channels(data, str(path)),
        service=_merge(
            ServiceSettings(), data.get("service", {}), str(path), "service"
        ),
    )


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the whole settings file through a temporary name: never half written."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "dealer": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(settings.dealer).items()
        },
        "station": asdict(settings.station),
        "printers": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(settings.printers).items()
        },
        "channels": {
            name: asdict(channel) for name, channel in settings.channels.items()
        },
        "service": asdict(settings.service),
    }
    temporary = path.with_suffix(".toml.new")
    temporary.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(temporary, path)
    log.info("settings saved to %s", path)
    return path
