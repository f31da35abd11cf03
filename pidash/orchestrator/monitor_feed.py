"""The monitor feed: ``/ws/monitor`` with keepalive pings, and polling as the fallback.

``initial_data`` replaces the data, ``monitoring_update`` deep-merges into it. An application
``ping`` goes out every ``ping_interval``; no ``pong`` within ``pong_timeout`` closes and
reconnects. While the socket has been down for ``fallback_after`` seconds,
``GET /system/info`` is polled every ``poll_interval`` into ``system_health``; the socket
is retried meanwhile and wins as soon as it answers.

Retrying the socket: the back-off ladder (1 s doubling to the 30 s cap) restarts at every good
frame. A socket that closed before sending anything is looked for again every
``socket_probe_interval`` while polling (the Pi answers polls, its socket is coming back; this
applies even when the drop happened while the socket was live). A socket that sent something but
never a good frame (only malformed frames, or one over :data:`MAX_WS_FRAME`: close 1009) climbs the
ladder to the cap: reconnecting quickly cannot fix it and each try costs the Pi a frame.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from pidash.aio import call_safely, cancel_and_wait
from pidash.contract.monitoring import MonitoringData, SystemHealth, deep_merge
from pidash.contract.system import SystemInfo
from pidash.orchestrator.backoff import DEFAULT_POLICY, Backoff, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.connection import MonitorSource
from pidash.orchestrator.decoding import load_json
from pidash.orchestrator.errors import OrchestratorError
from pidash.orchestrator.transport import Sleep

logger = logging.getLogger("pidash.orchestrator")

MAX_WS_FRAME = 1024 * 1024
"""Bytes in one monitor frame (the Pi's are a few KB, handoff §7.1); a bigger one closes the socket
with 1009 before its payload is read."""
MESSAGE_TOO_BIG = 1009


class PongTimeout(Exception):
    pass


# Waits use ``asyncio.timeout``, never ``asyncio.wait_for``: on Python 3.11 ``wait_for`` returns
# the result when it completes just as the task is cancelled, swallowing the cancellation, and a
# stopped feed then runs on (a frame arriving during ``stop()`` hung it).


def health_from_info(info: SystemInfo) -> SystemHealth:
    return SystemHealth(
        cpu_usage=info.cpu_usage,
        memory_usage=info.memory_usage,
        disk_usage=info.disk_usage,
        temperature=info.temperature,
        uptime=info.uptime,
        load_average=info.load_average,
    )


def parse_frame(frame: str | bytes) -> dict[str, Any] | None:
    """A frame as a dict with a string ``type``; None when malformed."""
    try:
        raw = load_json(frame)
    except ValueError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return None
    return raw


def _close_codes(exc: ConnectionClosed) -> set[int]:
    return {frame.code for frame in (exc.rcvd, exc.sent) if frame is not None}


class MonitorFeed:
    def __init__(
        self,
        client: OrchestratorClient,
        ws_url: str | None,
        *,
        on_data: Callable[[MonitoringData], None],
        on_source: Callable[[MonitorSource], None],
        poll_interval: float = 5.0,
        fallback_after: float = 2.0,
        socket_probe_interval: float = 2.0,
        ping_interval: float = 15.0,
        pong_timeout: float = 5.0,
        policy: ReconnectPolicy = DEFAULT_POLICY,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._client = client
        self.ws_url = ws_url
        self._on_data = on_data
        self._on_source = on_source
        self.poll_interval = poll_interval
        self.fallback_after = fallback_after
        """Seconds without the socket before polling starts (so "polling" shows within 3 s)."""
        self.socket_probe_interval = socket_probe_interval
        """While polling, the Pi is up: look for the socket this often (it is back within 5 s)."""
        self.ping_interval = ping_interval
        self.pong_timeout = pong_timeout
        self._policy = policy
        self._sleep = sleep
        self.source = MonitorSource.DISCONNECTED
        self.data: MonitoringData | None = None
        self.last_update: float | None = None
        self.socket_attempts = 0
        self._socket_backoff = Backoff(policy)
        self._bad_frames = 0
        self._good_frame = False
        self._polling = asyncio.Event()
        self._ws_live = asyncio.Event()
        self._ws_down = asyncio.Event()
        self._ws_down.set()
        self._tasks: list[asyncio.Task[None]] = []

    def set_client(self, client: OrchestratorClient) -> None:
        self._client = client

    async def start(self) -> None:
        if self._tasks:
            return
        if self.ws_url is not None:
            self._tasks.append(asyncio.create_task(self._run_socket(), name="pidash-monitor-ws"))
        self._tasks.append(asyncio.create_task(self._run_poller(), name="pidash-monitor-poll"))

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait(tasks)
        self._mark_down()
        self._set_source(MonitorSource.DISCONNECTED)

    # --- state ---------------------------------------------------------------------------------

    def _set_source(self, source: MonitorSource) -> None:
        if source == self.source:
            return
        self.source = source
        if source == MonitorSource.POLLING:
            self._polling.set()
        else:
            self._polling.clear()
        logger.info("monitor feed: source %s", source.value)
        call_safely(self._on_source, source)

    def _publish(self, data: MonitoringData) -> None:
        self.data = data
        self.last_update = time.time()
        call_safely(self._on_data, data)

    @property
    def socket_live(self) -> bool:
        """The socket is connected and has delivered good data since it (re)connected."""
        return self._ws_live.is_set()

    def _mark_live(self) -> None:
        self._good_frame = True
        self._socket_backoff.reset()
        self._ws_down.clear()
        self._ws_live.set()
        self._set_source(MonitorSource.WEBSOCKET)

    def _mark_down(self) -> None:
        self._ws_live.clear()
        self._ws_down.set()

    # --- websocket ------------------------------------------------------------------------------

    async def _run_socket(self) -> None:
        assert self.ws_url is not None
        backoff = self._socket_backoff
        while True:
            self.socket_attempts += 1
            self._bad_frames = 0
            self._good_frame = False
            too_big = False
            try:
                async with connect(
                    self.ws_url, open_timeout=5, ping_interval=None, close_timeout=1, max_size=MAX_WS_FRAME
                ) as ws:
                    await self._session(ws)
            except (OSError, WebSocketException, TimeoutError, PongTimeout) as exc:
                too_big = isinstance(exc, ConnectionClosed) and MESSAGE_TOO_BIG in _close_codes(exc)
                why = f"a frame over {MAX_WS_FRAME} bytes (1009)" if too_big else type(exc).__name__
                logger.info("monitor feed: socket down: %s", why)
            except Exception:  # a bug or an input nobody foresaw must not end the feed for good
                logger.exception("monitor feed: unexpected failure of the socket; reconnecting")
            finally:
                self._mark_down()
            unusable = not self._good_frame and (too_big or self._bad_frames > 0)
            await self._wait_before_retry(backoff.next_delay(), probe=not unusable)

    async def _wait_before_retry(self, delay: float, *, probe: bool) -> None:
        """Wait ``delay``; with ``probe``, no longer than ``socket_probe_interval`` once polling."""
        if not probe:
            await self._sleep(delay)
            return
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout(delay):
                await self._polling.wait()
        except TimeoutError:
            return
        # The Pi answers polls: it is up, so look for the socket often.
        rest = min(delay, self.socket_probe_interval) - (loop.time() - started)
        if rest > 0:
            await self._sleep(rest)

    async def _session(self, ws: ClientConnection) -> None:
        loop = asyncio.get_running_loop()
        next_ping = loop.time() + self.ping_interval
        pong_deadline: float | None = None
        while True:
            now = loop.time()
            if pong_deadline is not None and now >= pong_deadline:
                raise PongTimeout()
            if pong_deadline is None and now >= next_ping:
                await ws.send(json.dumps({"type": "ping"}))
                pong_deadline = now + self.pong_timeout
                next_ping = now + self.ping_interval
                continue
            wake = pong_deadline if pong_deadline is not None else next_ping
            try:
                async with asyncio.timeout(max(0.0, wake - now)):
                    frame = await ws.recv()
            except TimeoutError:
                continue
            message = parse_frame(frame)
            if message is None:
                self._bad_frames += 1
                logger.warning("monitor feed: skipped a malformed frame")
                continue
            kind = message["type"]
            if kind == "pong":
                pong_deadline = None
            elif kind in ("initial_data", "monitoring_update"):
                self._apply(kind, message.get("data"))
            elif kind == "ping":
                await ws.send(json.dumps({"type": "pong"}))

    def _apply(self, kind: str, data: Any) -> None:
        if not isinstance(data, dict):
            self._bad_frames += 1
            logger.warning("monitor feed: skipped %s without a data object", kind)
            return
        try:
            if kind == "initial_data" or self.data is None:
                merged = MonitoringData.model_validate(data)
            else:
                merged = MonitoringData.model_validate(deep_merge(self.data.model_dump(mode="json"), data))
        except ValidationError as exc:
            self._bad_frames += 1
            logger.warning("monitor feed: skipped a malformed %s: %s", kind, str(exc)[:200])
            return
        if not self._ws_live.is_set():  # any good frame proves the socket, initial_data or not
            self._mark_live()
        self._publish(merged)

    # --- polling ------------------------------------------------------------------------------

    async def _wait_live(self, seconds: float) -> bool:
        try:
            async with asyncio.timeout(seconds):
                await self._ws_live.wait()
        except TimeoutError:
            return False
        return True

    async def _run_poller(self) -> None:
        while True:
            await self._ws_down.wait()
            if self.ws_url is not None and await self._wait_live(self.fallback_after):
                continue
            while not self._ws_live.is_set():
                await self._poll_once()
                if await self._wait_live(self.poll_interval):
                    break

    async def _poll_once(self) -> None:
        try:
            info = (await self._client.system_info(retry=False)).data
        except OrchestratorError as err:
            logger.info("monitor feed: polling failed: %s", err.code)
            if not self._ws_live.is_set():
                self._set_source(MonitorSource.DISCONNECTED)
            return
        except Exception:
            logger.exception("monitor feed: unexpected failure while polling")
            return
        if self._ws_live.is_set():
            return
        health = health_from_info(info)
        stamp = info.timestamp.isoformat() if info.timestamp else ""
        base = self.data or MonitoringData()
        self._set_source(MonitorSource.POLLING)
        self._publish(base.model_copy(update={"system_health": health, "timestamp": stamp or base.timestamp}))
