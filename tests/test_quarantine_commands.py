"""Order files in quarantine listed and retried from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from station.cli import main
from tests.integrations.order_files import an_order, native_file
from warehouse_app.persistence.database import Database


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "config" / "warehouse-app"
    folder.mkdir(parents=True)
    (folder / "settings.toml").write_text(
        f"""
[channels.webshop]
inbox = "{tmp_path / "in"}"
errors = "{tmp_path / "errors"}"
archive = "{tmp_path / "archive"}"
outbox = "{tmp_path / "out"}"
profile = "native"
settle_seconds = 0.0
""",
        encoding="utf-8",
    )
    (tmp_path / "in").mkdir()
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


def _run(database: Database, env: dict[str, str], *words: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", database.url, *words], env=env)
    return result.exit_code, result.output


def test_a_file_held_by_a_bad_order_is_listed_fixed_and_retried(
    masters_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    good = an_order("W1001", [("71053", 1, "3.39")])
    native_file(
        tmp_path / "in" / "orders-1.txt",
        [good, an_order("W1002", [("NOSUCHPART", 1, "1.00")])],
    )

    code, said = _run(masters_db, env, "sync", "--once")
    assert code == 1
    assert "warehouse-app shop quarantined" in said

    code, said = _run(masters_db, env, "shop", "quarantined")
    assert code == 0, said
    assert "shop webshop  orders-1.txt  quarantined" in said
    assert "1 order taken, 1 held" in said
    assert "NOSUCHPART" in said
    assert "warehouse-app shop retry ID" in said
    assert f"in {tmp_path / 'errors' / 'orders-1.txt'}" in said
    file_id = said.split()[0].lstrip("#")

    # The person corrects the part number where the file lies, and retries.
    native_file(
        tmp_path / "errors" / "orders-1.txt",
        [good, an_order("W1002", [("71053", 1, "1.00")])],
    )
    code, said = _run(masters_db, env, "shop", "retry", file_id)
    assert code == 0, said
    assert "1 order created" in said

    code, said = _run(masters_db, env, "shop", "quarantined")
    assert said.strip() == "No order files are waiting in quarantine."


def test_retrying_a_file_that_is_not_there_says_how_to_find_one(
    masters_db: Database, env: dict[str, str]
) -> None:
    code, said = _run(masters_db, env, "shop", "retry", "99")

    assert code == 1
    assert "There is no order file #99" in said
    assert "warehouse-app shop quarantined" in said


def test_an_unknown_shop_is_refused_with_the_known_ones(
    masters_db: Database, env: dict[str, str]
) -> None:
    code, said = _run(masters_db, env, "shop", "quarantined", "webshp")

    assert code == 1
    assert "There is no channel 'webshp' in the settings (channels: webshop)" in said
