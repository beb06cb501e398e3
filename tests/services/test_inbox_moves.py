"""An order file moves on only after the database has committed, and a file
whose move failed after that commit is moved on later, never taken again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from tests.integrations.order_files import an_order, channel_in, native_file
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import BatchFile, WebOrder
from warehouse_app.services import order_file as order_file_module
from warehouse_app.services.inbox import take_inbox
from warehouse_app.services.station import Station


def _counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        return (
            session.scalar(select(func.count(BatchFile.id))) or 0,
            session.scalar(select(func.count(WebOrder.id))) or 0,
        )


def _archived(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "archive").glob("*/*"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def record_fails() -> Iterator[None]:
    """The database goes away just as the file's record is committed."""

    def refuse(session: Session, *_: object) -> None:
        if any(isinstance(row, BatchFile) for row in session.new):
            raise OSError("the database server went away")

    event.listen(Session, "before_flush", refuse)
    yield
    event.remove(Session, "before_flush", refuse)


def test_nothing_reaches_the_errors_folder_before_the_file_is_recorded(
    masters_db: Database, station: Station, tmp_path: Path, record_fails: None
) -> None:
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "batch.txt",
        [
            an_order("W6001", [("85123A", 1, "2.55")]),
            an_order("W6002", [("NOPE-9", 2, "1.00")]),
        ],
    )

    with pytest.raises(OSError, match="went away"):
        take_inbox(masters_db, station, "shop", channel)

    assert _files(tmp_path / "errors") == []
    assert _files(tmp_path / "in") == ["batch.txt"]
    assert _counts(masters_db) == (0, 1)


def test_nothing_of_a_refused_file_moves_before_it_is_recorded(
    masters_db: Database, station: Station, tmp_path: Path, record_fails: None
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=0.0)
    orders = [an_order("W6101", [("85123A", 2, "2.55")])]
    native_file(tmp_path / "in" / "cut.txt", orders, trailer=False)

    with pytest.raises(OSError, match="went away"):
        take_inbox(masters_db, station, "shop", channel)

    assert _files(tmp_path / "errors") == []
    assert _files(tmp_path / "in") == ["cut.txt"]


def test_a_file_not_archived_after_the_commit_is_only_moved_on_next_time(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    channel = channel_in(tmp_path)
    native_file(tmp_path / "in" / "a.txt", [an_order("W8001", [("85123A", 1, "2.55")])])
    seen: list[tuple[int, int]] = []
    real_move = order_file_module.move

    def share_gone(source: Path, target: Path) -> None:
        seen.append(_counts(masters_db))
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(order_file_module, "move", share_gone)
    [first] = take_inbox(masters_db, station, "shop", channel)
    monkeypatch.setattr(order_file_module, "move", real_move)
    [again] = take_inbox(masters_db, station, "shop", channel)

    assert seen == [(1, 1)]  # the move came after the commit
    assert (first.status, first.orders_created, first.ok) == ("imported", 1, False)
    assert "could not be moved" in first.unmoved
    assert "moved on by the next pass" in first.as_text()
    assert again.status == "put away" and again.ok
    assert again.batch_file_id == first.batch_file_id
    assert "only moved on now" in again.as_text()
    assert _counts(masters_db) == (1, 1)  # no second record, no second order
    assert _archived(tmp_path) == ["a.txt"]
    assert _files(tmp_path / "in") == []
    assert take_inbox(masters_db, station, "shop", channel) == []


def test_a_refused_file_left_in_the_inbox_is_read_again(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    channel = channel_in(tmp_path, abandoned_minutes=0.0)
    orders = [an_order("W8101", [("85123A", 2, "2.55")])]
    native_file(tmp_path / "in" / "cut.txt", orders, trailer=False)
    real_move = order_file_module.move

    def share_gone(source: Path, target: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(order_file_module, "move", share_gone)
    [first] = take_inbox(masters_db, station, "shop", channel)
    monkeypatch.setattr(order_file_module, "move", real_move)
    [again] = take_inbox(masters_db, station, "shop", channel)

    # A refusal took nothing: reading the file again is safe, and it may be
    # back on purpose (the channel's encoding put right, say).
    assert first.status == "refused" and first.unmoved
    assert again.status == "refused" and not again.unmoved
    assert _counts(masters_db) == (2, 0)
    assert _files(tmp_path / "errors") == ["cut.txt", "cut.txt.reason.txt"]
    assert _files(tmp_path / "in") == []


def test_a_quarantined_file_whose_errors_copy_failed_gets_it_next_time(
    masters_db: Database,
    station: Station,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    channel = channel_in(tmp_path)
    native_file(
        tmp_path / "in" / "batch.txt",
        [
            an_order("W8201", [("85123A", 1, "2.55")]),
            an_order("W8202", [("NOPE-9", 2, "1.00")]),
        ],
    )
    real_copy = order_file_module.copy

    def disk_full(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(order_file_module, "copy", disk_full)
    [first] = take_inbox(masters_db, station, "shop", channel)
    monkeypatch.setattr(order_file_module, "copy", real_copy)
    [again] = take_inbox(masters_db, station, "shop", channel)

    assert first.status == "quarantined" and "No space left" in first.unmoved
    assert again.status == "put away"
    assert _counts(masters_db) == (1, 1)
    assert _files(tmp_path / "errors") == ["batch.txt", "batch.txt.reason.txt"]
    assert _archived(tmp_path) == ["batch.txt"]
