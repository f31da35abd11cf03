"""Requests the dashboard makes to the Pi per minute, by the number of pages open (0, 1, 5, 20).

One ``pidash sim`` (real-time speed, ``--faults`` for its ``GET /_sim/requests`` counter) and one
``pidash run``; no session. Pages are added (each in its own context, round-robin over ``--paths``),
left to settle for ``--warmup`` seconds, and the simulator's counts are read before and after a
``--seconds`` window. The requests made while the pages were opening are printed apart.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Sequence

from playwright.async_api import BrowserContext

from benchmarks.harness import chromium, open_page, parse, running_stack, sim_request_counts

TOP = 6


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--browsers", type=int, nargs="+", default=[0, 1, 5, 20], help="pages open (default 0 1 5 20)")
    p.add_argument("--seconds", type=float, default=30.0, help="measuring window per count (default 30)")
    p.add_argument("--warmup", type=float, default=10.0, help="seconds after opening before measuring")
    p.add_argument("--paths", nargs="+", default=["/"], help="pages to open, round-robin (default /)")


def _delta(after: dict[str, int], before: dict[str, int]) -> Counter[str]:
    return Counter({key: n - before.get(key, 0) for key, n in after.items() if n - before.get(key, 0) > 0})


async def _run(args: argparse.Namespace) -> None:
    with running_stack(cameras=8, speed=1) as stack:
        contexts: list[BrowserContext] = []
        async with chromium() as browser:
            for count in sorted(args.browsers):
                opening_from = await sim_request_counts(stack.sim)
                while len(contexts) < count:
                    path = args.paths[len(contexts) % len(args.paths)]
                    context, _page = await open_page(browser, stack.dash.url + path)
                    contexts.append(context)
                await asyncio.sleep(args.warmup)
                before = await sim_request_counts(stack.sim)
                opening = sum(_delta(before, opening_from).values())
                await asyncio.sleep(args.seconds)
                window = _delta(await sim_request_counts(stack.sim), before)
                per_minute = sum(window.values()) * 60 / args.seconds
                top = ", ".join(f"{key} {n * 60 / args.seconds:.1f}" for key, n in window.most_common(TOP))
                print(f"{count:>2} browsers: {per_minute:.1f} requests/min to the Pi "
                      f"({opening} while opening the pages and warming up)", flush=True)  # fmt: skip
                print(f"    per minute: {top or 'none'}", flush=True)
            for context in contexts:
                await context.close()


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    asyncio.run(_run(args))
