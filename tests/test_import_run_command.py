"""Every row an import refused can be read back, however many there were."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from station.cli import main
from tests.services.helpers import order_row, orders_file
from warehouse_app.persistence.database import Database


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


def unknown_parts(tmp_path: Path, count: int) -> Path:
    rows = [order_row(str(700001 + n), part=f"NOPE-{n}") for n in range(count)]
    return orders_file(tmp_path, *rows)


def run(database: Database, env: dict[str, str], *words: str) -> str:
    result = CliRunner().invoke(main, ["--db", database.url, *words], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_an_import_says_how_many_rows_it_did_not_show_and_where_they_are(
    masters_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    output = run(
        masters_db,
        env,
        "import",
        "orders",
        str(unknown_parts(tmp_path, 25)),
        "--no-print",
    )

    assert output.count("is not in the parts master") == 20
    assert "… and 5 more rows to correct, not shown." in output
    found = re.search(r"kept in import run (\d+): list them with `(.+?)`", output)
    assert found is not None
    assert found.group(2) == f"warehouse-app --db ... import-run {found.group(1)}"

    every = run(masters_db, env, "import-run", found.group(1))

    assert every.count("is not in the parts master") == 25
    assert "25 rows refused" in every.splitlines()[0]


def test_the_rows_of_a_run_can_be_read_for_one_reason_and_as_json(
    masters_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    file = orders_file(
        tmp_path,
        order_row("700001", part="NOPE"),
        order_row("700001"),
        order_row("700002", price="2.555555"),
    )
    run(masters_db, env, "import", "orders", str(file), "--no-print")
    [listed] = run(masters_db, env, "import-run").splitlines()[:1]
    run_id = listed.split()[0]

    rows = run(masters_db, env, "import-run", run_id, "--reason", "order held")
    as_json = run(masters_db, env, "import-run", run_id, "--json")

    assert [line for line in rows.splitlines()[1:]] == [
        "  orders.csv line 3: order 700001 is held because line 2 of it was"
        " rejected (unknown part). Fix that line and import the order again."
    ]
    assert [json.loads(line)["reason"] for line in as_json.splitlines()] == [
        "unknown part",
        "order held",
        "bad field",
    ]


def test_a_run_that_is_not_there_says_how_to_find_one(
    masters_db: Database, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(
        main, ["--db", masters_db.url, "import-run", "999"], env=env
    )

    assert result.exit_code == 1
    assert "There is no import run 999" in result.output
    assert "Traceback" not in result.output
