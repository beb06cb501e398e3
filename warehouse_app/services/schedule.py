"""Which runs of the batch link are due, from the times of the last runs.

- the full stock file once a day at `stock_full_at`: due when no full file
  was written since the most recent such time, so a machine that was off at
  02:00 writes it when it comes back;
- a stock delta every `stock_delta_minutes` after the last stock file (a full
  file counts: it carries every change);
- a status file every `status_minutes`;
- after a failure, the same run again no sooner than `RETRY_AFTER` (or its
  own interval, if shorter), so a full disk is not hammered every few seconds;
- the inbox on every pass, except for `RETRY_AFTER` after it could not be
  read at all (a share that is down); a file quarantined is no such failure.

Times are the station's local wall-clock times, as people set them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.tables import SyncRun

IMPORT = "import"
STOCK_FULL = "stock_full"
STOCK_DELTA = "stock_delta"
STATUS = "status"
FILE_KINDS = (STOCK_FULL, STOCK_DELTA, STATUS)
RETRY_AFTER = timedelta(minutes=5)
NEVER = datetime(2000, 1, 1)


@dataclass(frozen=True)
class History:
    """Per run kind, when the last good run and the last failed run started."""

    last_ok: dict[str, datetime] = field(default_factory=dict)
    last_failed: dict[str, datetime] = field(default_factory=dict)


def full_time(channel: ChannelSettings) -> time:
    try:
        return time.fromisoformat(channel.stock_full_at)
    except ValueError as error:
        raise ValueError(
            f"stock_full_at = {channel.stock_full_at!r} is not a time of day: write"
            ' it like "02:00". Correct the channel settings.'
        ) from error


def _minutes(value: int, name: str) -> timedelta:
    if value < 1:
        raise ValueError(
            f"{name} = {value} should be 1 or more minutes. Correct the channel"
            " settings."
        )
    return timedelta(minutes=value)


def next_full_after(moment: datetime, at: time) -> datetime:
    """The first time of day `at` strictly after `moment`."""
    candidate = datetime.combine(moment.date(), at)
    return candidate if candidate > moment else candidate + timedelta(days=1)


def due_at(kind: str, channel: ChannelSettings, history: History) -> datetime:
    """When a run of `kind` is next due (a time in the past means now)."""
    if kind == STOCK_FULL:
        last = history.last_ok.get(STOCK_FULL)
        daily = full_time(channel)
        due = NEVER if last is None else next_full_after(last, daily)
        interval = timedelta(days=1)
    elif kind == STOCK_DELTA:
        interval = _minutes(channel.stock_delta_minutes, "stock_delta_minutes")
        stock = [history.last_ok.get(k) for k in (STOCK_FULL, STOCK_DELTA)]
        last = max((t for t in stock if t is not None), default=None)
        due = NEVER if last is None else last + interval
    elif kind == STATUS:
        interval = _minutes(channel.status_minutes, "status_minutes")
        last = history.last_ok.get(STATUS)
        due = NEVER if last is None else last + interval
    else:
        raise ValueError(f"{kind!r} is not a kind of file run")
    failed = history.last_failed.get(kind)
    if failed is not None and (last is None or failed > last):
        due = max(due, failed + min(RETRY_AFTER, interval))
    return due


def due_kinds(channel: ChannelSettings, history: History, now: datetime) -> list[str]:
    """The file runs due at `now`, full before delta; a due full replaces the delta."""
    due = [kind for kind in FILE_KINDS if due_at(kind, channel, history) <= now]
    if STOCK_FULL in due and STOCK_DELTA in due:
        due.remove(STOCK_DELTA)
    return due


def next_due(channel: ChannelSettings, history: History) -> datetime:
    return min(due_at(kind, channel, history) for kind in FILE_KINDS)


def history_of(session: Session, channel_name: str) -> History:
    """The last good and failed start of every kind of run of the channel."""
    rows = session.execute(
        select(SyncRun.kind, SyncRun.ok, func.max(SyncRun.started_at))
        .where(SyncRun.channel == channel_name)
        .group_by(SyncRun.kind, SyncRun.ok)
    )
    history = History()
    for kind, ok, started in rows:
        (history.last_ok if ok else history.last_failed)[kind] = started
    return history


@dataclass(frozen=True)
class LastImport:
    started_at: datetime
    ok: bool
    files: int


def inbox_due(last: LastImport | None, now: datetime) -> bool:
    if last is None or last.ok or last.files:
        return True
    return now >= last.started_at + RETRY_AFTER


def last_import(session: Session, channel_name: str) -> LastImport | None:
    row = session.execute(
        select(SyncRun.started_at, SyncRun.ok, SyncRun.files)
        .where(SyncRun.channel == channel_name, SyncRun.kind == IMPORT)
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .limit(1)
    ).first()
    return LastImport(*row) if row is not None else None
