from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.framing import TERMINATORS, FrameSplitter
from warehouse_app.domain.scans import ScanKind, read_scan

EAN = "2748708148843"
GS = "\x1d"
ENDINGS = {"CR": [b"\r"], "LF": [b"\n"], "CRLF": [b"\r\n"], "TAB": [b"\t"]}
ENDINGS["ANY"] = [b"\r", b"\n", b"\r\n"]


def feed_all(splitter: FrameSplitter, pieces: list[bytes]) -> list[str]:
    frames: list[str] = []
    for number, piece in enumerate(pieces):
        frames += splitter.feed(piece, now=number * 0.001)
    return frames


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_a_code_with_any_line_ending_is_one_scan(ending: bytes) -> None:
    splitter = FrameSplitter("ANY")

    assert splitter.feed(EAN.encode() + ending, now=0.0) == [EAN]
    assert splitter.expire(now=60.0) is None


def test_the_lf_of_a_crlf_arriving_later_is_no_empty_second_scan() -> None:
    splitter = FrameSplitter("ANY")

    assert splitter.feed(EAN.encode() + b"\r", now=0.0) == [EAN]
    assert splitter.feed(b"\n", now=0.01) == []
    assert splitter.feed(b"85123A\r", now=0.02) == ["85123A"]
    assert splitter.expire(now=60.0) is None


def test_crlf_terminator_waits_for_the_lf() -> None:
    splitter = FrameSplitter("CRLF")

    assert splitter.feed(b"851\r23A\r", now=0.0) == []
    assert splitter.feed(b"\n", now=0.01) == ["851\r23A"]


@pytest.mark.parametrize("terminator", ["CR", "LF", "TAB"])
def test_a_scanner_sending_crlf_to_a_single_byte_setting_gives_clean_codes(
    terminator: str,
) -> None:
    splitter = FrameSplitter(terminator)
    end = ENDINGS[terminator][0]

    frames = splitter.feed(b"\r\n" + EAN.encode() + end + b"\r\n", now=0.0)
    frames += splitter.feed(b"85123A" + end + b"\r\n", now=0.01)

    assert frames == [EAN, "85123A"]
    assert splitter.expire(now=60.0) is None


def test_aim_prefix_passes_through_to_the_reading_of_the_code() -> None:
    [frame] = FrameSplitter("CR").feed(b"]E0" + EAN.encode() + b"\r", now=0.0)

    reading = read_scan(frame)

    assert reading.kind is ScanKind.GTIN
    assert reading.value == "0" + EAN
    assert reading.symbology == "]E0"


def test_the_gs1_group_separator_is_kept() -> None:
    raw = b"]C101095011015300031721123110ABC123\x1d30000012\r"

    [frame] = FrameSplitter("CR").feed(raw, now=0.0)

    assert GS in frame
    assert read_scan(frame).batch == "ABC123"


def test_configured_prefix_and_suffix_are_stripped() -> None:
    splitter = FrameSplitter("CR", prefix="\x02", suffix="#")

    assert splitter.feed(b"\x0285123A#\r", now=0.0) == ["85123A"]
    assert splitter.feed(b"85123A\r", now=0.1) == ["85123A"]


def test_a_partial_code_is_dropped_after_the_timeout_and_not_before() -> None:
    splitter = FrameSplitter("CR", partial_timeout=0.5)

    assert splitter.feed(b"27487", now=10.0) == []
    assert splitter.feed(b"08148", now=10.3) == []
    assert splitter.expire(now=10.4) is None
    assert splitter.expire(now=10.5) == "2748708148"
    assert splitter.feed(EAN.encode() + b"\r", now=11.0) == [EAN]


def test_the_partial_timeout_counts_from_the_start_of_the_next_code() -> None:
    splitter = FrameSplitter("CR", partial_timeout=0.5)

    assert splitter.feed(b"85123A\r2748", now=1.0) == ["85123A"]
    assert splitter.expire(now=1.4) is None
    assert splitter.expire(now=1.5) == "2748"


def test_reset_hands_back_what_was_held() -> None:
    splitter = FrameSplitter("CR")
    splitter.feed(b"2748", now=0.0)

    assert splitter.reset() == "2748"
    assert splitter.reset() is None


def test_an_unknown_terminator_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown scanner terminator"):
        FrameSplitter("ETX")


codes = st.text(
    st.sampled_from("0123456789ABCXYZ-/|]" + GS + "äé€"), min_size=0, max_size=20
)


@st.composite
def streams(draw: st.DrawFn) -> tuple[str, list[str], bytes, list[int]]:
    terminator = draw(st.sampled_from(TERMINATORS))
    frames = draw(st.lists(codes, max_size=8))
    stream = b"".join(
        frame.encode() + draw(st.sampled_from(ENDINGS[terminator])) for frame in frames
    )
    cuts = draw(st.lists(st.integers(0, len(stream)), max_size=10))
    return terminator, frames, stream, sorted(cuts)


def split(stream: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *cuts, len(stream)]
    return [stream[start:end] for start, end in pairwise(bounds)]


@given(streams())
def test_any_split_of_the_stream_gives_the_same_codes(
    case: tuple[str, list[str], bytes, list[int]],
) -> None:
    terminator, frames, stream, cuts = case

    received = feed_all(FrameSplitter(terminator), split(stream, cuts))

    assert received == [frame for frame in frames if frame]


@given(
    st.sampled_from(TERMINATORS),
    st.binary(max_size=200),
    st.lists(st.integers(0, 200), max_size=10),
    st.floats(0, 5),
)
def test_no_bytes_whatever_make_the_splitter_fail(
    terminator: str, stream: bytes, cuts: list[int], later: float
) -> None:
    cuts = sorted(cut for cut in cuts if cut <= len(stream))
    whole = FrameSplitter(terminator, prefix="]", suffix="#")
    pieces = FrameSplitter(terminator, prefix="]", suffix="#")

    frames = whole.feed(stream, now=0.0)

    assert feed_all(pieces, split(stream, cuts)) == frames
    assert all(frames)
    dropped = whole.expire(now=later)
    held = pieces.reset()
    assert dropped != ""
    assert dropped is None or dropped == held
