"""One run at a time per shop channel, across processes and computers.

The service's schedule, a `sync --once` from cron and the integration
screen's Run now may all start a run of the same channel. Two imports would
race for the same inbox files, and two stock deltas would read the same
changes. A lock file in the channel's inbox (a dot file, which the import
never takes) lets one in; the other leaves the channel to it. The lock is
the operating system's, so it goes when the process holding it ends, even
if it crashed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from warehouse_app.link_settings import ChannelSettings

log = logging.getLogger("warehouse.sync")

LOCK_NAME = ".warehouse-sync.lock"


def lock_path(name: str, channel: ChannelSettings) -> Path:
    return channel.folder(name, "inbox") / LOCK_NAME


@contextmanager
def channel_run(name: str, channel: ChannelSettings) -> Iterator[bool]:
    """Yield True while this process holds the channel; False if another does."""
    path = lock_path(name, channel)
    if channel.named("inbox") and not path.parent.is_dir():
        # A named inbox is never made here (FileLock would make it): the run
        # goes ahead and its import says the folder is missing.
        log.warning("channel %s: no lock file, %s is not there", name, path.parent)
        yield True
        return
    lock = FileLock(path, timeout=0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        log.warning(
            "channel %s: another run holds %s; this pass leaves the channel to it",
            name,
            path,
        )
        yield False
        return
    except OSError as error:  # after Timeout, which is one too
        # The inbox cannot be reached (a share that is down): the run goes
        # ahead and its import reports the folder, with what to do.
        log.warning("channel %s: no lock file %s (%s)", name, path, error)
        yield True
        return
    try:
        yield True
    finally:
        lock.release()
