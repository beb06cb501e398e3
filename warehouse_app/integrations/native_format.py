"""The native order file: tab-separated records, one file complete only
with its trailer (docs/order-files.md).

    H  order no  ordered at  account  name  email  ship name  address 1
       address 2  town  postcode  country  delivery method
    L  line no  part number  quantity  unit price  description
    T  records  quantity sum

`records` counts the H and L records before the trailer, `quantity sum`
adds up the quantity fields of the L records that hold a whole number. A
file whose last record is not a trailer that agrees is truncated (or still
being written): it is refused whole and nothing of it is taken. The trailer
counts only once its line has ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from warehouse_app.domain.order_limits import MAX_QUANTITY
from warehouse_app.domain.scans import is_digits
from warehouse_app.integrations.csv_rows import InputFileError
from warehouse_app.integrations.fields import (
    BadRow,
    FieldError,
    at_most,
    order_date,
    unit_price,
)
from warehouse_app.integrations.fields import whole_number as whole
from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder
from warehouse_app.integrations.order_reading import (
    DELIVERY_METHODS,
    LIMITS,
    Masters,
    OrderCollector,
    ReadResult,
    bad_field,
    moment,
    unknown_part,
)
from warehouse_app.integrations.text_files import read_lines

HEADER_FIELDS = (
    "record",
    "order_no",
    "ordered_at",
    "account",
    "name",
    "email",
    "ship_name",
    "address1",
    "address2",
    "town",
    "postcode",
    "country",
    "delivery_method",
)
LINE_FIELDS = (
    "record",
    "line_no",
    "part_number",
    "quantity",
    "unit_price",
    "description",
)
TRAILER_FIELDS = ("record", "records", "quantity_sum")
# How far from the end a trailer is looked for, to see if a file is complete.
TAIL_BYTES = 4096


class TruncatedFile(InputFileError):
    """The file has no trailer, or one that does not agree: it is not whole."""


def has_trailer(path: Path) -> bool:
    """Whether the file ends with a whole trailer record (without reading it all).

    Whole means with its line ending (CRLF, LF or a bare CR): without one the
    writer may be part way through the trailer, `T\t5` of `T\t5\t8`.
    """
    last = _last_line(path)
    return last is not None and _is_trailer(last) and last.endswith((b"\n", b"\r"))


def trailer_unended(path: Path) -> bool:
    """The file ends with a trailer record whose line has no ending (yet)."""
    last = _last_line(path)
    return last is not None and _is_trailer(last) and not last.endswith((b"\n", b"\r"))


def unended_trailer_agrees(path: Path) -> bool:
    """The trailer without a line ending agrees with the records before it.

    Many writers leave the last line without a break. Such a trailer is
    taken as the end once the file has settled and its counts agree: a
    trailer cut short (`T\t5\t1` of `T\t5\t13`) cannot agree, short of
    the whole trailer being wrong anyway.
    """
    try:
        text = path.read_bytes().decode("latin-1")  # counts only: any bytes do
    except OSError:
        return False
    lines = text.removeprefix("\xef\xbb\xbf").splitlines()
    try:
        check_trailer(path, lines)
    except InputFileError:
        return False
    return True


def _is_trailer(line: bytes) -> bool:
    return line.lstrip(b"\xef\xbb\xbf").startswith(b"T\t")


def _last_line(path: Path) -> bytes | None:
    """The file's last line that is not blank, with its line ending if it has one."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read()
    except OSError:
        return None
    filled = [line for line in tail.splitlines(keepends=True) if line.strip()]
    return filled[-1] if filled else None


