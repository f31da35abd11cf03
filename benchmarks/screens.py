"""Event → screen: a tap on the Pi's provisioning stream, a MutationObserver in every page, and one
provisioning batch driven through REST while both stamp what they see.

* The tap is our own httpx-sse connection to ``/api/v1/provisioning/batch/events``: it stamps the
  arrival of each device state change with ``time.time()`` (wall clock, seconds).
* The observer, installed before any page script runs, stamps with ``Date.now()`` (the same wall
  clock, milliseconds) each time the element ``[aria-label="Camera <MAC>"] [role=status]`` shows a
  new label (on a kiosk: ``[data-testid="kiosk-device-<MAC>"] [data-testid=kiosk-device-state]``).
  The labels are the state names capitalised (``Discovered`` … ``Failed``): lowercased, the state.
  Stamps survive a page reload (kept in ``sessionStorage`` on ``pagehide``).

Latency of one change on one screen = the screen's stamp - the tap's stamp. A device walks each
state at most once in a batch (provision-all once, no retries), so the tap's changes of one MAC
are matched in order with the labels that screen showed; a change with no later label equal to
it was never shown (skipped over, or the card never appeared).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from httpx_sse import aconnect_sse
from playwright.async_api import Browser, BrowserContext, CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from benchmarks.harness import (
    Stack,
    browser_cpu_seconds,
    cpu_seconds,
    ms,
    open_page,
    percentile,
    pi_client,
    provision_all,
    rss_mb,
    snapshot_states,
    spread,
    start_session,
    until_quiet,
    wait_start_form,
)
from pidash.orchestrator.event_decoding import Decoded, decode_event
from pidash.orchestrator.events import DeviceChanged, DevicePatched

TERMINAL = frozenset({"verified", "failed"})
STREAM_PATH = "/api/v1/provisioning/batch/events"
CPU_TAIL_SECONDS = 1.0
"""The batch's CPU is read at least this long after the last event."""

OBSERVER_JS = """
(() => {
  if (window.__pdScreen) return;
  const KEY = "__pdScreen";
  // A camera: the card of the provisioning page, or a kiosk tile (as the kiosk marks them today).
  const CARD = '[aria-label^="Camera "], [data-testid^="kiosk-device-"]:not([data-testid="kiosk-device-state"])';
  const STATUS = '[role="status"], [data-testid="kiosk-device-state"]';
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
  const screen = window.__pdScreen = saved || {stamps: [], last: {}, loads: 0};
  screen.loads += 1;
  function macOf(card) {
    const label = card.getAttribute("aria-label");
    return label && label.startsWith("Camera ") ? label.slice(7) : card.dataset.testid.slice(13);
  }
  function labelOf(card) {
    const status = card.querySelector(STATUS);
    return status ? status.textContent.trim() : "";
  }
  function read(card) {
    const mac = macOf(card), label = labelOf(card);
    if (label && screen.last[mac] !== label) {
      screen.last[mac] = label;
      screen.stamps.push([mac, label, Date.now()]);
    }
  }
  function cardOf(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return el ? el.closest(CARD) : null;
  }
  // A kiosk with more cameras than fit shows them a page at a time (a page turns every 8 s): its
  // cameras are those of the rows its pages are drawn from, not only the tiles of the page showing.
  function kioskRows() {
    const board = document.querySelector(".pd-kiosk-devices")?.closest(".pd-device-board");
    const view = board && window.getElement ? window.getElement(Number(board.id.slice(1)))?.$refs?.view : null;
    return view ? view.order.map((mac) => [mac, view.byMac[mac].state]) : null;
  }
  window.__pdScan = () => Object.fromEntries(kioskRows() ||
    [...document.querySelectorAll(CARD)].map((card) => [macOf(card), labelOf(card).toLowerCase()]));
  new MutationObserver((records) => {
    const cards = new Set();
    for (const r of records) {
      const own = cardOf(r.target);
      if (own) cards.add(own);
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches(CARD)) cards.add(n);
        for (const c of n.querySelectorAll(CARD)) cards.add(c);
      }
    }
    for (const c of cards) read(c);
  }).observe(document, {subtree: true, childList: true, characterData: true,
                        attributes: true, attributeFilter: ["aria-label", "role", "data-testid"]});
  // Arrivals: each device row a socket frame brings, stamped as the page's main thread takes the frame,
  // before the board applies it: the server's and the network's part, apart from the drawing's.
  screen.arrivals = screen.arrivals || [];
  function arrived(data) {
    if (typeof data !== "string" || !data.includes("apply")) return;
    const at = Date.now();
    try {
      const code = JSON.parse(data.slice(data.indexOf("[")))[1].code;
      const start = code.indexOf("JSON.parse(") + 11;
      const items = JSON.parse(JSON.parse(code.slice(start, code.lastIndexOf(")) try"))));
      for (const [, method, deltas] of items) {
        if (method !== "apply") continue;
        for (const delta of deltas) for (const row of delta.rows) screen.arrivals.push([row.mac, row.state, at]);
      }
    } catch (e) { /* another message */ }
  }
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => arrived(event.data));  // before socket.io's onmessage
    }
  };
  window.addEventListener("pagehide", () => sessionStorage.setItem(KEY, JSON.stringify(screen)));
})();
"""
SCAN_JS = "() => window.__pdScan ? window.__pdScan() : {}"
"""MAC → the state its card shows now (the label lowercased); on a kiosk, every page's."""


