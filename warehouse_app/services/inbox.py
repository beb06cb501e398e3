"""Taking order files from a shop channel's inbox: every complete file read,
its whole orders received, the rest quarantined with the reason, and the
file archived once the database has committed.

`take_inbox` is one pass over the inbox (for `warehouse-app sync` and the
watcher); `retry_quarantined` takes a quarantined file again after a person
fixed it (the integration screen's Retry button). Each file taken is a
`BatchFile` row, so the screen can list them with their counts and reasons.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from warehouse_app.integrations.order_reading import Masters
from warehouse_app.integrations.profiles import profile as find_profile
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile
from warehouse_app.services.batch_files import (
    ABANDONED,
    READY,
    Sizes,
    candidates,
    readiness,
)
from warehouse_app.services.channel_lock import channel_run
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.order_file import (
    DUPLICATE,
    IMPORTED,
    QUARANTINED,
    REFUSED,
    RETRIED,
    UNREADABLE,
    FileOutcome,
    Taking,
)
from warehouse_app.services.order_masters import masters_of
from warehouse_app.services.station import Station

__all__ = [
    "DUPLICATE",
    "IMPORTED",
    "QUARANTINED",
    "REFUSED",
    "RETRIED",
    "UNREADABLE",
    "FileOutcome",
    "next_look",
    "retry_quarantined",
    "take_inbox",
    "watch_inbox",
]

if TYPE_CHECKING:
    from warehouse_app.integrations.inbox_watcher import InboxWatcher

log = logging.getLogger("warehouse.inbox")


def take_inbox(
    database: Database,
    station: Station,
    channel_name: str,
    channel: ChannelSettings,
    sizes: Sizes | None = None,
) -> list[FileOutcome]:
    """One pass over the channel's inbox: every complete file taken, oldest
    first. Files not yet complete are left for a later pass.

    `sizes`, kept from pass to pass by a long-running caller, lets a size
    that changed between passes hold a file back too (batch_files.Sizes).
    """
    # Callers hold the channel (channel_lock.channel_run), so two processes
    # never take the same inbox at once.
    inbox = _inbox(channel_name, channel)
    chosen = find_profile(channel.profile)
    clock = time.time()
    masters: Masters | None = None
    outcomes = []
    waiting = candidates(inbox)
    if sizes is not None:
        sizes.forget(set(waiting))
    for path in waiting:
        try:
            state = readiness(path, chosen, channel, clock, sizes).state
        except FileNotFoundError:
            continue
        if state not in (READY, ABANDONED):
            log.debug("%s is not complete yet; left in the inbox", path)
            continue
        masters = masters or masters_of(database)
        taking = Taking(database, station, channel_name, channel, chosen, masters)
        try:
            outcomes.append(taking.file(path, abandoned=state == ABANDONED))
        except FileNotFoundError:
            log.info("%s was taken by another pass meanwhile", path)
        except PermissionError as error:
            # One file this user may not read or move must not stop the rest.
            log.error("order file %s cannot be taken: %s", path, error)
            outcomes.append(_unreadable(channel_name, path, error))
    return outcomes


def _inbox(channel_name: str, channel: ChannelSettings) -> Path:
    """The channel's inbox: the default folder is made, a named one must exist."""
    inbox = channel.folder(channel_name, "inbox")
    if not channel.named("inbox"):
        inbox.mkdir(parents=True, exist_ok=True)
    elif not inbox.is_dir():
        raise WarehouseError(
            f"The inbox folder {inbox} of channel {channel_name} does not exist, so"
            " no orders were taken. Is the share mounted? Mount it, or correct"
            f" inbox in [channels.{channel_name}] of the settings file, or create"
            " the folder."
        )
    return inbox


def _unreadable(channel_name: str, path: Path, error: OSError) -> FileOutcome:
    return FileOutcome(
        channel=channel_name,
        file_name=path.name,
        status=UNREADABLE,
        batch_file_id=0,
        reason=(
            f"{path}: {error.strerror or error}. The file stays in the inbox."
            " Let this user read and move it (or move it away), and it is taken"
            " on the next pass."
        ),
    )


def next_look(
    channel_name: str, channel: ChannelSettings, sizes: Sizes | None = None
) -> float | None:
    """Seconds until a file now waiting in the inbox may be complete, if any."""
    inbox = channel.folder(channel_name, "inbox")
    if not inbox.is_dir():
        return None
    chosen = find_profile(channel.profile)
    clock = time.time()
    waits = []
    for path in candidates(inbox):
        try:
            again = readiness(path, chosen, channel, clock, sizes).again_in
        except FileNotFoundError:
            continue
        if again is not None:
            waits.append(again)
    return min(waits) if waits else None


def retry_quarantined(
    database: Database,
    station: Station,
    channel_name: str,
    channel: ChannelSettings,
    which: int | Path,
) -> FileOutcome:
    """Take a quarantined (or refused) file again, after a person fixed it.

    `which` is the BatchFile's id or the file's path in the errors folder.
    Orders the first try took are recognised as already imported, so only
    the fixed ones come in.
    """
    with database.reading() as session:
        if isinstance(which, int):
            row = session.get(BatchFile, which)
        else:
            row = session.scalars(
                select(BatchFile)
                .where(BatchFile.channel == channel_name)
                .where(BatchFile.errors_path == str(which))
                .where(BatchFile.status.in_((QUARANTINED, REFUSED)))
                .order_by(BatchFile.id.desc())
            ).first()
    if isinstance(which, int) and (
        row is None or row.status not in (QUARANTINED, REFUSED)
    ):
        raise WarehouseError(
            f"File #{which} of channel {channel_name} is not waiting in"
            " quarantine (it may have been retried already). Refresh the list."
        )
    if row is not None:
        path = Path(row.errors_path)
    elif isinstance(which, Path):
        path = which
    if not path.is_file():
        raise WarehouseError(
            f"The quarantined file {path} is no longer there, so it cannot be"
            " retried. Put the corrected file back in the errors folder under that"
            " name, or drop it in the inbox to be taken as a new file."
        )
    chosen = find_profile(channel.profile)
    taking = Taking(
        database, station, channel_name, channel, chosen, masters_of(database)
    )
    return taking.file(path, retry_of=row.id if row is not None else None)


def watch_inbox(
    database: Database,
    station: Station,
    channel_name: str,
    channel: ChannelSettings,
    on_taken: Callable[[list[FileOutcome]], None] | None = None,
) -> InboxWatcher:
    """A watcher (not started) that takes the channel's files as they come.

    `on_taken` hears of every file taken, on the watcher's thread.
    """

    sizes = Sizes()

    def look() -> float | None:
        with channel_run(channel_name, channel) as ours:
            if not ours:
                return channel.poll_seconds  # look again once the run is done
            outcomes = take_inbox(database, station, channel_name, channel, sizes)
        if outcomes and on_taken is not None:
            on_taken(outcomes)
        return next_look(channel_name, channel, sizes)

    # Imported here: watchdog costs a start of the app 70 ms, and only a
    # watching service needs it.
    from warehouse_app.integrations.inbox_watcher import InboxWatcher

    return InboxWatcher(
        channel.folder(channel_name, "inbox"),
        look,
        polling=channel.polling,
        poll_seconds=channel.poll_seconds,
    )
