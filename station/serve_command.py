"""`warehouse-app serve` and the commands that manage the web shops' access.

warehouse-app serve                       # the web service, one process
warehouse-app api-key create webshop --label "live shop"
warehouse-app api-key list
warehouse-app api-key revoke k3m9x2p7qa
warehouse-app shop callback webshop https://shop.example.com/hooks/warehouse
"""

from __future__ import annotations

import logging

import click

from station.opening import open_database
from warehouse_app.persistence.database import Database
from warehouse_app.services import api_keys, callbacks
from warehouse_app.services.station import Station
from warehouse_app.services.sync_loop import SyncLoop
from warehouse_app.settings import Settings, load_settings

log = logging.getLogger("warehouse.web")


def _database(ctx: click.Context) -> Database:
    return open_database(ctx.obj["db"])


def _batch_link(database: Database, settings: Settings) -> SyncLoop | None:
    """The batch link's schedule (warehouse-app sync), when it is switched on.

    `[service] run_batch_link` decides.
    """
    if not settings.service.run_batch_link:
        return None
    station = Station.this_pc(settings.station.depot)
    return SyncLoop(database, station, settings)


@click.command()
@click.option(
    "--host", default=None, help="Address to listen on; default [service] host."
)
@click.option("--port", default=None, type=int, help="Port; default [service] port.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Run the web service for the web shops (and the batch link's schedule)."""
    import uvicorn

    from webservice.app import create_app

    settings = load_settings()
    # Beside the stations on one file: SQLite's log is copied on a thread.
    database = open_database(ctx.obj["db"], settings, background_checkpoints=True)
    app = create_app(database, settings)
    batch = _batch_link(database, settings)
    if batch is not None:
        batch.start()
        log.info("batch link schedule started beside the web service")
    try:
        uvicorn.run(
            app,
            host=host or settings.service.host,
            port=port or settings.service.port,
            log_config=None,
            access_log=False,
            proxy_headers=False,
        )
    finally:
        if batch is not None:
            batch.stop()
        database.dispose()


@click.group(name="api-key")
def api_key() -> None:
    """Make, list and revoke the web shops' API keys."""


@api_key.command(name="create")
@click.argument("shop")
@click.option("--label", default="", help="What the key is for, e.g. 'live shop'.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(api_keys.SCOPES),
    help="Allow only this kind of call (repeat for more); default all.",
)
@click.pass_context
def create_key(
    ctx: click.Context, shop: str, label: str, scopes: tuple[str, ...]
) -> None:
    """Make a key for SHOP (a channel name) and print it once."""
    made = api_keys.create(_database(ctx), shop, label, scopes)
    click.echo(made.key)
    click.echo(
        f"Key whk_{made.prefix} for shop {made.channel} ({' '.join(made.scopes)})."
        " This is the only time the key is shown: give it to the shop now.",
        err=True,
    )


@api_key.command(name="revoke")
@click.argument("prefix")
@click.pass_context
def revoke_key(ctx: click.Context, prefix: str) -> None:
    """Revoke the key that starts with PREFIX (as `api-key list` shows it)."""
    listing = api_keys.revoke(_database(ctx), prefix)
    click.echo(f"Key whk_{listing.prefix} of shop {listing.channel} is revoked.")


@api_key.command(name="list")
@click.pass_context
def list_keys(ctx: click.Context) -> None:
    """List the keys: prefix, shop, scopes, made, revoked."""
    for key in api_keys.list_keys(_database(ctx)):
        revoked = (
            f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "live"
        )
        click.echo(
            f"whk_{key.prefix}  {key.channel:<16} {' '.join(key.scopes):<40}"
            f" made {key.created_at:%Y-%m-%d %H:%M}  {revoked}  {key.label}"
        )


@click.group(name="shop")
def shop() -> None:
    """A web shop's settings kept in the database, and its changed orders."""


@shop.command(name="callback")
@click.argument("shop_name", metavar="SHOP")
@click.argument("url")
@click.option("--secret", default=None, help="Signing secret; default a random one.")
@click.pass_context
def callback(ctx: click.Context, shop_name: str, url: str, secret: str | None) -> None:
    """Push SHOP's order progress to URL, signed; prints the signing secret."""
    made = callbacks.set_callback(_database(ctx), shop_name, url, secret)
    click.echo(made.secret)
    click.echo(
        f"Order progress of shop {made.channel} goes to {made.url} from now on,"
        " signed with the secret above (HMAC-SHA256; see docs/web-service.md).",
        err=True,
    )
