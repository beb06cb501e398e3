"""Import profiles: one per shop layout, chosen by name.

`native` and `online-retail` are written in code; every other layout is a
TOML file (see integrations/declared_profile.py): those shipped with the
app in `integrations/shop_profiles/`, and a user's own in the `profiles` folder
beside the settings file, which may also replace a shipped one by name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warehouse_app.integrations.declared_profile import load_profile
from warehouse_app.integrations.native_format import read_native
from warehouse_app.integrations.online_retail import ProfileResult, read_online_retail
from warehouse_app.integrations.order_reading import Masters
from warehouse_app.integrations.text_files import codec

log = logging.getLogger("warehouse.import")

SHIPPED = Path(__file__).with_name("shop_profiles")

Reader = Callable[[Path, Masters, str], ProfileResult]
# How a file of the profile shows it is complete (docs/order-files.md).
TRAILER = "trailer"
SETTLED = "settled"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    read: Reader
    completeness: str = SETTLED


def _online_retail(path: Path, masters: Masters, encoding: str) -> ProfileResult:
    return read_online_retail(path, masters.part, masters.customer, codec(encoding))


BUILT_IN = (
    Profile(
        "native",
        "The native tab-separated order file, with a trailer",
        read_native,
        TRAILER,
    ),
    Profile(
        "online-retail",
        "The shop's own order-line export (InvoiceNo, StockCode, ...)",
        _online_retail,
    ),
)


def user_folder() -> Path:
    from warehouse_app.settings import settings_path

    return settings_path().parent / "profiles"


def profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Every profile by name: built in, shipped, then the user's own."""
    found = {p.name: p for p in BUILT_IN}
    for place in (SHIPPED, folder or user_folder()):
        if not place.is_dir():
            continue
        for path in sorted(place.glob("*.toml")):
            declared = load_profile(path)
            if declared.name in ("native", "online-retail"):
                log.warning("%s: profile %s is built in; ignored", path, declared.name)
                continue
            found[declared.name] = Profile(
                declared.name, declared.description, declared.read
            )
    return found


def profile(name: str, folder: Path | None = None) -> Profile:
    known = profiles(folder)
    try:
        return known[name]
    except KeyError:
        raise ValueError(
            f"There is no import profile {name!r}. Known profiles:"
            f" {', '.join(sorted(known))}. A new layout is a TOML file in"
            f" {folder or user_folder()} (see docs/order-files.md)."
        ) from None
