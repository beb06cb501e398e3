"""Python's cycle collector held off while a file of orders is worked through.

Reading and receiving a file of 10,000 orders builds a few hundred thousand
short-lived objects (rows, lines, parameter tuples). Each time enough of
them have been made, Python's cycle collector walks every object still
alive, the half a million part numbers kept to check the file among them;
in the import benchmark that cost about a seventh of the whole import
(docs/benchmarks.md). The work makes few reference cycles (a session and
its transaction per batch), and plain reference counting frees everything
else at once, so the collector is paused for the work, in the whole
process, and runs again as soon as it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cycle collector for the block; it resumes when it ends.

    Nested or on two threads at once, the collector is on again once the
    block that switched it off has ended, whatever happened in it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
