"""`warehouse-app check`: does the stock ledger reconcile?"""

from __future__ import annotations

import click
from sqlalchemy.exc import SQLAlchemyError

from station.opening import open_database
from warehouse_app.services.reconcile import (
    Difference,
    part_depots,
    reconcile,
)
from warehouse_app.services.reconcile import repair_groups as reconcile_groups
from warehouse_app.services.reconcile import repair_search as rebuild_search

HEADINGS = ("part", "depot", "check", "recorded", "expected", "detail")


@click.command()
@click.option(
    "--repair-groups",
    is_flag=True,
    help="First count the totals per product group again.",
)
@click.option(
    "--repair-search",
    is_flag=True,
    help="First build the index of description words again (SQLite).",
)
@click.pass_context
def check(ctx: click.Context, repair_groups: bool, repair_search: bool) -> None:
    """Check that on hand and allocated agree with the stock ledger.

    For every part at every depot: on hand against the sum of its movements,
    allocated against the allocation events and the open order lines. Prints
    each difference by part and depot, and exits with 1 when there is any.
    The totals per product group are checked against a fresh count too, and
    on SQLite the index of description words against the parts. Like every
    command, it creates or upgrades the schema first: a new database is an
    empty one, and an empty ledger reconciles.
    """
    database = open_database(ctx.obj["db"])
    try:
        if repair_groups:
            reconcile_groups(database)
            click.echo("Totals per product group counted again.")
        if repair_search:
            rebuild_search(database)
            click.echo("Index of description words built again.")
        differences = reconcile(database)
        checked = part_depots(database)
    except SQLAlchemyError as error:
        raise click.ClickException(
            f"Could not read the stock ledger in {database.safe_url}: {error.args[0]}."
            " Check the --db address and that the database server answers."
        ) from error
    finally:
        database.dispose()
    if not differences:
        click.echo(f"Stock ledger reconciles: {checked} part-depots checked")
        return
    click.echo(_table(differences))
    click.echo(
        f"{len(differences)} differences in {checked} part-depots checked. Nothing"
        " was changed; correct stock with a stock check or a reversal, and"
        " report allocation differences as a bug."
    )
    ctx.exit(1)


def _table(differences: list[Difference]) -> str:
    rows = [HEADINGS] + [
        (d.part_number, d.depot, d.check, str(d.recorded), str(d.expected), d.detail)
        for d in differences
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    numeric = {3, 4}
    lines = [
        "  ".join(
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
