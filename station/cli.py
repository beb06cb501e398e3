"""The `warehouse-app` command."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from station.check_command import check
from station.compose import build, build_window
from station.conflict_commands import conflicts, settle_conflict
from station.import_runs import import_run_command, rejections_text
from station.opening import check_depot, open_database
from station.quarantine_commands import quarantined, retry
from station.serve_command import api_key, serve, shop
from station.sync_command import sync
from warehouse_app import sample_data
from warehouse_app.integrations.csv_rows import InputFileError
from warehouse_app.persistence.database import Database, DatabaseUnusable
from warehouse_app.persistence.tables import Part, WebOrder
from warehouse_app.services import masters
from warehouse_app.services.demo import build_demo
from warehouse_app.services.errors import WarehouseError, first_words
from warehouse_app.services.order_import import import_orders
from warehouse_app.services.station import Station
from warehouse_app.settings import load_settings

log = logging.getLogger("warehouse.app")

DB_HELP = (
    "Database URL (sqlite:///file or postgresql+psycopg://...); default"
    " $WAREHOUSE_DB, else the embedded SQLite file in your data folder."
)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


class WarehouseGroup(click.Group):
    """Turns known failures into a sentence for the person, never a trace."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ArgumentError as error:
            raise click.ClickException(
                f"That is not a database URL: {first_words(error)}. Give --db (or"
                " WAREHOUSE_DB) like sqlite:////full/path.sqlite3 or"
                " postgresql+psycopg://user@server/warehouse."
            ) from error
        except (OperationalError, InterfaceError) as error:
            raise click.ClickException(
                f"The database cannot be used: {first_words(error)}. Check that the"
                " server runs and answers, that the URL in --db or WAREHOUSE_DB is"
                " right, and that this user may write the file or database."
            ) from error
        except (WarehouseError, DatabaseUnusable, ValueError) as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=WarehouseGroup, invoke_without_command=True)
