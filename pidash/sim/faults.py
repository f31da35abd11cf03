"""Fault injection (``--faults``): the knobs, the middleware that applies them to HTTP, and the
hooks the two streams and the monitor socket ask on every frame.

Everything here is off by default; ``PUT /_sim/faults`` turns knobs on at runtime.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pidash.contract.errors import DEFAULT_RETRY_AFTER_SECONDS, ErrorCode
from pidash.contract.validation import normalize_mac
from pidash.sim.errors import SimError, error_response, scope_correlation_id

CONTROL_PREFIX = "/_sim"
RANDOM_5XX = (ErrorCode.INTERNAL_ERROR, ErrorCode.MQTT_UNAVAILABLE)
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Captive portal</title></head>"
    "<body><h1>Welcome</h1><p>Please log in to use this network.</p></body></html>"
)


class ForcedError(BaseModel):
    """Answer the next ``count`` matching requests with the registry error ``code``."""

    model_config = ConfigDict(extra="forbid")
    method: str | None = None
    path_prefix: str
    code: ErrorCode
    count: int = Field(default=1, ge=1)
    retry_after_seconds: int | None = Field(default=None, ge=1, le=3600)
    """Overrides the registry's wait (e.g. a 2 s ``RATE_LIMITED`` so that a test can wait it out)."""


class DeviceFailure(BaseModel):
    """Make the next ``times`` provisioning attempts of a device fail with ``code``."""

    model_config = ConfigDict(extra="forbid")
    code: ErrorCode
    times: int = Field(default=1, ge=1)


class Faults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(default=0, ge=0, le=60_000)
    """Added before every ``/api`` answer (wall-clock, not scaled)."""
    late_command_replies_ms: int = Field(default=0, ge=0, le=60_000)
    """Every ``/api`` answer to a command (not a GET) is held this long once made (wall-clock): the
    stream's events about it arrive first, as behind a proxy that buffers answers."""
    late_read_replies_ms: int = Field(default=0, ge=0, le=60_000)
    """Every ``/api`` answer to a GET is held this long once made (wall-clock): a command sent
    meanwhile is answered first, and the read then tells what was true before it."""
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    """Share of ``/api/v1`` requests answered ``INTERNAL_ERROR`` (500) or ``MQTT_UNAVAILABLE`` (503)."""
    sse_drop_after: int | None = Field(default=None, ge=1)
    """Close every provisioning SSE stream after this many frames."""
    ws_mode: Literal["normal", "closed", "silent", "updates_only"] = "normal"
    """``closed``: accept ``/ws/monitor`` and close at once; ``silent``: accept, never send nor pong;
    ``updates_only``: no ``initial_data`` on connect (a Pi whose first frame was lost)."""
    heartbeats: bool = True
    """``false``: the provisioning stream sends no ``connection.heartbeat`` (a real Pi's quiet stream,
    FIELD-NOTES "Provisioning")."""
    malformed_sse: int = Field(default=0, ge=0)
    """Every Nth provisioning SSE frame carries broken JSON (0: off)."""
    malformed_ws: int = Field(default=0, ge=0)
    """Every Nth ``/ws/monitor`` frame is garbage text (0: off)."""
    null_lists: bool = False
    """Empty lists in JSON answers are sent as ``null``."""
    request_id_header: bool = False
    """Send ``X-Request-Id`` and ``request_id`` instead of ``X-Correlation-ID`` and ``correlation_id``."""
    html_routes: list[str] = Field(default_factory=list)
    """Path prefixes answered with a 200 HTML page (a captive portal or proxy)."""
    unavailable_routes: dict[str, Literal[404, 503]] = Field(default_factory=dict)
    """Path prefix → 404 (plain ``404 page not found``, an older Pi) or 503 (a proxy, with Retry-After)."""
    next_errors: list[ForcedError] = Field(default_factory=list)
    device_failures: dict[str, DeviceFailure] = Field(default_factory=dict)

    @field_validator("device_failures")
    @classmethod
    def _macs(cls, value: dict[str, DeviceFailure]) -> dict[str, DeviceFailure]:
        return {normalize_mac(mac): failure for mac, failure in value.items()}


