from __future__ import annotations

import pytest

from printing.targets import PrinterUnavailable
from printing.zebra_status import (
    HostStatus,
    StatusUnreadable,
    check_ready,
    parse_host_status,
    read_reply,
)
from tests.printing.fake_zebra import host_status

# As printed in a printer's manual: ready, 1218 dot labels, nothing wrong.
READY = (
    b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02000,0,0,0,0,2,6,0,00000000,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


def test_a_ready_printer_reports_nothing_wrong() -> None:
    assert parse_host_status(READY) == HostStatus()
    assert HostStatus().problems() == []


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"paper_out": True}, HostStatus(paper_out=True)),
        ({"paused": True}, HostStatus(paused=True)),
        ({"head_open": True}, HostStatus(head_open=True)),
        ({"ribbon_out": True}, HostStatus(ribbon_out=True)),
    ],
)
def test_each_flag_is_read_from_its_own_field(
    flags: dict[str, bool], expected: HostStatus
) -> None:
    assert parse_host_status(host_status(**flags)) == expected


@pytest.mark.parametrize(
    "reply",
    [b"", b"\x02030,0,0\x03\r\n", READY.replace(b",0,0,1218", b",X,0,1218"), b"~HS"],
    ids=["nothing", "one-line", "not-a-flag", "echo"],
)
def test_anything_but_a_status_reply_is_unreadable(reply: bytes) -> None:
    with pytest.raises(StatusUnreadable):
        parse_host_status(reply)


def test_out_of_ribbon_says_what_to_load() -> None:
    with pytest.raises(PrinterUnavailable) as raised:
        check_ready("LBL-1", "on /dev/ttyUSB0", host_status(ribbon_out=True))

    assert str(raised.value) == (
        "Label printer LBL-1 on /dev/ttyUSB0 is out of ribbon. Load a new ribbon; "
        "the job is kept and will print."
    )


def test_a_reply_in_pieces_is_read_to_its_end() -> None:
    pieces = [READY[:5], b"", READY[5:40], READY[40:], b"never read"]

    assert read_reply(lambda: pieces.pop(0), timeout=5) == READY
