"""The reconnect loop shared by the two SSE feeds (provisioning events, logs).

A 204 answer means "no stream here now" (a proxy, a Pi between builds), not "never again" as
the SSE standard tells a browser: a kiosk runs for weeks. The feed says ``polling``, lets the
subclass keep its data current meanwhile (:meth:`SseFeed._without_stream`) and tries the stream
again after the back-off cap. A line or event over its cap (``sse_lines``) drops the stream with
a logged reason; it is reopened with back-off like any other drop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from httpx_sse import ServerSentEvent

from pidash.aio import call_safely, cancel_and_wait
from pidash.orchestrator.backoff import DEFAULT_POLICY, Backoff, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.errors import NOT_V1_API, OrchestratorError
from pidash.orchestrator.sse_lines import StreamTooLarge, aiter_sse
from pidash.orchestrator.transport import Sleep

logger = logging.getLogger("pidash.orchestrator")


class SseFeed:
    """Open, read, reconnect with back-off; stop for good on 401/403 (``AUTH_FAILED``).

    Subclasses handle events in :meth:`_handle` and may prepare in :meth:`_opened`.
    ``read_timeout`` (seconds, None for none) is how long a silent stream is trusted.
    """

    path: str = ""
    name: str = "stream"

    def __init__(
        self,
        client: OrchestratorClient,
        *,
        on_state: Callable[[FeedState], None],
        read_timeout: float | None,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._client = client
        self._on_state = on_state
        self._read_timeout = read_timeout
        self._policy = policy
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self.state = FeedState.STOPPED
        self.last_event_id: str | None = None
        self.last_error: OrchestratorError | None = None
        self.connect_attempts = 0
        """How many times the stream was opened (or tried to be) since :meth:`start`."""
        self._stream_deadline: asyncio.Timeout | None = None
        self._dead_reason = ""

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Spawns the background task and returns at once."""
        if self._task is not None and not self._task.done():
            return
        self._spawn()

    def _spawn(self) -> None:
        self._set_state(FeedState.CONNECTING)
        self._task = asyncio.create_task(self._run(), name=f"pidash-{self.name}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await cancel_and_wait([task])
        self._set_state(FeedState.STOPPED)

    def set_client(self, client: OrchestratorClient) -> None:
        """Use another client (e.g. the key changed); reconnects at once if running."""
        self._client = client
        if self._task is not None:
            self._task.cancel()
            self._spawn()

    def _set_state(self, state: FeedState) -> None:
        if state == self.state:
            return
        self.state = state
        logger.info("%s feed: %s", self.name, state.value)
        call_safely(self._on_state, state)

    # --- the loop ----------------------------------------------------------------------------

    def _params(self) -> dict[str, Any] | None:
        return None

    async def _opened(self) -> None:
        """The stream answered 200 with ``text/event-stream``."""

    async def _handle(self, sse: ServerSentEvent) -> None:
        raise NotImplementedError

    async def _closed(self) -> None:
        """The stream ended (any way); undo what :meth:`_opened` started."""

    async def _without_stream(self, seconds: float) -> None:
        """The stream answered 204: wait ``seconds`` before trying again (subclasses poll meanwhile)."""
        await self._sleep(seconds)

    def declare_dead(self, reason: str) -> None:
        """End the open stream now (e.g. a liveness check could not reach the Pi); it reconnects."""
        if self._stream_deadline is not None:
            self._dead_reason = reason
            with contextlib.suppress(RuntimeError):  # the stream already ended
                self._stream_deadline.reschedule(asyncio.get_running_loop().time())

    async def _run(self) -> None:
        backoff = Backoff(self._policy)
        while True:
            to_cap = False
            try:
                self.connect_attempts += 1
                async with (
                    asyncio.timeout(None) as self._stream_deadline,
                    self._client.open_stream(
                        self.path,
                        params=self._params(),
                        last_event_id=self.last_event_id,
                        read_timeout=self._read_timeout,
                    ) as response,
                ):
                    if response.status_code == 204:
                        no_stream = True
                    else:
                        no_stream = False
                        backoff.connected()
                        await self._opened()
                        try:
                            async for sse in aiter_sse(response):
                                if sse.retry is not None:
                                    backoff.set_server_retry(sse.retry / 1000)
                                if sse.id:
                                    self.last_event_id = sse.id
                                await self._handle(sse)
                        finally:
                            await self._closed()
                if no_stream:
                    wait = self._policy.cap
                    logger.info("%s feed: no stream here now (204); trying again in %.0f s", self.name, wait)
                    self._set_state(FeedState.POLLING)
                    await self._without_stream(wait)
                    continue
                logger.info("%s feed: the server closed the stream", self.name)
            except StreamTooLarge as exc:
                logger.warning("%s feed: stream dropped: %s", self.name, exc)
            except TimeoutError:
                logger.warning("%s feed: stream dropped: %s", self.name, self._dead_reason)
            except OrchestratorError as err:
                self.last_error = err
                if err.is_auth_error:
                    logger.warning("%s feed: %s; not reconnecting until the key changes", self.name, err)
                    self._set_state(FeedState.AUTH_FAILED)
                    return
                to_cap = err.code == NOT_V1_API and not err.retryable
                logger.info("%s feed: %s", self.name, err)
            except Exception:  # a bug or an input nobody foresaw must not end the feed for good
                logger.exception("%s feed: unexpected failure; reconnecting", self.name)
                to_cap = True
            delay = backoff.next_delay(to_cap=to_cap)
            self._set_state(FeedState.RECONNECTING)
            logger.info("%s feed: reconnecting in %.1f s", self.name, delay)
            await self._sleep(delay)