class FaultState:
    def __init__(self, rng: random.Random) -> None:
        self.faults = Faults()
        self._rng = rng

    def set(self, faults: Faults) -> Faults:
        self.faults = faults
        return faults

    def reset(self) -> Faults:
        return self.set(Faults())

    def fail_device(self, mac: str, failure: DeviceFailure) -> None:
        self.faults.device_failures[normalize_mac(mac)] = failure

    def take_device_failure(self, mac: str) -> ErrorCode | None:
        failure = self.faults.device_failures.get(mac)
        if failure is None:
            return None
        failure.times -= 1
        if failure.times <= 0:
            del self.faults.device_failures[mac]
        return failure.code

    def take_forced_error(self, method: str, path: str) -> ForcedError | None:
        for forced in self.faults.next_errors:
            if path.startswith(forced.path_prefix) and forced.method in (None, method):
                forced.count -= 1
                if forced.count <= 0:
                    self.faults.next_errors.remove(forced)
                return forced
        return None

    def random_error(self) -> ErrorCode | None:
        """A 5xx code for a share ``error_rate`` of calls, else None."""
        if self.faults.error_rate and self._rng.random() < self.faults.error_rate:
            return self._rng.choice(RANDOM_5XX)
        return None

    def correlation_header(self) -> str:
        """The response header that carries the correlation id."""
        return "X-Request-Id" if self.faults.request_id_header else "X-Correlation-ID"

    # --- stream and socket hooks ---------------------------------------------------------

    def sse_should_close(self, frames_sent: int) -> bool:
        limit = self.faults.sse_drop_after
        return limit is not None and frames_sent >= limit

    def sse_data(self, frame_number: int, data: str) -> str:
        every = self.faults.malformed_sse
        return data[: max(1, len(data) // 2)] if every and frame_number % every == 0 else data

    def ws_frame(self, frame_number: int, text: str) -> str:
        every = self.faults.malformed_ws
        return "\x00{garbage" + str(frame_number) + " <not json" if every and frame_number % every == 0 else text


def _matches(path: str, prefixes: Any) -> str | None:
    for prefix in prefixes:
        if path.startswith(prefix):
            return str(prefix)
    return None


def _nullify(value: Any) -> Any:
    if isinstance(value, list):
        return None if not value else [_nullify(v) for v in value]
    if isinstance(value, dict):
        return {k: _nullify(v) for k, v in value.items()}
    return value


def _held(send: Send, seconds: float) -> Send:
    """``send`` that waits ``seconds`` before the answer's first message (its body is already made)."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            await asyncio.sleep(seconds)
        await send(message)

    return wrapped


class FaultMiddleware:
    """Applies the HTTP knobs to every request outside ``/_sim``."""

    def __init__(self, app: ASGIApp, state: FaultState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        faults = self.state.faults
        if faults.latency_ms and path.startswith("/api"):
            await asyncio.sleep(faults.latency_ms / 1000)
        response = self._short_circuit(scope, path)
        if response is not None:
            await response(scope, receive, send)
            return
        if path.startswith("/api"):
            late_ms = faults.late_read_replies_ms if scope["method"] == "GET" else faults.late_command_replies_ms
            if late_ms:
                send = _held(send, late_ms / 1000)
        if faults.null_lists or faults.request_id_header:
            await self.app(scope, receive, self._rewriting(send))
        else:
            await self.app(scope, receive, send)

    def _short_circuit(self, scope: Scope, path: str) -> Response | None:
        faults = self.state.faults
        if _matches(path, faults.html_routes):
            return HTMLResponse(HTML_PAGE)
        prefix = _matches(path, faults.unavailable_routes)
        if prefix is not None:
            if faults.unavailable_routes[prefix] == 404:
                return PlainTextResponse("404 page not found", status_code=404)
            return PlainTextResponse(
                "Service Unavailable", status_code=503, headers={"Retry-After": str(DEFAULT_RETRY_AFTER_SECONDS)}
            )
        cid = scope_correlation_id(scope)
        forced = self.state.take_forced_error(scope["method"], path)
        if forced is not None:
            error = SimError(forced.code, "injected by /_sim/faults", retry_after=forced.retry_after_seconds)
            return error_response(error, cid)
        code = self.state.random_error() if path.startswith("/api/v1") else None
        if code is not None:
            return error_response(SimError(code, "injected by /_sim/faults"), cid)
        return None

    def _rewriting(self, send: Send) -> Send:
        """Rewrites JSON bodies (null lists, ``request_id``); streams pass through untouched."""
        held: list[Message] = []
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("application/json"):
                    held.append(message)
                    return
                await send(message)
            elif message["type"] == "http.response.body" and held:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = self._rewrite(b"".join(chunks))
                start = held.pop()
                MutableHeaders(scope=start)["content-length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": body, "more_body": False})
            else:
                await send(message)

        return wrapped

    def _rewrite(self, body: bytes) -> bytes:
        try:
            data = json.loads(body)
        except ValueError:
            return body
        faults = self.state.faults
        if faults.null_lists:
            data = _nullify(data)
        if faults.request_id_header and isinstance(data, dict) and "correlation_id" in data:
            data = {("request_id" if k == "correlation_id" else k): v for k, v in data.items()}
        return json.dumps(data).encode()
