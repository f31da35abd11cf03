"""``pidash doctor``: a one-shot, read-only check of what a Pi offers, for a technician or support.

It asks each capability once (the provisioning stream until an event shows whether it carries
ids, for at most a few seconds; the monitor socket until its first frame), prints a table —
capability, the route that answered, the dialect recognised, latency, a plain verdict — and says
whether provisioning can work. It changes nothing on the Pi: only GETs and a WebSocket that sends
nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
from pydantic import SecretStr
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from pidash.contract.errors import ErrorCode
from pidash.orchestrator.capabilities import API_V1, ROUTES, route_missing
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.decoding import load_json
from pidash.orchestrator.errors import CONNECTION_FAILED, OrchestratorError
from pidash.orchestrator.sse_lines import PromptLineDecoder, StreamTooLarge
from pidash.orchestrator.transport import Reply

WORKS = "works"
WORKS_LEGACY = "works via legacy route"
MISSING = "missing on this Pi"
REFUSED_KEY = "refused: key"
NOT_PI = "not a PiOrchestrator"
UNREACHABLE = "unreachable"
STREAM_SECONDS = 3.0
SOCKET_SECONDS = 3.0
MAX_PEEK = 64 * 1024

PROVISIONING_NEEDS = ("batch provisioning", "stream", "allowlist")
"""Without these, cameras cannot be onboarded from the dashboard."""


@dataclass
class Check:
    capability: str
    route: str = ""
    dialect: str = ""
    """``handoff``, ``field`` (a field variant was recognised), ``legacy`` (flat or bare envelope), or
    ``""``: not recognised (a failing check, or a stream whose frames did not tell; its note says why)."""
    latency_ms: float | None = None
    verdict: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict in (WORKS, WORKS_LEGACY)


def _verdict_of(err: OrchestratorError) -> tuple[str, str]:
    if err.code == ErrorCode.UNAUTHORIZED:
        return REFUSED_KEY, "the Pi refused the request: set PIDASH_API_KEY to its key"
    if err.code == CONNECTION_FAILED:
        return UNREACHABLE, err.details or ""
    if route_missing(err):
        return MISSING, f"HTTP {err.http_status} {err.code}"
    return f"failing: {err.code}", err.details or str(err.message)


async def _timed(check: Check, call: Callable[[], Awaitable[Reply[Any]]]) -> Reply[Any] | None:
    started = time.monotonic()
    try:
        reply = await call()
    except OrchestratorError as err:
        check.latency_ms = (time.monotonic() - started) * 1000
        check.verdict, check.detail = _verdict_of(err)
        return None
    check.latency_ms = reply.elapsed_ms or (time.monotonic() - started) * 1000
    check.verdict = WORKS
    check.dialect = "field" if reply.variant and reply.variant.startswith("field") else "handoff"
    return reply


async def _section(
    client: OrchestratorClient, capability: str, section: str, call: Callable[[], Awaitable[Reply[Any]]]
) -> Check:
    check = Check(capability)
    reply = await _timed(check, call)
    route = client.capabilities.serving(section)
    if reply is not None and route is not None:
        check.route = route.path
        if route.dialect == "legacy":
            check.verdict, check.dialect = WORKS_LEGACY, "legacy"
        elif route.field:
            check.dialect = "field"
    elif reply is None:
        check.route = ROUTES[section][0].path
    return check


async def _plain(capability: str, route: str, call: Callable[[], Awaitable[Reply[Any]]]) -> Check:
    check = Check(capability, route=route)
    await _timed(check, call)
    return check


async def _auth(client: OrchestratorClient) -> Check:
    check = Check("auth")
    reply = await _timed(check, client.auth_status)
    caps = client.capabilities
    check.route = "/api/v1/auth/status" if caps.auth_source == "/auth/status" else f"{API_V1}/provisioning/allowlist"
    if reply is not None:
        check.dialect = "handoff" if caps.auth_source == "/auth/status" else "field"
        needed = "a key is needed" if reply.data.required else "no key needed"
        check.detail = f"{needed} (learnt from {caps.auth_source})"
        if reply.data.required and not client.has_key:
            check.verdict, check.detail = REFUSED_KEY, check.detail + "; none given (set PIDASH_API_KEY)"
    return check


async def _stream(client: OrchestratorClient, seconds: float) -> Check:
    """Opens the provisioning stream and reads frames until they show the dialect, for at most
    ``seconds`` and :data:`STREAM_FRAMES` events.

    The first frame alone proves little: ``connection.established`` is connection-local (no ``id:``
    on either dialect) and names no session on an idle Pi. Reading stops at the first frame with an
    ``id:`` or the first event that is not a ``connection.*`` one (whether it carries an id is the
    evidence); an idle stream that sends neither leaves the dialect undetermined unless its framing
    is the field's (Gin: no space after the colon, captured).
    """
    check = Check("stream", route=f"{API_V1}/provisioning/batch/events")
    started = time.monotonic()
    probe = _StreamProbe()
    try:
        async with client.open_stream("/provisioning/batch/events", read_timeout=seconds + 2) as response:
            check.latency_ms = (time.monotonic() - started) * 1000
            try:
                async with asyncio.timeout(seconds):
                    async for text in response.aiter_text():
                        if probe.feed(text):
                            break
                    else:
                        probe.ended = True
            except TimeoutError:
                probe.timed_out = True
    except OrchestratorError as err:
        check.latency_ms = (time.monotonic() - started) * 1000
        check.verdict, check.detail = _verdict_of(err)
        return check
    check.verdict = WORKS
    check.dialect, check.detail = probe.verdict(seconds)
    return check


STREAM_FRAMES = 8
"""The stream probe reads at most this many events (a Pi that only sends heartbeats stays quick)."""


@dataclass
class _Frame:
    event: str
    has_id: bool
    gin: bool
    """A field written without a space after its colon (``event:x``), as Gin writes them."""
    data: Any


@dataclass
class _StreamProbe:
    """The provisioning stream's first frames, split as SSE (any line ending) but kept raw enough
    to see the framing; bounded by :data:`STREAM_FRAMES` and :data:`MAX_PEEK` characters."""

    frames: list[_Frame] = field(default_factory=list)
    timed_out: bool = False
    ended: bool = False
    """The Pi closed the stream before the evidence or a bound."""
    read: int = 0
    """Characters read."""
    broken: bool = False
    _lines: PromptLineDecoder = field(default_factory=lambda: PromptLineDecoder(MAX_PEEK))
    _fields: list[tuple[str, str, bool]] = field(default_factory=list)

    def feed(self, text: str) -> bool:
        """Takes a chunk; True once the evidence is in (or a bound is reached): stop reading."""
        self.read += len(text)
        try:
            lines = self._lines.decode(text)
        except StreamTooLarge:
            self.broken = True
            return True
        for line in lines:
            if line:
                if not line.startswith(":"):  # else a comment
                    name, colon, value = line.partition(":")
                    self._fields.append((name, value.removeprefix(" "), bool(colon and value[:1] not in ("", " "))))
                continue
            if any(name in ("event", "data") for name, _, _ in self._fields):  # else nothing is dispatched
                self.frames.append(self._frame(self._fields))
            self._fields = []
            if self.decided or len(self.frames) >= STREAM_FRAMES:
                return True
        return self.read > MAX_PEEK

    @staticmethod
    def _frame(fields: list[tuple[str, str, bool]]) -> _Frame:
        event = next((value for name, value, _ in fields if name == "event"), "message")
        data = "\n".join(value for name, value, _ in fields if name == "data")
        try:
            payload = load_json(data) if data else None
        except ValueError:
            payload = None
        has_id = any(name == "id" and value for name, value, _ in fields)
        return _Frame(event, has_id, any(gin for _, _, gin in fields), payload)

    @property
    def decided(self) -> bool:
        """An id was seen, or an event that is not connection-local (its id, or none, is the answer)."""
        return any(f.has_id or not f.event.startswith("connection.") for f in self.frames)

    def verdict(self, seconds: float) -> tuple[str, str]:
        """(dialect, note), worded from what was seen: ``""`` when the frames do not tell."""
        if not self.frames:
            if self.broken or self.read:
                return "", f"opened; sent {self.read} characters but no complete SSE event"
            return "", f"opened; nothing sent in {seconds:g} s (a quiet Pi)"
        gin = any(f.gin for f in self.frames)
        framing = "Gin framing (no space after the colon)" if gin else "standard framing"
        with_id = next((f for f in self.frames if f.has_id), None)
        event = next((f for f in self.frames if not f.event.startswith("connection.")), None)
        if with_id is not None:
            ids = f"ids (first on {with_id.event})"
            dialect = "field" if gin else "handoff"
        elif event is not None:
            ids = f"no ids ({event.event} carried none)"
            dialect = "field"
        else:
            if len(self.frames) >= STREAM_FRAMES:
                bound = f"in {STREAM_FRAMES} events"
            elif self.timed_out:
                bound = f"within {seconds:g} s"
            elif self.ended:
                bound = "before the Pi closed the stream"
            else:
                bound = f"in the first {self.read} characters"
            seen = f"only {_connection_events(self.frames)} {bound}"
            if gin:
                ids, dialect = f"no ids seen ({seen})", "field"
            else:
                tail = "none with an id" if len(self.frames) > 1 else "without an id"
                ids, dialect = f"dialect undetermined ({seen}, {tail})", ""
        return dialect, f"{framing}; {ids}; {self._sessions()}"

    def _sessions(self) -> str:
        first = self.frames[0]
        named = _session_named(first.data)
        if named is True:
            said = f"first event ({first.event}) names a session"
        elif named is None:
            said = f"first event ({first.event}) has session_id null"
        else:
            said = f"first event ({first.event}) names no session"
        later = next((f for f in self.frames[1:] if _session_named(f.data) is True), None)
        if named is not True and later is not None:
            said += f"; {later.event} names one"
        return said


def _connection_events(frames: list[_Frame]) -> str:
    """``a connection event`` or ``connection.established, connection.heartbeat x2``."""
    if len(frames) == 1:
        return "a connection event"
    counts: dict[str, int] = {}
    for f in frames:
        counts[f.event] = counts.get(f.event, 0) + 1
    return ", ".join(name if n == 1 else f"{name} x{n}" for name, n in counts.items())


def _session_named(data: Any) -> bool | None:
    """True: the event names a session (a non-null id); None: it says ``session_id: null``;
    False: it names none. Looks at the envelope's ``session_id``, the payload's ``session_id``
    and the payload's ``session.id``."""
    if not isinstance(data, dict):
        return False
    payload = data.get("payload")
    payload = payload if isinstance(payload, dict) else {}
    session = payload.get("session")
    places = [(data, "session_id"), (payload, "session_id")]
    if isinstance(session, dict):
        places.append((session, "id"))
    values = [where[key] for where, key in places if key in where]
    if any(isinstance(v, str) and v for v in values):
        return True
    return None if values else False


