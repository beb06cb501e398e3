"""The integration screen: runs, quarantined files with reasons, Retry, Run now."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.integrations.order_files import an_order, channel_in, native_file
from ui.integration_view import IntegrationView
from warehouse_app.persistence.database import Database
from warehouse_app.services.integration_status import IntegrationStatus
from warehouse_app.services.station import Station
from warehouse_app.services.sync_cycle import run_cycle
from warehouse_app.settings import Settings

SCREENSHOT = os.environ.get("INTEGRATION_SCREENSHOT")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shop = channel_in(tmp_path, outbox=str(tmp_path / "out"))
    return Settings(channels={"webshop": shop})


@pytest.fixture
def status(
    masters_db: Database, station: Station, settings: Settings
) -> IntegrationStatus:
    return IntegrationStatus(masters_db, station, settings)


def a_file_with_a_bad_order(tmp_path: Path) -> None:
    native_file(
        tmp_path / "in" / "orders-0412.txt",
        [
            an_order("W5001", [("85123A", 1, "2.55")]),
            an_order("W5002", [("NOPE-9", 2, "1.00")]),
        ],
    )


def test_the_screen_shows_the_runs_and_the_quarantined_file_with_its_reason(
    masters_db: Database,
    station: Station,
    settings: Settings,
    status: IntegrationStatus,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    a_file_with_a_bad_order(tmp_path)
    run_cycle(masters_db, station, settings)

    view = IntegrationView(status)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.quarantine_table.selectRow(0)

    kinds = [run.kind for run in view.runs.rows]
    assert sorted(kinds) == ["import", "status", "stock_full"]
    failed_import = next(run for run in view.runs.rows if run.kind == "import")
    assert not failed_import.ok and "quarantined" in failed_import.message
    [held] = view.quarantine.rows
    assert held.file_name == "orders-0412.txt"
    assert (held.orders_created, held.orders_quarantined) == (1, 1)
    assert "NOPE-9" in view.reason.toPlainText()
    assert view.retry_button.isEnabled()
    assert "files to" in view.summary.text()
    if SCREENSHOT:
        view.show()
        qtbot.waitExposed(view)
        view.grab().save(SCREENSHOT)


def test_a_changed_order_from_a_later_file_waits_for_a_person_on_screen(
    masters_db: Database,
    station: Station,
    settings: Settings,
    status: IntegrationStatus,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    native_file(tmp_path / "in" / "a.txt", [an_order("W6001", [("85123A", 2, "2.55")])])
    run_cycle(masters_db, station, settings)
    native_file(tmp_path / "in" / "b.txt", [an_order("W6001", [("85123A", 5, "2.55")])])
    run_cycle(masters_db, station, settings)

    view = IntegrationView(status)
    qtbot.addWidget(view)

    [conflict] = view.conflicts.rows
    assert (conflict.shop_order_no, conflict.file_name) == ("W6001", "b.txt")
    cells = [view.conflicts.index(0, c).data() for c in range(4)]
    assert "2 in the order, 5 in the file" in cells[3]


def test_retry_takes_the_fixed_file_and_clears_the_quarantine(
    masters_db: Database,
    station: Station,
    settings: Settings,
    status: IntegrationStatus,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    a_file_with_a_bad_order(tmp_path)
    run_cycle(masters_db, station, settings)
    view = IntegrationView(status)
    qtbot.addWidget(view)
    held = Path(view.quarantine.rows[0].errors_path)
    held.write_text(held.read_text().replace("NOPE-9", "21730"))
    view.quarantine_table.selectRow(0)

    with qtbot.waitSignal(view.message) as said:
        view.retry_button.click()

    ok, text = said.args
    assert ok and "imported" in text
    assert view.quarantine.rows == []
    assert not view.retry_button.isEnabled()


def test_retry_without_a_chosen_file_says_what_to_do(
    status: IntegrationStatus, qtbot: QtBot
) -> None:
    view = IntegrationView(status)
    qtbot.addWidget(view)

    with qtbot.waitSignal(view.message) as said:
        view.retry()

    assert said.args == [False, "Choose a file in quarantine first."]


def test_run_now_runs_a_cycle_off_the_screen_and_shows_it(
    status: IntegrationStatus, qtbot: QtBot
) -> None:
    view = IntegrationView(status)
    qtbot.addWidget(view)

    with qtbot.waitSignal(view.ran, timeout=60_000) as ran:
        view.run_button.click()

    assert [report.kind for report in ran.args[0]] == ["stock_full", "status"]
    assert [run.kind for run in view.runs.rows] == ["status", "stock_full"]
    assert view.run_button.isEnabled()


def test_the_station_has_a_web_shop_link_tab(
    masters_db: Database,
    station_window,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    window = station_window(masters_db)

    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]

    assert "Web shop link" in titles
    assert window.integration is not None
