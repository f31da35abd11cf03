"""Process-wide polls of the Pi's sections, at the handoff's intervals (§8.2), into the store.

One task per section; :meth:`SectionPoller.refresh` wakes a section at once (a page opened, a
key was entered, an action changed it). The Wi-Fi scan has no interval: it runs on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pidash.aio import cancel_and_wait
from pidash.contract.errors import ErrorCode
from pidash.orchestrator import OrchestratorClient, OrchestratorError
from pidash.store.sections import CAMERAS, CONFIG, DOOR, HEALTH, SYSTEM, WIFI, WIFI_SCAN, Sections

logger = logging.getLogger("pidash.store")

Loader = Callable[[OrchestratorClient], Awaitable[Any]]

UNAUTHORIZED_RETRY_SECONDS = 60.0
"""A section refused for want of a key is read again this rarely: a new key wakes it at once."""


@dataclass(frozen=True)
class SectionSpec:
    name: str
    interval: float | None
    """Seconds between reads; None: only on demand."""
    load: Loader
    empty: Callable[[Any], bool] = lambda _data: False


async def _system(c: OrchestratorClient) -> Any:
    return (await c.system_info()).data


async def _health(c: OrchestratorClient) -> Any:
    return (await c.health()).data


async def _wifi(c: OrchestratorClient) -> Any:
    return (await c.wifi_status()).data


async def _scan(c: OrchestratorClient) -> Any:
    return sorted((await c.wifi_scan()).data, key=lambda n: n.rssi, reverse=True)


async def _door(c: OrchestratorClient) -> Any:
    return (await c.door_status()).data


async def _config(c: OrchestratorClient) -> Any:
    return (await c.get_config()).data


async def _cameras(c: OrchestratorClient) -> Any:
    return (await c.cameras()).data


def _no_items(data: Any) -> bool:
    return not data


SPECS = (
    SectionSpec(SYSTEM, 5.0, _system),
    SectionSpec(HEALTH, 30.0, _health),
    SectionSpec(WIFI, 10.0, _wifi),
    SectionSpec(WIFI_SCAN, None, _scan, _no_items),
    SectionSpec(DOOR, 5.0, _door),
    SectionSpec(CONFIG, 60.0, _config, _no_items),
    SectionSpec(CAMERAS, 10.0, _cameras, _no_items),
)


class SectionPoller:
    def __init__(self, sections: Sections, client: Callable[[], OrchestratorClient]) -> None:
        self.sections = sections
        self._client = client
        """The feeds' client (the configured key, or a tab's accepted key), asked on every read."""
        self.specs = {spec.name: spec for spec in SPECS}
        self._wake = {name: asyncio.Event() for name in self.specs}
        self._tasks: list[asyncio.Task[None]] = []
        self._reads: set[asyncio.Task[OrchestratorError | None]] = set()
        """On-demand reads in flight (held so that they are not garbage-collected mid-way)."""

    async def start(self) -> None:
        if self._tasks:
            return
        for spec in SPECS:
            if spec.interval is not None:
                self._tasks.append(asyncio.create_task(self._run(spec), name=f"pidash-poll-{spec.name}"))

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait([*tasks, *self._reads])

    def refresh(self, name: str) -> None:
        """Read ``name`` now (a polled section is woken; an on-demand one is read once)."""
        spec = self.specs[name]
        if spec.interval is None:
            state = self.sections[name]
            if not state.busy:
                task = asyncio.get_running_loop().create_task(self.read(spec), name=f"pidash-read-{name}")
                self._reads.add(task)
                task.add_done_callback(self._reads.discard)
        else:
            self._wake[name].set()

    async def read(self, spec: SectionSpec) -> OrchestratorError | None:
        """Read one section into its state; returns the error it failed with, if any.

        An answer is dropped when the section took another meanwhile (a command's reply: the door
        opened while a read was on its way): it tells what was true before what is shown. Whoever
        set that reply asks for a read again (:meth:`refresh`), which begins after it.
        """
        state = self.sections[spec.name]
        began = state.version
        state.set_busy(True)
        try:
            data = await spec.load(self._client())
        except OrchestratorError as err:
            logger.info("section %s: %s", spec.name, err)
            if state.version == began:
                state.set_failure(err)
            return err
        else:
            if state.version == began:
                state.set_data(data, empty=spec.empty(data))
            else:
                logger.debug("section %s: an answer from before the one shown dropped", spec.name)
            return None
        finally:
            state.set_busy(False)

    async def _run(self, spec: SectionSpec) -> None:
        assert spec.interval is not None
        wake = self._wake[spec.name]
        while True:
            wake.clear()
            interval = spec.interval
            try:
                err = await self.read(spec)
            except Exception:  # a decoding bug must not end the poll
                logger.exception("section %s: read failed", spec.name)
            else:
                if err is not None and err.code == ErrorCode.UNAUTHORIZED:
                    interval = UNAUTHORIZED_RETRY_SECONDS  # no use asking every 5 s without a key
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), interval)