async def _logs(client: OrchestratorClient, seconds: float) -> Check:
    check = Check("logs")
    missing: list[str] = []
    for route in ROUTES["logs"]:
        started = time.monotonic()
        try:
            if route.stream:
                async with client.open_stream(route.path.removeprefix(API_V1), read_timeout=seconds + 2):
                    latency_ms = (time.monotonic() - started) * 1000
                dialect = "handoff" if route is ROUTES["logs"][0] else "field"
                verdict, detail = WORKS, "SSE stream"
            else:
                reply = await client.request("GET", route.path, lambda data: data, legacy=True, retry=False)
                latency_ms, dialect, verdict, detail = reply.elapsed_ms, "legacy", WORKS_LEGACY, "JSON polling only"
        except OrchestratorError as err:
            verdict, detail = _verdict_of(err)
            if verdict == MISSING:
                missing.append(route.path)
                continue
            check.route, check.verdict, check.detail = route.path, verdict, detail
            return check
        check.route, check.verdict, check.dialect, check.detail = route.path, verdict, dialect, detail
        check.latency_ms = latency_ms
        return check
    check.verdict, check.detail = MISSING, "asked " + ", ".join(missing)
    return check


async def _socket(base_url: str, seconds: float) -> Check:
    url = base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/ws/monitor"
    check = Check("monitor socket", route="/ws/monitor")
    started = time.monotonic()
    try:
        async with asyncio.timeout(seconds):
            async with connect(url, open_timeout=seconds, ping_interval=None, close_timeout=1, max_size=2**22) as ws:
                frame = await ws.recv()
        check.latency_ms = (time.monotonic() - started) * 1000
        check.verdict, check.dialect = WORKS, "handoff"
        check.detail = f"first frame {len(frame)} bytes"
    except (OSError, WebSocketException, TimeoutError) as exc:
        check.latency_ms = (time.monotonic() - started) * 1000
        check.verdict, check.detail = MISSING, f"{type(exc).__name__} (dashboards poll system info instead)"
    return check


