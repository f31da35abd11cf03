"""``serve``: run the simulator with uvicorn (access log off: it would print ``?api_key=``)."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from types import FrameType

import uvicorn

from pidash.log_format import log_handler
from pidash.sim.app import create_app
from pidash.sim.config import SimConfig
from pidash.sim.simulator import SIM_LOGGER, Simulator

log = logging.getLogger(SIM_LOGGER)
KEEP_ALIVE_SECONDS = 75
"""Longer than any poll interval: uvicorn's 5 s default races the dashboard's 5 s polls
(the server closes an idle connection just as the next request is sent on it)."""
GRACEFUL_SHUTDOWN_SECONDS = 2


class _SimServer(uvicorn.Server):
    """Announces the bound address, and ends open SSE streams as soon as an exit is requested."""

    def __init__(self, config: uvicorn.Config, sim: Simulator) -> None:
        super().__init__(config)
        self._sim = sim
        self._loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().startup(sockets)
        if self.started:
            host, port = self.config.host, self.config.port
            for server in self.servers:
                for sock in server.sockets:
                    port = sock.getsockname()[1]
            log.info("PiOrchestrator simulator listening on http://%s:%d", host, port)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._sim.close_streams)
        super().handle_exit(sig, frame)


def configure_logging(level: str) -> None:
    logger = logging.getLogger(SIM_LOGGER)
    logger.setLevel(level.upper())
    if not logger.handlers:
        logger.addHandler(log_handler(sys.stderr))  # the dashboard's: capped, one line per record
    logger.propagate = False


def serve(config: SimConfig) -> None:
    configure_logging(config.log_level)
    app = create_app(config)
    uv_config = uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        access_log=False,
        log_level=config.log_level.lower(),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        lifespan="on",
    )
    _SimServer(uv_config, app.state.sim).run()
