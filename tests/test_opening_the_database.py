"""Which database a command opens, and what it refuses to open.

A mistyped path, a file that is something else, a URL of the wrong kind or a
depot the database does not have are said in one sentence with what to do,
before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner, Result

import ui.main
from station.cli import main
from warehouse_app import sample_data
from warehouse_app.persistence.database import Database

SETTINGS = '[station]\ndepot = "MIAN"\n'
WRONG_DEPOT = (
    "The depot MIAN in [station] depot of {settings} is not one of this"
    " database's depots: MAIN, NORTH. Correct the settings file."
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


def settings_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "warehouse-app" / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(env: dict[str, str], *words: str) -> Result:
    return CliRunner().invoke(main, list(words), env=env)


def test_a_database_in_a_folder_that_is_not_there_is_refused_not_made(
    env: dict[str, str], tmp_path: Path
) -> None:
    share = tmp_path / "mnt" / "share"

    result = run(
        env,
        "--db",
        f"sqlite:///{share / 'warehouse.sqlite3'}",
        "import",
        "parts",
        str(sample_data.PARTS),
    )

    assert result.exit_code == 1
    assert (
        f"The folder {share} for the database does not exist. Check the path in"
        " --db or WAREHOUSE_DB (a share that is not mounted?), or create the folder."
    ) in result.output
    assert not share.exists()
    assert "Traceback" not in result.output


def test_the_default_database_folder_is_still_made(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = run(env, "api-key", "list")

    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "warehouse-app" / "warehouse.sqlite3").is_file()


def test_a_file_that_is_not_a_database_gets_one_line_not_a_trace(
    env: dict[str, str], tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is a spreadsheet, not a database\n" * 100)

    result = run(env, "--db", f"sqlite:///{garbage}", "api-key", "list")

    assert result.exit_code == 1
    assert (
        f"sqlite:///{garbage} is not a warehouse database (SQLite says: file is"
        " not a database). Check the path"
    ) in result.output
    assert "Traceback" not in result.output


def test_a_url_of_another_kind_of_database_says_which_are_supported(
    env: dict[str, str],
) -> None:
    result = run(env, "--db", "mysql://warehouse@server/warehouse", "api-key", "list")

    assert result.exit_code == 1
    assert "only sqlite:/// and postgresql:// URLs are supported" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "words",
    [
        ["import", "orders", str(sample_data.ORDERS)],
        ["sync", "--once"],
        ["print-queue"],
    ],
)
def test_a_mistyped_depot_is_refused_with_the_depots_of_the_database(
    env: dict[str, str], tmp_path: Path, masters_db: Database, words: list[str]
) -> None:
    settings = settings_file(tmp_path, SETTINGS)

    result = run(env, "--db", masters_db.url, *words)

    assert result.exit_code == 1
    assert WRONG_DEPOT.format(settings=settings) in result.output
    assert "Traceback" not in result.output


def test_the_web_service_does_not_start_on_a_mistyped_depot(
    env: dict[str, str],
    tmp_path: Path,
    masters_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = settings_file(tmp_path, SETTINGS)
    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: started.append(app))

    result = run(env, "--db", masters_db.url, "serve")

    assert result.exit_code == 1
    assert WRONG_DEPOT.format(settings=settings) in result.output
    assert started == []


def test_the_demo_refuses_a_mistyped_depot_before_taking_the_orders(
    env: dict[str, str], tmp_path: Path
) -> None:
    settings = settings_file(tmp_path, SETTINGS)

    result = run(
        env, "--db", f"sqlite:///{tmp_path / 'demo.sqlite3'}", "demo", "--no-gui"
    )

    assert result.exit_code == 1
    assert WRONG_DEPOT.format(settings=settings) in result.output
    assert "orders created" not in result.output


def test_a_fresh_database_without_depots_takes_any_depot(
    env: dict[str, str], tmp_path: Path
) -> None:
    settings_file(tmp_path, SETTINGS)

    result = run(env, "--db", f"sqlite:///{tmp_path / 'new.sqlite3'}", "print-queue")

    assert result.exit_code == 0, result.output
    assert "0 documents printed." in result.output


def test_the_app_shows_a_mistyped_depot_in_the_window_for_a_failed_start(
    env: dict[str, str],
    tmp_path: Path,
    masters_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = settings_file(tmp_path, SETTINGS)
    shown: list[str] = []
    monkeypatch.setattr(ui.main, "show_startup_failure", shown.append)
    monkeypatch.setattr(ui.main, "run_desktop", lambda window: 0)

    result = run(env, "--db", masters_db.url, "gui")

    assert result.exit_code == 1
    assert shown == [
        "The station cannot start: " + WRONG_DEPOT.format(settings=settings)
    ]