async def run_checks(
    base_url: str, api_key: SecretStr | None, *, stream_seconds: float = STREAM_SECONDS
) -> list[Check]:
    """Every check, in the table's order; reads only."""
    client = OrchestratorClient(base_url, api_key, max_retry_wait=0.0)
    try:
        checks = [
            await _section(client, "health", "health", client.health),
            await _auth(client),
            await _plain("batch provisioning", f"{API_V1}/provisioning/batch/network", client.network_status),
            await _stream(client, stream_seconds),
            await _plain("allowlist", f"{API_V1}/provisioning/allowlist", client.list_allowlist),
            await _plain("recovery", f"{API_V1}/provisioning/sessions/recoverable", client.recoverable_sessions),
            await _socket(client.base_url, SOCKET_SECONDS),
            await _section(client, "system info", "system", client.system_info),
            await _section(client, "wifi", "wifi", client.wifi_status),
            await _section(client, "door", "door", client.door_status),
            await _section(client, "config", "config", client.get_config),
            await _section(client, "cameras", "cameras", client.cameras),
            await _logs(client, stream_seconds),
        ]
    finally:
        await client.aclose()
    if not any(c.ok for c in checks) and await _answers_not_v1(base_url):
        for c in checks:
            if c.verdict != UNREACHABLE:
                c.verdict = NOT_PI
    return checks