def check_trailer(path: Path, lines: list[str]) -> list[str]:
    """The records before the trailer, once the trailer agrees with them."""
    filled = [(number, text) for number, text in enumerate(lines, 1) if text.strip()]
    if not filled or not filled[-1][1].startswith("T\t"):
        raise TruncatedFile(
            f"{path.name}: the file does not end with a trailer record (T, count"
            " of records, sum of quantities), so it may be cut short or still"
            " being written. Nothing from it was taken. Ask the shop to send the"
            " whole file again."
        )
    trailer_line, trailer = filled[-1]
    fields = trailer.split("\t")
    body = [text for number, text in filled[:-1]]
    stray = [number for number, text in filled[:-1] if text.startswith("T\t")]
    if stray:
        raise TruncatedFile(
            f"{path.name} line {stray[0]}: a trailer record before the end of the"
            " file; two files may have run together. Nothing from it was taken."
            " Ask the shop to send each file on its own."
        )
    records = len(body)
    quantities = sum(
        int(parts[3].strip())
        for parts in (text.split("\t") for text in body)
        if parts[0].strip() == "L" and len(parts) > 3 and is_digits(parts[3].strip())
    )
    written = [field.strip() for field in fields[1:3]]
    if len(fields) != len(TRAILER_FIELDS) or written != [
        str(records),
        str(quantities),
    ]:
        raise TruncatedFile(
            f"{path.name} line {trailer_line}: the trailer says"
            f" {' / '.join(written) or 'nothing'} (records / sum of quantities)"
            f" but the file holds {records} / {quantities}. Part of the file is"
            " missing or was changed, so nothing from it was taken. Ask the shop"
            " to send the file again; if you corrected a quantity yourself,"
            f" correct the trailer's sum to {quantities}."
        )
    return body


def read_native(path: Path, masters: Masters, encoding: str = "utf-8") -> ReadResult:
    """Read a complete native file into whole orders and reported rows."""
    lines = read_lines(path, encoding)
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    check_trailer(path, lines)
    collector = OrderCollector(path.name)
    current = ""
    blank = 0
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            blank += 1
            continue
        fields = text.split("\t")
        kind = fields[0].strip()
        if kind == "T":
            break
        if kind == "H":
            current = _header(collector, number, fields, masters)
        elif kind == "L" and current:
            _line(collector, number, current, fields, masters)
        elif kind == "L":
            collector.refuse_row(
                number,
                "",
                BadRow(
                    "record",
                    text[:80],
                    "malformed row",
                    "a line record before any header record: it belongs to no"
                    " order. Put the order's H record above it.",
                ),
            )
        else:
            collector.refuse_row(
                number,
                current,
                BadRow(
                    "record",
                    fields[0][:40],
                    "malformed row",
                    f"{fields[0][:40]!r} is not a record type (H, L or T). Check"
                    " the line for a break or a missing tab.",
                ),
            )
    result = collector.result()
    if blank:
        result.notes["blank lines skipped"] += blank
    return result


def _header(
    collector: OrderCollector, line: int, fields: list[str], masters: Masters
) -> str:
    number = fields[1].strip() if len(fields) > 1 else ""
    key = number or f"(no number, line {line})"
    placeholder = IncomingOrder(key, datetime.min, None, "")
    if collector.known(key):
        collector.hold(
            line,
            key,
            BadRow(
                "order_no",
                number,
                "bad field",
                f"order {number} is in the file twice. Send it once, with all"
                " its lines under one header.",
            ),
        )
        return key
    try:
        order = _order(number, fields, masters)
    except BadRow as refusal:
        collector.start(key, placeholder)
        collector.hold(line, key, refusal)
        return key
    collector.start(key, order)
    return key


