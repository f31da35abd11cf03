"""``pidash demo``: the simulator (a supervised child process) and the dashboard together on loopback.

The simulator gets a fresh random API key through its environment (never a command line, which
``ps`` shows); the dashboard gets the same key in its settings, so the demo works without typing
one. The demo runs at a pace a person can follow (1x time, a 10-minute provisioning timeout).

Both ports are checked first: a port that is taken (an earlier demo or ``pidash sim`` still running)
stops the demo with a plain message instead of a dashboard talking to a stranger.

The simulator is supervised: when it dies the demo logs it and starts it again on the same data
directory with the same key — which is how a Pi restart looks, so recovery can be shown on demand
with ``--restart-sim-in N`` or ``kill -USR1 <demo pid>`` (both kill it as a power loss would).
Restarts back off (1 s doubling to 30 s, back to 1 s once it has stayed up a minute), and it counts
as back only when it answers with this demo's key. It runs in its own session, so a Ctrl-C in the
terminal reaches only the demo, which then stops it; and it exits by itself when the demo dies
in any other way (see :meth:`SimSupervisor.start`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import errno
import logging
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
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
SIM_READY_PATH = "/api/v1/provisioning/allowlist"
"""Probed with the demo's key: only this demo's simulator answers it with 200 (a stranger on the
port, e.g. an earlier demo's simulator, answers 401 or worse), so "ready" means "ours and ready".
An unauthenticated probe once took an orphaned simulator for a restarted one, in a loop."""
RESTART_BACKOFF_MIN_SECONDS = 1.0
RESTART_BACKOFF_MAX_SECONDS = 30.0
RESTART_STABLE_SECONDS = 60.0
"""A simulator that stayed up this long before dying starts the back-off afresh: a crash, not a loop."""
DASHBOARD_POLL_SECONDS = 0.1
DEMO_PROVISIONING_TIMEOUT_SECONDS = 600
"""The demo's Pi default (the Pi's own is 120 s): with 1x time a session lasts about 13 minutes."""
RESTART_SIGNAL = signal.SIGUSR1
LOOPBACK = "127.0.0.1"

logger = logging.getLogger("pidash.demo")


class SimStartError(RuntimeError):
    """The simulator exited or did not answer within :data:`SIM_START_TIMEOUT_SECONDS`."""


def port_problem(port: int, what: str) -> str | None:
    """Why the ``what`` (sim, dashboard) could not listen on ``127.0.0.1:port`` now, or None.

    Bound as uvicorn binds (``SO_REUSEADDR``), so connections of a stopped server that linger in
    TIME_WAIT do not count as "in use" — only a socket that listens there does.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} is in use (another pidash demo or {what} still running?)"
            return f"cannot listen on {LOOPBACK}:{port}: {exc.strerror or exc}"
    return None


