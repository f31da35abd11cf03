"""What every browser benchmark shares: real ``pidash sim`` + ``pidash run`` processes, Chromium,
the dashboard's CPU and RSS from ``/proc``, percentiles, and the REST calls that drive a batch.

Processes are the tests' own (``SimProcess``, ``DashboardProcess``) on free loopback ports; every
process a benchmark starts is stopped on the way out, also on an exception, Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, DashboardProcess
from tests.support.processes import SimProcess

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LONG_TIMEOUT_SECONDS = 3600
"""Provisioning and verification timeouts (simulated seconds) that no benchmark batch reaches."""
START_BODY: dict[str, Any] = {"target_ssid": "Bench-WiFi", "target_password": "bench-pass-123"}
HTTP_TIMEOUT = httpx.Timeout(15.0)


# --- processes -------------------------------------------------------------------------------


def stop_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit`` so that the ``with`` blocks stop the children on the way out."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


@dataclass
class Stack:
    """A simulator and, unless asked otherwise, a dashboard configured with its key."""

    sim: SimProcess
    dashboard: DashboardProcess | None
    workdir: Path

    @property
    def dash(self) -> DashboardProcess:
        assert self.dashboard is not None, "this stack was started without a dashboard"
        return self.dashboard

    @property
    def dash_pid(self) -> int:
        assert self.dash.proc is not None
        return self.dash.proc.pid


@contextmanager
def running_stack(
    *,
    cameras: int,
    speed: float,
    failure_rate: float = 0.1,
    dashboard: bool = True,
    dashboard_env: dict[str, str] | None = None,
) -> Iterator[Stack]:
    """``pidash sim`` (``cameras`` allowlisted, ``--faults``) and ``pidash run`` against it."""
    with tempfile.TemporaryDirectory(prefix="pidash-bench-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        sim = SimProcess(workdir / "sim", devices=cameras, unlisted=0, failure_rate=failure_rate, speed=speed)
        stack.callback(sim.stop)  # registered before start: a start that times out still stops it
        sim.start()
        dash: DashboardProcess | None = None
        if dashboard:
            dash = DashboardProcess(sim.url, workdir / "dash", api_key=sim.api_key, extra_env=dashboard_env)
            stack.callback(dash.stop)
            dash.start()
        yield Stack(sim=sim, dashboard=dash, workdir=workdir)


# --- /proc readers ---------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far (``/proc/<pid>/stat``)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) ": field 3 onwards
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent on anything but idle and iowait so far
    (``/proc/stat``)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


async def until_quiet(pid: int, *, below: float = 0.05, machine_below: float = 0.5, within: float = 90.0) -> float:
    """Wait until the process uses less than ``below`` CPU-s per second and the whole machine less
    than ``machine_below`` (1 s windows), at most ``within`` seconds; the seconds waited. A dashboard
    just started still compresses its static files (a lowest-priority thread, ~1 CPU-s/s for tens of
    seconds), and the renderers of a previous run may still be busy: CPU and latencies measured
    meanwhile are not the batch's."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        before, machine_before = cpu_seconds(pid), machine_busy_seconds()
        await asyncio.sleep(1.0)
        if cpu_seconds(pid) - before < below and machine_busy_seconds() - machine_before < machine_below:
            break
    return time.monotonic() - started


def browser_cpu_seconds() -> float:
    """CPU seconds used so far by the Chromium processes this process started (through Playwright):
    the descendants of this process named ``chrom*`` (the browser, its renderers, GPU and network)."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        pid = int(entry.name)
        names[pid] = stat[stat.index("(") + 1 : stat.rindex(")")]
        children.setdefault(int(stat[stat.rindex(")") + 2 :].split()[1]), []).append(pid)
    total, todo = 0.0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        if names.get(pid, "").startswith("chrom"):
            with contextlib.suppress(OSError):
                total += cpu_seconds(pid)
    return total


def rss_mb(pid: int) -> float:
    """Resident set size in MiB (``VmRSS`` of ``/proc/<pid>/status``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


# --- figures ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` (0..100) percentile, interpolated between the nearest ranks; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def ms(value: float) -> str:
    """Milliseconds, as ``412 ms`` or ``4.2 s``."""
    if math.isnan(value):
        return "—"
    return f"{value:.0f} ms" if abs(value) < 10_000 else f"{value / 1000:.1f} s"


def spread(values_ms: Sequence[float]) -> str:
    """``p50 … p95 … p99 … max …`` of a list of milliseconds."""
    if not values_ms:
        return "no samples"
    parts = [f"p{p} {ms(percentile(values_ms, p))}" for p in (50, 95, 99)]
    return ", ".join([*parts, f"max {ms(max(values_ms))}"])


# --- arguments -------------------------------------------------------------------------------


def parser(description: str | None) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="python -m benchmarks NAME",
        description=(description or "").strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parse(description: str | None, argv: Sequence[str] | None, add: Any) -> argparse.Namespace:
    """Parse ``argv`` (``None``: the defaults of ``make bench``) with the flags ``add(parser)`` declares."""
    p = parser(description)
    add(p)
    return p.parse_args(list(argv or []))


# --- Chromium --------------------------------------------------------------------------------


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Debian's headless Chromium through Playwright, flags as in the browser tests."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def open_page(
    browser: Browser, url: str, *, init_script: str | None = None, timeout_ms: float = 60_000
) -> tuple[BrowserContext, Page]:
    """A page in its own context (its own NiceGUI client, like another screen), loaded at ``url``."""
    context = await browser.new_context(viewport=VIEWPORT)
    if init_script:
        await context.add_init_script(init_script)
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    await page.goto(url)
    return context, page


async def wait_start_form(page: Page) -> None:
    """The provisioning page is usable: its **Start session** button is visible."""
    await page.get_by_role("button", name="Start session").wait_for(state="visible")


async def wait_camera_card(page: Page) -> None:
    """At least one camera card is on the page."""
    await page.locator('[aria-label^="Camera "]').first.wait_for(state="visible")


# --- driving the Pi (REST, with the key) -----------------------------------------------------


def pi_client(sim: SimProcess) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=f"{sim.url}/api/v1/provisioning", headers=sim.headers(), timeout=HTTP_TIMEOUT)


async def start_session(http: httpx.AsyncClient, discovery_seconds: int) -> str:
    """Start a batch whose provisioning and verification never time out; returns its id."""
    config = {
        "discovery_timeout_seconds": discovery_seconds,
        "provisioning_timeout_seconds": LONG_TIMEOUT_SECONDS,
        "verification_timeout_seconds": LONG_TIMEOUT_SECONDS,
    }
    response = await http.post("/batch/start", json={**START_BODY, "config": config})
    response.raise_for_status()
    return str(response.json()["data"]["session"]["id"])


async def provision_all(http: httpx.AsyncClient, session_id: str) -> None:
    (await http.post(f"/batch/{session_id}/provision-all")).raise_for_status()


async def snapshot_states(http: httpx.AsyncClient, session_id: str) -> dict[str, str]:
    """MAC → state of the session's devices, as the Pi has them now."""
    response = await http.get(f"/batch/{session_id}/devices")
    response.raise_for_status()
    return {d["mac"]: d["state"] for d in response.json()["data"]["devices"] or []}


async def sim_request_counts(sim: SimProcess) -> dict[str, int]:
    """``GET /_sim/requests``: requests the simulator answered, by ``METHOD /route/template``."""
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
        response = await http.get(f"{sim.url}/_sim/requests")
        response.raise_for_status()
        counts: dict[str, int] = response.json()["counts"]
        return counts
