"""`warehouse-app sync`: the web shop batch link, once or on schedule."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from station.opening import open_database
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.station import Station
from warehouse_app.services.sync_cycle import RunReport, channels_of, run_cycle
from warehouse_app.services.sync_loop import SyncLoop
from warehouse_app.settings import Settings, load_settings, settings_path


def _only(settings: Settings, channel: str | None) -> Settings:
    if channel is None:
        return settings
    channels = channels_of(settings)
    if channel not in channels:
        raise WarehouseError(
            f"There is no channel {channel!r} in the settings (channels:"
            f" {', '.join(sorted(channels))}). Add a [channels.{channel}] table to"
            f" {settings_path()}, or choose one of these."
        )
    return replace(settings, channels={channel: channels[channel]})


def _where(settings: Settings) -> str:
    lines = []
    for name, channel in channels_of(settings).items():
        lines.append(
            f"Channel {name}: orders from {channel.folder(name, 'inbox')},"
            f" files to {channel.folder(name, 'outbox')}"
        )
    if not settings.channels:
        lines.append(
            f"No [channels.NAME] table in {settings_path()}: the station's channel"
            f" {settings.station.channel!r} runs with the default folders. To choose"
            " folders, layout and times, add a table such as [channels.webshop]"
            ' with outbox = "/srv/shop/out" (see docs/stock-and-status-files.md).'
        )
    return "\n".join(lines)


def _show(report: RunReport, as_json: bool) -> None:
    click.echo(json.dumps(report.as_dict()) if as_json else report.as_text())


@click.command()
@click.option(
    "--once",
    is_flag=True,
    help="Run one cycle (import, stock, status) and stop: for cron or Task Scheduler.",
)
@click.option("--channel", default=None, help="Only this shop channel.")
@click.option(
    "--full",
    is_flag=True,
    help="With --once: write the full stock file now, whatever the schedule.",
)
@click.option("--json", "as_json", is_flag=True, help="Print each run as JSON.")
@click.pass_context
def sync(
    ctx: click.Context, once: bool, channel: str | None, full: bool, as_json: bool
) -> None:
    """Exchange files with the web shop: orders in, stock and status files out.

    With --once, runs one cycle for each channel and exits with 1 when a run
    failed (the message says what to do). Without it, runs on the schedule of
    each channel (full stock file daily, deltas and status files every few
    minutes) until Ctrl+C.
    """
    if full and not once:
        raise click.UsageError("--full goes with --once.")
    settings = _only(load_settings(), channel)
    # Beside the stations on one file: SQLite's log is copied on a thread.
    database = open_database(ctx.obj["db"], settings, background_checkpoints=True)
    station = Station.this_pc(settings.station.depot)
    click.echo(_where(settings), err=True)
    try:
        if once:
            reports = run_cycle(database, station, settings, full=full)
            for report in reports:
                _show(report, as_json)
            failed = [report for report in reports if not report.ok]
            if failed:
                click.echo(
                    f"{len(failed)} of {len(reports)} runs failed; see above. A"
                    " failed stock or status file is written by the next run once"
                    " its cause is put right. An order file in quarantine waits"
                    " for a person: see `warehouse-app shop quarantined`, fix the"
                    " file and take it again with `warehouse-app shop retry ID`.",
                    err=True,
                )
                ctx.exit(1)
            return
        loop = SyncLoop(
            database, station, settings, lambda report: _show(report, as_json)
        )
        click.echo("Running on schedule; press Ctrl+C to stop.", err=True)
        try:
            loop.run()
        except KeyboardInterrupt:
            loop.stop()
            click.echo("Stopped.", err=True)
    finally:
        database.dispose()
