"""Files in a channel's folders: which are complete, and where they go.

The completeness rule (docs/order-files.md):

- names ending `.tmp` or `.part`, or starting with `.`, are files the shop is
  still writing under a temporary name: never looked at;
- with `inbox_done_marker`, a file is complete once `NAME.done` is beside it;
- otherwise a native file is complete when it ends with its trailer, and a
  delimited file once it has not changed for `settle_seconds`;
- a native file still without its trailer after `abandoned_minutes` is
  taken as truncated: refused whole, to the errors folder.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warehouse_app.integrations.native_format import (
    has_trailer,
    trailer_unended,
    unended_trailer_agrees,
)
from warehouse_app.integrations.profiles import TRAILER, Profile
from warehouse_app.link_settings import ChannelSettings

log = logging.getLogger("warehouse.inbox")

TEMPORARY = (".tmp", ".part")
MARKER = ".done"
REASON = ".reason.txt"

READY = "ready"
WAITING = "waiting"
ABANDONED = "abandoned"


@dataclass(frozen=True)
class Readiness:
    state: str
    # Seconds until the file may be ready (or abandoned), for a watcher.
    again_in: float | None = None


def candidates(inbox: Path) -> list[Path]:
    """The order files in the inbox, oldest first, temporary names left out."""
    found = []
    for path in inbox.iterdir():
        name = path.name.lower()
        if name.startswith(".") or name.endswith(TEMPORARY + (MARKER, REASON)):
            continue
        try:
            if path.is_file():
                found.append((path.stat().st_mtime, path.name, path))
        except OSError:
            continue  # moved away by another pass meanwhile
    return [path for _, _, path in sorted(found)]


def marker_of(path: Path) -> Path:
    return path.with_name(path.name + MARKER)


class Sizes:
    """The size of each file when last looked at, and since when it is so.

    A writer on some systems (and some network shares) leaves the
    modification time alone until it closes the file; a size that changed
    between two looks shows such a file is still being written. Kept by a
    long-running watcher; a single pass starts without it.
    """

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[int, float]] = {}

    def changed_at(self, path: Path, size: int, mtime: float, now: float) -> float:
        """When the file last changed, as far as anyone can tell."""
        before = self._seen.get(path)
        if before is None or before[0] != size:
            since = mtime if before is None else now
            self._seen[path] = (size, since)
        return max(mtime, self._seen[path][1])

    def forget(self, paths: set[Path]) -> None:
        for gone in set(self._seen) - paths:
            del self._seen[gone]


def readiness(
    path: Path,
    profile: Profile,
    channel: ChannelSettings,
    now: float,
    sizes: Sizes | None = None,
) -> Readiness:
    """Whether the file is complete, by the channel's and profile's rule."""
    if channel.inbox_done_marker:
        return Readiness(READY if marker_of(path).exists() else WAITING)
    status = path.stat()
    changed = status.st_mtime
    if sizes is not None:
        changed = sizes.changed_at(path, status.st_size, status.st_mtime, now)
    age = now - changed
    if profile.completeness == TRAILER:
        if has_trailer(path):
            return Readiness(READY)
        # Many writers leave the last line without a line break. A trailer
        # like that counts once the file has stopped changing for the
        # settling time and the trailer agrees with the records.
        if (
            age >= channel.settle_seconds
            and trailer_unended(path)
            and unended_trailer_agrees(path)
        ):
            return Readiness(READY)
        limit = channel.abandoned_minutes * 60
        if age >= limit:
            return Readiness(ABANDONED)
        return Readiness(WAITING, limit - age)
    if age >= channel.settle_seconds:
        return Readiness(READY)
    return Readiness(WAITING, channel.settle_seconds - age)


def sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.ext` and so on if that is taken."""
    target = folder / name
    number = 2
    while target.exists() or marker_of(target).exists():
        stem, dot, suffix = name.partition(".")
        target = folder / f"{stem}-{number}{dot}{suffix}"
        number += 1
    return target


def archive_target(archive: Path, name: str, at: datetime) -> Path:
    """Where a processed file goes: `archive/2026-12-04/NAME`."""
    return free_name(archive / at.strftime("%Y-%m-%d"), name)


def move(source: Path, target: Path) -> None:
    """Move a file (across drives too), with its `.done` marker if any."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(source), str(target))
    marker = marker_of(source)
    if marker.exists():
        marker.unlink()
    log.info("moved %s to %s", source, target)


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
