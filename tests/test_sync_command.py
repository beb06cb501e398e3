"""`warehouse-app sync` as cron or Task Scheduler would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from station.cli import main
from warehouse_app.persistence.database import Database
from warehouse_app.services.channel_lock import LOCK_NAME


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "WAREHOUSE_DB": "",
    }


def write_settings(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "config" / "warehouse-app"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(text, encoding="utf-8")


def shop_settings(tmp_path: Path, outbox: Path, extra: str = "") -> None:
    (tmp_path / "in").mkdir(exist_ok=True)
    write_settings(
        tmp_path,
        f"""
[channels.webshop]
inbox = "{tmp_path / "in"}"
errors = "{tmp_path / "errors"}"
archive = "{tmp_path / "archive"}"
outbox = "{outbox}"
out_encoding = "cp1252"
done_marker = true
{extra}
""",
    )


def test_sync_once_writes_the_stock_and_status_files(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    outbox = tmp_path / "out"
    shop_settings(tmp_path, outbox)

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once"], env=env
    )

    assert result.exit_code == 0, result.output
    assert "ok     webshop full stock file: 3,848 parts in stock-full-" in result.output
    assert "ok     webshop status file:" in result.output
    names = sorted(p.suffix for p in outbox.iterdir())
    assert names == [".done", ".done", ".txt", ".txt"]


def test_sync_once_reports_a_failure_with_what_to_do_and_exits_non_zero(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the outbox should be")
    shop_settings(tmp_path, blocked)

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once", "--json"], env=env
    )

    assert result.exit_code == 1
    runs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [run["ok"] for run in runs if run["kind"] != "import"] == [False, False]
    assert "Check that the outbox folder exists" in runs[-1]["message"]
    assert "runs failed" in result.stderr


def test_sync_once_after_a_failure_catches_up(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the outbox should be")
    shop_settings(tmp_path, blocked)
    CliRunner().invoke(main, ["--db", orders_db.url, "sync", "--once"], env=env)
    blocked.unlink()

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once", "--full"], env=env
    )

    assert result.exit_code == 0, result.output
    assert len(list(blocked.glob("stock-full-*.txt"))) == 1
    assert len(list(blocked.glob("status-*.txt"))) == 1


def test_without_channels_it_says_how_to_configure_one(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once"], env=env
    )

    assert result.exit_code == 0, result.output
    assert "No [channels.NAME] table in" in result.stderr
    outbox = tmp_path / "data" / "warehouse-app" / "shop" / "webshop" / "outbox"
    assert len(list(outbox.glob("stock-full-*.txt"))) == 1
    shutil.rmtree(outbox)


def test_an_unknown_channel_is_refused_with_the_known_ones(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    shop_settings(tmp_path, tmp_path / "out")

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once", "--channel", "trade"], env=env
    )

    assert result.exit_code == 1
    assert "There is no channel 'trade'" in result.output
    assert "channels: webshop" in result.output


def test_bad_settings_are_explained(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    shop_settings(tmp_path, tmp_path / "out", 'line_ending = "newline"')

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once"], env=env
    )

    assert result.exit_code == 1
    assert "is not a line ending" in result.output


def test_sync_explains_itself(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["sync", "--help"], env=env)

    assert result.exit_code == 0
    assert "--once" in result.output and "Ctrl+C" in result.output


def test_a_channel_another_process_is_running_is_left_to_it(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    outbox = tmp_path / "out"
    shop_settings(tmp_path, outbox)
    lock = tmp_path / "in" / LOCK_NAME
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock;"
            f" held = FileLock({str(lock)!r}); held.acquire(); print('held', flush=True);"
            " time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = CliRunner().invoke(
            main, ["--db", orders_db.url, "sync", "--once"], env=env
        )
        written_meanwhile = list(outbox.glob("*.txt"))
    finally:
        holder.kill()
        holder.communicate()
    free = CliRunner().invoke(main, ["--db", orders_db.url, "sync", "--once"], env=env)

    assert busy.exit_code == 0, busy.output
    assert "busy   webshop order import: another run of this channel" in busy.output
    assert written_meanwhile == []
    # The lock went with the process that held it.
    assert free.exit_code == 0, free.output
    assert "ok     webshop full stock file" in free.output


def test_an_inbox_on_a_share_that_is_not_mounted_is_not_made_and_the_import_fails(
    orders_db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    share = tmp_path / "mnt" / "share"
    write_settings(
        tmp_path,
        f"""
[channels.webshop]
inbox = "{share / "in"}"
outbox = "{tmp_path / "out"}"
""",
    )

    result = CliRunner().invoke(
        main, ["--db", orders_db.url, "sync", "--once"], env=env
    )

    assert result.exit_code == 1
    assert (
        f"FAILED webshop order import: The order import of channel webshop failed:"
        f" The inbox folder {share / 'in'} of channel webshop does not exist, so no"
        " orders were taken. Is the share mounted?"
    ) in result.output
    assert not share.exists()
    assert "ok     webshop full stock file" in result.output
