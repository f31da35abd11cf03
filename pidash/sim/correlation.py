"""Correlation ids, the one log line per request, and the last-resort 500 (pure ASGI)."""

from __future__ import annotations

import logging
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pidash.contract.errors import ErrorCode
from pidash.sim.errors import SimError, error_response
from pidash.sim.faults import FaultState

log = logging.getLogger("pidash.sim")

MAX_INBOUND_ID = 128


def _inbound_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-correlation-id":
            text = str(value.decode("latin-1")).strip()
            if 0 < len(text) <= MAX_INBOUND_ID and text.isprintable():
                return text
    return None


def loggable_target(scope: Scope) -> str:
    """The request path and query, without ``api_key``."""
    path: str = scope.get("path", "")
    raw = scope.get("query_string", b"").decode("latin-1")
    if not raw:
        return path
    kept = [(k, v) for k, v in parse_qsl(raw, keep_blank_values=True) if k.lower() != "api_key"]
    return f"{path}?{urlencode(kept)}" if kept else path


class CorrelationMiddleware:
    def __init__(
        self, app: ASGIApp, faults: FaultState | None = None, default_header: str = "X-Correlation-ID"
    ) -> None:
        self.app = app
        self.faults = faults
        self.default_header = default_header

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            log.info("WS %s opened", loggable_target(scope))
            try:
                await self.app(scope, receive, send)
            finally:
                log.info("WS %s closed", loggable_target(scope))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid = _inbound_id(scope) or str(uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = cid
        header = self.default_header
        if self.faults is not None and header == "X-Correlation-ID":
            header = self.faults.correlation_header()
        status = 0
        started = time.monotonic()

        async def wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)[header] = cid
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), loggable_target(scope))
            if status == 0:
                await error_response(SimError(ErrorCode.INTERNAL_ERROR), cid)(scope, receive, wrapped)
        finally:
            log.info(
                "%s %s -> %d cid=%s (%.0f ms)",
                scope.get("method"),
                loggable_target(scope),
                status,
                cid,
                (time.monotonic() - started) * 1000,
            )
