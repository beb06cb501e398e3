"""Import profiles: one per shop layout, chosen by name on the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from warehouse_app.integrations.online_retail import ProfileResult, read_online_retail

Reader = Callable[
    [Path, Callable[[str], str | None], Callable[[str], bool]], ProfileResult
]

PROFILES: dict[str, Reader] = {
    "online-retail": read_online_retail,
}


def profile(name: str) -> Reader:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(
            f"There is no import profile {name!r}. Known profiles: {known}."
        ) from None
