"""What goes into a channel's errors folder, and the words beside it.

A file whose orders were not all taken has a copy in the errors folder
(the whole file, when none of it could be read, is moved there instead),
and `NAME.reason.txt` beside it: for each order held, the line, field and
value that held it and what to do, so a person can correct the file and
press Retry. Orders already taken are recognised on the retry and not
taken twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from warehouse_app.integrations.incoming import Rejection
from warehouse_app.integrations.online_retail import NOT_A_SALE, ProfileResult
from warehouse_app.integrations.order_reading import ReadResult

# Rows reported that leave nothing for a person to fix in the file.
SETTLED = ("already imported", "changed order", "order held", *NOT_A_SALE)

RETRY = (
    "What to do: correct the file in this folder (keep its name), then press"
    " Retry beside it on the integration screen. Orders already taken are"
    " recognised and not taken twice."
)


def held_orders(result: ProfileResult) -> dict[str, Rejection]:
    """The orders held back by the reader, each with what held it."""
    if isinstance(result, ReadResult):
        return dict(result.held)
    held: dict[str, Rejection] = {}
    for rejection in result.rejections:
        if rejection.reason == "order held":
            held.setdefault(rejection.value, rejection)
    return held


def to_fix(rejections: Iterable[Rejection]) -> list[Rejection]:
    """The reported rows a person has to correct."""
    return [r for r in rejections if r.reason not in SETTLED]


def reason_text(
    file_name: str,
    channel: str,
    at: datetime,
    orders_taken: int,
    held: dict[str, Rejection],
    held_rows: dict[str, list[int]],
    refused: dict[str, str],
    rejections: list[Rejection],
) -> str:
    """The text of NAME.reason.txt for a file some of whose orders were held."""
    count = len(held) + len(refused)
    out = [
        f"Order file {file_name} from channel {channel}, taken {at:%Y-%m-%d %H:%M}.",
        f"{count} order(s) were not taken; {orders_taken} other order(s) from"
        " the file went in.",
        "",
    ]
    for number, cause in held.items():
        out.append(
            f"Order {number}: line {cause.line_number}, field {cause.field},"
            f" value {cause.value!r}: {cause.message}"
        )
        rows = held_rows.get(number, [])
        if rows:
            out.append(f"  held with it: lines {', '.join(map(str, rows))}")
    for number, words in refused.items():
        out.append(
            f"Order {number}: the database refused it ({words}). Check its"
            " fields against the limits in docs/order-files.md."
        )
    loose = [r for r in to_fix(rejections) if not _of_held(r, held)]
    for rejection in loose:
        out.append(
            f"Line {rejection.line_number}, field {rejection.field}, value"
            f" {rejection.value!r}: {rejection.message}"
        )
    out += ["", RETRY, ""]
    return "\n".join(out)


def refusal_text(file_name: str, channel: str, at: datetime, message: str) -> str:
    """The text of NAME.reason.txt for a file refused whole."""
    return "\n".join(
        [
            f"Order file {file_name} from channel {channel}, taken"
            f" {at:%Y-%m-%d %H:%M}.",
            "Nothing from this file was taken.",
            "",
            message,
            "",
            RETRY,
            "",
        ]
    )


def _of_held(rejection: Rejection, held: dict[str, Rejection]) -> bool:
    return any(
        cause.line_number == rejection.line_number and cause.field == rejection.field
        for cause in held.values()
    )
