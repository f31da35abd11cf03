"""``pidash demo``: the simulator (a supervised child process) and the dashboard together on loopback.

The simulator gets a fresh random API key through its environment (never a command line, which
``ps`` shows); the dashboard gets the same key in its settings, so the demo works without typing
one. The demo runs at a pace a person can follow (1x time, a 10-minute provisioning timeout).

The simulator is supervised: when it dies the demo logs it and starts it again on the same data
directory with the same key — which is how a Pi restart looks, so recovery can be shown on demand
with ``--restart-sim-in N`` or ``kill -USR1 <demo pid>`` (both kill it as a power loss would).
It runs in its own session, so a Ctrl-C in the terminal reaches only the demo, which then stops it.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from pydantic import SecretStr

from pidash.cli import SIM_API_KEY_ENV
from pidash.log_format import configure_logging
from pidash.settings import DashboardSettings

SIM_START_TIMEOUT_SECONDS = 120.0
"""Overall cap on the simulator's first answer: generous, a cold start on a busy Pi takes a while."""
SIM_POLL_SECONDS = 0.05
"""Between readiness probes (cheap: one reused client, :attr:`SimSupervisor.http`)."""
RESTART_BACKOFF_MAX_SECONDS = 30.0
DEMO_PROVISIONING_TIMEOUT_SECONDS = 600
"""The demo's Pi default (the Pi's own is 120 s): with 1x time a session lasts about 13 minutes."""
RESTART_SIGNAL = signal.SIGUSR1

logger = logging.getLogger("pidash.demo")


class SimStartError(RuntimeError):
    """The simulator exited or did not answer within :data:`SIM_START_TIMEOUT_SECONDS`."""