@click.option("--db", "db", default=None, help=DB_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages too.")
@click.pass_context
def main(ctx: click.Context, db: str | None, verbose: bool) -> None:
    """Parts department warehouse station: web orders, picking, packing, invoices.

    With no command, opens the desktop app on the default database.
    """
    _setup_logging(verbose)
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command()
@click.pass_context
def gui(ctx: click.Context) -> None:
    """Open the desktop app."""
    from ui.main import qt_application, run_desktop, show_startup_failure

    qt_application()
    try:
        application = build(ctx.obj["db"])
    except click.ClickException as error:
        show_startup_failure(error.format_message())
        raise
    except Exception as error:
        # Started from a desktop shortcut there is no terminal: say it in a window.
        show_startup_failure(f"The station cannot start: {first_words(error)}")
        raise
    sys.exit(run_desktop(build_window(application)))


@main.command()
@click.option("--no-gui", is_flag=True, help="Build the database and stop.")
@click.option("--no-orders", is_flag=True, help="Load the masters only.")
@click.option(
    "--replace",
    is_flag=True,
    help="Load the sample data even into a --db that already holds data.",
)
@click.pass_context
def demo(ctx: click.Context, no_gui: bool, no_orders: bool, replace: bool) -> None:
    """Build a fresh demo database from the shipped sample data and open the app.

    Without --db, the demo database is demo.sqlite3 in your data folder; an
    existing demo database is replaced.
    """
    url = ctx.obj["db"]
    if url is None:
        from warehouse_app.persistence.database import default_url

        path = Path(default_url().removeprefix("sqlite:///")).with_name("demo.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    database = open_database(url)
    held = _data_held(database)
    if held and not replace:
        raise click.ClickException(
            f"The database at {database.safe_url} already holds {held}. The demo"
            " loads the sample data into a fresh database: give a new --db, or add"
            " --replace to load it into this one anyway."
        )
    settings = load_settings()
    station = Station.this_pc(settings.station.depot)
    click.echo(f"Building the demo database at {database.safe_url} ...", err=True)
    reports, _ = build_demo(database, station, with_orders=False)
    check_depot(database, settings)
    orders = None if no_orders else import_orders(database, station, sample_data.ORDERS)
    for report in reports:
        click.echo(
            report.as_text().splitlines()[1].strip() + f" ({report.kind})", err=True
        )
    if orders:
        click.echo(orders.as_text(), err=True)
    application = build(url)
    printed = application.printer.run_once(limit=10_000)
    click.echo(
        f"{printed} documents printed to"
        f" {application.settings.station.print_folder_path()}",
        err=True,
    )
    if not no_gui:
        from ui.main import qt_application, run_desktop

        qt_application()
        sys.exit(run_desktop(build_window(application)))


def _data_held(database: Database) -> str:
    """'N parts and M orders' when the database has data, else ''."""
    if not inspect(database.engine).has_table("part"):
        return ""
    with database.reading() as session:
        parts = session.scalar(select(func.count(Part.part_number))) or 0
        orders = session.scalar(select(func.count(WebOrder.id))) or 0
    return f"{parts} parts and {orders} orders" if parts or orders else ""


@main.group(name="import")
def import_group() -> None:
    """Load orders or master data from files."""


@import_group.command(name="orders")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    default="online-retail",
    show_default=True,
    help="The layout of the shop's file.",
)
@click.option("--channel", default=None, help="Shop channel the orders come from.")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "cp1252"]),
    default="utf-8",
    show_default=True,
    help="How the file is written: UTF-8 (with or without BOM) or Windows-1252.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as one JSON object."
)
@click.option(
    "--no-print",
    is_flag=True,
    help="Queue the pick documents without printing them now.",
)
@click.pass_context
def import_orders_command(
    ctx: click.Context,
    file: Path,
    profile: str,
    channel: str | None,
    encoding: str,
    as_json: bool,
    no_print: bool,
) -> None:
    """Import a web shop order file and print the import report."""
    application = build(ctx.obj["db"])
    station_settings = application.settings.station
    channel = channel or station_settings.channel
    # A channel set up for the batch link says how many orders go in a
    # transaction; the file is then taken as the link would take it.
    set_up = application.settings.channels.get(channel)
    try:
        report = import_orders(
            application.database,
            application.station,
            file,
            profile,
            channel,
            station_settings.part_ship,
            encoding,
            set_up.orders_per_transaction if set_up else None,
        )
    except (InputFileError, ValueError, WarehouseError) as error:
        raise click.ClickException(str(error)) from error
    if not no_print:
        application.printer.run_once(limit=100_000)
    click.echo(json.dumps(report.as_dict()) if as_json else report.as_text())
    if not as_json and report.rejections:
        click.echo(rejections_text(report, ctx.obj["db"] is not None))
    if not report.balanced:
        sys.exit(2)


def _master_command(kind: str) -> click.Command:
    @click.command(
        name=kind, help=f"Load {kind} from a CSV file (see docs/data-files.md)."
    )
    @click.argument(
        "file", type=click.Path(exists=True, dir_okay=False, path_type=Path)
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.pass_context
    def command(ctx: click.Context, file: Path, as_json: bool) -> None:
        database = open_database(ctx.obj["db"])
        try:
            if kind == "stock":
                report = masters.import_stock(
                    database, file, Station.this_pc(load_settings().station.depot)
                )
            else:
                report = getattr(masters, f"import_{kind}")(database, file)
        except InputFileError as error:
            raise click.ClickException(str(error)) from error
        click.echo(json.dumps(report.as_dict()) if as_json else report.as_text())

    return command


for _kind in ("parts", "barcodes", "stock", "customers"):
    import_group.add_command(_master_command(_kind))


main.add_command(check)
main.add_command(import_run_command)
main.add_command(sync)
main.add_command(serve)
main.add_command(api_key)
main.add_command(shop)
shop.add_command(conflicts)
shop.add_command(settle_conflict)
shop.add_command(quarantined)
shop.add_command(retry)


@main.command(name="print-queue")
@click.pass_context
def print_queue_command(ctx: click.Context) -> None:
    """Send every queued document to its printer now."""
    application = build(ctx.obj["db"])
    count = application.printer.run_once(limit=100_000)
    click.echo(f"{count} documents printed.")