def state_text(value: object) -> str:
    return str(getattr(value, "value", value))


class EventTap:
    """Our own connection to the provisioning stream; stamps device state changes as they arrive."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self.url = base_url + STREAM_PATH
        self.headers = headers
        self.changes: dict[str, list[tuple[str, float]]] = {}
        """MAC → [(state, arrival as time.time())], one entry per change of state."""
        self.events = 0
        """Events with an id (heartbeats and ``connection.*`` left out)."""
        self.last_change_at = 0.0
        self.connected = asyncio.Event()
        self.changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect (within 15 s) and keep reading in a task until :meth:`stop`."""
        self._task = asyncio.create_task(self._run())
        connected = asyncio.create_task(self.connected.wait())
        await asyncio.wait({connected, self._task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        connected.cancel()
        self._raise_if_ended()
        if not self.connected.is_set():
            raise TimeoutError(f"the tap could not connect to {self.url}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def _raise_if_ended(self) -> None:
        if self._task is not None and self._task.done():
            error = None if self._task.cancelled() else self._task.exception()
            raise RuntimeError(f"the tap's stream ended: {error!r}") from error

    async def _run(self) -> None:
        timeout = httpx.Timeout(10.0, read=120.0)  # heartbeats come every 30 simulated seconds
        async with (
            httpx.AsyncClient(timeout=timeout) as http,
            aconnect_sse(http, "GET", self.url, headers=self.headers) as source,
        ):
            source.response.raise_for_status()
            self.connected.set()
            async for sse in source.aiter_sse():
                arrived = time.time()
                if sse.id:
                    self.events += 1
                decoded = decode_event(sse.event, sse.data)
                if isinstance(decoded, Decoded):
                    self._stamp(decoded, arrived)

    def _stamp(self, decoded: Decoded, arrived: float) -> None:
        event = decoded.event
        if isinstance(event, DeviceChanged):
            mac, state = event.device.mac, state_text(event.device.state)
        elif isinstance(event, DevicePatched):
            mac, state = event.mac, state_text(event.state)
        else:
            return
        seen = self.changes.setdefault(mac, [])
        if not seen or seen[-1][0] != state:
            seen.append((state, arrived))
            self.last_change_at = arrived
            self.changed.set()

    def final_states(self) -> dict[str, str]:
        return {mac: seen[-1][0] for mac, seen in self.changes.items()}

    async def until(self, predicate: Callable[[], bool], within: float, what: str) -> None:
        """Wait until ``predicate()`` holds; TimeoutError after ``within`` s, RuntimeError if the stream ends."""

        async def wait() -> None:
            while not predicate():
                self._raise_if_ended()
                self.changed.clear()
                changed = asyncio.create_task(self.changed.wait())
                assert self._task is not None
                try:
                    await asyncio.wait({changed, self._task}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    changed.cancel()

        try:
            await asyncio.wait_for(wait(), within)
        except TimeoutError:
            raise TimeoutError(f"the tap did not see {what} within {within:.0f} s") from None


@dataclass
class Screen:
    """What one page showed: ``stamps`` [(mac, state, ms since epoch)], the final scan, its loads,
    and ``arrivals`` [(mac, state, ms since epoch)]: each row as its socket frame reached the page."""

    stamps: list[tuple[str, str, float]]
    final: dict[str, str]
    loads: int
    arrivals: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Matched:
    latencies_ms: list[float] = field(default_factory=list)
    by_state_ms: dict[str, list[float]] = field(default_factory=dict)
    """The same latencies by the state shown: where the tail is (discovery adds cards, the
    provision-all burst changes every card at once, the later states come a few at a time)."""
    never_shown: Counter[str] = field(default_factory=Counter)
    """State → changes the screen never showed."""
    unshown_lifetimes_ms: list[float] = field(default_factory=list)
    """How long each of those (but a final one) lasted at the tap: a state held for 3 ms is no
    loss in a view that shows changes as they happen; one held for a second is."""
    arrival_ms: list[float] = field(default_factory=list)
    """For the changes shown: tap → the first socket frame bringing that row in that state to the
    page (the dashboard's and the network's part); what is left of the latency is the page's."""


def _first_after(seen: list[tuple[str, float]], start: int, state: str) -> int | None:
    return next((i for i in range(start, len(seen)) if seen[i][0] == state), None)


def match(changes: dict[str, list[tuple[str, float]]], screen: Screen) -> Matched:
    """The tap's changes on this screen: latencies (ms) and the changes never shown."""
    shown: dict[str, list[tuple[str, float]]] = {}
    for mac, state, at in screen.stamps:
        shown.setdefault(mac, []).append((state, at))
    arrived: dict[str, list[tuple[str, float]]] = {}
    for mac, state, at in screen.arrivals:
        arrived.setdefault(mac, []).append((state, at))
    matched = Matched()
    for mac, seen in changes.items():
        labels = shown.get(mac, [])
        rows = arrived.get(mac, [])
        next_label = next_row = 0
        for k, (state, tapped) in enumerate(seen):
            row = _first_after(rows, next_row, state)
            if row is not None:
                next_row = row + 1
            found = _first_after(labels, next_label, state)
            if found is None:
                matched.never_shown[state] += 1
                if k + 1 < len(seen):
                    matched.unshown_lifetimes_ms.append((seen[k + 1][1] - tapped) * 1000)
                continue
            latency = labels[found][1] - tapped * 1000
            matched.latencies_ms.append(latency)
            if row is not None:
                matched.arrival_ms.append(rows[row][1] - tapped * 1000)
            matched.by_state_ms.setdefault(state, []).append(latency)
            next_label = found + 1
    return matched


async def _evaluate(page: Page, script: str, default: Any) -> Any:
    """``page.evaluate``, retried while the page is between two documents (a reload)."""
    for _ in range(10):
        try:
            return await page.evaluate(script)
        except PlaywrightError:
            await asyncio.sleep(0.5)
    return default


async def read_screen(page: Page) -> Screen:
    empty = {"stamps": [], "arrivals": [], "loads": 0}
    data = await _evaluate(page, "() => window.__pdScreen || {stamps: [], arrivals: [], loads: 0}", empty)
    final: dict[str, str] = await _evaluate(page, SCAN_JS, {})
    stamps = [(str(mac), str(label).lower(), float(at)) for mac, label, at in data["stamps"]]
    arrivals = [(str(mac), str(state), float(at)) for mac, state, at in data.get("arrivals", [])]
    return Screen(stamps=stamps, final=final, loads=int(data["loads"]), arrivals=arrivals)


@dataclass
class BatchResult:
    cameras: int
    browsers: int
    kiosks: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    """On the provisioning pages (every camera of the batch is on the page)."""
    by_state_ms: dict[str, list[float]] = field(default_factory=dict)
    """The same, by the state shown (``Matched.by_state_ms``)."""
    never_shown: Counter[str] = field(default_factory=Counter)
    unshown_lifetimes_ms: list[float] = field(default_factory=list)
    arrival_ms: list[float] = field(default_factory=list)
    """On the provisioning pages: tap → the socket frame in the page (``Matched.arrival_ms``)."""
    changes: int = 0
    """Device state changes the tap saw, times the provisioning pages (each should reach every one)."""
    kiosk_latencies_ms: list[float] = field(default_factory=list)
    """On the kiosks, which show a page of tiles at a time: a change to a camera on another page
    shows when its page turns (every 8 s), or not at all if it changes again before."""
    kiosk_never_shown: int = 0
    kiosk_changes: int = 0
    events: int = 0
    cpu_seconds: float = 0.0
    """Dashboard CPU from the session start until every screen settled (or the wait ended), and at
    least ``CPU_TAIL_SECONDS`` after the last event."""
    idle_cpu_per_second: float = 0.0
    """Dashboard CPU per wall second with the pages open, before the batch."""
    browser_cpu_seconds: float = 0.0
    """Chromium's CPU (all its processes) over the same span as ``cpu_seconds``: what the screens
    cost, which a loaded machine inflates less than it inflates latencies."""
    batch_seconds: float = 0.0
    settle_seconds: float | None = None
    """Last change at the tap → last screen showing its final states (None: some never did)."""
    screens_equal: int = 0
    tap_equals_pi: bool = False
    rss_span_mb: tuple[float, float] = (0.0, 0.0)
    """Dashboard RSS with the pages open before the batch, and at the end of it."""
    reloads: int = 0
    main_thread_seconds: dict[str, float] = field(default_factory=dict)
    """The provisioning pages' main threads over the batch, summed (Chromium's ``Performance``
    metrics): ``task`` in all, of which ``script``, ``style`` (recalculation) and ``layout``; the
    rest of ``task`` is paint, parsing, messaging and the like."""
    quiet_wait_seconds: float = 0.0
    """How long the dashboard and the machine took to become quiet with the pages open (``until_quiet``)."""


class MainThread:
    """A page's main-thread time since :meth:`attach` (CDP ``Performance.getMetrics``, seconds)."""

    METRICS = {
        "task": "TaskDuration",
        "script": "ScriptDuration",
        "style": "RecalcStyleDuration",
        "layout": "LayoutDuration",
    }

    def __init__(self, session: CDPSession, start: dict[str, float]) -> None:
        self.session = session
        self.start = start

    @classmethod
    async def attach(cls, context: BrowserContext, page: Page) -> MainThread:
        session = await context.new_cdp_session(page)
        await session.send("Performance.enable")
        return cls(session, await cls._read(session))

    @classmethod
    async def _read(cls, session: CDPSession) -> dict[str, float]:
        metrics = {m["name"]: float(m["value"]) for m in (await session.send("Performance.getMetrics"))["metrics"]}
        return {name: metrics.get(key, 0.0) for name, key in cls.METRICS.items()}

    async def spent(self) -> dict[str, float]:
        try:
            now = await self._read(self.session)
        except PlaywrightError:  # the page reloaded: its counters started again
            return {}
        return {name: now[name] - self.start[name] for name in now}


async def open_screens(
    browser: Browser, base_url: str, browsers: int, kiosks: int
) -> list[tuple[BrowserContext, Page]]:
    """Instrumented pages, each in its own context: ``browsers`` on ``/`` (showing the start form),
    then ``kiosks`` on ``/kiosk``."""
    pages = [await open_page(browser, base_url + "/", init_script=OBSERVER_JS) for _ in range(browsers)]
    kiosk_pages = [await open_page(browser, base_url + "/kiosk", init_script=OBSERVER_JS) for _ in range(kiosks)]
    await asyncio.gather(
        *(wait_start_form(page) for _, page in pages),
        *(page.get_by_role("main", name="Kiosk").wait_for() for _, page in kiosk_pages),
    )
    return pages + kiosk_pages


async def run_batch(
    stack: Stack,
    browser: Browser,
    *,
    cameras: int,
    browsers: int,
    speed: float,
    kiosks: int = 0,
    discovery_seconds: int = 20,
    settle_timeout: float = 60.0,
    idle_seconds: float = 3.0,
) -> BatchResult:
    """Open ``browsers`` pages on ``/`` (and ``kiosks`` on ``/kiosk``), start a session, provision
    all, wait until it is over and every screen shows the Pi's final states (or ``settle_timeout``
    has passed); then compare."""
    result = BatchResult(cameras=cameras, browsers=browsers, kiosks=kiosks)
    tap = EventTap(stack.sim.url, stack.sim.headers())
    screens: list[tuple[BrowserContext, Page]] = []
    try:
        screens = await open_screens(browser, stack.dash.url, browsers, kiosks)
        await tap.start()
        result.quiet_wait_seconds = await until_quiet(stack.dash_pid)
        idle_from = cpu_seconds(stack.dash_pid)
        await asyncio.sleep(idle_seconds)
        result.idle_cpu_per_second = (cpu_seconds(stack.dash_pid) - idle_from) / idle_seconds
        rss_before = rss_mb(stack.dash_pid)
        main_threads = [await MainThread.attach(context, page) for context, page in screens[:browsers]]
        async with pi_client(stack.sim) as http:
            cpu_from, started = cpu_seconds(stack.dash_pid), time.time()
            browser_cpu_from = browser_cpu_seconds()
            session_id = await start_session(http, discovery_seconds)
            wall = discovery_seconds / speed + 30
            await tap.until(lambda: len(tap.changes) >= cameras, wall, f"{cameras} cameras discovered")
            await provision_all(http, session_id)
            await tap.until(
                lambda: all(s[-1][0] in TERMINAL for s in tap.changes.values()),
                60 + 20 * 10 / speed,  # the longest walk is ~10 simulated seconds; the rest is load
                "every camera verified or failed",
            )
            final = await snapshot_states(http, session_id)  # the Pi's snapshot: what every screen should show
            result.tap_equals_pi = tap.final_states() == final
            settled_at = await _wait_screens(screens, final, settle_timeout)
            # The same tail for every page count (also none): work the last event caused is counted.
            await asyncio.sleep(max(0.0, tap.last_change_at + CPU_TAIL_SECONDS - time.time()))
            result.cpu_seconds = cpu_seconds(stack.dash_pid) - cpu_from
            result.browser_cpu_seconds = browser_cpu_seconds() - browser_cpu_from
            result.rss_span_mb = (rss_before, rss_mb(stack.dash_pid))
            for main_thread in main_threads:
                for name, seconds in (await main_thread.spent()).items():
                    result.main_thread_seconds[name] = result.main_thread_seconds.get(name, 0.0) + seconds
            result.batch_seconds = tap.last_change_at - started
        result.events = tap.events
        per_screen = sum(len(seen) for seen in tap.changes.values())
        result.changes, result.kiosk_changes = per_screen * browsers, per_screen * kiosks
        for i, (_context, page) in enumerate(screens):
            screen = await read_screen(page)
            matched = match(tap.changes, screen)
            if i < browsers:
                result.latencies_ms += matched.latencies_ms
                for state, values in matched.by_state_ms.items():
                    result.by_state_ms.setdefault(state, []).extend(values)
                result.never_shown += matched.never_shown
                result.unshown_lifetimes_ms += matched.unshown_lifetimes_ms
                result.arrival_ms += matched.arrival_ms
            else:
                result.kiosk_latencies_ms += matched.latencies_ms
                result.kiosk_never_shown += sum(matched.never_shown.values())
            result.screens_equal += screen.final == final
            result.reloads += screen.loads - 1
        if all(at is not None for at in settled_at):
            last_screen = max((at for at in settled_at if at is not None), default=tap.last_change_at)
            result.settle_seconds = max(0.0, last_screen - tap.last_change_at)
        return result
    finally:
        await tap.stop()
        for context, _page in screens:
            await context.close()


async def _wait_screens(
    screens: Sequence[tuple[BrowserContext, Page]], final: dict[str, str], within: float
) -> list[float | None]:
    """Per screen, the time (``time.time()``) its last final label appeared; None if it never did."""
    settled: list[float | None] = [None] * len(screens)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(at is None for at in settled):
        for i, (_context, page) in enumerate(screens):
            if settled[i] is None and (await _evaluate(page, SCAN_JS, {})) == final:
                stamps = (await read_screen(page)).stamps
                settled[i] = max((at for _mac, _state, at in stamps), default=0.0) / 1000
        await asyncio.sleep(0.25)
    return settled


def runs_line(results: Sequence[BatchResult]) -> str:
    """One case run several times: the p95 of each run, sorted, and their median."""
    p95s = sorted(percentile(r.latencies_ms, 95) for r in results)
    first = results[0]
    missing = sum(sum(r.never_shown.values()) for r in results)
    return (
        f"{first.cameras} cameras x {first.browsers} browsers, {len(results)} runs: p95 median "
        f"{ms(statistics.median(p95s))} (each run: {', '.join(ms(v) for v in p95s)}); "
        f"states never shown in all runs: {missing}"
    )


WALK = ("discovered", "provisioning", "provisioned", "verifying", "verified", "failed")


def _walk_order(item: tuple[str, list[float]]) -> int:
    return WALK.index(item[0]) if item[0] in WALK else len(WALK)


def report(result: BatchResult) -> list[str]:
    """The printed lines of one batch."""
    missing = sum(result.never_shown.values())
    by_state = ", ".join(f"{state} {n}" for state, n in sorted(result.never_shown.items()))
    lifetimes = result.unshown_lifetimes_ms
    lived = f"; the longest-held of them lasted {ms(max(lifetimes))} at the tap" if lifetimes else ""
    settle = "never (some screen did not reach the final states)"
    if result.settle_seconds is not None:
        settle = f"{result.settle_seconds:.2f} s after the last event"
    kiosks = f" + {result.kiosks} kiosks" if result.kiosks else ""
    screens = result.browsers + result.kiosks
    by_walk = sorted(result.by_state_ms.items(), key=_walk_order)
    spent = result.main_thread_seconds
    threads = ""
    if spent:
        other = spent["task"] - spent["script"] - spent["style"] - spent["layout"]
        threads = (f"{spent['task']:.1f} s busy (script {spent['script']:.1f}, style {spent['style']:.1f}, "
                   f"layout {spent['layout']:.1f}, other {other:.1f})")  # fmt: skip
    lines = [
        f"{result.cameras} cameras x {result.browsers} browsers{kiosks}: event→screen {spread(result.latencies_ms)}"
        + (" (provisioning pages)" if result.kiosks else ""),
        "  p95 by state: " + ", ".join(f"{s} {ms(percentile(v, 95))} ({len(v)})" for s, v in by_walk),
        f"  of which event→page (the socket frame reaching the page, before the board applies it): "
        f"{spread(result.arrival_ms)} ({len(result.arrival_ms)} of the changes shown)",
        f"  states never shown: {missing} of {result.changes}" + (f" ({by_state})" if by_state else "") + lived,
        *(
            [
                f"  kiosks (a page of tiles at a time, turning every 8 s): "
                f"event→tile {spread(result.kiosk_latencies_ms)}; changes never on the page showing: "
                f"{result.kiosk_never_shown} of {result.kiosk_changes}"
            ]
            if result.kiosks
            else []
        ),
        f"  dashboard CPU for the batch: {result.cpu_seconds:.1f} CPU-s over {result.batch_seconds:.1f} s "
        f"({result.events} events; idle with the pages open: {result.idle_cpu_per_second:.2f} CPU-s/s); "
        f"RSS {result.rss_span_mb[0]:.0f} -> {result.rss_span_mb[1]:.0f} MiB",
        f"  Chromium CPU for the batch: {result.browser_cpu_seconds:.1f} CPU-s "
        f"({result.browser_cpu_seconds / max(1, screens):.2f} per screen)"
        + (f"; provisioning pages' main threads: {threads}" if threads else ""),
        f"  final states equal to the Pi's snapshot on {result.screens_equal}/{screens} screens; "
        f"all screens settled: {settle}",
    ]
    if result.reloads:
        lines.append(f"  pages reloaded during the batch: {result.reloads}")
    if not result.tap_equals_pi:
        lines.append("  WARNING: the tap's final states differ from the Pi's snapshot")
    return lines
