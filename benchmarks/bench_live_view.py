"""Event → screen latency of the live view: a real-time batch watched by 1..N Chromium pages.

For each cameras x browsers: ``pidash sim --speed 1 --failure-rate 0.1`` and ``pidash run``, the
pages open on ``/``, a session started through REST (long provisioning and verification timeouts),
provision-all once every camera is discovered. Prints p50/p95/p99/max of (screen stamp - tap stamp)
over every (camera, state, page), the states never shown, the dashboard's CPU for the batch and
whether every screen ended on the Pi's snapshot. See ``benchmarks/screens.py`` for the stamps.

``make bench`` runs 50 x 1 and 50 x 5; ``--full`` adds 500 x 1, 500 x 5 and 50 x 20 (long, and
heavy on a 2-core machine). ``--runs N`` runs each case N times and ends with the spread of their
p95 (a shared 2-core machine varies ~2x from one run to the next: one run proves little).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence

from benchmarks.harness import chromium, parse, running_stack
from benchmarks.screens import report, run_batch, runs_line

FULL_CASES = [(50, 1), (50, 5), (500, 1), (500, 5), (50, 20)]


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cameras", type=int, nargs="+", default=[50], help="fleet sizes (default 50)")
    p.add_argument("--browsers", type=int, nargs="+", default=[1, 5], help="pages per run (default 1 5)")
    p.add_argument("--full", action="store_true", help="the issue's whole grid: 50/500 x 1/5, and 50 x 20")
    p.add_argument("--kiosks", type=int, default=0, help="kiosk pages (/kiosk) watching beside the browsers")
    p.add_argument("--speed", type=float, default=1.0, help="simulated-time multiplier (default 1: real time)")
    p.add_argument(
        "--settle-timeout", type=float, default=60.0, help="seconds to wait for the screens after the last event"
    )
    p.add_argument("--runs", type=int, default=1, help="batches per case, each on fresh processes (default 1)")


async def _run(cases: Sequence[tuple[int, int]], args: argparse.Namespace) -> None:
    async with chromium() as browser:
        for cameras, browsers in cases:
            results = []
            for _ in range(args.runs):
                load = os.getloadavg()[0]
                with running_stack(cameras=cameras, speed=args.speed) as stack:
                    result = await run_batch(
                        stack,
                        browser,
                        cameras=cameras,
                        browsers=browsers,
                        kiosks=args.kiosks,
                        speed=args.speed,
                        settle_timeout=args.settle_timeout,
                    )
                print(
                    "\n".join(report(result)),
                    f"  (load average {load:.1f} before the run; "
                    f"{result.quiet_wait_seconds:.0f} s to a quiet machine with the pages open)",
                    sep="\n",
                    flush=True,
                )
                results.append(result)
            if args.runs > 1:
                print(runs_line(results), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    cases = FULL_CASES if args.full else [(c, b) for c in args.cameras for b in args.browsers]
    print(f"simulator at speed {args.speed:g}, failure rate 0.1; latency = screen stamp - tap stamp", flush=True)
    asyncio.run(_run(cases, args))
