"""The `warehouse-app` command as a dealer's IT person would use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from station.cli import main
from tests.services.helpers import order_row, orders_file
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part, WebOrder
from warehouse_app.services import order_import


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["demo"],
        ["import"],
        ["import", "orders"],
        ["import", "stock"],
        ["print-queue"],
        ["check"],
        ["gui"],
    ],
)
def test_every_command_explains_itself(words: list[str], env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, [*words, "--help"], env=env)

    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_demo_builds_a_database_from_the_shipped_sample_data(
    env: dict[str, str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"

    result = CliRunner().invoke(
        main, ["--db", url, "demo", "--no-gui", "--no-orders"], env=env
    )

    assert result.exit_code == 0, result.output
    database = Database(url)
    with database.reading() as session:
        assert session.scalar(select(func.count(Part.part_number))) == 3848
        assert session.scalar(select(func.count(WebOrder.id))) == 0
    database.dispose()


def test_a_file_that_is_not_an_order_file_gets_a_message_not_a_trace(
    env: dict[str, str], tmp_path: Path, masters_db: Database
) -> None:
    file = tmp_path / "stock.csv"
    file.write_text("depot,part_number\nMAIN,71053\n", encoding="utf-8")

    result = CliRunner().invoke(
        main, ["--db", masters_db.url, "import", "orders", str(file)], env=env
    )

    assert result.exit_code == 1
    assert "stock.csv line 1: the header lacks InvoiceNo" in result.output
    assert "Traceback" not in result.output


def test_import_orders_takes_as_many_orders_a_transaction_as_its_channel_says(
    env: dict[str, str],
    tmp_path: Path,
    masters_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = tmp_path / "config" / "warehouse-app" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        "[channels.webshop]\norders_per_transaction = 2\n", encoding="utf-8"
    )
    batches: list[int] = []
    real_receive = order_import.receive_in_bulk

    def noting_each_batch(*args: Any, **kwargs: Any) -> list[int]:
        batches.append(len(args[2]))
        return real_receive(*args, **kwargs)

    monkeypatch.setattr(order_import, "receive_in_bulk", noting_each_batch)
    file = orders_file(tmp_path, *(order_row(f"70000{n}") for n in range(1, 6)))

    result = CliRunner().invoke(
        main,
        ["--db", masters_db.url, "import", "orders", str(file), "--no-print"],
        env=env,
    )

    assert result.exit_code == 0, result.output
    assert batches == [2, 2, 1]


def test_demo_will_not_load_sample_data_over_a_database_in_use(
    env: dict[str, str], orders_db: Database
) -> None:
    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "demo", "--no-gui"], env=env
    )

    assert result.exit_code == 1
    assert "already holds 3848 parts and 1072 orders" in result.output
    assert "--replace" in result.output


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("nonsense", "That is not a database URL"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/x", "The database cannot be used"),
    ],
)
def test_a_bad_database_url_gets_a_sentence_not_a_trace(
    env: dict[str, str], url: str, words: str
) -> None:
    result = CliRunner().invoke(main, ["--db", url, "print-queue"], env=env)

    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output
