"""Everything one simulator instance holds, built from ``SimConfig``; started and stopped by the app."""

from __future__ import annotations

import asyncio
import logging
import random

from pidash.aio import cancel_and_wait
from pidash.sim.clock import SimClock
from pidash.sim.config import SimConfig
from pidash.sim.door import Door
from pidash.sim.engine import Engine
from pidash.sim.event_log import ProvisioningEvents
from pidash.sim.faults import FaultState
from pidash.sim.logs import LogHub, LogHubHandler, ambient_logs
from pidash.sim.monitor import Monitor
from pidash.sim.persistence import SimDatabase
from pidash.sim.pi_config import PiConfig

SIM_LOGGER = "pidash.sim"


class Simulator:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.clock = SimClock(config.speed)
        self.rng = random.Random(config.seed)
        self.db = SimDatabase(config.data_dir)
        self.events = ProvisioningEvents()
        self.logs = LogHub()
        self.pi_config = PiConfig(self.db)
        self.engine = Engine(config, self.db, self.clock, self.rng, self.events, self.pi_config.session_defaults)
        self.engine.auto_provision = lambda: bool(self.pi_config.value("provisioning.auto_provision"))
        self._monitor_rng = random.Random(self.rng.getrandbits(64))
        self._log_rng = random.Random(self.rng.getrandbits(64))
        self.faults = FaultState(random.Random(self.rng.getrandbits(64))) if config.faults else None
        if self.faults is not None:
            self.engine.walk.forced_failure = self.faults.take_device_failure
        self.door = Door(self.clock)
        self.monitor = Monitor(self.clock, self._monitor_rng, self.engine.in_flight_count, self.engine.cameras)
        self._log_handler = LogHubHandler(self.logs)
        self._background: list[asyncio.Task[None]] = []

    @property
    def auth_required(self) -> bool:
        return not self.config.dev_mode

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._log_handler.loop = loop
        logging.getLogger(SIM_LOGGER).addHandler(self._log_handler)
        self._background = [
            loop.create_task(self.monitor.run()),
            loop.create_task(ambient_logs(self.logs, self.clock, self._log_rng)),
        ]

    def close_streams(self) -> None:
        """End every open SSE stream (called when the server is asked to exit)."""
        self.events.close()
        self.logs.close()

    async def stop(self) -> None:
        self.close_streams()
        await cancel_and_wait(self._background)
        self.door.shutdown()
        await self.engine.shutdown()
        logging.getLogger(SIM_LOGGER).removeHandler(self._log_handler)
        self._log_handler.loop = None
        self.db.close()
