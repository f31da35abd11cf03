"""The reconnect loop shared by the two SSE feeds (provisioning events, logs)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from httpx_sse import EventSource, ServerSentEvent

from pidash.aio import call_safely, cancel_and_wait
from pidash.orchestrator.backoff import DEFAULT_POLICY, Backoff, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient, Sleep
from pidash.orchestrator.connection import FeedState
from pidash.orchestrator.errors import NOT_V1_API, OrchestratorError

logger = logging.getLogger("pidash.orchestrator")


class SseFeed:
    """Open, read, reconnect with back-off; stop for good on 401/403 (``AUTH_FAILED``) or 204.

    Subclasses handle events in :meth:`_handle` and may prepare in :meth:`_opened`.
    """

    path: str = ""
    name: str = "stream"

    def __init__(
        self,
        client: OrchestratorClient,
        *,
        on_state: Callable[[FeedState], None],
        read_timeout: float,
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

    async def _run(self) -> None:
        backoff = Backoff(self._policy)
        while True:
            to_cap = False
            try:
                self.connect_attempts += 1
                async with self._client.open_stream(
                    self.path,
                    params=self._params(),
                    last_event_id=self.last_event_id,
                    read_timeout=self._read_timeout,
                ) as response:
                    if response.status_code == 204:
                        logger.info("%s feed: the server asked not to reconnect (204)", self.name)
                        self._set_state(FeedState.STOPPED)
                        return
                    backoff.connected()
                    await self._opened()
                    async for sse in EventSource(response).aiter_sse():
                        if sse.retry is not None:
                            backoff.set_server_retry(sse.retry / 1000)
                        if sse.id:
                            self.last_event_id = sse.id
                        await self._handle(sse)
                logger.info("%s feed: the server closed the stream", self.name)
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
