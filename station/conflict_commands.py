"""Changed orders a shop sent again, for a person: listed and settled.

warehouse-app shop conflicts [SHOP]        # the changes waiting for a person
warehouse-app shop settle 12 [--by NAME]   # settled with the shop: off the list

A flagged change is never applied by the app (the order may already be
picked or invoiced); settling only takes it off the list. What was agreed
with the shop is done by hand.
"""

from __future__ import annotations

import click

from station.opening import open_database
from warehouse_app.persistence.database import Database
from warehouse_app.services.order_changes import FlaggedChange, open_changes, settle
from warehouse_app.services.station import Station

BY_HAND = (
    "The order itself was not changed. If the shop's change is to stand, make it"
    " by hand: before picking, cancel the order and have the shop send it again"
    " under a new order number; once picked, correct the advice note and the"
    " parcel by hand."
)


def _database(ctx: click.Context) -> Database:
    return open_database(ctx.obj["db"])


def _heading(change: FlaggedChange) -> str:
    advice = f" (advice note {change.advice_note})" if change.advice_note else ""
    return (
        f"#{change.id}  shop {change.channel}  order {change.shop_order_no}{advice}"
        f"  sent again in {change.file_name} on {change.at:%Y-%m-%d %H:%M}"
    )


@click.command(name="conflicts")
@click.argument("shop_name", metavar="[SHOP]", required=False)
@click.pass_context
def conflicts(ctx: click.Context, shop_name: str | None) -> None:
    """List the changed orders a shop sent again, waiting for a person."""
    database = _database(ctx)
    try:
        with database.reading() as session:
            waiting = open_changes(session, shop_name)
    finally:
        database.dispose()
    if not waiting:
        click.echo("No changed orders are waiting for a person.")
        return
    for change in waiting:
        click.echo(_heading(change))
        for difference in change.differences.splitlines():
            click.echo(f"    {difference}")
    click.echo(
        f"{len(waiting)} waiting. Settle each with the shop, then take it off the"
        " list with: warehouse-app shop settle ID",
        err=True,
    )


@click.command(name="settle")
@click.argument("conflict_id", metavar="ID", type=int)
@click.option("--by", default=None, help="Who settled it; default the logged-in user.")
@click.pass_context
def settle_conflict(ctx: click.Context, conflict_id: int, by: str | None) -> None:
    """Take changed order ID (from `shop conflicts`) off the list once settled."""
    database = _database(ctx)
    try:
        settled = settle(database, conflict_id, by or Station.this_pc().user)
    finally:
        database.dispose()
    when = f"{settled.settled_at:%Y-%m-%d %H:%M}" if settled.settled_at else ""
    click.echo(
        f"Changed order #{settled.id} (order {settled.shop_order_no} of shop"
        f" {settled.channel}) is settled, by {settled.settled_by} at {when}."
    )
    click.echo(BY_HAND, err=True)
