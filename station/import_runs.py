"""Order imports read back from the command line, every refused row included.

warehouse-app import-run                           # the recent imports
warehouse-app import-run 12                        # every row run 12 refused
warehouse-app import-run 12 --reason "unknown part"

`import orders` shows the first rows to correct and names its run; the run
keeps every row, however many, in the database (import_run, rejected_row).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from station.opening import open_database
from warehouse_app.domain.words import plural
from warehouse_app.integrations.incoming import ImportReport
from warehouse_app.persistence.database import Database
from warehouse_app.services.import_runs import (
    import_run,
    recent_runs,
    refused_rows,
)
from warehouse_app.services.quarantine import to_fix

# Rows to correct that `import orders` shows beneath its report.
SHOWN = 20


def rejections_text(report: ImportReport, db_given: bool = False) -> str:
    """The first rows to correct, and where to read every refused row."""
    fix = to_fix(report.rejections)
    out = [f"  {rejection.message}" for rejection in fix[:SHOWN]]
    if not report.rejections or report.import_run_id is None:
        return "\n".join(out)
    hidden = len(fix) - SHOWN
    if hidden > 0:
        out.append(f"  … and {plural(hidden, 'more row')} to correct, not shown.")
    run = report.import_run_id
    db = " --db ..." if db_given else ""
    out.append(
        f"  Every row this import refused ({plural(report.rows_rejected, 'row')})"
        f" is kept in import run {run}: list them with"
        f" `warehouse-app{db} import-run {run}`."
    )
    return "\n".join(out)


@click.command(name="import-run")
@click.argument("run_id", metavar="[RUN]", type=int, required=False)
@click.option(
    "--reason",
    default=None,
    help='Only the rows refused for this reason, e.g. "unknown part".',
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row.")
@click.pass_context
def import_run_command(
    ctx: click.Context, run_id: int | None, reason: str | None, as_json: bool
) -> None:
    """List the recent order imports, or every row one of them refused."""
    database = open_database(ctx.obj["db"])
    try:
        if run_id is None:
            _list_runs(database)
            return
        run = import_run(database, run_id)
        rows = refused_rows(database, run_id, reason)
    finally:
        database.dispose()
    if as_json:
        for row in rows:
            click.echo(json.dumps(asdict(row)))
        return
    click.echo(
        f"Import run {run.id}: {run.file_name} (profile {run.profile}),"
        f" {run.at:%Y-%m-%d %H:%M}: {plural(run.rows_read, 'row')} read,"
        f" {plural(run.orders_created, 'order')} created,"
        f" {plural(run.rows_rejected, 'row')} refused."
    )
    if reason and not rows:
        click.echo(f"  No row was refused as {reason!r}.")
    for row in rows:
        click.echo(f"  {row.message}")


def _list_runs(database: Database) -> None:
    runs = recent_runs(database)
    if not runs:
        click.echo("No order file has been imported into this database yet.")
        return
    for run in runs:
        click.echo(
            f"{run.id:>6}  {run.at:%Y-%m-%d %H:%M}  {run.file_name}"
            f"  {plural(run.orders_created, 'order')} created,"
            f" {plural(run.rows_rejected, 'row')} refused"
        )
    click.echo("`warehouse-app import-run RUN` lists every row that run refused.")
