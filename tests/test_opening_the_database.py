"""Which database a command opens, and what it refuses to open.

A mistyped path, a file that is something else or a URL of the wrong kind
are said in one sentence with what to do, before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from station.cli import main
from warehouse_app import sample_data


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


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


def test_check_on_a_new_path_creates_the_schema_and_finds_it_consistent(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "new.sqlite3"

    result = run(env, "--db", f"sqlite:///{path}", "check")

    assert result.exit_code == 0, result.output
    assert "Stock ledger reconciles: 0 part-depots checked" in result.output