class SimSupervisor:
    """Runs ``args`` as the simulator, waits until it answers, and restarts it whenever it dies."""

    def __init__(self, args: list[str], env: dict[str, str], port: int, key: str) -> None:
        self.args = args
        self.env = env
        self.port = port
        self.url = f"http://{LOOPBACK}:{port}"
        self.restarts = 0
        self._key = key
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready_at = time.monotonic()
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
        """Start the simulator and return once it answers; :class:`SimStartError` if it cannot.

        The child's stdin is a pipe whose only writer is this process, and the child runs with
        ``--exit-on-stdin-eof``: when the demo dies, however it dies (SIGKILL included), the kernel
        closes the writer, the child reads end of file and stops. ``prctl(PR_SET_PDEATHSIG)`` was
        not used: it fires when the *thread* that forked the child ends, and the simulator is
        started from short-lived threads (the boot thread, then the watcher); it also needs a
        ``preexec_fn``, which is unsafe in a process with threads. The writer is close-on-exec
        (PEP 446), so no other child of the demo holds it open.
        """
        if (problem := port_problem(self.port, "sim")) is not None:
            raise SimStartError(problem)
        with self._lock:
            if self._stopping.is_set():
                raise SimStartError("the demo is stopping")
            self._proc = proc = subprocess.Popen(self.args, env=self.env, stdin=subprocess.PIPE, start_new_session=True)
        self._wait_ready(proc)
        self._ready_at = time.monotonic()

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + SIM_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._stopping.is_set():
                self._terminate(proc)
                raise SimStartError("the demo is stopping")
            if proc.poll() is not None:
                _close_stdin(proc)
                raise SimStartError(f"the simulator exited with {proc.returncode}")
            try:
                response = self.http.get(f"{self.url}{SIM_READY_PATH}", headers={"X-API-Key": self._key})
                if response.status_code == httpx.codes.OK:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(SIM_POLL_SECONDS)
        self._terminate(proc)
        raise SimStartError(f"the simulator did not answer at {self.url} within {SIM_START_TIMEOUT_SECONDS:.0f} s")

    def supervise(self) -> None:
        """Watch the running simulator from a daemon thread."""
        self._watcher = threading.Thread(target=self._watch, name="pidash-demo-sim", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        delay = RESTART_BACKOFF_MIN_SECONDS
        while not self._stopping.is_set():
            proc = self._proc
            if proc is None:
                return
            code = proc.wait()
            _close_stdin(proc)
            if self._stopping.is_set():
                return
            if time.monotonic() - self._ready_at >= RESTART_STABLE_SECONDS:
                delay = RESTART_BACKOFF_MIN_SECONDS
            logger.warning(
                "the simulator (pid %s) exited with %s; restarting it on the same data in %.0f s", proc.pid, code, delay
            )
            while True:
                if self._stopping.wait(delay):
                    return
                delay = min(delay * 2, RESTART_BACKOFF_MAX_SECONDS)
                try:
                    self.start()
                except SimStartError as exc:
                    if self._stopping.is_set():
                        return
                    logger.error("could not restart the simulator: %s; trying again in %.0f s", exc, delay)
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
        _close_stdin(proc)


def _close_stdin(proc: subprocess.Popen[bytes]) -> None:
    """Close the demo's end of a finished simulator's parent pipe (it is one fd per start)."""
    if proc.stdin is not None and not proc.stdin.closed:
        with contextlib.suppress(OSError):
            proc.stdin.close()


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


@dataclass
class _AdminResult:
    password: str | None = None
    """Set only when the account was created just now; shown on a terminal, never logged."""
    demo_admin_exists: bool = False
    failure: BaseException | None = None


def _ensure_demo_admin(data_dir: Path, result: _AdminResult) -> None:
    """In a thread: with no account in ``data_dir``, create the admin ``demo-admin`` with a random
    password (only its argon2 hash is stored). An error is kept for the caller."""
    try:
        from pidash.auth.demo_admin import demo_admin_exists, ensure_demo_admin

        result.password = ensure_demo_admin(data_dir)
        result.demo_admin_exists = demo_admin_exists(data_dir)
    except BaseException as exc:  # re-raised by the main thread, which then does not serve
        result.failure = exc


def _pidash_command(data_dir: Path) -> str:
    """How to run ``pidash user`` on the demo's accounts, as this user would type it here."""
    script = Path(sys.executable).with_name("pidash")
    command = "pidash"
    if script.exists():
        relative = os.path.relpath(script)
        command = relative if not relative.startswith("..") else str(script)
    if data_dir != DashboardSettings.model_fields["data_dir"].default:
        command += f" user --data-dir {data_dir}"
    else:
        command += " user"
    return command


def _tell_how_to_sign_in(admin: _AdminResult, data_dir: Path) -> None:
    """Operator passwords never reach a log line or a file: the new demo admin's password is printed
    only to an interactive terminal (not when stdout is a file or a pipe, e.g. ``make demo > log``);
    otherwise, and on every later start, the demo says how to set one."""
    from pidash.auth.demo_admin import DEMO_ADMIN

    user = _pidash_command(data_dir)
    if admin.password is not None and sys.stdout.isatty():
        print(f"pidash demo: sign in as {DEMO_ADMIN} with the password {admin.password}", flush=True)
        print(
            f"pidash demo: (shown only now, only here; to set a new one: {user} passwd {DEMO_ADMIN})",
            flush=True,
        )
    elif admin.password is not None:
        logger.info(
            "created the operator %s; its password is shown only on a terminal, never in a log: "
            "set one with `%s passwd %s`, then sign in",
            DEMO_ADMIN,
            user,
            DEMO_ADMIN,
        )
    elif admin.demo_admin_exists:
        logger.info(
            "sign in as %s (its password was shown when it was created; to set a new one: `%s passwd %s`)",
            DEMO_ADMIN,
            user,
            DEMO_ADMIN,
        )
    else:
        logger.info(
            "sign in with an account in %s (list them: `%s list`; a new password: `%s passwd NAME`)",
            data_dir,
            user,
            user,
        )


def _announce_when_listening(url: str, port: int) -> None:
    """In a thread: say where to point the browser once the dashboard accepts connections (uvicorn
    listens only after the app's start-up, so a connection it accepts is one it will answer)."""
    while True:
        try:
            with socket.create_connection((LOOPBACK, port), timeout=1.0):
                break
        except OSError:
            time.sleep(DASHBOARD_POLL_SECONDS)
    logger.info("the dashboard is up: open %s/ in a browser", url)


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
    port = settings.port
    if port == sim_port:
        sys.exit(f"pidash demo: the dashboard and the simulator need different ports (both are {port})")
    for where, flag, make_var, what in (
        (sim_port, "--sim-port", "PIDASH_SIM_PORT", "sim"),
        (port, "--port", "PIDASH_PORT", "dashboard"),
    ):
        if (problem := port_problem(where, what)) is not None:
            remedy = "stop it or choose" if "in use" in problem else "choose another port with"
            sys.exit(f"pidash demo: {problem}; {remedy} {flag} (make demo: {make_var}=…)")
    key = secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    env[SIM_API_KEY_ENV] = key
    args = [sys.executable, "-m", "pidash", "sim", "--host", LOOPBACK, "--port", str(sim_port)]
    args += ["--speed", str(speed), "--devices", str(devices), "--data-dir", str(data_dir), "--faults"]
    args += ["--exit-on-stdin-eof"]  # see SimSupervisor.start
    sim = SimSupervisor(args, env, sim_port, key)
    sim_url = sim.url
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
        update={"orchestrator_url": sim_url, "api_key": SecretStr(key), "host": LOOPBACK}
    )
    scheme = "https" if demo_settings.ssl_certfile and demo_settings.ssl_keyfile else "http"
    logger.info("kill -%s %d restarts the simulator, as a Pi restart would", RESTART_SIGNAL.name[3:], os.getpid())
    admin = _AdminResult()
    admin_thread = threading.Thread(
        target=_ensure_demo_admin, args=(demo_settings.data_dir, admin), name="pidash-demo-admin"
    )
    admin_thread.start()  # its argon2 hash runs outside the GIL, beside the dashboard's imports
    from pidash.app import run_dashboard

    admin_thread.join()  # before the first page: without an account, loopback visitors would act as admin
    if admin.failure is not None:
        raise admin.failure
    _tell_how_to_sign_in(admin, demo_settings.data_dir)
    threading.Thread(
        target=_announce_when_listening,
        args=(f"{scheme}://{LOOPBACK}:{port}", port),
        name="pidash-demo-announce",
        daemon=True,
    ).start()

    async def stop_sim() -> None:
        await asyncio.to_thread(sim.stop)

    # uvicorn re-raises SIGTERM/SIGINT after its shutdown, which skips ``finally`` and atexit:
    # the simulator is stopped by the dashboard's own shutdown, after its feeds.
    try:
        run_dashboard(demo_settings, on_shutdown=stop_sim)
    finally:
        sim.stop()