class SimSupervisor:
    """Runs ``args`` as the simulator, waits until it answers, and restarts it whenever it dies."""

    def __init__(self, args: list[str], env: dict[str, str], url: str) -> None:
        self.args = args
        self.env = env
        self.url = url
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None
        self.http = httpx.Client(timeout=2.0, verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        """For the readiness probes and the demo's own requests to its plain-HTTP loopback simulator:
        one client, and a TLS context without the CA bundle (which would verify nothing here, and
        costs ~100 ms of CPU to load: a fresh ``httpx.get`` per probe slowed the dashboard's start)."""

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        """Start the simulator and return once it answers; :class:`SimStartError` if it cannot."""
        with self._lock:
            if self._stopping.is_set():
                raise SimStartError("the demo is stopping")
            self._proc = proc = subprocess.Popen(self.args, env=self.env, start_new_session=True)
        self._wait_ready(proc)

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + SIM_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SimStartError(f"the simulator exited with {proc.returncode}")
            try:
                self.http.get(f"{self.url}/api/v1/auth/status")
                return
            except httpx.HTTPError:
                time.sleep(SIM_POLL_SECONDS)
        self._terminate(proc)
        raise SimStartError(f"the simulator did not answer at {self.url} within {SIM_START_TIMEOUT_SECONDS:.0f} s")

    def supervise(self) -> None:
        """Watch the running simulator from a daemon thread."""
        self._watcher = threading.Thread(target=self._watch, name="pidash-demo-sim", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.is_set():
            proc = self._proc
            if proc is None:
                return
            code = proc.wait()
            if self._stopping.is_set():
                return
            logger.warning("the simulator (pid %s) exited with %s; restarting it on the same data", proc.pid, code)
            delay = 1.0
            while not self._stopping.is_set():
                try:
                    self.start()
                except SimStartError as exc:
                    logger.error("could not restart the simulator: %s; trying again in %.0f s", exc, delay)
                    self._stopping.wait(delay)
                    delay = min(delay * 2, RESTART_BACKOFF_MAX_SECONDS)
                    continue
                self.restarts += 1
                logger.info("the simulator is back (pid %s) on %s", self.pid, self.url)
                break

    def kill(self, why: str) -> None:
        """SIGKILL the simulator, the way a Pi loses power; the supervisor then restarts it."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            logger.warning("killing the simulator (pid %s) to show recovery (%s)", proc.pid, why)
            proc.kill()

    def stop(self) -> None:
        """Stop supervising and stop the simulator (SIGTERM, then SIGKILL after 5 s)."""
        self._stopping.set()
        with self._lock:
            proc = self._proc
        if proc is not None:
            self._terminate(proc)
        self.http.close()

    @staticmethod
    def _terminate(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _set_demo_pace(http: httpx.Client, url: str, key: str) -> None:
    """Give the demo's Pi a longer default provisioning timeout (a config edit, kept in its data)."""
    try:
        response = http.put(
            f"{url}/api/v1/config/provisioning.provisioning_timeout_seconds",
            json={"value": DEMO_PROVISIONING_TIMEOUT_SECONDS},
            headers={"X-API-Key": key},
            timeout=10.0,
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        logger.warning("could not set the demo's provisioning timeout: %s", exc)


def _ensure_demo_admin(data_dir: Path, failures: list[BaseException]) -> None:
    """In a thread: the demo admin (``pidash.auth.demo_admin``); an error is kept for the caller."""
    try:
        from pidash.auth.demo_admin import ensure_demo_admin

        ensure_demo_admin(data_dir)
    except BaseException as exc:  # re-raised by the main thread, which then does not serve
        failures.append(exc)


def run_demo(
    settings: DashboardSettings,
    *,
    sim_port: int,
    speed: float,
    devices: int,
    data_dir: Path,
    restart_sim_in: float | None = None,
) -> None:
    configure_logging(settings.log_format)
    key = secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    env[SIM_API_KEY_ENV] = key
    args = [sys.executable, "-m", "pidash", "sim", "--host", "127.0.0.1", "--port", str(sim_port)]
    args += ["--speed", str(speed), "--devices", str(devices), "--data-dir", str(data_dir), "--faults"]
    sim_url = f"http://127.0.0.1:{sim_port}"
    sim = SimSupervisor(args, env, sim_url)
    atexit.register(sim.stop)

    def boot_sim() -> None:
        """In the background: the dashboard starts meanwhile (its feeds connect once the simulator
        answers), so the demo's first page is there in about the time the dashboard alone needs."""
        try:
            sim.start()
        except SimStartError as exc:
            logger.error("pidash demo: %s", exc)
            sim.stop()
            os.kill(os.getpid(), signal.SIGTERM)
            return
        _set_demo_pace(sim.http, sim_url, key)
        sim.supervise()
        logger.info("simulator on %s (%d cameras, %gx time, pid %s)", sim_url, devices, speed, sim.pid)
        if restart_sim_in is not None:  # counted from the simulator's first answer
            timer = threading.Timer(restart_sim_in, sim.kill, args=(f"--restart-sim-in {restart_sim_in:g}",))
            timer.daemon = True
            timer.start()

    threading.Thread(target=boot_sim, name="pidash-demo-boot", daemon=True).start()
    signal.signal(RESTART_SIGNAL, lambda _sig, _frame: sim.kill(f"signal {RESTART_SIGNAL.name}"))
    demo_settings = settings.model_copy(
        update={"orchestrator_url": sim_url, "api_key": SecretStr(key), "host": "127.0.0.1"}
    )
    logger.info("kill -%s %d restarts the simulator, as a Pi restart would", RESTART_SIGNAL.name[3:], os.getpid())
    logger.info("open http://127.0.0.1:%d/ in a browser", demo_settings.port)
    failures: list[BaseException] = []
    admin = threading.Thread(
        target=_ensure_demo_admin, args=(demo_settings.data_dir, failures), name="pidash-demo-admin"
    )
    admin.start()  # its argon2 hash runs outside the GIL, beside the dashboard's imports
    from pidash.app import run_dashboard

    admin.join()  # before the first page: without an account, loopback visitors would act as admin
    if failures:
        raise failures[0]

    async def stop_sim() -> None:
        await asyncio.to_thread(sim.stop)

    # uvicorn re-raises SIGTERM/SIGINT after its shutdown, which skips ``finally`` and atexit:
    # the simulator is stopped by the dashboard's own shutdown, after its feeds.
    try:
        run_dashboard(demo_settings, on_shutdown=stop_sim)
    finally:
        sim.stop()
