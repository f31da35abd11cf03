"""Real ``pidash`` processes for tests, on loopback, that never outlive the test.

Every child starts in its own process group (``start_new_session``), so stopping it also stops
whatever it started (the demo's simulator, a browser); ``stop`` is safe to call whatever state the
process is in, and a ``start`` that fails (no answer in time, early exit) stops the process before
raising. Timeouts are generous: the suite must hold on a busy 2-core machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

TEST_API_KEY = "sim-test-key-7f3a9c"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child ``pidash``: without pytest's and NiceGUI's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_", "PIDASH_"))}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


START_TIMEOUT_SECONDS = 90.0
"""How long a child may take to answer HTTP: a cold Python start under load takes tens of seconds."""
STOP_TIMEOUT_SECONDS = 15.0


def start_process(
    args: Sequence[str], *, log_path: Path, env: dict[str, str], cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start ``args`` in a new process group, stdout and stderr appended to ``log_path``."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            list(args), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_process(proc: subprocess.Popen[bytes] | None, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM the process group, SIGKILL it after ``timeout``; a no-op for a process already gone.

    The group is signalled even when the leader has exited, so its children are stopped too.
    """
    if proc is None:
        return
    _signal_group(proc, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout)
    _signal_group(proc, signal.SIGKILL)
    proc.wait(timeout)


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)  # the group id is the leader's pid (start_new_session)


def wait_http(url: str, timeout: float = START_TIMEOUT_SECONDS, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            httpx.get(url, timeout=5.0, verify=False)
            return
        except httpx.HTTPError as exc:
            last = exc
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout}s: {last}")


class SimProcess:
    """``python -m pidash sim`` on a free loopback port, killable and restartable on the same data."""

    def __init__(
        self,
        data_dir: Path,
        *,
        api_key: str | None = TEST_API_KEY,
        devices: int = 5,
        unlisted: int = 0,
        failure_rate: float = 0.0,
        seed: int = 7,
        speed: float = 20.0,
        faults: bool = True,
        dev_mode: bool = False,
        extra_args: Sequence[str] = (),
        log_path: Path | None = None,
        dialect: str = "handoff",
    ) -> None:
        self.data_dir = data_dir
        self.api_key = api_key
        self.dialect = dialect
        self.port = free_port()
        self.args = [
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--devices",
            str(devices),
            "--unlisted",
            str(unlisted),
            "--failure-rate",
            str(failure_rate),
            "--seed",
            str(seed),
            "--speed",
            str(speed),
            "--data-dir",
            str(data_dir),
            "--dialect",
            dialect,
            *extra_args,
        ]
        if faults:
            self.args.append("--faults")
        if dev_mode:
            self.args.append("--dev-mode")
        self.log_path = log_path or data_dir / "sim.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/monitor"

    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key} if self.api_key else {}

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> SimProcess:
        """Start and wait until it answers; a start that fails stops the process before raising."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = child_env({"PIDASH_SIM_API_KEY": self.api_key} if self.api_key else None)
        self.proc = start_process([sys.executable, "-m", "pidash", "sim", *self.args], log_path=self.log_path, env=env)
        try:
            wait_http(f"{self.url}/api/v1/provisioning/allowlist", timeout=timeout, proc=self.proc)
        except BaseException:
            self.stop()
            raise
        return self

    def kill(self) -> None:
        """SIGKILL: the way a Pi loses power (nothing is flushed on the way out)."""
        if self.proc is not None:
            _signal_group(self.proc, signal.SIGKILL)
            self.proc.wait(STOP_TIMEOUT_SECONDS)

    def stop(self) -> None:
        stop_process(self.proc)

    def restart(self) -> SimProcess:
        self.kill()
        return self.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
