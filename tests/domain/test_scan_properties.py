"""Properties of reading a scan, over many generated frames."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse_app.domain.scans import GS, ScanKind, ScanReading, ScanRefused, read_scan

BOUNDED = settings(max_examples=200, deadline=None)

# Characters that steer read_scan down its different paths.
_STEERING = list("0123456789]CEdQeJ1|~AN STAFFCMDSHORTNEXTabcß²٣") + [
    GS,
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x1e",
    "\x7f",
    "\u200b",
]
frames = st.one_of(
    st.text(),
    st.text(st.sampled_from(_STEERING)),
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(["", "]C1", "]E0", "]d2", "]", "]]", GS, "01", "AN", "STAFF"]),
        st.text(st.sampled_from(_STEERING)),
    ),
)
substitutes = st.one_of(st.sampled_from(["", "|", "~", "\x1e"]), st.text(max_size=2))


@BOUNDED
@given(frames, substitutes)
def test_any_frame_is_read_or_refused_in_words(frame: str, substitute: str) -> None:
    try:
        reading = read_scan(frame, substitute)
    except ScanRefused as refusal:
        assert str(refusal)
        assert str(refusal).isprintable(), "a refusal shows no raw control bytes"
    else:
        assert isinstance(reading, ScanReading)


def check_digit(payload: str) -> str:
    """The GS1 mod-10 check digit: weights 3, 1, 3, ... from the right."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1)
        for index, digit in enumerate(reversed(payload))
    )
    return str(-total % 10)


@dataclass(frozen=True)
class Gs1Code:
    gtin: str
    batch: str
    count: int | None
    expiry: date | None
    # (element string, needs a separator when another follows)
    elements: tuple[tuple[str, bool], ...]

    def joined(self, separator: str = GS) -> str:
        text = ""
        for index, (element, variable) in enumerate(self.elements):
            last = index == len(self.elements) - 1
            text += element + (separator if variable and not last else "")
        return text


# Batches with no run of eight digits: a run that long could hold a whole
# date or GTIN, which read_scan rightly refuses as a swallowed field.
batches = st.text(
    st.sampled_from("ABCDEFGHJKLMNPRSTUVWXYZabcxyz0123456789-./"),
    min_size=1,
    max_size=20,
).filter(lambda batch: not re.search(r"[0-9]{8}", batch))


@st.composite
def gs1_codes(draw: st.DrawFn) -> Gs1Code:
    payload = draw(st.text(st.sampled_from("0123456789"), min_size=13, max_size=13))
    gtin = payload + check_digit(payload)
    batch = draw(st.one_of(st.just(""), batches))
    count = draw(st.one_of(st.none(), st.integers(1, 99_999_999)))
    expiry = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2070, 12, 31))))
    fixed_with_separator = draw(st.booleans())

    others: list[tuple[str, bool]] = []
    if batch:
        others.append((f"10{batch}", True))
    if count is not None:
        width = draw(st.integers(len(str(count)), 8))
        others.append((f"30{count:0{width}d}", True))
    if expiry is not None:
        others.append((f"17{expiry:%y%m%d}", fixed_with_separator))
    others = draw(st.permutations(others))
    elements = ((f"01{gtin}", fixed_with_separator), *others)
    return Gs1Code(gtin, batch, count, expiry, tuple(elements))


def fields(reading: ScanReading) -> tuple[object, ...]:
    return (reading.kind, reading.value, reading.batch, reading.count, reading.expiry)


@BOUNDED
@given(gs1_codes())
def test_every_way_of_framing_a_gs1_code_reads_the_same(code: Gs1Code) -> None:
    expected = (ScanKind.GS1, code.gtin, code.batch, code.count, code.expiry)

    framings = [
        read_scan(code.joined() + "\r"),
        read_scan(GS + code.joined()),
        read_scan("]C1" + code.joined()),
        read_scan(code.joined("|"), gs_substitute="|"),
        read_scan("|" + code.joined("|") + "\r\n", gs_substitute="|"),
    ]

    assert [fields(reading) for reading in framings] == [expected] * len(framings)
