"""The commands the parts department uses to let a shop in, and to serve it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from station import serve_command
from station.cli import main
from station.serve_command import _batch_link
from tests.webservice.conftest import serving, settings_for
from warehouse_app.link_settings import ServiceSettings
from warehouse_app.persistence.database import Database
from warehouse_app.services.callbacks import FEED
from warehouse_app.settings import Settings


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def run(database: Database, env: dict[str, str], *words: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["--db", database.url, *words], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_a_key_is_shown_once_listed_by_prefix_and_revoked(
    masters_db: Database, env: dict[str, str]
) -> None:
    key, told = run(masters_db, env, "api-key", "create", "webshop", "--label", "live")
    key = key.strip()
    prefix = key.split("_")[1]
    listed, _ = run(masters_db, env, "api-key", "list")
    with serving(masters_db, settings_for()) as running:
        with running.client(key) as client:
            before = client.get("/api/v1/stock/71053").status_code
        run(masters_db, env, "api-key", "revoke", f"whk_{prefix}")
        with running.client(key) as client:
            after = client.get("/api/v1/stock/71053").status_code

    assert key.startswith(f"whk_{prefix}_") and "only time" in told
    assert f"whk_{prefix}" in listed and "live" in listed and key not in listed
    assert (before, after) == (200, 401)


def test_a_key_made_for_stock_only_may_not_send_orders(
    masters_db: Database, env: dict[str, str]
) -> None:
    key, _ = run(
        masters_db, env, "api-key", "create", "webshop", "--scope", "stock:read"
    )
    with serving(masters_db) as running, running.client(key.strip()) as client:
        answer = client.post(
            "/api/v1/orders", json={}, headers={"Idempotency-Key": "x"}
        )

    assert answer.status_code == 403


def test_revoking_a_prefix_there_is_not_says_where_to_look(
    masters_db: Database, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(
        main, ["--db", masters_db.url, "api-key", "revoke", "whk_nothing99"], env=env
    )

    assert result.exit_code != 0
    assert "api-key list" in result.output


def test_a_callback_is_set_with_a_random_secret_unless_given(
    masters_db: Database, env: dict[str, str]
) -> None:
    url = "https://shop.example.com/hooks/warehouse"
    made, _ = run(masters_db, env, "shop", "callback", "webshop", url)
    given, _ = run(
        masters_db, env, "shop", "callback", "webshop", url, "--secret", "s" * 20
    )

    assert len(made.strip()) >= 32
    assert given.strip() == "s" * 20
    with masters_db.reading() as session:
        from warehouse_app.persistence.tables import FeedCursor, ShopCallback

        assert session.get(ShopCallback, "webshop").secret == "s" * 20  # type: ignore[union-attr]
        assert session.get(FeedCursor, ("webshop", FEED)) is not None


def test_a_callback_address_that_is_not_a_web_address_is_refused(
    masters_db: Database, env: dict[str, str]
) -> None:
    result = CliRunner().invoke(
        main,
        ["--db", masters_db.url, "shop", "callback", "webshop", "shop.example.com"],
        env=env,
    )

    assert result.exit_code != 0
    assert "not a web address" in result.output


def test_serve_explains_itself(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["serve", "--help"], env=env)

    assert result.exit_code == 0
    assert "web service" in result.output


def test_the_batch_schedule_starts_with_the_service_only_when_switched_on(
    masters_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[object, ...]] = []

    class SyncLoop:
        def __init__(
            self, database: Database, station: object, settings: Settings
        ) -> None:
            made.append((database, settings))

    monkeypatch.setattr(serve_command, "SyncLoop", SyncLoop)
    on = Settings(service=ServiceSettings(run_batch_link=True))
    off = Settings(service=ServiceSettings(run_batch_link=False))

    assert isinstance(_batch_link(masters_db, on), SyncLoop)
    assert _batch_link(masters_db, off) is None
    assert made == [(masters_db, on)]


def test_health_answers_while_serving(masters_db: Database) -> None:
    with serving(masters_db) as running:
        assert httpx.get(f"{running.url}/health").json()["status"] == "ok"


def test_serve_builds_the_real_batch_schedule(masters_db: Database) -> None:
    from warehouse_app.services.sync_loop import SyncLoop

    loop = _batch_link(masters_db, Settings(service=ServiceSettings()))

    assert isinstance(loop, SyncLoop)
