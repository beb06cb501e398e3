"""Settings of one installation and one station, kept in a TOML file.

Where the file lives follows the platform (platformdirs): on Linux
`~/.config/warehouse-app/settings.toml`, on Windows under `%APPDATA%`.
A missing file means the defaults below; a key the file does not name keeps
its default, so an older file keeps working after an upgrade. A table or key
the app does not know is refused with the known ones: a typo must not leave
a setting at its default unnoticed.
"""

from __future__ import annotations

import difflib
import logging
import os
import tomllib
from collections.abc import Iterable
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


TABLES = ("dealer", "station", "printers", "channels", "service")


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _table(value: Any, where: str, section: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(
            f"Settings file {where}: {section} = {value!r} should be a table"
            f" written as [{section}] with its keys below it. Correct it and start"
            " again."
        )
    return value


def _check_tables(data: dict[str, Any], where: str) -> None:
    known = "[dealer], [station], [printers], [channels.NAME], [service]"
    for name, value in data.items():
        if name in TABLES:
            continue
        if not isinstance(value, dict):
            raise ValueError(
                f"Unknown key {name} at the top of {where}, outside any table;"
                f" known tables: {known}. Move it under its table, or take it out."
            )
        # [channel.webshop] reads as a table "channel" holding a table "webshop".
        inner = next((key for key, v in value.items() if isinstance(v, dict)), "")
        wrote = ".".join(filter(None, (name, inner)))
        close = difflib.get_close_matches(name, TABLES, n=1)
        meant = ""
        if close:
            meant = f" (did you mean [{'.'.join(filter(None, (close[0], inner)))}]?)"
        raise ValueError(
            f"Unknown table [{wrote}] in {where}{meant}; known tables: {known}."
            " Correct it and start again."
        )


def _merge(default: Any, table: Any, where: str, section: str) -> Any:
    table = _table(table, where, section)
    known = [item.name for item in fields(default)]
    for key in table:
        if key not in known:
            raise ValueError(
                f"Unknown key {key} in [{section}] of {where}"
                f"{_did_you_mean(key, known)}; known keys: {', '.join(known)}."
                " Correct it and start again."
            )
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
    channels = {
        name: _merge(ChannelSettings(), table, where, f"channels.{name}")
        for name, table in tables.items()
    }
    for name, channel in channels.items():
        if channel.orders_per_transaction < 1:
            raise ValueError(
                f"Settings file {where}: [channels.{name}] orders_per_transaction ="
                f" {channel.orders_per_transaction} should be 1 or more, like"
                f" {ChannelSettings().orders_per_transaction}. Correct it and start"
                " again."
            )
    return channels


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ValueError(
            f"Settings file {path} is not UTF-8: byte"
            f" 0x{error.object[error.start]:02x} on line {line} is not a UTF-8"
            " character (the file was probably saved as Windows-1252). Open it"
            " in an editor, save it as UTF-8 and start again."
        ) from error
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(
            f"Settings file {path} cannot be read: {error}. Correct it or move it"
            " away to start with the defaults."
        ) from error
    _check_tables(data, str(path))
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
