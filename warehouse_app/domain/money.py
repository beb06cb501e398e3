"""Money on invoices, and prices as the web shop is given them.

Rounding rule: every line's net value is quantity times unit price rounded
to the penny, half away from zero (ROUND_HALF_UP on the absolute value, as
UK invoices do). VAT is worked out per VAT rate on the sum of those line nets
and rounded the same way. The invoice total is the sum of the rounded nets
plus the rounded VAT of each rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")

VAT_RATES: dict[str, Decimal] = {"S": Decimal("0.20"), "Z": Decimal("0.00")}

# Prices are kept to four places. SQLite hands one back as the nearest float,
# which for 1.2350 is a hair below the half; a tenth of the fourth place lifts
# every half over it and moves no other four-place price. Cheaper than a
# Decimal for each of half a million parts in the full stock file.
_HALF_UP_NUDGE = 0.00001


def to_pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def line_net(quantity: int, unit_price: Decimal) -> Decimal:
    return to_pennies(Decimal(quantity) * unit_price)


@dataclass(frozen=True)
class VatBand:
    code: str
    rate: Decimal
    net: Decimal
    vat: Decimal


def vat_bands(lines: Iterable[tuple[str, Decimal]]) -> list[VatBand]:
    """Group (vat_code, net) pairs into one band per VAT code."""
    nets: dict[str, Decimal] = {}
    for code, net in lines:
        nets[code] = nets.get(code, Decimal("0")) + net
    bands = []
    for code in sorted(nets):
        rate = VAT_RATES.get(code, Decimal("0"))
        bands.append(VatBand(code, rate, nets[code], to_pennies(nets[code] * rate)))
    return bands


def format_money(value: Decimal, symbol: str = "£") -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"


def shop_price(value: Decimal | float) -> str:
    """A price as the shop sees it in every file and answer: "1.24".

    Two places, half away from zero like the invoices, a point as the mark.
    """
    if isinstance(value, Decimal):
        return str(value.quantize(PENNY, ROUND_HALF_UP))
    nudged = value + _HALF_UP_NUDGE if value >= 0 else value - _HALF_UP_NUDGE
    return f"{nudged:.2f}"
