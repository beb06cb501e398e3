"""Settings of the web shop link: one `[channels.NAME]` table per shop channel,
and `[service]` for the web service.

    [channels.webshop]
    inbox = "/srv/shop/in"
    profile = "native"
    encoding = "utf-8"
    stock_full_at = "02:00"
    stock_delta_minutes = 15

Empty folders mean folders named after the channel under the data folder
(see `folder()`), so a channel works on a fresh install without set-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from warehouse_app.persistence.database import APP_NAME

# Orders written per transaction when a file is received, unless a channel says.
ORDERS_PER_TRANSACTION = 5000


@dataclass(frozen=True)
class ChannelSettings:
    """One shop channel: where its files come and go, and in what layout."""

    # Orders in.
    inbox: str = ""
    errors: str = ""
    archive: str = ""
    profile: str = "native"
    # "utf-8" (a byte order mark is allowed) or "cp1252" (Windows-1252).
    encoding: str = "utf-8"
    # Watch the inbox with the operating system's events, or by polling (for
    # network shares, where events do not arrive).
    polling: bool = False
    poll_seconds: float = 5.0
    # When an order file is complete (docs/order-files.md): a delimited file
    # once it has not changed for `settle_seconds`, or, with
    # `inbox_done_marker`, once the shop has written NAME.done beside it. A
    # native file without its trailer is refused after `abandoned_minutes`.
    settle_seconds: float = 10.0
    inbox_done_marker: bool = False
    abandoned_minutes: float = 30.0
    part_ship: bool = True
    # Orders written per transaction when a file is received. More is faster
    # for a large file; fewer keeps the wait of a scan at a station short
    # while one is received (docs/order-files.md, "Large files").
    orders_per_transaction: int = ORDERS_PER_TRANSACTION
    # Files out: stock and status.
    outbox: str = ""
    stock_full_at: str = "02:00"
    stock_delta_minutes: int = 15
    status_minutes: int = 5
    delimiter: str = "\t"
    header: bool = True
    line_ending: str = "\r\n"
    out_encoding: str = "utf-8"
    done_marker: bool = False
    # Stock held back from the web, by product group and by part number.
    safety_by_group: dict[str, int] = field(default_factory=dict)
    safety_by_part: dict[str, int] = field(default_factory=dict)

    def folder(self, channel: str, kind: str) -> Path:
        """The folder for `kind` (inbox, errors, archive, outbox)."""
        named = str(getattr(self, kind))
        if named:
            return Path(named).expanduser()
        return Path(user_data_dir(APP_NAME, appauthor=False)) / "shop" / channel / kind

    def named(self, kind: str) -> bool:
        """True when the settings name the folder for `kind`.

        A named folder (often a share) is never made by the app: made on a
        share that is not mounted, it would take the orders away from the shop.
        """
        return bool(getattr(self, kind))


@dataclass(frozen=True)
class ServiceSettings:
    """The web service (`warehouse-app serve`)."""

    host: str = "127.0.0.1"
    port: int = 8470
    max_body_bytes: int = 1_000_000
    requests_per_minute: int = 600
    # Run the batch link's schedule inside the service as well.
    run_batch_link: bool = True
