"""Dashboard CPU-seconds per 1,000 provisioning events with 0, 1, 5 and 20 pages open.

Each run: a fresh ``pidash sim`` (50 cameras, speed 20 by default) and ``pidash run``, N pages on
``/``, one batch (provision-all), measured from the session start until every page shows the final
states. Events are those the tap received with an id (device, session and network events). The
dashboard's idle CPU with the same pages open is printed beside it, so the per-event part can be told
from the pages' own timers. Each batch starts once the dashboard is quiet (its start-up compression
of static files done). ``--runs N``: N batches per page count, then their median.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from collections.abc import Sequence

from benchmarks.harness import chromium, parse, running_stack
from benchmarks.screens import run_batch


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--browsers", type=int, nargs="+", default=[0, 1, 5, 20], help="pages per run (default 0 1 5 20)")
    p.add_argument("--cameras", type=int, default=50)
    p.add_argument("--speed", type=float, default=20.0)
    p.add_argument("--runs", type=int, default=1, help="batches per page count, each on fresh processes (default 1)")


async def _run(args: argparse.Namespace) -> None:
    async with chromium() as browser:
        for browsers in args.browsers:
            figures = []
            for _ in range(args.runs):
                with running_stack(cameras=args.cameras, speed=args.speed) as stack:
                    result = await run_batch(stack, browser, cameras=args.cameras, browsers=browsers, speed=args.speed)
                per_thousand = result.cpu_seconds / max(result.events, 1) * 1000
                figures.append(per_thousand)
                settled = "" if result.settle_seconds is not None else " (some page never showed the final states)"
                print(
                    f"{browsers:>2} browsers: {per_thousand:.2f} CPU-s per 1,000 events "
                    f"({result.cpu_seconds:.2f} CPU-s for {result.events} events in {result.batch_seconds:.1f} s; "
                    f"idle {result.idle_cpu_per_second:.2f} CPU-s/s){settled}",
                    flush=True,
                )
            if args.runs > 1:
                each = ", ".join(f"{v:.2f}" for v in sorted(figures))
                print(f"{browsers:>2} browsers, {args.runs} runs: median {statistics.median(figures):.2f} ({each})")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    asyncio.run(_run(args))
