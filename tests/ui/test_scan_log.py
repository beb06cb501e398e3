"""The scan log: the station's last scans, newest first, good ones green."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from ui.scan_log import (
    ACCEPTED_BACKGROUND,
    ACCEPTED_TEXT,
    REFUSED_BACKGROUND,
    REFUSED_TEXT,
    ScanLog,
    ScanLogModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


def ticking_clock() -> Iterator[datetime]:
    at = datetime(2026, 12, 3, 9, 0, 0)
    while True:
        yield at
        at += timedelta(seconds=1)


@pytest.fixture
def scan_log(qtbot) -> ScanLog:
    clock = ticking_clock()
    log = ScanLog(limit=5, clock=lambda: next(clock))
    qtbot.addWidget(log)
    return log


def row(log: ScanLog, number: int) -> list[str]:
    model = log.model
    return [
        model.data(model.index(number, column), DISPLAY)
        for column in range(model.columnCount())
    ]


def test_the_newest_scan_is_on_top(scan_log: ScanLog) -> None:
    scan_log.add("wedge", "2748708148843", True, "1 x 71053 picked")
    scan_log.add("serial", "2748708148844", False, "check digit does not match")

    assert row(scan_log, 0) == [
        "09:00:01",
        "serial",
        "2748708148844",
        "refused: check digit does not match",
    ]
    assert row(scan_log, 1) == [
        "09:00:00",
        "wedge",
        "2748708148843",
        "accepted: 1 x 71053 picked",
    ]


def test_only_the_last_scans_are_kept(scan_log: ScanLog) -> None:
    for number in range(8):
        scan_log.add("keyed", f"PART-{number}", True, "")

    codes = [row(scan_log, number)[2] for number in range(scan_log.model.rowCount())]

    assert codes == ["PART-7", "PART-6", "PART-5", "PART-4", "PART-3"]


def test_the_log_keeps_fifty_scans_unless_told_otherwise(qtbot) -> None:
    log = ScanLog()
    qtbot.addWidget(log)

    for number in range(60):
        log.add("wedge", str(number), True, "")

    assert log.model.rowCount() == 50
    assert row(log, 49)[2] == "10"


def test_accepted_scans_are_green_and_refused_ones_red(scan_log: ScanLog) -> None:
    scan_log.add("wedge", "85123A", True, "1 x 85123A picked")
    scan_log.add("wedge", "03600029145", False, "incomplete barcode")
    model = scan_log.model

    for column in range(model.columnCount()):
        refused, accepted = model.index(0, column), model.index(1, column)
        assert model.data(refused, FOREGROUND) == REFUSED_TEXT
        assert model.data(refused, BACKGROUND) == REFUSED_BACKGROUND
        assert model.data(accepted, FOREGROUND) == ACCEPTED_TEXT
        assert model.data(accepted, BACKGROUND) == ACCEPTED_BACKGROUND


def test_the_group_separator_is_shown_as_gs(scan_log: ScanLog) -> None:
    scan_log.add("serial", "0109501101530003\x1d10ABC", True, "")

    assert row(scan_log, 0)[2] == "0109501101530003<GS>10ABC"
    assert scan_log.model.scan(0).code == "0109501101530003\x1d10ABC"


def test_the_table_shows_the_model_with_its_headings(scan_log: ScanLog) -> None:
    model = scan_log.model
    heading = Qt.Orientation.Horizontal

    assert scan_log.view.model() is model
    assert [model.headerData(column, heading) for column in range(4)] == [
        "Time",
        "Source",
        "Code",
        "Outcome",
    ]


def test_the_model_keeps_qts_rules_while_rows_come_and_go(qtmodeltester) -> None:
    model = ScanLogModel(limit=3)
    qtmodeltester.check(model)

    for number in range(6):
        model.add("wedge", str(number), number % 2 == 0, "checked")

    qtmodeltester.check(model)
    assert model.rowCount() == 3