async def _answers_not_v1(base_url: str) -> bool:
    """The address answers HTTP, but nothing of PiOrchestrator (an HTML page, another service)."""
    try:
        async with httpx.AsyncClient(timeout=5.0) as http:
            response = await http.get(base_url.rstrip("/") + f"{API_V1}/provisioning/allowlist")
    except httpx.HTTPError:
        return False
    ctype = response.headers.get("content-type", "")
    try:
        body = response.json() if "json" in ctype else None
    except ValueError:
        body = None
    return not (isinstance(body, dict) and "success" in body)


def provisioning_works(checks: list[Check]) -> bool:
    by_name = {c.capability: c for c in checks}
    return all(by_name[name].ok for name in PROVISIONING_NEEDS)


def render_table(checks: list[Check]) -> str:
    """The plain-text table ``pidash doctor`` prints."""
    rows = [("Capability", "Route", "Dialect", "Latency", "Verdict")]
    for c in checks:
        latency = f"{c.latency_ms:.0f} ms" if c.latency_ms is not None else "—"
        rows.append((c.capability, c.route or "—", c.dialect or "—", latency, c.verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {c.capability}: {c.detail}" for c in checks if c.detail]
    verdict = (
        "Provisioning can work." if provisioning_works(checks) else "Provisioning cannot work on this Pi as set up."
    )
    return "\n".join([*lines, "", "Notes:", *notes, "", verdict])


def render_json(base_url: str, checks: list[Check]) -> str:
    return json.dumps(
        {
            "orchestrator_url": base_url,
            "provisioning_works": provisioning_works(checks),
            "checks": [asdict(c) for c in checks],
        },
        indent=2,
    )


def run_doctor(base_url: str, api_key: SecretStr | None, *, as_json: bool = False) -> int:
    """Prints the report; the exit status is 0 when provisioning can work, else 1."""
    logging.getLogger("pidash.orchestrator").setLevel(logging.ERROR)  # the table says it all
    checks = asyncio.run(run_checks(base_url, api_key))
    print(render_json(base_url, checks) if as_json else render_table(checks))
    return 0 if provisioning_works(checks) else 1
