"""Give the heap memory that closed pages freed back to the operating system (glibc's ``malloc_trim``).

Python frees a closed page's objects once NiceGUI deletes its client, but glibc keeps the freed
memory in its arenas (the main one and one per thread that allocated: the event loop, the worker
threads that compress responses and write storage), so the dashboard's RSS stayed ~45 MiB above
where it started after 200 pages had come and gone (figures in benchmarks/HISTORY.md).
``malloc_trim(0)`` hands every whole free page of every arena back. It runs in a worker thread,
once page deletions have been quiet for :data:`TRIM_DELAY_SECONDS` (a burst of closing pages costs
one trim, of a few milliseconds), after a full garbage collection: a closed page's elements and
client refer to each other, so only the cycle collector frees them, and an idle process may not
run a full collection for minutes. Where there is no glibc (musl, macOS) it does nothing.

Python's own allocator (pymalloc) gives memory back only in whole 1 MiB arenas, which the objects
that outlive a page keep pinned. ``PYTHONMALLOC=malloc`` (every object from glibc, so this trim
gets free 4 KiB pages back) does no better over 200 pages: glibc's holes fill with longer-lived
objects in turn (figures in benchmarks/HISTORY.md).

:func:`freeze_startup_heap` moves what the start made (~135k objects: NiceGUI, FastAPI, pydantic,
SQLAlchemy, our modules) out of the cycle collector's reach: a full collection then walks only
what came later, and stops the event loop for less (gen-2 collections while pages opened, 10 at a
time: 25-195 ms, 18-63 ms after the freeze), and with it every page's live updates.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import sys
from collections.abc import Callable

logger = logging.getLogger("pidash")

TRIM_DELAY_SECONDS = 2.0
"""Quiet time after the last page deletion before the heap is trimmed."""


def freeze_startup_heap() -> int:
    """Collect, then move every object alive into the permanent generation (``gc.freeze``): call
    once the app is built and before any page. Objects made at start-up live as long as the
    process, so none is lost to the collector. Returns how many were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def glibc_malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim(pad)`` (returns 1 when memory was released), or None without glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # no libc to load, or a libc without malloc_trim (musl)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


class HeapTrimmer:
    """Call :meth:`schedule` on the event loop whenever a page is deleted; ``trim`` runs once in a
    worker thread, ``delay`` seconds after the last call. ``trims`` counts the trims that ran."""

    def __init__(self, delay: float = TRIM_DELAY_SECONDS, trim: Callable[[int], int] | None = None) -> None:
        """``trim``: glibc's ``malloc_trim`` unless given; none at all without glibc."""
        self.delay = delay
        self._trim = trim if trim is not None else glibc_malloc_trim()
        self._timer: asyncio.TimerHandle | None = None
        self._running: asyncio.Task[None] | None = None
        self.trims = 0

    def schedule(self) -> None:
        if self._trim is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self.delay, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._running is not None and not self._running.done():
            self.schedule()  # still trimming: once more after it
            return
        self._running = asyncio.get_running_loop().create_task(self._run(), name="pidash-heap-trim")

    async def _run(self) -> None:
        trim = self._trim
        assert trim is not None
        try:
            gc.collect()  # on the loop: tens of milliseconds, once per burst of closed pages
            await asyncio.to_thread(trim, 0)
            self.trims += 1
        except Exception:  # a trim that fails only leaves memory where it was
            logger.exception("could not trim the heap")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
