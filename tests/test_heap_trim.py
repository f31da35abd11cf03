"""The heap trim after pages close: one trim per burst of deletions, in a worker thread."""

from __future__ import annotations

import asyncio
import sys
import threading

import pytest

from pidash.heap_trim import HeapTrimmer, glibc_malloc_trim


async def test_a_burst_of_page_deletions_costs_one_trim_off_the_event_loop() -> None:
    calls: list[tuple[int, str]] = []

    def trim(pad: int) -> int:
        calls.append((pad, threading.current_thread().name))
        return 1

    trimmer = HeapTrimmer(delay=0.05, trim=trim)
    for _ in range(20):  # 20 pages deleted together
        trimmer.schedule()
        await asyncio.sleep(0.005)
    assert calls == []  # not while pages are still going
    for _ in range(200):
        if trimmer.trims:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    assert trimmer.trims == 1
    assert [pad for pad, _ in calls] == [0]
    assert calls[0][1] != threading.main_thread().name  # a worker thread, not the event loop's
    trimmer.schedule()
    trimmer.stop()  # a trim pending at shutdown does not run
    await asyncio.sleep(0.1)
    assert trimmer.trims == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_glibc_malloc_trim_is_found_and_runs() -> None:
    trim = glibc_malloc_trim()
    assert trim is not None
    assert trim(0) in (0, 1)
