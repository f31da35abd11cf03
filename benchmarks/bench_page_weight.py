"""Weight of ``/`` on the wire, cold and warm, and the time until it is usable.

Bytes are Chromium's own count (CDP ``Network.loadingFinished`` → ``encodedDataLength``: bytes
received for each resource, headers included, after compression; KB = 1,000 bytes). Cold: a fresh browser context
(empty cache); warm: a reload in the same context. Usable: the frame that draws the **Start
session** button, stamped in the page (``performance.now()`` in the first animation frame after the
button is visible: milliseconds from the navigation's start, the browser's own clock); beside it,
when Playwright saw the button, timed from the navigation command (that adds the driver's round
trips and its polling, ~150-250 ms on this VM). Bytes are summed once the network is idle. Prints
the median of ``--runs`` and the six largest resources of the first cold load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Error, Page

from benchmarks.harness import chromium, median, parse, running_stack, wait_start_form

BREAKDOWN = 6

USABLE_JS = """
(() => {
  const shown = () => [...document.querySelectorAll("button")]
    .some((b) => b.textContent.includes("Start session") && b.checkVisibility());
  const observer = new MutationObserver(() => {
    if (window.__pdUsable !== undefined || !shown()) return;
    window.__pdUsable = null;
    observer.disconnect();
    requestAnimationFrame(() => { window.__pdUsable = performance.now(); });
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
"""
"""Stamps ``window.__pdUsable``: ms from the navigation's start to the frame that draws Start session."""


def _flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=5, help="cold + warm loads to take the median of (default 5)")


@dataclass
class Load:
    usable_seconds: float
    """In the page: the navigation's start to the frame that draws Start session."""
    seen_seconds: float = 0.0
    """By Playwright: the navigation command to its wait for the button returning."""
    resources: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Request id → (URL, bytes on the wire)."""

    @property
    def total(self) -> int:
        return sum(size for _url, size in self.resources.values())


async def _measure(page: Page, navigate: Callable[[], Awaitable[Any]]) -> Load:
    cdp = await page.context.new_cdp_session(page)
    urls: dict[str, str] = {}
    load = Load(usable_seconds=0.0)

    def on_request(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def on_finished(event: dict[str, Any]) -> None:
        rid = event["requestId"]
        load.resources[rid] = (urls.get(rid, "?"), int(event["encodedDataLength"]))

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.loadingFinished", on_finished)
    await cdp.send("Network.enable")
    started = time.perf_counter()
    await navigate()
    await wait_start_form(page)
    load.seen_seconds = time.perf_counter() - started
    stamp = await page.wait_for_function("window.__pdUsable", timeout=15_000)
    load.usable_seconds = float(await stamp.json_value()) / 1000
    with contextlib.suppress(Error):  # a page that keeps polling: what arrived so far is counted
        await page.wait_for_load_state("networkidle", timeout=15_000)
    await asyncio.sleep(0.5)
    await cdp.detach()
    return load


async def _cold_and_warm(browser: Browser, url: str) -> tuple[Load, Load]:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.add_init_script(USABLE_JS)
        cold = await _measure(page, lambda: page.goto(url, wait_until="commit"))
        warm = await _measure(page, lambda: page.reload(wait_until="commit"))
        return cold, warm
    finally:
        await context.close()


def _kb(size: float) -> str:
    return f"{size / 1000:.0f} KB"


def _breakdown(load: Load) -> list[str]:
    largest = sorted(load.resources.values(), key=lambda r: r[1], reverse=True)[:BREAKDOWN]
    return [f"    {_kb(size):>7}  {urlsplit(url).path or url}" for url, size in largest]


async def _run(args: argparse.Namespace) -> None:
    with running_stack(cameras=5, speed=20) as stack:
        url = stack.dash.url + "/"
        async with chromium() as browser:
            loads = [await _cold_and_warm(browser, url) for _ in range(args.runs)]
    cold, warm = [c for c, _ in loads], [w for _, w in loads]
    for name, runs in (("cold", cold), ("warm", warm)):
        print(f"{name} /: {_kb(median([r.total for r in runs]))} on the wire in {len(runs[0].resources)} responses, "
              f"usable after {median([r.usable_seconds for r in runs]) * 1000:.0f} ms in the page "
              f"(Playwright saw it after {median([r.seen_seconds for r in runs]) * 1000:.0f} ms; "
              f"median of {len(runs)})")  # fmt: skip
    print(f"  largest resources of the first cold load ({_kb(cold[0].total)} in all):")
    print("\n".join(_breakdown(cold[0])), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(__doc__, argv, _flags)
    asyncio.run(_run(args))
