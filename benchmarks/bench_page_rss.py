"""Dashboard memory per page: RSS before, with pages open, at the peak, and after closing them.

A ``pidash run`` with ``PIDASH_RECONNECT_TIMEOUT_SECONDS`` set low (3 s by default, instead of 30)
so that NiceGUI reaps the clients of closed pages soon; with ``--cameras`` > 0 a session is started
and its cameras discovered first, so each page renders that many camera cards. Pages are opened in
batches (the first page alone, then ``--batch`` at a time; each in its own browser context, waited
until it shows a camera card or the start form),
then closed; after the warm-up and after the last batch the benchmark waits until the dashboard holds
no page (``/healthz``), then ``--after`` seconds, and reads RSS again.
"Just after closing" is read at once: the dashboard frees a client only after the reconnect timeout.

"Before" is read once the dashboard holds no page (the start-up check's own fetch of / is pruned
about 60 s after the start) and the heap trim after it has run. The end is compared with two
baselines: RSS before the first page (issue 8's "where it started",
the target's baseline: within 10 MiB) and RSS once the warm-up (the first page and the first
batch) had been closed and let go, which leaves out what only the first pages pay (templates,
compressed assets, imports done on first use). ``--pythonmalloc`` and ``--malloc-arena-max`` set
``PYTHONMALLOC`` and glibc's ``MALLOC_ARENA_MAX`` for the dashboard only (``--pythonmalloc malloc``:
every object from glibc, whose trim gives free 4 KiB pages back).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from playwright.async_api import Browser, BrowserContext

from benchmarks.harness import (
    HTTP_TIMEOUT,
    Stack,
    chromium,
    cpu_seconds,
    open_page,
    parse,
    pi_client,
    rss_mb,
    running_stack,
    snapshot_states,
    start_session,
    wait_camera_card,
    wait_start_form,
)


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pages", type=int, default=200, help="pages opened and closed in all (default 200)")
    p.add_argument("--batch", type=int, default=20, help="pages open at the same time (default 20)")
    p.add_argument("--cameras", type=int, default=20, help="cameras discovered before the pages open (0: no session)")
    p.add_argument("--reconnect-timeout", type=float, default=3.0, help="PIDASH_RECONNECT_TIMEOUT_SECONDS (default 3)")
    p.add_argument(
        "--pythonmalloc",
        default="",
        help="PYTHONMALLOC for the dashboard (e.g. malloc)",
    )
    p.add_argument("--malloc-arena-max", type=int, default=0, help="glibc's MALLOC_ARENA_MAX for the dashboard")
    p.add_argument(
        "--after", type=float, default=10.0, help="seconds to wait once the last page is let go (default 10)"
    )


OPEN_TIMEOUT_MS = 300_000
"""Per page: 20 Chromium pages at once on a shared 2-core machine can take minutes to load."""
WARM_SETTLE_SECONDS = 4.0
"""Once no page is held: the heap trim (2 s after the last deletion) and the gc before it."""


def _environ(pid: int) -> dict[str, str]:
    """The environment the dashboard's program started with (after ``pidash run``'s exec)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


async def _discover(stack: Stack, cameras: int) -> None:
    async with pi_client(stack.sim) as http:
        session_id = await start_session(http, discovery_seconds=20)
        for _ in range(300):
            if len(await snapshot_states(http, session_id)) >= cameras:
                return
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{cameras} cameras were not discovered in time")


async def _no_page_left(stack: Stack) -> None:
    """Wait until the dashboard holds no page: the start-up check's fetch of / is one, which never
    connects and which NiceGUI prunes about 60 s after the start (RSS drops then)."""
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
        for _ in range(240):
            if (await http.get(stack.dash.url + "/healthz")).json()["pages"]["open"] == 0:
                return
            await asyncio.sleep(0.5)
    raise TimeoutError("the dashboard still holds a page 2 minutes after the start")


async def _let_go(stack: Stack, settle: float) -> float:
    """Wait until the dashboard holds none of the closed pages, then ``settle`` seconds (the heap
    trim runs 2 s after the last deletion); the seconds waited. A page closed before its socket
    connected (a loaded machine) is let go only by NiceGUI's prune, up to 60 s after it was made:
    a fixed wait would then read RSS with pages still held."""
    started = time.monotonic()
    await _no_page_left(stack)
    await asyncio.sleep(settle)
    return time.monotonic() - started


async def _open_batch(browser: Browser, stack: Stack, count: int, cameras: int) -> list[BrowserContext]:
    opened = [await open_page(browser, stack.dash.url + "/", timeout_ms=OPEN_TIMEOUT_MS) for _ in range(count)]
    ready = wait_camera_card if cameras else wait_start_form
    await asyncio.gather(*(ready(page) for _, page in opened))
    return [context for context, _ in opened]


async def _run(args: argparse.Namespace) -> None:
    env = {"PIDASH_RECONNECT_TIMEOUT_SECONDS": str(args.reconnect_timeout)}
    for name, value in (("PYTHONMALLOC", args.pythonmalloc), ("MALLOC_ARENA_MAX", args.malloc_arena_max)):
        if value:
            env[name] = str(value)
            print(f"{name}={value} for the dashboard", flush=True)
    with running_stack(cameras=max(args.cameras, 1), speed=20, dashboard_env=env) as stack:
        pid = stack.dash_pid
        print(f"dashboard allocator: PYTHONMALLOC={_environ(pid).get('PYTHONMALLOC', '(unset: pymalloc)')}", flush=True)
        if args.cameras:
            await _discover(stack, args.cameras)
        await _no_page_left(stack)
        await asyncio.sleep(WARM_SETTLE_SECONDS)
        before, cpu_before = rss_mb(pid), cpu_seconds(pid)
        print(f"RSS before any page: {before:.1f} MiB ({args.cameras} cameras on each page)", flush=True)
        peak, opened, warm = before, 0, None
        async with chromium() as browser:
            while opened < args.pages:
                count = min(1 if opened == 0 else args.batch, args.pages - opened)  # the first page alone
                start = rss_mb(pid)
                contexts = await _open_batch(browser, stack, count, args.cameras)
                with_pages = rss_mb(pid)
                peak = max(peak, with_pages)
                for context in contexts:
                    await context.close()
                opened += count
                print(
                    f"  pages {opened - count + 1}-{opened}: {start:.1f} -> {with_pages:.1f} MiB open "
                    f"(+{(with_pages - start) / count:.1f} MiB/page), {rss_mb(pid):.1f} MiB just after closing",
                    flush=True,
                )
                if warm is None and opened > 1 and opened < args.pages:  # the warm-up: page 1 and the first batch
                    await _let_go(stack, WARM_SETTLE_SECONDS)
                    warm = rss_mb(pid)
                    print(f"RSS after the warm-up (pages 1-{opened} closed and let go): {warm:.1f} MiB", flush=True)
        waited = await _let_go(stack, args.after)
        after = rss_mb(pid)
        print(f"RSS at the peak: {peak:.1f} MiB; {waited:.0f} s after the last close (every page let go, then "
              f"{args.after:g} s): {after:.1f} MiB")  # fmt: skip
        print(f"  against before the first page (the target's baseline, within 10 MiB): {after - before:+.1f} MiB")
        print(f"  dashboard CPU for the {args.pages} pages: {cpu_seconds(pid) - cpu_before:.1f} CPU-s")
        if warm is not None:
            print(f"  against after the warm-up: {after - warm:+.1f} MiB")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    print(f"reconnect timeout set to {args.reconnect_timeout:g} s for this benchmark", flush=True)
    asyncio.run(_run(args))
