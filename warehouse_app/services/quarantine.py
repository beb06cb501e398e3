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

from warehouse_app.domain.words import numbered, plural
from warehouse_app.integrations.incoming import Rejection
from warehouse_app.integrations.online_retail import NOT_A_SALE, ProfileResult
from warehouse_app.integrations.order_reading import ReadResult

# Rows reported that leave nothing for a person to fix in the file.
SETTLED = ("already imported", "changed order", "order held", *NOT_A_SALE)

# The most orders (and loose rows) a reason names one by one.
SHOWN = 200

RETRY = (
    "What to do: correct the file in this folder (keep its name), then press"
    " Retry beside it on the integration screen, or run `warehouse-app shop"
    " retry ID` with the number `warehouse-app shop quarantined` gives it."
    " Orders already taken are recognised and not taken twice."
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
    faults: dict[str, list[Rejection]],
    held_rows: dict[str, list[int]],
    refused: dict[str, str],
    rejections: list[Rejection],
) -> str:
    """The text of NAME.reason.txt for a file some of whose orders were held."""
    count = len(held) + len(refused)
    out = [
        f"Order file {file_name} from channel {channel}, taken {at:%Y-%m-%d %H:%M}.",
        f"Not taken: {plural(count, 'order')}. In, taken now or before: the"
        f" file's {plural(orders_taken, 'other order')}.",
        "",
    ]
    for shown, (number, cause) in enumerate(held.items()):
        if shown == SHOWN:
            out.append(
                f"... and {plural(len(held) - SHOWN, 'more order')} held; the"
                " import run's rejected rows list every one."
            )
            break
        out.append(f"Order {number}:")
        for fault in faults.get(number, [cause]):
            out.append(f"  {_where(fault)}: {_words(file_name, fault.message)}")
        rows = held_rows.get(number, [])
        if rows:
            out.append(f"  held with it: {numbered('line', rows)}")
    for number, words in refused.items():
        out.append(
            f"Order {number}: the database refused it ({words}). Check its"
            " fields against the limits in docs/order-files.md."
        )
    named = {fault.line_number for found in faults.values() for fault in found} | {
        cause.line_number for cause in held.values()
    }
    loose = [r for r in to_fix(rejections) if r.line_number not in named]
    if loose:
        out.append("Rows of no order:" if held or refused else "Rows not taken:")
    for rejection in loose[:SHOWN]:
        out.append(f"  {_where(rejection)}: {_words(file_name, rejection.message)}")
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


def _where(rejection: Rejection) -> str:
    return (
        f"line {rejection.line_number}, field {rejection.field},"
        f" value {rejection.value!r}"
    )


def _words(file_name: str, message: str) -> str:
    """The message without the `NAME line N:` it starts with, if it does."""
    if message.startswith(f"{file_name} line "):
        return message.split(": ", 1)[-1]
    return message
