"""Helpers for the scanner tests: waiting on a condition with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

WaitUntil = Callable[..., None]


def _wait_until(
    condition: Callable[[], object], timeout: float = 5.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.01)


@pytest.fixture
def wait_until() -> WaitUntil:
    """Poll `condition` until it holds; fail the test after `timeout` s."""
    return _wait_until
