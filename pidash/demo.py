"""``pidash demo``: the simulator (a child process) and the dashboard together on loopback.

The simulator gets a fresh random API key through its environment (never a command line, which
``ps`` shows); the dashboard gets the same key in its settings, so the demo works without typing
one. The child is stopped when the dashboard exits.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pydantic import SecretStr

from pidash.cli import SIM_API_KEY_ENV
from pidash.settings import DashboardSettings

SIM_START_TIMEOUT_SECONDS = 20.0


def _wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SIM_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"pidash demo: the simulator exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit(f"pidash demo: the simulator did not answer at {url}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_demo(settings: DashboardSettings, *, sim_port: int, speed: float, devices: int, data_dir: Path) -> None:
    key = secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NICEGUI_"))}
    env[SIM_API_KEY_ENV] = key
    args = [
        sys.executable,
        "-m",
        "pidash",
        "sim",
        "--host",
        "127.0.0.1",
        "--port",
        str(sim_port),
        "--speed",
        str(speed),
        "--devices",
        str(devices),
        "--data-dir",
        str(data_dir),
        "--faults",
    ]
    proc = subprocess.Popen(args, env=env)
    atexit.register(_stop, proc)
    sim_url = f"http://127.0.0.1:{sim_port}"
    _wait_for(f"{sim_url}/api/v1/auth/status", proc)
    demo_settings = settings.model_copy(
        update={"orchestrator_url": sim_url, "api_key": SecretStr(key), "host": "127.0.0.1"}
    )
    print(f"pidash demo: simulator on {sim_url} ({devices} cameras, {speed}x time)", flush=True)
    print(f"pidash demo: open http://127.0.0.1:{demo_settings.port}/ in a browser", flush=True)
    from pidash.auth.demo_admin import ensure_demo_admin

    ensure_demo_admin(demo_settings.data_dir)
    from pidash.app import run_dashboard

    async def stop_sim() -> None:
        await asyncio.to_thread(_stop, proc)

    # uvicorn re-raises SIGTERM/SIGINT after its shutdown, which skips ``finally`` and atexit:
    # the simulator is stopped by the dashboard's own shutdown, after its feeds.
    try:
        run_dashboard(demo_settings, on_shutdown=stop_sim)
    finally:
        _stop(proc)
