"""Order files waiting in quarantine, for whoever runs the link without the app.

warehouse-app shop quarantined [SHOP]   # files in the errors folder, and why
warehouse-app shop retry ID             # take a fixed file again

The integration screen shows the same files with a Retry button; these are
for a server that runs `sync` or `serve` with no screen.
"""

from __future__ import annotations

import click

from station.opening import open_database
from warehouse_app.domain.words import plural
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.integration_status import (
    IntegrationStatus,
    QuarantinedFile,
)
from warehouse_app.services.station import Station
from warehouse_app.settings import load_settings


def _status(ctx: click.Context) -> IntegrationStatus:
    settings = load_settings()
    database = open_database(ctx.obj["db"], settings)
    station = Station.this_pc(settings.station.depot)
    return IntegrationStatus(database, station, settings)


def _heading(channel: str, waiting: QuarantinedFile) -> str:
    return (
        f"#{waiting.batch_file_id}  shop {channel}  {waiting.file_name}"
        f"  {waiting.status} {waiting.received_at:%Y-%m-%d %H:%M}:"
        f" {plural(waiting.orders_created, 'order')} taken,"
        f" {waiting.orders_quarantined} held"
    )


@click.command(name="quarantined")
@click.argument("shop_name", metavar="[SHOP]", required=False)
@click.pass_context
def quarantined(ctx: click.Context, shop_name: str | None) -> None:
    """List the order files waiting in quarantine, with what held them."""
    status = _status(ctx)
    try:
        channels = status.channels()
        if shop_name is not None and shop_name not in channels:
            raise click.ClickException(
                f"There is no channel {shop_name!r} in the settings (channels:"
                f" {', '.join(sorted(channels))}). Name one of these."
            )
        shown = 0
        for channel in [shop_name] if shop_name else channels:
            for waiting in status.quarantined(channel):
                shown += 1
                click.echo(_heading(channel, waiting))
                click.echo(f"    in {waiting.errors_path or 'the errors folder'}")
                for line in waiting.reason.splitlines():
                    click.echo(f"    {line}" if line else "")
    finally:
        status.database.dispose()
    if not shown:
        click.echo("No order files are waiting in quarantine.")
        return
    click.echo(
        f"{shown} waiting. Fix each file where it lies in the errors folder, then"
        " take it again with: warehouse-app shop retry ID",
        err=True,
    )


@click.command(name="retry")
@click.argument("batch_file_id", metavar="ID", type=int)
@click.pass_context
def retry(ctx: click.Context, batch_file_id: int) -> None:
    """Take quarantined order file ID (from `shop quarantined`) again, once fixed.

    Orders the first try took are recognised and not taken twice. Exits
    with 1 when orders of the file are still held.
    """
    status = _status(ctx)
    try:
        channel = status.channel_of(batch_file_id)
        if channel is None:
            raise click.ClickException(
                f"There is no order file #{batch_file_id}. List the files waiting"
                " with: warehouse-app shop quarantined"
            )
        outcome = status.retry_file(channel, batch_file_id)
    except WarehouseError as error:
        raise click.ClickException(str(error)) from error
    finally:
        status.database.dispose()
    click.echo(f"Retried {outcome.as_text()}.")
    if not outcome.ok:
        click.echo(
            "Some orders are still held: read the reason beside the file in the"
            " errors folder (or `warehouse-app shop quarantined`), fix it there and"
            " retry again.",
            err=True,
        )
        ctx.exit(1)