def _order(number: str, fields: list[str], masters: Masters) -> IncomingOrder:
    if len(fields) != len(HEADER_FIELDS):
        raise BadRow(
            "record",
            "\t".join(fields)[:80],
            "malformed row",
            f"a header record needs {len(HEADER_FIELDS)} tab-separated fields,"
            f" this one has {len(fields)}. Check for a missing or extra tab.",
        )
    values = dict(zip(HEADER_FIELDS, (f.strip() for f in fields), strict=True))
    if not number:
        raise BadRow("order_no", "", "bad field", "the order number is empty.")
    try:
        at_most(number, "order_no", LIMITS["shop_order_no"])
        ordered_at = order_date(
            moment(values["ordered_at"], "ordered_at"),
            values["ordered_at"],
            "ordered_at",
        )
        for name in ("email", "ship_name", "country", "delivery_method"):
            at_most(values[name], name, LIMITS[name])
        for name, limit in (
            ("address1", "ship_address1"),
            ("address2", "ship_address2"),
            ("town", "ship_town"),
            ("postcode", "ship_postcode"),
        ):
            at_most(values[name], name, LIMITS[limit])
        at_most(values["name"], "name", LIMITS["ship_name"])
    except FieldError as error:
        raise bad_field(error) from None
    account = values["account"] or None
    if account is not None and not masters.customer(account):
        raise BadRow(
            "account",
            account,
            "unknown customer",
            f"customer account {account} is not known. Open the account (or"
            " leave the field empty for a guest), then import the file again.",
        )
    method = (values["delivery_method"] or "deliver").lower()
    if method not in DELIVERY_METHODS:
        raise BadRow(
            "delivery_method",
            values["delivery_method"],
            "bad field",
            f"delivery method {values['delivery_method']!r} is not one of"
            f" {', '.join(DELIVERY_METHODS)}.",
        )
    return IncomingOrder(
        number,
        ordered_at,
        account,
        values["country"],
        delivery_method=method,
        email=values["email"],
        ship_name=values["ship_name"] or values["name"],
        ship_address1=values["address1"],
        ship_address2=values["address2"],
        ship_town=values["town"],
        ship_postcode=values["postcode"],
    )


def _line(
    collector: OrderCollector,
    line: int,
    number: str,
    fields: list[str],
    masters: Masters,
) -> None:
    try:
        collector.line(number, _order_line(line, fields, masters))
    except BadRow as refusal:
        collector.refuse_row(line, number, refusal)


def _order_line(line: int, fields: list[str], masters: Masters) -> IncomingLine:
    if len(fields) not in (len(LINE_FIELDS) - 1, len(LINE_FIELDS)):
        raise BadRow(
            "record",
            "\t".join(fields)[:80],
            "malformed row",
            f"a line record needs {len(LINE_FIELDS)} tab-separated fields, this"
            f" one has {len(fields)}. Check for a missing or extra tab.",
        )
    values = dict(zip(LINE_FIELDS, fields, strict=False))
    code = values["part_number"].strip()
    try:
        whole(values["line_no"].strip(), "line_no", 9999)
        quantity = whole(
            values["quantity"].strip(), "quantity", MAX_QUANTITY, minimum=1
        )
        price = unit_price(values["unit_price"].strip(), "unit_price")
        description = " ".join(values.get("description", "").split())
        at_most(description, "description", LIMITS["description"])
    except FieldError as error:
        raise bad_field(error) from None
    part_number = masters.part(code)
    if part_number is None:
        raise unknown_part(code, "part_number")
    notes = ("part number case corrected",) if part_number != code else ()
    return IncomingLine(line, part_number, description, quantity, price, notes)


def native_records(orders: Iterable[IncomingOrder]) -> list[str]:
    """The records of a native file for these orders, trailer included."""
    records: list[str] = []
    quantities = 0
    for order in orders:
        records.append(
            "\t".join(
                (
                    "H",
                    order.shop_order_no,
                    order.ordered_at.isoformat(timespec="seconds"),
                    order.customer_account or "",
                    order.ship_name,
                    order.email,
                    order.ship_name,
                    order.ship_address1,
                    order.ship_address2,
                    order.ship_town,
                    order.ship_postcode,
                    order.country,
                    order.delivery_method,
                )
            )
        )
        for number, line in enumerate(order.lines, start=1):
            quantities += line.quantity
            records.append(
                f"L\t{number}\t{line.part_number}\t{line.quantity}"
                f"\t{line.unit_price}\t{line.description}"
            )
    records.append(f"T\t{len(records)}\t{quantities}")
    return records
