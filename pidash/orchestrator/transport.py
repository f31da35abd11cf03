"""How pidash talks HTTP to a Pi: total deadlines, body caps, retries of reads, routes per section,
streams. :class:`~pidash.orchestrator.client.OrchestratorClient` adds the typed endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import httpx
from pydantic import SecretStr

from pidash.orchestrator import decoding
from pidash.orchestrator.capabilities import Capabilities
from pidash.orchestrator.decoding import ItemList, Parser, log_drift_once, nothing
from pidash.orchestrator.errors import CONNECTION_FAILED, UNAUTHORIZED, OrchestratorError
from pidash.orchestrator.sockets import PacedBackend, PiTransport

T = TypeVar("T")

logger = logging.getLogger("pidash.orchestrator")

API_PREFIX = "/api/v1"
GET_ATTEMPTS = 3
GET_BACKOFF = (1.0, 2.0)
"""Waits between GET attempts when the Pi names none."""
MAX_ERROR_BODY = 64 * 1024
MAX_BODY_BYTES = 8 * 1024 * 1024
"""The largest REST answer read (a 50-camera session snapshot is ~30 KB); more is CONNECTION_FAILED."""
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Reply(Generic[T]):
    data: T
    correlation_id: str | None
    status: int
    elapsed_ms: float = 0.0
    variant: str | None = None
    """The field variant recognised in the answer (see ``contract.base.mark_variant``), if any."""
    timestamp: datetime | None = None
    """The envelope's ``timestamp``: the Pi's clock when it answered (orders snapshots and events)."""


def _variant(drift: list[str]) -> str | None:
    for entry in drift:
        if "(variant: " in entry:
            return entry.split("(variant: ", 1)[1].rstrip(")")
    return None


class Shared:
    """What clients made by :meth:`OrchestratorClient.with_key` share: the pool and bookkeeping."""

    def __init__(self, http: httpx.AsyncClient, backend: PacedBackend, sleep: Sleep, max_retry_wait: float) -> None:
        self.http = http
        self.backend = backend
        self.sleep = sleep
        self.max_retry_wait = max_retry_wait
        self.drift_seen: set[str] = set()
        self.capabilities = Capabilities()


class BodyTooLarge(Exception):
    """An answer over :data:`MAX_BODY_BYTES`."""


def transport_error(exc: BaseException, correlation_id: str | None = None) -> OrchestratorError:
    """A transport failure (refused, reset, timed out, broken stream) as CONNECTION_FAILED."""
    return OrchestratorError(
        CONNECTION_FAILED,
        details=f"{type(exc).__name__}: {exc}"[:300],
        correlation_id=correlation_id,
    )


class Transport:
    """The HTTP side of one client per Pi. ``base_url`` like ``http://127.0.0.1:8081``; ``/api/v1`` is added.

    Reads (GET) are retried on retryable errors (at most 3 attempts); mutations never are.
    ``timeout`` (seconds) is the **total** deadline of one attempt, headers and body together (a
    body that dribbles in byte by byte is cut at the deadline, not only a silent one), and of
    opening a stream; answers over :data:`MAX_BODY_BYTES` are refused.
    """

    def __init__(
        self,
        base_url: str,
        api_key: SecretStr | None = None,
        *,
        timeout: float = 10.0,
        sleep: Sleep = asyncio.sleep,
        max_retry_wait: float = 10.0,
        _shared: Shared | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self._owner = _shared is None
        if _shared is None:
            backend = PacedBackend()
            http = httpx.AsyncClient(
                base_url=self.base_url + API_PREFIX,
                timeout=httpx.Timeout(timeout),
                transport=PiTransport(backend),
            )
            _shared = Shared(http, backend, sleep, max_retry_wait)
        self._shared = _shared

    @property
    def has_key(self) -> bool:
        return self._api_key is not None and bool(self._api_key.get_secret_value())

    async def aclose(self) -> None:
        """Closes the pool; a client made by :meth:`with_key` leaves it to its parent."""
        if self._owner:
            await self._shared.http.aclose()

    @property
    def connections_opened(self) -> int:
        """TCP connections opened to the Pi so far, by this client and those sharing its pool."""
        return self._shared.backend.connections

    @property
    def capabilities(self) -> Capabilities:
        """What this Pi offers, as learnt so far (shared with :meth:`with_key` clients)."""
        return self._shared.capabilities

    def _headers(self, correlation_id: str, *, anonymous: bool = False) -> dict[str, str]:
        headers = {"X-Correlation-ID": correlation_id, "Accept": "application/json"}
        if self._api_key is not None and self.has_key and not anonymous:
            key = self._api_key.get_secret_value()
            if not all(32 < ord(c) < 127 for c in key):
                raise OrchestratorError(
                    UNAUTHORIZED,
                    details="The API key may hold only printable ASCII characters without spaces.",
                    correlation_id=correlation_id,
                )
            headers["X-API-Key"] = key
        return headers

    def _log_drift(self, method: str, path: str, drift: list[str], correlation_id: str | None) -> None:
        log_drift_once(self._shared.drift_seen, f"{method} {path}", drift, f" (correlation_id={correlation_id})")

    async def _once(
        self,
        method: str,
        path: str,
        parse: Parser[T],
        *,
        params: dict[str, Any] | None,
        body: Any,
        log_path: str,
        legacy: bool = False,
        anonymous: bool = False,
    ) -> Reply[T]:
        cid = str(uuid.uuid4())
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout):
                async with self._shared.http.stream(
                    method, path, params=params, json=body, headers=self._headers(cid, anonymous=anonymous)
                ) as response:
                    content = await _read_capped(response, MAX_BODY_BYTES)
        except (httpx.HTTPError, TimeoutError, BodyTooLarge) as exc:
            if isinstance(exc, TimeoutError):
                exc = TimeoutError(f"no complete answer within the {self.timeout:g} s deadline")
            logger.info("%s %s failed: %s: %s (correlation_id=%s)", method, log_path, type(exc).__name__, exc, cid)
            err = transport_error(exc, cid)
            if isinstance(exc, BodyTooLarge):
                err.retryable = False  # the same answer would come back: do not fetch it three times
            raise err from None
        elapsed_ms = (time.monotonic() - started) * 1000
        try:
            decoded = decoding.decode(response.status_code, response.headers, content, parse, legacy=legacy)
        except OrchestratorError as err:
            if err.correlation_id is None:
                err.correlation_id = cid
            logger.info(
                "%s %s -> %s %s in %.0f ms (correlation_id=%s)",
                method,
                log_path,
                response.status_code,
                err.code,
                elapsed_ms,
                err.correlation_id,
            )
            raise
        answer_cid = decoded.correlation_id or cid
        logger.debug(
            "%s %s -> %s in %.0f ms (correlation_id=%s)", method, log_path, response.status_code, elapsed_ms, answer_cid
        )
        self._log_drift(method, log_path, decoded.drift, answer_cid)
        if isinstance(decoded.data, ItemList):
            for problem in decoded.data.problems:
                logger.warning(
                    "%s %s: left out an item that could not be read: %s (correlation_id=%s)",
                    method,
                    log_path,
                    problem,
                    answer_cid,
                )
        return Reply(
            decoded.data, answer_cid, response.status_code, elapsed_ms, _variant(decoded.drift), decoded.timestamp
        )

    async def request(
        self,
        method: str,
        path: str,
        parse: Parser[T],
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        log_path: str | None = None,
        retry: bool = True,
        legacy: bool = False,
        anonymous: bool = False,
    ) -> Reply[T]:
        """One call; GETs (and only GETs) are retried on retryable errors.

        ``path`` is under ``/api/v1``, or from the Pi's root when it starts with ``/api/`` or is
        ``/health``. ``legacy``: accept flat or missing envelopes. ``anonymous``: send no key.
        """
        log_path = log_path or path
        if path.startswith("/api/") or path == "/health":
            path = self.base_url + path
        attempts = GET_ATTEMPTS if method == "GET" and retry else 1
        for attempt in range(1, attempts + 1):
            try:
                return await self._once(
                    method,
                    path,
                    parse,
                    params=params,
                    body=body,
                    log_path=log_path,
                    legacy=legacy,
                    anonymous=anonymous,
                )
            except OrchestratorError as err:
                if attempt == attempts or not err.retryable:
                    raise
                if err.retry_after_given and err.retry_after_seconds is not None:
                    wait = err.retry_after_seconds
                else:
                    wait = GET_BACKOFF[min(attempt - 1, len(GET_BACKOFF) - 1)]
                if wait > self._shared.max_retry_wait:
                    raise
                logger.info(
                    "%s %s: %s, retrying in %.1f s (attempt %d of %d, correlation_id=%s)",
                    method,
                    log_path,
                    err.code,
                    wait,
                    attempt + 1,
                    attempts,
                    err.correlation_id,
                )
                await self._shared.sleep(wait)
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def open_stream(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        last_event_id: str | None = None,
        read_timeout: float | None,
    ) -> AsyncIterator[httpx.Response]:
        """An SSE response (key in the header), or an :class:`OrchestratorError`.

        A 204 is yielded as is (the SSE "stop reconnecting"). Transport failures while the
        stream is read (including httpx-sse's ``SSEError``) become CONNECTION_FAILED. Opening
        (until the headers) has the client's total deadline; then each read waits at most
        ``read_timeout`` (None: no limit; TCP keep-alive still notices a vanished peer).
        """
        cid = str(uuid.uuid4())
        headers = self._headers(cid) | {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(self.timeout, read=read_timeout)
        try:
            async with contextlib.AsyncExitStack() as stack:
                async with asyncio.timeout(self.timeout):
                    response = await stack.enter_async_context(
                        self._shared.http.stream("GET", path, params=params, headers=headers, timeout=timeout)
                    )
                ctype = response.headers.get("content-type", "").lower()
                if response.status_code == 204:
                    yield response
                    return
                if response.status_code != 200 or "text/event-stream" not in ctype:
                    async with asyncio.timeout(self.timeout):
                        body = await _read_limited(response)
                    raise _stream_refusal(response, body, cid)
                logger.info(
                    "stream %s opened (correlation_id=%s)",
                    path,
                    decoding.correlation_id_of(response.headers, None) or cid,
                )
                yield response
        except (httpx.HTTPError, TimeoutError) as exc:
            raise transport_error(exc, cid) from None

    async def routed(self, section: str, parse: Parser[T], *, retry: bool = True) -> Reply[T]:
        """Read ``section`` from the route that serves it on this Pi (see :mod:`.capabilities`).

        The remembered route first, then the others not known missing, V1 before legacy. When every
        route is missing, the first route's "missing" answer is raised (remembered: no request).
        """
        caps = self.capabilities
        routes = [r for r in caps.order(section) if not r.stream]
        first: OrchestratorError | None = None
        for route in routes:
            try:
                reply = await self.request("GET", route.path, parse, retry=retry, legacy=route.legacy)
            except OrchestratorError as err:
                if not caps.failed(section, route, err, None):
                    raise
                logger.info("%s: %s is missing on this Pi (%s); trying the next route", section, route.path, err.code)
                first = first or err
                continue
            caps.answered(section, route, reply.status, reply.elapsed_ms, reply.variant)
            return reply
        missing = first or caps.last_error(section)
        if missing is None:
            raise OrchestratorError("NOT_FOUND", http_status=404, details=f"no route serves {section} on this Pi")
        raise missing


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    """The whole body, or :class:`BodyTooLarge` as soon as it passes ``limit`` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"the answer declares {declared} bytes (limit {limit})")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"the answer passed {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_limited(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_ERROR_BODY:
            break
    return b"".join(chunks)


def _stream_refusal(response: httpx.Response, body: bytes, cid: str) -> OrchestratorError:
    """Why a stream did not open: the V1 error in the body, or NOT_V1_API."""
    try:
        decoding.decode(response.status_code, response.headers, body, nothing)
    except OrchestratorError as err:
        if err.correlation_id is None:
            err.correlation_id = cid
        return err
    return decoding.not_v1(
        response.status_code, response.headers, body, cid, "the stream answered without text/event-stream"
    )
