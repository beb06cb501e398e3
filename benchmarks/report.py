"""The results page, docs/benchmarks.md, written from one run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from benchmarks.scales import Scale
from benchmarks.timing import Row

COMMAND = ".venv/bin/python -m benchmarks.run"
HEADINGS = (
    "workload",
    "target",
    "measured (median)",
    "p99",
    "reference, same run",
    "ratio",
    "result",
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def write_report(
    path: Path,
    rows: list[Row],
    scale: Scale,
    machine: list[tuple[str, str]],
    quick: bool,
    minutes: float,
) -> None:
    misses = [row for row in rows if row.result == "MISS"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {datetime.now():%Y-%m-%d %H:%M} by `{COMMAND}"
        f"{' --quick' if quick else ''}`, which took {minutes:.0f} minutes.",
        "",
        f"Scale: **{scale.name}**, {scale.parts:,} parts at 2 depots,"
        f" {scale.orders:,} orders, {scale.movements:,} stock movements"
        f" (seed {scale.seed}), generated from the sample data by"
        " `benchmarks/generate.py` into an SQLite file (the generation is"
        " not timed).",
        "",
        "Every time is a median over repeats, beside its reference measured in"
        " the same run; ratio is measured time over reference time. A target"
        " that is missed is written as a miss.",
        "",
        "| " + " | ".join(HEADINGS) + " |",
        "| " + " | ".join("---" for _ in HEADINGS) + " |",
    ]
    for row in rows:
        result = f"**{row.result}**" if row.result == "MISS" else row.result
        cells = (
            row.workload,
            row.target,
            row.measured,
            row.p99,
            row.reference,
            row.ratio,
            result,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines += [
        "",
        f"{len(misses)} of {sum(1 for r in rows if r.result in ('PASS', 'MISS'))}"
        " measured targets missed.",
        "",
        "## How each row is measured",
        "",
    ]
    for row in rows:
        if row.notes:
            lines.append(f"- **{row.workload}**: {' '.join(row.notes)}")
    lines += [
        "- Service-level work runs in one Python process on a copy of the"
        " generated database, through the app's own services"
        " (`Database`, `import_orders`, `PickingService`, `PackingService`);"
        " the print queue gets its jobs but no print worker runs.",
        "- Screens run offscreen (`QT_QPA_PLATFORM=offscreen`) with a plain"
        " `QApplication`; a paint is caught with an event filter.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {name} | {value} |" for name, value in machine]
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        f"{COMMAND}            # full scale, writes this page",
        f"{COMMAND} --quick    # small scale, a smoke test of a few minutes",
        "```",
        "",
        "The first run builds the database for its scale under"
        " `benchmarks/.data/` (about two minutes at full scale) and later runs"
        " reuse it.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
