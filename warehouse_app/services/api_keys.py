"""The web shops' keys to the web service: made, listed, revoked, checked.

A key is long and random (`whk_<prefix>_<secret>`), so a plain SHA-256 of
it is enough to keep: nobody can guess a key back from its hash, and the
check stays cheap on every request. The key itself is shown once, when it
is made; afterwards only its prefix is ever shown.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import ApiKey
from warehouse_app.services.errors import NotFound, WarehouseError

log = logging.getLogger("warehouse.web")

# What a key may do; a key made without naming any may do everything.
SCOPES = ("orders:read", "orders:write", "stock:read")
CHANNEL_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_KEY_PATTERN = re.compile(r"^whk_([a-z0-9]{10})_[A-Za-z0-9_-]{20,100}$")


# Built once: building a statement costs more than running it.
_KEY = select(ApiKey.key_hash, ApiKey.channel, ApiKey.scopes, ApiKey.revoked_at).where(
    ApiKey.prefix == bindparam("prefix")
)


@dataclass(frozen=True)
class NewKey:
    """A key just made: `key` is shown to the person once and never again."""

    key: str
    prefix: str
    channel: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class KeyHolder:
    """Who a valid key belongs to and what it may do."""

    prefix: str
    channel: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class KeyListing:
    prefix: str
    channel: str
    label: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _checked_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(scopes)) or SCOPES
    unknown = [scope for scope in chosen if scope not in SCOPES]
    if unknown:
        raise WarehouseError(
            f"There is no scope {', '.join(unknown)}. A key may have"
            f" {', '.join(SCOPES)}; name none for all of them."
        )
    return chosen


def create(
    database: Database, channel: str, label: str = "", scopes: Iterable[str] = ()
) -> NewKey:
    """Make a key for the shop `channel`; only its hash is stored."""
    if not CHANNEL_PATTERN.match(channel):
        raise WarehouseError(
            f"{channel!r} is not a shop name: use up to 40 letters, digits, dots,"
            " dashes or underscores, as in the settings' [channels.NAME]."
        )
    chosen = _checked_scopes(scopes)
    prefix = "".join(
        secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10)
    )
    key = f"whk_{prefix}_{secrets.token_urlsafe(32)}"
    with database.unit_of_work() as uow:
        uow.session.add(
            ApiKey(
                prefix=prefix,
                channel=channel,
                key_hash=key_hash(key),
                label=label[:80],
                scopes=" ".join(chosen),
                created_at=datetime.now().replace(microsecond=0),
                revoked_at=None,
            )
        )
        uow.commit()
    log.info("API key %s made for shop %s (%s)", prefix, channel, " ".join(chosen))
    return NewKey(key, prefix, channel, chosen)


def revoke(database: Database, prefix: str) -> KeyListing:
    """Revoke the key with this prefix; requests with it get 401 from now on."""
    prefix = prefix.strip().removeprefix("whk_").split("_")[0]
    with database.unit_of_work() as uow:
        row = uow.session.get(ApiKey, prefix)
        if row is None:
            raise NotFound(
                f"No API key starts with whk_{prefix}. See `warehouse-app api-key"
                " list` for the prefixes of the keys there are."
            )
        if row.revoked_at is None:
            row.revoked_at = datetime.now().replace(microsecond=0)
            log.info("API key %s of shop %s revoked", prefix, row.channel)
        listing = _listing(row)
        uow.commit()
    return listing


def list_keys(database: Database) -> list[KeyListing]:
    with database.reading() as session:
        rows = session.scalars(
            select(ApiKey).order_by(ApiKey.channel, ApiKey.created_at)
        )
        return [_listing(row) for row in rows]


def _listing(row: ApiKey) -> KeyListing:
    return KeyListing(
        row.prefix,
        row.channel,
        row.label,
        tuple(row.scopes.split()),
        row.created_at,
        row.revoked_at,
    )


def verify(session: Session | Connection, presented: str) -> KeyHolder | None:
    """Who the key belongs to, or None for a key that is unknown or revoked.

    Asked on every request, so a revoked key stops at once; a plain
    connection (no ORM session) keeps it cheap.
    """
    match = _KEY_PATTERN.match(presented)
    if match is None:
        return None
    row = session.execute(_KEY, {"prefix": match.group(1)}).first()
    if row is None:
        return None
    stored, channel, scopes, revoked_at = row
    # Compared in constant time, so the answer's timing tells nothing.
    if not hmac.compare_digest(stored, key_hash(presented)) or revoked_at is not None:
        return None
    return KeyHolder(match.group(1), channel, frozenset(scopes.split()))
